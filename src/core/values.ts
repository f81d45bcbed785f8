/**
 * Printed values to typed ones, one converter per catalog ValueType. Values the server
 * did not print as expected are left as printed rather than guessed at.
 */
import type { ValueType } from './catalog/types';

export interface Tally {
  count: number;
  percent: number;
}

export type Value = string | number | null | number[] | Record<string, number> | Tally;

/** Whole numbers; IDs beyond 2^53 and text that is not a number stay as printed; '' is null. */
export function toInt(raw: string | undefined): number | string | null {
  if (raw === undefined) return null;
  const text = raw.length > 0 && (raw.charCodeAt(0) <= 32 || raw.charCodeAt(raw.length - 1) <= 32) ? raw.trim() : raw;
  if (text === '') return null;
  // A character loop instead of a regex: this runs once per typed cell of 100k-row reports.
  const first = text.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  if (first === text.length) return raw;
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return raw;
  }
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

export function toNumber(raw: string): number | string | null {
  const text = raw.trim();
  if (text === '') return null;
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : raw;
}

/** `60%` / `12.5%` → 60 / 12.5. */
export function toPercent(raw: string): number | string | null {
  return toNumber(raw.trim().replace(/%$/, ''));
}

/** sec_convert() output → seconds: `5023` (S), `83:43` (M), `1:23:43` (H, HF). */
export function toSeconds(raw: string): number | string | null {
  const text = raw.trim();
  if (text === '') return null;
  if (!/^\d+(:\d{1,2}){0,2}$/.test(text)) return raw;
  return text.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

function count(raw: string): number {
  const n = toInt(raw);
  return typeof n === 'number' ? n : 0;
}

/** `00-0,01-3,…,23-0` → 24 numbers. */
export function parseHourly(text: string): number[] {
  const hours = new Array<number>(24).fill(0);
  for (const item of text.split(',')) {
    const dash = item.lastIndexOf('-');
    if (dash < 1) continue;
    const h = Number(item.slice(0, dash));
    if (Number.isInteger(h) && h >= 0 && h < 24) hours[h] += count(item.slice(dash + 1));
  }
  return hours;
}

/** `A-3,DROP-1,X-Y-2` → { A: 3, DROP: 1, 'X-Y': 2 }: codes may contain dashes, counts cannot. */
export function parseStatusCounts(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  if (text.trim() === '') return out;
  for (const item of text.split(',')) {
    const dash = item.lastIndexOf('-');
    if (dash < 1) continue;
    const status = item.slice(0, dash);
    if (status === '__proto__') continue;
    out[status] = (out[status] ?? 0) + count(item.slice(dash + 1));
  }
  return out;
}

/** `5` → 5; `5 (25.0%)` → { count: 5, percent: 25 }. */
export function toTally(raw: string): number | Tally | string | null {
  const m = /^\s*(\d+)\s*(?:\(\s*([\d.]+)%\s*\))?\s*$/.exec(raw);
  if (!m) return raw.trim() === '' ? null : raw;
  return m[2] === undefined ? Number(m[1]) : { count: Number(m[1]), percent: Number(m[2]) };
}

export const CONVERTERS: Readonly<Record<ValueType, (raw: string) => Value>> = {
  integer: toInt,
  number: toNumber,
  percent: toPercent,
  duration: toSeconds,
  hourly: parseHourly,
  counts: parseStatusCounts,
  tally: toTally,
};

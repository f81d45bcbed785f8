/**
 * The `d` (date range) and `tz` parameters as users think of them (today, yesterday,
 * the last 7 days, a from/to pair, or the raw text), checked before anything is sent,
 * plus the time-zone arithmetic the simulator needs to answer them.
 */
import { VicidialError } from '../errors';

export const DATE_RANGES = ['today', 'yesterday', 'last7days', 'range', 'raw', 'none'] as const;
export type DateRangeKind = (typeof DATE_RANGES)[number];

export interface DateInput {
  range?: string;
  from?: unknown;
  to?: unknown;
  d?: unknown;
}

function invalid(reason: string, fn?: string): VicidialError {
  return new VicidialError({ code: 'INVALID', function: fn, reason });
}

/** One end of a range as the server reads it: today±Nd, a date, a date and time (with zone), or the compact form. */
const D_ITEM = new RegExp(
  [
    /today(-\d{1,4}d)?/.source,
    /\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?(?:Z|[+-]\d{2}:?\d{2})?/.source,
    /\d{8}(?:T\d{4}(?:\d{2})?)?(?:Z|[+-]\d{4})?/.source,
  ].join('|'),
);
const D_TEXT = new RegExp(`^(?:${D_ITEM.source})(?:,(?:${D_ITEM.source}))?$`);

export function isValidD(d: string): boolean {
  return D_TEXT.test(d);
}

/** A from/to value as a `d` item: date-only text stays as is; instants go out as UTC compact form. */
export function dItem(value: unknown, which: string, fn?: string): string {
  if (value instanceof Date) return compactUtc(value, which, fn);
  if (typeof value === 'number') return compactUtc(new Date(value), which, fn);
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) throw invalid(`the date range needs a "${which}" date`, fn);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text) || /^today(-\d{1,4}d)?$/.test(text)) return text;
  if (D_TEXT.test(text) && !text.includes(',')) return text;
  return compactUtc(new Date(text), which, fn);
}

function compactUtc(date: Date, which: string, fn?: string): string {
  if (!Number.isFinite(date.getTime())) throw invalid(`"${which}" is not a date`, fn);
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`;
}

/** The `d` text for a date range input; undefined means "no range" (the server's default). */
export function buildD(input: DateInput, fn?: string): string | undefined {
  const kind = input.range === undefined || input.range === '' ? 'none' : input.range;
  switch (kind) {
    case 'none':
      return undefined;
    case 'today':
      return 'today';
    case 'yesterday':
      return 'today-1d,today';
    case 'last7days':
      return 'today-7d,today';
    case 'range':
      return `${dItem(input.from, 'from', fn)},${dItem(input.to, 'to', fn)}`;
    case 'raw': {
      const d = typeof input.d === 'string' ? input.d.trim() : '';
      if (!d) throw invalid('the raw date range (d) is empty', fn);
      if (!isValidD(d)) throw invalid(`"${d}" is not a date range the server reads (a date, "from,to", times with a zone, 20070805T1315Z, today, today-1d)`, fn);
      return d;
    }
    default:
      throw invalid(`"${String(kind)}" is not a date range (one of ${DATE_RANGES.join(', ')})`, fn);
  }
}

/** An IANA time zone name the runtime knows, or INVALID. */
export function checkTimeZone(tz: unknown, fn?: string): string | undefined {
  if (tz === undefined || tz === null || tz === '') return undefined;
  if (typeof tz !== 'string') throw invalid('the time zone must be text such as America/New_York', fn);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw invalid(`"${tz}" is not a time zone (use a name such as America/New_York)`, fn);
  }
  return tz;
}

// ---------------------------------------------------------------------------
// Zone arithmetic (no library: Intl knows the rules)

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallParts(ms: number, tz: string): number[] {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return [+p.year, +p.month, +p.day, +p.hour, +p.minute, +p.second];
}

/** Minutes east of UTC in `tz` at instant `ms`. */
export function offsetMinutes(ms: number, tz: string): number {
  const [y, mo, d, h, mi, s] = wallParts(ms, tz);
  return Math.round((Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** The instant of a wall-clock time in `tz` (the later one in a repeated hour). */
export function zonedToUtc(y: number, mo: number, d: number, h: number, mi: number, tz: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const first = guess - offsetMinutes(guess, tz) * 60_000;
  return guess - offsetMinutes(first, tz) * 60_000;
}

/** ISO 8601 with the zone's offset, as the server prints it: 2008-02-22T13:30:00-07:00. */
export function isoInZone(ms: number, tz: string): string {
  const [y, mo, d, h, mi, s] = wallParts(ms, tz);
  const off = offsetMinutes(ms, tz);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const p2 = (n: number): string => String(n).padStart(2, '0');
  return `${y}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}${sign}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}

/** Midnight (start of the day) in `tz` of the day `days` after the one holding `ms`. */
export function startOfDay(ms: number, tz: string, days = 0): number {
  const [y, mo, d] = wallParts(ms, tz);
  const day = new Date(Date.UTC(y, mo - 1, d + days));
  return zonedToUtc(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), 0, 0, tz);
}

/** One end of a `d` range as an instant, read in `tz` when it carries no zone. */
export function dItemToMs(item: string, tz: string, now: number): number {
  const rel = /^today(?:-(\d+)d)?$/.exec(item);
  if (rel) return startOfDay(now, tz, -Number(rel[1] ?? 0));
  const m =
    /^(\d{4})-?(\d{2})-?(\d{2})(?:[ T](\d{2}):?(\d{2})(?::?(\d{2}))?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(item);
  if (!m) return NaN;
  const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = m;
  if (!zone) return zonedToUtc(+y, +mo, +d, +h, +mi, tz) + Number(s) * 1000;
  const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
  if (zone === 'Z') return utc;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}

/**
 * The half-open interval [from, to) a `d` text selects: one item is its whole day
 * (from its start when it has a time); two items run from the first to the second.
 */
export function dToInterval(d: string, tz: string, now: number): [number, number] | undefined {
  if (!isValidD(d)) return undefined;
  const [a, b] = d.split(',');
  const from = dItemToMs(a, tz, now);
  if (b !== undefined) return [from, dItemToMs(b, tz, now)];
  return [from, startOfDay(from, tz, 1)];
}

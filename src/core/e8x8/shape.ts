/**
 * 8x8 records as Dashboard 2.0 chart data: `{ series, label, value }` points, the same
 * shape the VICIdial stats node emits, so one ui-chart can show both dialers. Pure.
 */
import { VicidialError } from '../errors';
import { BUCKETS, type ResourceSpec } from './catalog';
import type { TypedRecord } from './parse';

export const E8X8_SHAPES = ['records', 'chart-interval', 'chart-service-level', 'chart-sla'] as const;
export type E8x8Shape = (typeof E8X8_SHAPES)[number];

export interface ChartPoint {
  series: string;
  /** The period's wall-clock start (HH:MM) in the zone the server answered in, or a bucket name. */
  label: string;
  value: number;
  /** The period's ISO start, for time-scale charts. */
  time?: string;
}

/** Which resources each chart shape needs. */
function fits(shape: E8x8Shape, spec: ResourceSpec): boolean {
  if (shape === 'records') return true;
  if (shape === 'chart-sla') return spec.chart === 'online-sla' || spec.chart === 'offline-sla';
  return spec.chart !== undefined;
}

export function checkShape(shape: unknown, spec: ResourceSpec): E8x8Shape {
  const s = shape === undefined || shape === null || shape === '' ? 'records' : shape;
  if (!(E8X8_SHAPES as readonly unknown[]).includes(s)) {
    throw new VicidialError({ code: 'INVALID', function: spec.name, reason: `"${String(s)}" is not a payload shape (one of ${E8X8_SHAPES.join(', ')})` });
  }
  const shaped = s as E8x8Shape;
  if (!fits(shaped, spec)) {
    throw new VicidialError({ code: 'INVALID', function: spec.name, reason: `${shaped} needs interval statistics${shaped === 'chart-sla' ? ' from an SLA resource' : ' or SLA'}, not ${spec.name}` });
  }
  return shaped;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const periodOf = (r: TypedRecord): string => String(r['time-stamp'] ?? '');
const hhmm = (iso: string): string => (/T(\d{2}:\d{2})/.exec(iso) ?? ['', iso])[1];

/** Several queues or channels in one answer: name each series after its queue. */
function seriesPrefix(records: readonly TypedRecord[]): (r: TypedRecord) => string {
  const names = new Set(records.map((r) => String(r['queue-name'] ?? '')));
  return names.size > 1 ? (r) => `${String(r['queue-name'] ?? '')} ` : () => '';
}

const MEASURES: ReadonlyArray<[string, string]> = [
  ['entered-count', 'entered'],
  ['accepted-count', 'accepted'],
  ['abandoned-count', 'abandoned'],
  ['sla-met-count', 'SLA met'],
];

/** Counts per 30-minute period: entered, accepted, abandoned (statistics only) and SLA met. */
export function chartInterval(records: readonly TypedRecord[]): ChartPoint[] {
  const prefix = seriesPrefix(records);
  const out: ChartPoint[] = [];
  for (const r of records) {
    for (const [field, name] of MEASURES) {
      if (!(field in r)) continue;
      out.push({ series: `${prefix(r)}${name}`, label: hhmm(periodOf(r)), value: num(r[field]), time: periodOf(r) });
    }
  }
  return out;
}

/** Per period, the share of accepted interactions answered within the SLA time, in percent (one decimal). */
export function chartServiceLevel(records: readonly TypedRecord[]): ChartPoint[] {
  const prefix = seriesPrefix(records);
  return records.map((r) => {
    const accepted = num(r['accepted-count']);
    const value = accepted > 0 ? Math.round((num(r['sla-met-count']) / accepted) * 1000) / 10 : 100;
    return { series: `${prefix(r)}service level %`, label: hhmm(periodOf(r)), value, time: periodOf(r) };
  });
}

/** How long interactions waited, summed over every period returned: one point per bucket and outcome. */
export function chartSla(records: readonly TypedRecord[]): ChartPoint[] {
  const online = records.some((r) => typeof r.abandoned === 'object' && r.abandoned !== null) || records.some((r) => r.accepted && 't0-5sec' in (r.accepted as object));
  const buckets = BUCKETS[online ? 'online' : 'offline'];
  const out: ChartPoint[] = [];
  for (const outcome of online ? ['accepted', 'abandoned'] : ['accepted']) {
    for (const b of buckets) {
      const value = records.reduce((s, r) => s + num((r[outcome] as Record<string, unknown> | null | undefined)?.[b]), 0);
      out.push({ series: outcome, label: b, value });
    }
  }
  return out;
}

export function shapeRecords(records: readonly TypedRecord[], shape: E8x8Shape): unknown[] {
  switch (shape) {
    case 'records':
      return [...records];
    case 'chart-interval':
      return chartInterval(records);
    case 'chart-service-level':
      return chartServiceLevel(records);
    case 'chart-sla':
      return chartSla(records);
  }
}

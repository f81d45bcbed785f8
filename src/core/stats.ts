/**
 * The read/report functions as data a flow can use directly: one typed object per
 * row, the call statistics' hourly and status breakdowns unpacked, chart-ready
 * series for Dashboard 2.0, change detection for polling, and a poller that never
 * overlaps its own calls. Everything here except the poller is pure.
 */
import { isDeepStrictEqual } from 'node:util';
import type { FunctionSpec } from './catalog/types';
import { VicidialError } from './errors';
import { paramIndex } from './params';
import type { Row } from './parser';
import type { Tally, Value } from './values';

export const STATS_REPORTS = [
  'call_status_stats',
  'logged_in_agents',
  'agent_status',
  'agent_stats_export',
  'callid_info',
  'in_group_status',
  'user_group_status',
  'call_dispo_report',
  'phone_number_log',
  'recording_lookup',
  'did_log_export',
] as const;

export type StatsReport = (typeof STATS_REPORTS)[number];

export const PAYLOAD_SHAPES = ['objects', 'chart-hourly', 'chart-statuses'] as const;

export type PayloadShape = (typeof PAYLOAD_SHAPES)[number];

/** Which chart shapes each report has data for. */
const CHART_REPORTS: Readonly<Record<Exclude<PayloadShape, 'objects'>, readonly StatsReport[]>> = {
  'chart-hourly': ['call_status_stats'],
  'chart-statuses': ['call_status_stats', 'call_dispo_report'],
};

export function isStatsReport(name: unknown): name is StatsReport {
  return typeof name === 'string' && (STATS_REPORTS as readonly string[]).includes(name);
}

export function isPayloadShape(name: unknown): name is PayloadShape {
  return typeof name === 'string' && (PAYLOAD_SHAPES as readonly string[]).includes(name);
}

function invalid(reason: string, fn?: string): VicidialError {
  return new VicidialError({ code: 'INVALID', function: fn, reason });
}

/** The report to run; anything else is INVALID before a request is made. */
export function checkReport(name: unknown): StatsReport {
  if (isStatsReport(name)) return name;
  if (name === undefined || name === null || name === '') throw invalid('no report chosen');
  throw invalid(`"${String(name)}" is not a report of this node (one of ${STATS_REPORTS.join(', ')})`);
}

/** The payload shape; chart shapes only for reports that have that breakdown. */
export function checkShape(report: StatsReport, shape: unknown): PayloadShape {
  const s = shape === undefined || shape === null || shape === '' ? 'objects' : shape;
  if (!isPayloadShape(s)) throw invalid(`"${String(s)}" is not a payload shape (one of ${PAYLOAD_SHAPES.join(', ')})`, report);
  if (s !== 'objects' && !CHART_REPORTS[s].includes(report)) {
    throw invalid(`${s} needs one of ${CHART_REPORTS[s].join(', ')}, not ${report}`, report);
  }
  return s;
}

// ---------------------------------------------------------------------------
// Request parameters

/** Output-format parameters the node decides, so every answer parses the same way. */
const MANAGED = new Set(['stage', 'header', 'time_format']);

/**
 * The fields to send: the dialog's defaults that this report takes (the report may be
 * switched per message, so defaults meant for another report are dropped), the
 * message's fields over them (checked strictly later), and the managed format:
 * tab-delimited (free-text columns may hold commas and pipes), no header, seconds.
 */
export function reportInput(spec: FunctionSpec, defaults: Readonly<Record<string, unknown>>, fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const index = paramIndex(spec);
  const input: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(defaults)) if (index.has(k)) input[k] = v;
  Object.assign(input, fields);
  for (const k of Object.keys(input)) {
    const p = index.get(k);
    if (p && MANAGED.has(p.name)) delete input[k];
  }
  if (index.has('stage')) input.stage = 'tab';
  if (index.has('time_format')) input.time_format = 'S';
  return input;
}

// ---------------------------------------------------------------------------
// Values: typed by the parser from the catalog's response schema; this module only shapes.

/** The converters live with the schema; re-exported for existing users of this module. */
export { toInt, toSeconds, parseHourly, parseStatusCounts } from './values';

function text(v: Value | undefined): string {
  return typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v);
}

function asNumber(v: Value | undefined): number | string | null {
  return typeof v === 'number' || typeof v === 'string' || v === null ? v : v === undefined ? null : String(v);
}

// ---------------------------------------------------------------------------
// Campaign / in-group / DID sections of the two call statistics reports

export type EntryType = 'campaign' | 'ingroup' | 'did' | 'unknown';

export interface Section {
  type: Exclude<EntryType, 'unknown'>;
  /** The IDs the request named, or 'all' when it asked for every one (or left the set to the server). */
  ids: readonly string[] | 'all';
}

type Compare = (a: string, b: string) => number;

/** PHP 8 ksort order: numeric keys as numbers, the rest byte by byte. */
export function phpKeyCompare(a: string, b: string): number {
  const num = /^-?\d+$/;
  if (num.test(a) && num.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** MySQL ORDER BY with a case-insensitive collation. */
export function sqlCompare(a: string, b: string): number {
  return phpKeyCompare(a.toUpperCase(), b.toUpperCase());
}

const same = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();

/** Takes `id` from the remaining IDs of an explicit section; false when it is not there. */
function take(remaining: string[] | undefined, id: string): boolean {
  if (!remaining) return false;
  const i = remaining.findIndex((r) => same(r, id));
  if (i < 0) return false;
  remaining.splice(i, 1);
  return true;
}

/**
 * Which section each printed row belongs to. The server prints its sections in order
 * and marks nothing, so: rows are matched from the front against the named IDs of
 * leading sections and from the back against those of trailing ones; what is left
 * belongs to the one section left, or, when several "all" sections are left, is split
 * where the sort order restarts (each section is printed sorted) if that gives exactly
 * one split per boundary — otherwise it is 'unknown'.
 */
export function assignSections(ids: readonly string[], sections: readonly Section[], compare: Compare): EntryType[] {
  const types: EntryType[] = ids.map(() => 'unknown');
  if (sections.length === 0) return types;
  const remaining = sections.map((s) => (s.ids === 'all' ? undefined : [...s.ids]));
  let i = 0;
  let s = 0;
  while (i < ids.length && s < sections.length && remaining[s]) {
    if (take(remaining[s], ids[i])) types[i++] = sections[s].type;
    else s++;
  }
  let j = ids.length - 1;
  let t = sections.length - 1;
  while (j >= i && t > s && remaining[t]) {
    if (take(remaining[t], ids[j])) types[j--] = sections[t].type;
    else t--;
  }
  if (i > j) return types;
  if (s >= sections.length) return types;
  if (s === t) {
    for (let k = i; k <= j; k++) types[k] = sections[s].type;
    return types;
  }
  const breaks: number[] = [];
  for (let k = i + 1; k <= j; k++) if (compare(ids[k - 1], ids[k]) > 0) breaks.push(k);
  if (breaks.length !== t - s) return types;
  let section = s;
  for (let k = i; k <= j; k++) {
    if (breaks.includes(k)) section++;
    types[k] = sections[section].type;
  }
  return types;
}

/** A dash list of IDs, or 'all' when it holds one of the server's ALL forms. */
function idList(value: string | undefined, allWords: readonly string[]): readonly string[] | 'all' {
  const text = value ?? '';
  const items = text.split('-');
  if (text.includes('---ALL---') || items.some((x) => allWords.includes(x))) return 'all';
  return items.filter((x) => x !== '');
}

/** call_status_stats prints every campaign, then every in-group (the named ones, or those of the campaigns). */
export function callStatusSections(params: Readonly<Record<string, string>>): Section[] {
  const ingroups = params.ingroups ?? '';
  return [
    { type: 'campaign', ids: idList(params.campaigns, ['ALLCAMPAIGNS']) },
    { type: 'ingroup', ids: ingroups === '' ? 'all' : idList(ingroups, []) },
  ];
}

/** call_dispo_report prints campaigns, then in-groups, or DIDs (only without in-groups). */
export function dispoSections(params: Readonly<Record<string, string>>): Section[] {
  const out: Section[] = [];
  const campaigns = params.campaigns ?? '';
  const ingroups = params.ingroups ?? '';
  const didIds = params.did_ids ?? '';
  const didPatterns = params.did_patterns ?? '';
  if (campaigns.length >= 2) out.push({ type: 'campaign', ids: idList(campaigns, ['ALLCAMPAIGNS']) });
  if (ingroups.length >= 2) out.push({ type: 'ingroup', ids: idList(ingroups, ['ALLGROUPS']) });
  else if (didIds.length >= 1 || didPatterns.length >= 2) {
    // Rows are keyed by the DID's number, which only did_patterns names.
    const ids = didIds === '' ? idList(didPatterns, ['ALLPATTERNS']) : 'all';
    out.push({ type: 'did', ids });
  }
  return out;
}

// ---------------------------------------------------------------------------
// call_status_stats

export interface CallStatusStat {
  id: string;
  type: EntryType;
  total: number | string | null;
  human_answered: number | string | null;
  /** Calls per hour of day, index = hour (0-23), summed over the days of the range. */
  hourly: number[];
  /** Calls per status code. */
  statuses: Record<string, number>;
}

export function shapeCallStatusStats(rows: readonly Row[], params: Readonly<Record<string, string>>): CallStatusStat[] {
  const ids = rows.map((r) => text(r.campaign_id));
  const types = assignSections(ids, callStatusSections(params), phpKeyCompare);
  return rows.map((r, i) => ({
    id: ids[i],
    type: types[i],
    total: asNumber(r.total_calls),
    human_answered: asNumber(r.human_answered_calls),
    hourly: Array.isArray(r.hourly_breakdown) ? r.hourly_breakdown : new Array<number>(24).fill(0),
    statuses: isCounts(r.status_breakdown) ? r.status_breakdown : {},
  }));
}

function isCounts(v: Value | undefined): v is Record<string, number> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !('count' in v && 'percent' in v && Object.keys(v).length === 2);
}

// ---------------------------------------------------------------------------
// call_dispo_report

export interface DispoTotals {
  total: number | string | null;
  statuses: Record<string, number>;
  /** Share of the row's total per status, only with show_percentages. */
  percentages?: Record<string, number>;
}

export interface DispoRow extends DispoTotals {
  id: string;
  type: EntryType;
}

const DISPO_FIXED = new Set(['campaign', 'total_calls']);

function dispoTotals(row: Row): DispoTotals {
  const statuses: Record<string, number> = {};
  const percentages: Record<string, number> = {};
  let anyPct = false;
  for (const [key, v] of Object.entries(row)) {
    if (DISPO_FIXED.has(key) || key === '__proto__') continue;
    if (typeof v === 'number') statuses[key] = v;
    else if (isTally(v)) {
      statuses[key] = v.count;
      percentages[key] = v.percent;
      anyPct = true;
    } else statuses[key] = 0;
  }
  const out: DispoTotals = { total: asNumber(row.total_calls), statuses };
  if (anyPct) out.percentages = percentages;
  return out;
}

function isTally(v: Value | undefined): v is Tally {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof v.count === 'number' && typeof v.percent === 'number';
}

/** The rows per campaign / in-group / DID, and the closing TOTAL line apart. */
export function shapeCallDispoReport(rows: readonly Row[], params: Readonly<Record<string, string>>): { rows: DispoRow[]; totals: DispoTotals } {
  const last = rows[rows.length - 1];
  const hasTotal = last !== undefined && last.campaign === 'TOTAL';
  const body = hasTotal ? rows.slice(0, -1) : rows;
  const ids = body.map((r) => text(r.campaign));
  const types = assignSections(ids, dispoSections(params), sqlCompare);
  return {
    rows: body.map((r, i) => ({ id: ids[i], type: types[i], ...dispoTotals(r) })),
    totals: hasTotal ? dispoTotals(last) : { total: 0, statuses: {} },
  };
}

// ---------------------------------------------------------------------------
// Any report

export interface ShapedReport {
  rows: Array<Record<string, unknown>>;
  /** call_dispo_report's TOTAL line. */
  totals?: DispoTotals;
}

/**
 * The report's rows as typed objects. `data` is the parsed answer (an empty-set
 * answer is already []); `params` are the parameters that were sent.
 */
export function shapeReport(spec: FunctionSpec, data: unknown, params: Readonly<Record<string, string>>): ShapedReport {
  const report = checkReport(spec.name);
  const rows: Row[] = Array.isArray(data) ? (data as Row[]) : [];
  if (report === 'call_status_stats') return { rows: shapeCallStatusStats(rows, params) as unknown as Array<Record<string, unknown>> };
  if (report === 'call_dispo_report') {
    const dispo = shapeCallDispoReport(rows, params);
    return { rows: dispo.rows as unknown as Array<Record<string, unknown>>, totals: dispo.totals };
  }
  // The rows are already named and typed by the parser; agent_status does not print whose status it is.
  if (report === 'agent_status') return { rows: rows.map((r) => ({ user: params.agent_user ?? '', ...r })) };
  return { rows: rows.map((r) => ({ ...r })) };
}

// ---------------------------------------------------------------------------
// Dashboard 2.0 chart data

export interface ChartPoint {
  series: string;
  label: string;
  value: number;
}

export function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/** One point per campaign/in-group and hour, all 24 hours, so bars and lines line up. */
export function chartHourly(rows: ReadonlyArray<Pick<CallStatusStat, 'id' | 'hourly'>>): ChartPoint[] {
  const out: ChartPoint[] = [];
  for (const r of rows) r.hourly.forEach((value, h) => out.push({ series: r.id, label: hourLabel(h), value }));
  return out;
}

/** One point per row and status; every row gets every status seen (0 where it has none), sorted by code. */
export function chartStatuses(rows: ReadonlyArray<{ id: string; statuses: Readonly<Record<string, number>> }>): ChartPoint[] {
  const codes = [...new Set(rows.flatMap((r) => Object.keys(r.statuses)))].sort(phpKeyCompare);
  const out: ChartPoint[] = [];
  for (const r of rows) for (const code of codes) out.push({ series: r.id, label: code, value: r.statuses[code] ?? 0 });
  return out;
}

/** msg.payload for the chosen shape. */
export function shapePayload(shaped: ShapedReport, shape: PayloadShape): unknown[] {
  switch (shape) {
    case 'objects':
      return shaped.rows;
    case 'chart-hourly':
      return chartHourly(shaped.rows as unknown as CallStatusStat[]);
    case 'chart-statuses':
      return chartStatuses(shaped.rows as unknown as DispoRow[]);
  }
}

// ---------------------------------------------------------------------------
// Change detection and polling

/** Deep comparison of two shaped payloads (key order does not matter, array order does). */
export function sameData(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

/**
 * Remembers the last payload emitted and says whether a new one differs. It keeps its
 * own copy: flows downstream may change the object they were sent.
 */
export class ChangeDetector {
  private last: unknown;
  private seen = false;

  changed(next: unknown): boolean {
    if (this.seen && sameData(this.last, next)) return false;
    this.last = structuredClone(next);
    this.seen = true;
    return true;
  }
}

/** Poll intervals below this are raised to it (seconds). */
export const MIN_POLL_SECONDS = 0.2;

/** The dialog's interval in seconds as milliseconds; 0 (off) for blank, zero, negative or non-numbers. */
export function pollIntervalMs(value: unknown): number {
  const n = typeof value === 'number' ? value : parseFloat(String(value ?? ''));
  if (!Number.isFinite(n) || n <= 0) return 0;
  return Math.round(Math.max(n, MIN_POLL_SECONDS) * 1000);
}

export interface Poller {
  stop(): void;
}

/**
 * Runs `tick` now and then every `intervalMs`, skipping a tick while the previous one
 * (or anything `busy` reports) is still in flight. `tick` must handle its own errors;
 * a rejection is swallowed so that one failure never stops the polling.
 */
export function startPolling(intervalMs: number, tick: () => Promise<void>, busy: () => boolean = () => false): Poller {
  let running = false;
  let stopped = false;
  const fire = (): void => {
    if (stopped || running || busy()) return;
    running = true;
    tick()
      .catch(() => undefined)
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(fire, 0);
  const timer = setInterval(fire, intervalMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}

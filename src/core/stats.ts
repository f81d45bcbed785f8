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
// Values

type Kind = 'int' | 'number' | 'percent' | 'seconds';

/** Whole numbers; IDs beyond 2^53 and text that is not a number stay as printed; '' is null. */
export function toInt(raw: string | undefined): number | string | null {
  const text = (raw ?? '').trim();
  if (text === '') return null;
  if (!/^-?\d+$/.test(text)) return raw ?? '';
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

function toNumber(raw: string): number | string | null {
  const text = raw.trim();
  if (text === '') return null;
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : raw;
}

/** `60%` / `12.5%` → 60 / 12.5. */
function toPercent(raw: string): number | string | null {
  return toNumber(raw.trim().replace(/%$/, ''));
}

/** sec_convert() output → seconds: `5023` (S), `83:43` (M), `1:23:43` (H, HF). */
export function toSeconds(raw: string): number | string | null {
  const text = raw.trim();
  if (text === '') return null;
  if (!/^\d+(:\d{1,2}){0,2}$/.test(text)) return raw;
  return text.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

function convert(kind: Kind | undefined, raw: string): unknown {
  switch (kind) {
    case undefined:
      return raw;
    case 'int':
      return toInt(raw);
    case 'number':
      return toNumber(raw);
    case 'percent':
      return toPercent(raw);
    case 'seconds':
      return toSeconds(raw);
  }
}

/** A row's values in printed order (the parser names them by the catalog, then field_N). */
export function rowValues(row: Row, columns: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const key = i < columns.length ? columns[i] : `field_${i + 1}`;
    if (!Object.prototype.hasOwnProperty.call(row, key)) return out;
    out.push(row[key]);
  }
}

function typedRow(values: readonly string[], names: readonly string[], kinds: Readonly<Record<string, Kind>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  values.forEach((v, i) => {
    const name = i < names.length ? names[i] : `field_${i + 1}`;
    out[name] = convert(kinds[name], v);
  });
  return out;
}

// ---------------------------------------------------------------------------
// Plain reports: the catalog's columns (adjusted where a parameter changes them) and their kinds

interface PlainReport {
  /** The printed columns for these parameters. */
  columns(params: Readonly<Record<string, string>>, catalog: readonly string[]): readonly string[];
  kinds: Readonly<Record<string, Kind>>;
}

const AS_CATALOG = (_p: Readonly<Record<string, string>>, catalog: readonly string[]): readonly string[] => catalog;

const ints = (...names: string[]): Record<string, Kind> => Object.fromEntries(names.map((n) => [n, 'int' as Kind]));

const AGENT_STATS_SECONDS = ['login_time', 'total_talk_time', 'avg_talk_time', 'avg_wait_time', 'avg_session', 'avg_pause_time', 'wait_time', 'talk_time', 'dispo_time', 'dead_time'];

const PLAIN: Readonly<Record<Exclude<StatsReport, 'call_status_stats' | 'call_dispo_report'>, PlainReport>> = {
  logged_in_agents: { columns: AS_CATALOG, kinds: ints('lead_id', 'calls_today', 'user_level') },
  agent_status: { columns: AS_CATALOG, kinds: ints('lead_id', 'calls_today', 'user_level') },
  callid_info: { columns: AS_CATALOG, kinds: ints('custtime', 'list_id') },
  in_group_status: {
    columns: AS_CATALOG,
    kinds: ints('total_calls', 'calls_waiting', 'agents_logged_in', 'agents_in_calls', 'agents_waiting', 'agents_paused', 'agents_in_dispo', 'agents_in_dial'),
  },
  user_group_status: {
    columns: AS_CATALOG,
    kinds: ints('calls_waiting', 'agents_logged_in', 'agents_in_calls', 'agents_waiting', 'agents_paused', 'agents_in_dead_calls', 'agents_in_dispo', 'agents_in_dial'),
  },
  agent_stats_export: {
    // group_by_campaign=YES prints the campaign as an extra first column.
    columns: (p, catalog) => (p.group_by_campaign === 'YES' ? ['campaign_id', ...catalog] : catalog),
    kinds: {
      ...ints('calls', 'pause_time', 'sessions', 'pauses'),
      pauses_per_session: 'number',
      pct_of_queue: 'percent',
      pause_pct: 'percent',
      ...Object.fromEntries(AGENT_STATS_SECONDS.map((n) => [n, 'seconds' as Kind])),
    },
  },
  phone_number_log: { columns: AS_CATALOG, kinds: ints('list_id', 'length_in_sec') },
  recording_lookup: {
    // A Y anywhere in duration adds a column before location (the header never names it).
    columns: (p, catalog) => (/Y/.test(p.duration ?? '') ? [...catalog.slice(0, -1), 'duration', catalog[catalog.length - 1]] : catalog),
    kinds: ints('recording_id', 'lead_id', 'duration'),
  },
  did_log_export: { columns: AS_CATALOG, kinds: ints('length_in_sec') },
};

function catalogColumns(spec: FunctionSpec): readonly string[] {
  return spec.response.kind === 'rows' ? spec.response.columns : [];
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

export function shapeCallStatusStats(rows: readonly Row[], params: Readonly<Record<string, string>>): CallStatusStat[] {
  const ids = rows.map((r) => r.campaign_id ?? '');
  const types = assignSections(ids, callStatusSections(params), phpKeyCompare);
  return rows.map((r, i) => ({
    id: ids[i],
    type: types[i],
    total: toInt(r.total_calls),
    human_answered: toInt(r.human_answered_calls),
    hourly: parseHourly(r.hourly_breakdown ?? ''),
    statuses: parseStatusCounts(r.status_breakdown ?? ''),
  }));
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

/** `5` or `5 (25.0%)` → count and percentage. */
function dispoValue(raw: string): { n: number; pct?: number } {
  const m = /^\s*(\d+)\s*(?:\(\s*([\d.]+)%\s*\))?\s*$/.exec(raw);
  if (!m) return { n: 0 };
  return m[2] === undefined ? { n: Number(m[1]) } : { n: Number(m[1]), pct: Number(m[2]) };
}

function dispoTotals(row: Row): DispoTotals {
  const statuses: Record<string, number> = {};
  const percentages: Record<string, number> = {};
  let anyPct = false;
  for (const [key, raw] of Object.entries(row)) {
    if (DISPO_FIXED.has(key) || key === '__proto__') continue;
    const v = dispoValue(raw);
    statuses[key] = v.n;
    if (v.pct !== undefined) {
      percentages[key] = v.pct;
      anyPct = true;
    }
  }
  const out: DispoTotals = { total: toInt(row.total_calls), statuses };
  if (anyPct) out.percentages = percentages;
  return out;
}

/** The rows per campaign / in-group / DID, and the closing TOTAL line apart. */
export function shapeCallDispoReport(rows: readonly Row[], params: Readonly<Record<string, string>>): { rows: DispoRow[]; totals: DispoTotals } {
  const last = rows[rows.length - 1];
  const hasTotal = last !== undefined && last.campaign === 'TOTAL';
  const body = hasTotal ? rows.slice(0, -1) : rows;
  const ids = body.map((r) => r.campaign ?? '');
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
  const plain = PLAIN[report];
  const catalog = catalogColumns(spec);
  const names = plain.columns(params, catalog);
  return {
    rows: rows.map((r) => {
      const typed = typedRow(rowValues(r, catalog), names, plain.kinds);
      // agent_status does not print whose status it is.
      return report === 'agent_status' ? { user: params.agent_user ?? '', ...typed } : typed;
    }),
  };
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

/**
 * The one way the pack talks to the 8x8 Contact Center statistics API: catalog lookup,
 * input checks, the shared transport (GET with Basic auth, bounded 503 retries), status
 * codes in the pack's error vocabulary, parsing, typing and paging, with the token
 * redacted from everything that leaves.
 */
import { createHash } from 'node:crypto';
import { classifyStatus, isVicidialError, VicidialError } from '../errors';
import { makeRedactor, type Redactor } from '../redact';
import { Transport } from '../transport';
import { redactError } from '../client';
import { findResource, FORMATS, PAGE_SIZE, RESOURCES, resourcePath, type Format, type IdName, type ResourceSpec } from './catalog';
import { buildD, checkTimeZone, type DateInput } from './dates';
import { parseRecords, sniffFormat, typeRecord, type TypedRecord } from './parse';
import { isDeepStrictEqual } from 'node:util';

export const STATS_PATH = '/api/stats';

export interface E8x8Config {
  /** The login URL, a host name, or a base URL; see deriveBaseUrl. */
  url: string;
  tenant: string;
  token: string;
  timeoutMs?: number;
  /** Requests in flight at once for this tenant (the API is meant to be asked one at a time). */
  concurrency?: number;
  queueLimit?: number;
  rejectUnauthorized?: boolean;
  /** Resends of a 503 (server busy) before BUSY. */
  busyRetries?: number;
  busyMaxWaitMs?: number;
  retryBaseMs?: number;
}

export type OffsetBase = 'auto' | '0' | '1';

export interface StatsQuery {
  resource: string;
  ids?: Readonly<Partial<Record<IdName, unknown>>>;
  date?: DateInput;
  tz?: unknown;
  /** field=value constraints on any returned field (resources with interaction data). */
  filters?: Readonly<Record<string, unknown>>;
  format?: Format;
  /** Most pages fetched for one result; more are left out and `truncated` is set. */
  maxPages?: number;
  /** The first record's offset: the reference shows 1 (n=51 for the second page); auto detects it. */
  offsetBase?: OffsetBase;
}

export interface StatsPage {
  records: TypedRecord[];
  /** 1 for the first page. */
  page: number;
  /** The n sent for this page (undefined for the first). */
  offset: number | undefined;
  last: boolean;
  truncated: boolean;
}

export interface StatsResult {
  resource: string;
  records: TypedRecord[];
  pages: number;
  truncated: boolean;
  /** The request path and query of the first page (no credentials ever appear in it). */
  request: string;
}

export const DEFAULT_MAX_PAGES = 200;
export const MAX_PAGES_LIMIT = 10_000;

/** Consecutive authentication failures after which requests stop for a while. */
const AUTH_FAILURES_BEFORE_PAUSE = 3;
const AUTH_PAUSE_MS = 5 * 60_000;
/** Shared by every client of the process, so redeploys and several nodes do not multiply failed logins. */
const authState = new Map<string, { failures: number; pausedUntil: number }>();

function invalid(reason: string, fn?: string): VicidialError {
  return new VicidialError({ code: 'INVALID', function: fn, reason });
}

/**
 * The API base from what a user knows: the login URL (https://vcc-na4.8x8.com/AGUI/),
 * a host (vcc-eu2.8x8.com), or a base URL (…/api/stats). HTTPS is assumed when no
 * scheme is given; any cluster or partner host is accepted.
 */
export function deriveBaseUrl(input: string): string {
  const text = String(input ?? '').trim();
  if (!text) throw invalid('the 8x8 login URL or host is not set');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw invalid('the 8x8 login URL is not a valid URL or host name');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('the 8x8 login URL must start with https://');
  if (url.username || url.password) throw invalid('the 8x8 login URL must not carry credentials; use the tenant and token fields');
  const at = url.pathname.indexOf(STATS_PATH);
  const prefix = at >= 0 ? url.pathname.slice(0, at) : '';
  return `${url.protocol}//${url.host}${prefix}${STATS_PATH}`;
}

export function getResource(name: unknown): ResourceSpec {
  const spec = typeof name === 'string' ? findResource(name.trim()) : undefined;
  if (spec) return spec;
  if (name === undefined || name === null || name === '') throw invalid('no statistics resource chosen');
  throw new VicidialError({ code: 'NOT_FOUND', reason: `"${String(name)}" is not an 8x8 statistics resource (one of ${RESOURCES.map((r) => r.name).join(', ')})` });
}

function idText(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return typeof v === 'string' ? v.trim() : '';
}

/** Query parameters other than n; every check happens here, before anything is sent. */
export function buildQuery(spec: ResourceSpec, q: StatsQuery): { ids: Record<string, string>; params: Record<string, string> } {
  const ids: Record<string, string> = {};
  for (const name of spec.ids) {
    const v = idText(q.ids?.[name]);
    if (!v) throw invalid(`${spec.title} needs ${name}`, spec.name);
    ids[name] = v;
  }
  const params: Record<string, string> = {};
  const d = buildD(q.date ?? {}, spec.name);
  const tz = checkTimeZone(q.tz, spec.name);
  if ((d || tz) && !spec.query.d) throw invalid(`${spec.title} takes no date range or time zone`, spec.name);
  if (d) params.d = d;
  if (tz) params.tz = tz;
  const filters = Object.entries(q.filters ?? {}).filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (filters.length && !spec.query.filters) throw invalid(`${spec.title} takes no filters`, spec.name);
  for (const [field, value] of filters) {
    if (!/^[A-Za-z0-9_.-]+$/.test(field) || field === 'd' || field === 'tz' || field === 'n') {
      throw invalid(`"${field}" cannot be a filter (a filter is a returned field's name, such as media-type)`, spec.name);
    }
    if (typeof value === 'object') throw invalid(`the filter ${field} must be text or a number`, spec.name);
    params[field] = String(value);
  }
  return { ids, params };
}

function checkFormat(format: unknown, fn: string): Format {
  if (format === undefined || format === '') return 'json';
  if ((FORMATS as readonly unknown[]).includes(format)) return format as Format;
  throw invalid(`"${String(format)}" is not a format (one of ${FORMATS.join(', ')})`, fn);
}

function checkMaxPages(v: unknown, fn: string): number {
  if (v === undefined || v === '' || v === null) return DEFAULT_MAX_PAGES;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGES_LIMIT) throw invalid(`the page cap must be a whole number from 1 to ${MAX_PAGES_LIMIT}`, fn);
  return n;
}

export class E8x8Client {
  readonly baseUrl: string;
  readonly redact: Redactor;
  private readonly transport: Transport;
  private readonly basePath: string;
  private readonly authKey: string;

  constructor(config: E8x8Config) {
    this.baseUrl = deriveBaseUrl(config.url);
    const tenant = String(config.tenant ?? '').trim();
    const token = String(config.token ?? '');
    if (!tenant) throw invalid('the 8x8 tenant name is not set');
    if (!token) throw invalid('the 8x8 data request token is not set');
    const basic = Buffer.from(`${tenant}:${token}`).toString('base64');
    this.redact = makeRedactor([token, basic]);
    const base = new URL(this.baseUrl);
    this.basePath = base.pathname;
    this.authKey = `${base.host}|${tenant}|${createHash('sha256').update(token).digest('hex')}`;
    this.transport = new Transport({
      baseUrl: `${base.protocol}//${base.host}`,
      method: 'GET',
      timeoutMs: config.timeoutMs,
      concurrency: config.concurrency ?? 1,
      queueLimit: config.queueLimit,
      rejectUnauthorized: config.rejectUnauthorized,
      retryBaseMs: config.retryBaseMs,
      busyRetries: config.busyRetries ?? 3,
      busyMaxWaitMs: config.busyMaxWaitMs,
      headers: { authorization: `Basic ${basic}`, accept: 'application/json, application/xml;q=0.9, text/csv;q=0.8, */*;q=0.5' },
    });
  }

  /** Every page of a resource (up to the page cap) as one list of typed records. */
  async fetchAll(q: StatsQuery): Promise<StatsResult> {
    const records: TypedRecord[] = [];
    let pages = 0;
    let truncated = false;
    let request = '';
    for await (const page of this.pages(q, (r) => (request ||= r))) {
      records.push(...page.records);
      pages = page.page;
      truncated = page.truncated;
    }
    return { resource: getResource(q.resource).name, records, pages, truncated, request };
  }

  /**
   * Pages one at a time. Paging ends on a short or empty page, on a page that repeats
   * the previous one (a server that ignores n), or at the page cap. With offsetBase
   * 'auto' the second page is asked at n=50; if it starts with the first page's last
   * record the server counts from 1, the duplicate is dropped and later offsets follow.
   */
  async *pages(q: StatsQuery, onRequest?: (request: string) => void): AsyncGenerator<StatsPage> {
    const spec = getResource(q.resource);
    const format = checkFormat(q.format, spec.name);
    const maxPages = checkMaxPages(q.maxPages, spec.name);
    const { ids, params } = buildQuery(spec, q);
    const path = `${this.basePath}${resourcePath(spec, ids, format)}`;
    onRequest?.(`${path}${Object.keys(params).length ? `?${new URLSearchParams(params)}` : ''}`);
    let base: OffsetBase = q.offsetBase ?? 'auto';
    let collected = 0;
    let previous: TypedRecord[] | undefined;
    for (let page = 1; ; page++) {
      const offset = page === 1 ? undefined : base === '1' ? collected + 1 : collected;
      const all = await this.get(spec, path, offset === undefined ? params : { ...params, n: String(offset) }, format);
      let records = all;
      if (previous && isDeepStrictEqual(all, previous)) return;
      if (page === 2 && base === 'auto' && previous?.length && all.length && isDeepStrictEqual(all[0], previous[previous.length - 1])) {
        base = '1';
        records = all.slice(1);
      } else if (page === 2 && base === 'auto') base = '0';
      collected += records.length;
      const last = !spec.query.n || all.length < PAGE_SIZE;
      const truncated = !last && page >= maxPages;
      if (records.length || page === 1) yield { records, page, offset, last: last || truncated, truncated };
      if (last || truncated) return;
      previous = all;
    }
  }

  close(): void {
    this.transport.close();
  }

  private async get(spec: ResourceSpec, path: string, params: Record<string, string>, format: Format): Promise<TypedRecord[]> {
    this.checkAuthPause(spec);
    try {
      const answer = await this.transport.request(path, params, { kind: 'read', functionName: spec.name });
      const code = classifyStatus(answer.status);
      if (code) throw this.statusError(spec, answer.status, answer.body, code);
      authState.delete(this.authKey);
      const raw = parseRecords(spec, answer.body, sniffFormat(answer.body, answer.contentType, format));
      // A server may echo what it was sent; the token never leaves in a record either.
      return raw.map((r) => this.redactRecord(typeRecord(spec, r)));
    } catch (err) {
      throw this.cleanError(err, spec);
    }
  }

  /** Text values only: numbers and bucket counts cannot hold the token, and nothing else is altered. */
  private redactRecord(record: TypedRecord): TypedRecord {
    for (const [k, v] of Object.entries(record)) if (typeof v === 'string') record[k] = this.redact(v);
    return record;
  }

  private statusError(spec: ResourceSpec, status: number, body: string, code: NonNullable<ReturnType<typeof classifyStatus>>): VicidialError {
    const reasons: Record<string, string> = {
      AUTH: `HTTP ${status}: the tenant name or data request token was not accepted`,
      NOT_FOUND: `HTTP ${status}: not found (check the ${spec.ids.join(', ') || 'resource'})`,
      INVALID: `HTTP ${status}: the server found the request malformed (check the date range and filters)`,
      BUSY: `HTTP ${status}: the server is busy`,
      HTTP: `HTTP ${status} from the statistics server`,
    };
    return new VicidialError({ code, function: spec.name, status, reason: reasons[code], raw: body.slice(0, 2000) });
  }

  private checkAuthPause(spec: ResourceSpec): void {
    const state = authState.get(this.authKey);
    if (!state || Date.now() >= state.pausedUntil) return;
    throw new VicidialError({
      code: 'AUTH',
      function: spec.name,
      reason: `not sent: the last ${AUTH_FAILURES_BEFORE_PAUSE} requests with this tenant and token were refused; requests resume in ${Math.ceil((state.pausedUntil - Date.now()) / 1000)} s`,
    });
  }

  private cleanError(err: unknown, spec: ResourceSpec): VicidialError {
    const e = isVicidialError(err) ? err : new VicidialError({ code: 'UNKNOWN', function: spec.name, reason: err instanceof Error ? err.message : String(err) });
    if (e.code === 'AUTH' && e.status !== undefined) {
      const state = authState.get(this.authKey) ?? { failures: 0, pausedUntil: 0 };
      state.failures++;
      if (state.failures >= AUTH_FAILURES_BEFORE_PAUSE) state.pausedUntil = Date.now() + AUTH_PAUSE_MS;
      authState.set(this.authKey, state);
    }
    return redactError(e, this.redact);
  }
}

/** One authenticated request, reported in plain words for the tenant dialog's Test connection button. */
export async function testTenant(config: E8x8Config): Promise<{ ok: boolean; message: string; code?: string }> {
  let client: E8x8Client | undefined;
  try {
    client = new E8x8Client({ ...config, busyRetries: 0 });
    const result = await client.fetchAll({ resource: 'queues', maxPages: 1 });
    const n = result.records.length;
    return { ok: true, message: `Connected to ${client.baseUrl}: token accepted, ${n}${result.truncated ? '+' : ''} queue${n === 1 ? '' : 's'} visible.` };
  } catch (err) {
    const e = isVicidialError(err) ? err : new VicidialError({ code: 'UNKNOWN', reason: String(err) });
    const words: Record<string, string> = {
      AUTH: '8x8 rejected the tenant name or the data request token',
      NOT_FOUND: 'no statistics API at this address (check the login URL)',
      BUSY: 'the 8x8 server is busy; try again in a minute',
      TIMEOUT: 'the 8x8 server did not answer in time',
      NETWORK: 'the 8x8 server could not be reached',
      INVALID: 'the settings are not complete',
    };
    const text = `${words[e.code] ?? 'the connection test failed'} (${e.code}: ${e.reason})`;
    return { ok: false, code: e.code, message: client ? client.redact(text) : text };
  } finally {
    client?.close();
  }
}

/**
 * A simulator of the 8x8 Contact Center statistics API on loopback: the same URLs below
 * /api/stats, HTTP Basic auth (tenant name and data request token), every catalog
 * resource over deterministic seed data, d/tz/n and field filters, 50 records per
 * page, JSON/XML/CSV, and the documented status codes, with switches for tests
 * (answer 503 or 500, count offsets from 0, ignore n, challenge with 401).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PAGE_SIZE, RESOURCES, type Format, type ResourceSpec } from '../core/e8x8/catalog';
import { toCsv } from '../core/e8x8/parse';
import { dToInterval, startOfDay } from '../core/e8x8/dates';
import { AGENTS, CAMPAIGNS, GROUPS, QUEUES, SimData, type Interaction, type SimRecord } from './data';

export interface Sim8x8Options {
  port?: number;
  host?: string;
  tenant?: string;
  token?: string;
  /** The tenant's time zone (default America/Los_Angeles). */
  tz?: string;
  /** Fixed clock (ms) for deterministic data; the real clock when absent. */
  now?: number;
  /** Days of data before today (default 7). */
  days?: number;
  seed?: number;
  /** The offset of the first record: 1 as the reference shows (n=51 for page two), or 0. */
  pageBase?: 0 | 1;
  /** Answer every page as the first, as a server that ignores n would. */
  ignoreN?: boolean;
  /** Answer bad credentials with 401 and a Basic challenge instead of 403. */
  authChallenge?: boolean;
}

export interface Sim8x8RequestLog {
  method: string;
  path: string;
  /** Query parameter names only. */
  queryKeys: string[];
  query: Record<string, string>;
  status: number;
  /** Whether an Authorization header came at all (its value is never kept). */
  withAuth: boolean;
}

export interface Sim8x8 {
  url: string;
  /** The base URL a client uses: url + /api/stats. */
  baseUrl: string;
  tenant: string;
  token: string;
  data: SimData;
  requests: Sim8x8RequestLog[];
  options: Required<Omit<Sim8x8Options, 'port' | 'host' | 'now'>> & { now: number };
  /** Answers the next `count` requests with `status` (503 with Retry-After when given). */
  fail(status: number, count?: number, retryAfter?: string): void;
  stop(): Promise<void>;
}

/** The simulator's tenant and token unless others are given (the README lists them). */
export const DEFAULT_TENANT = 'acme';
export const DEFAULT_TOKEN = 'sim-token-8x8';

class HttpFailure extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not found', 500: 'Internal error', 503: 'Server busy' };

interface Route {
  spec: ResourceSpec;
  pattern: RegExp;
}

const ROUTES: Route[] = RESOURCES.map((spec) => ({
  spec,
  pattern: new RegExp(`^${spec.path.replace(/\{[a-z-]+\}/g, '([^/]+)')}$`),
}));

interface Ask {
  ids: Record<string, string>;
  from: number;
  to: number;
}

type Producer = (data: SimData, ask: Ask) => SimRecord[];

function notFound(what: string): never {
  throw new HttpFailure(404, `${what} not found`);
}

const agentOf = (id: string) => AGENTS.find((a) => a.id === id) ?? notFound(`agent ${id}`);
const groupOf = (id: string) => GROUPS.find((g) => g.id === id) ?? notFound(`group ${id}`);
const queueOf = (id: string) => QUEUES.find((q) => q.id === id) ?? notFound(`queue ${id}`);
const channelOf = (id: string) => QUEUES.find((q) => q.channel.id === id) ?? notFound(`channel ${id}`);
const campaignOf = (id: string) => CAMPAIGNS.find((c) => c.id === id) ?? notFound(`campaign ${id}`);

const created = (ask: Ask) => (x: Interaction) => x.create >= ask.from && x.create < ask.to;
const accepted = (ask: Ask) => (x: Interaction) => x.accept !== undefined && x.accept >= ask.from && x.accept < ask.to;
const inRange = (ask: Ask, iso: unknown): boolean => {
  const t = Date.parse(String(iso));
  return t >= ask.from && t < ask.to;
};
const byAgent = (id: string) => (x: Interaction) => x.agent?.id === id;
const byGroup = (id: string) => (x: Interaction) => x.agent?.group === id;

/** What each resource answers, from the seed data. */
const PRODUCERS: Record<string, Producer> = {
  groups: () => GROUPS.map((g) => ({ 'group-id': g.id, 'group-name': g.name, deleted: g.deleted })),
  agents: (d) => AGENTS.map((a) => d.agentRecord(a)),
  'group-agents': (d, k) => (groupOf(k.ids['group-id']), AGENTS.filter((a) => a.group === k.ids['group-id']).map((a) => d.agentRecord(a))),
  agent: (d, k) => [d.agentRecord(agentOf(k.ids['agent-id']))],
  'agent-activities': (d, k) => (agentOf(k.ids['agent-id']), d.interactions.filter(byAgent(k.ids['agent-id'])).filter(accepted(k)).map((x) => d.activity(x))),
  'group-activities': (d, k) => (groupOf(k.ids['group-id']), d.interactions.filter(byGroup(k.ids['group-id'])).filter(accepted(k)).map((x) => d.activity(x))),
  'agent-interactions': (d, k) => (agentOf(k.ids['agent-id']), d.interactions.filter(byAgent(k.ids['agent-id'])).filter(accepted(k)).map((x) => d.agentInteraction(x))),
  'group-interactions': (d, k) => (groupOf(k.ids['group-id']), d.interactions.filter(byGroup(k.ids['group-id'])).filter(accepted(k)).map((x) => d.agentInteraction(x))),
  interactions: (d, k) => d.interactions.filter(created(k)).map((x) => d.queueInteraction(x)),
  'queue-interactions': (d, k) => {
    const q = queueOf(k.ids['queue-id']);
    return d.interactions.filter((x) => x.queue === q).filter(created(k)).map((x) => d.queueInteraction(x));
  },
  'channel-interactions': (d, k) => {
    const q = channelOf(k.ids['channel-id']);
    return d.interactions.filter((x) => x.queue === q).filter(created(k)).map((x) => d.queueInteraction(x));
  },
  'campaign-interactions': (d, k) => (d.campaignInteractions.get(campaignOf(k.ids['campaign-id']).id) ?? []).filter((r) => inRange(k, r['accept-timestamp'])),
  'all-interactions': (d, k) => {
    const queued = d.interactions.filter(created(k)).map((x) => ({ at: x.create, r: d.allInteraction(x) }));
    const campaign = [...d.campaignInteractions.values()].flat().filter((r) => inRange(k, r['accept-timestamp']));
    const dialled = campaign.map((r) => ({ at: Date.parse(String(r['accept-timestamp'])), r: d.campaignAllInteraction(r) }));
    return [...queued, ...dialled].sort((a, b) => a.at - b.at).map((e) => e.r);
  },
  'agent-statistics': (d, k) => {
    const a = agentOf(k.ids['agent-id']);
    return d.intervalStatistics(d.interactions.filter((x) => x.agent === a), k.from, k.to, (x) => x.queue.id);
  },
  'queue-statistics': (d, k) => {
    const q = queueOf(k.ids['queue-id']);
    return d.intervalStatistics(d.interactions.filter((x) => x.queue === q), k.from, k.to, () => '');
  },
  'channel-statistics': (d, k) => {
    const q = channelOf(k.ids['channel-id']);
    return d.intervalStatistics(d.interactions.filter((x) => x.queue === q), k.from, k.to, () => '');
  },
  'queue-online-slas': (d, k) => slas(d, k, queueOf(k.ids['queue-id']), 'online'),
  'channel-online-slas': (d, k) => slas(d, k, channelOf(k.ids['channel-id']), 'online'),
  'queue-offline-slas': (d, k) => slas(d, k, queueOf(k.ids['queue-id']), 'offline'),
  'channel-offline-slas': (d, k) => slas(d, k, channelOf(k.ids['channel-id']), 'offline'),
  'agent-statuses': (d, k) => {
    const a = agentOf(k.ids['agent-id']);
    return d.statuses.filter((e) => e.agent === a && e.at >= k.from && e.at < k.to).map((e) => d.statusRecord(e));
  },
  'group-statuses': (d, k) => {
    groupOf(k.ids['group-id']);
    return d.statuses.filter((e) => e.agent.group === k.ids['group-id'] && e.at >= k.from && e.at < k.to).sort((a, b) => a.at - b.at).map((e) => d.statusRecord(e));
  },
  'agent-status-statistics': (d, k) => d.statusStatistics(agentOf(k.ids['agent-id']), k.from, k.to),
  'agent-skills': (d, k) => (agentOf(k.ids['agent-id']), d.skills((a) => a.id === k.ids['agent-id'])),
  'queue-skills': (d, k) => (queueOf(k.ids['queue-id']), d.skills((_a, q) => q.id === k.ids['queue-id'])),
  'agent-outbound-calls': (d, k) => (agentOf(k.ids['agent-id']), d.outbound.filter((r) => r['agent-id'] === k.ids['agent-id'] && inRange(k, r['start-time']))),
  'group-outbound-calls': (d, k) => (groupOf(k.ids['group-id']), d.outbound.filter((r) => r['group-id'] === k.ids['group-id'] && inRange(k, r['start-time']))),
  queues: (d) => QUEUES.map((q) => d.queueRecord(q)),
  queue: (d, k) => [d.queueRecord(queueOf(k.ids['queue-id']))],
  channels: (d) => QUEUES.map((q) => d.channelRecord(q)),
  channel: (d, k) => [d.channelRecord(channelOf(k.ids['channel-id']))],
  campaigns: (d) => CAMPAIGNS.map((c) => d.campaignRecord(c)),
  campaign: (d, k) => [d.campaignRecord(campaignOf(k.ids['campaign-id']))],
  'campaign-records': (d, k) => d.campaignRecords.get(campaignOf(k.ids['campaign-id']).id) ?? [],
  tcls: (d) => d.tcls(),
  scls: (d) => d.scls(),
};

function slas(d: SimData, k: Ask, q: (typeof QUEUES)[number], kind: 'online' | 'offline'): SimRecord[] {
  const offline = q.media === 'Z' || q.media === 'V';
  // An online SLA of an offline queue (and the reverse) has no periods.
  if (offline !== (kind === 'offline')) return [];
  return d.slas(d.interactions.filter((x) => x.queue === q), k.from, k.to, kind);
}

// ---------------------------------------------------------------------------
// Rendering

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function xmlRecord(tag: string, r: SimRecord, indent: string): string {
  const inner = Object.entries(r)
    .map(([k, v]) => (typeof v === 'string' ? (v === '' ? `${indent}  <${k} />` : `${indent}  <${k}>${escapeXml(v)}</${k}>`) : xmlRecord(k, v, `${indent}  `)))
    .join('\n');
  return `${indent}<${tag}>\n${inner}\n${indent}</${tag}>`;
}

function render(spec: ResourceSpec, records: SimRecord[], format: Format): { type: string; body: string } {
  if (format === 'csv') return { type: 'text/csv; charset=UTF-8', body: records.length ? toCsv(records) : '' };
  if (format === 'xml') {
    const body = records.map((r) => xmlRecord(spec.singular, r, '    ')).join('\n');
    return { type: 'application/xml; charset=UTF-8', body: `<?xml version='1.0'  encoding='UTF-8' ?>\n<${spec.plural}>\n${body}\n</${spec.plural}>\n` };
  }
  // A single resource comes without the plural wrapper; a one-element list collapses to an object.
  let doc: unknown;
  if (spec.single) doc = { [spec.singular]: records[0] };
  else if (records.length === 0) doc = { [spec.plural]: '' };
  else doc = { [spec.plural]: { [spec.singular]: records.length === 1 ? records[0] : records } };
  return { type: 'application/json; charset=UTF-8', body: JSON.stringify(doc) };
}

// ---------------------------------------------------------------------------

function splitFormat(path: string): { path: string; format: Format } {
  let p = path.replace(/\/+$/, '');
  const m = /^(.*?)\/?\.(json|xml|csv)$/.exec(p);
  if (m) return { path: m[1].replace(/\/+$/, ''), format: m[2] as Format };
  p = p.replace(/\/+$/, '');
  return { path: p, format: 'xml' };
}

function matchRoute(path: string): { spec: ResourceSpec; ids: Record<string, string> } | undefined {
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    const ids: Record<string, string> = {};
    route.spec.ids.forEach((name, i) => {
      ids[name] = decodeURIComponent(m[i + 1]);
    });
    return { spec: route.spec, ids };
  }
  return undefined;
}

function checkTz(tz: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
  } catch {
    throw new HttpFailure(400, `unknown time zone ${tz}`);
  }
}

function applyFilters(spec: ResourceSpec, records: SimRecord[], filters: Array<[string, string]>): SimRecord[] {
  if (!filters.length) return records;
  if (!spec.query.filters) throw new HttpFailure(400, 'this resource takes no query variables');
  const known = new Set([...spec.fields.map((f) => f.name), ...records.flatMap((r) => Object.keys(r))]);
  for (const [field] of filters) if (!known.has(field)) throw new HttpFailure(400, `unknown field ${field}`);
  return records.filter((r) => filters.every(([field, value]) => r[field] === value));
}

export function startSimulator8x8(options: Sim8x8Options = {}): Promise<Sim8x8> {
  const opts = {
    tenant: options.tenant ?? DEFAULT_TENANT,
    token: options.token ?? DEFAULT_TOKEN,
    tz: options.tz ?? 'America/Los_Angeles',
    now: options.now ?? Date.now(),
    days: options.days ?? 7,
    seed: options.seed ?? 8,
    pageBase: options.pageBase ?? 1,
    ignoreN: options.ignoreN ?? false,
    authChallenge: options.authChallenge ?? false,
  };
  const data = new SimData({ now: opts.now, tz: opts.tz, days: opts.days, seed: opts.seed });
  const requests: Sim8x8RequestLog[] = [];
  const failures: Array<{ status: number; retryAfter?: string }> = [];
  // Paging asks for the same list once per page: keep the last few lists.
  const lists = new Map<string, SimRecord[]>();
  const produce = (spec: ResourceSpec, ask: Ask): SimRecord[] => {
    const key = JSON.stringify([spec.name, ask]);
    let records = lists.get(key);
    if (!records) {
      records = PRODUCERS[spec.name](data, ask);
      if (lists.size >= 32) lists.delete(lists.keys().next().value as string);
      lists.set(key, records);
    }
    return records;
  };
  const expected = `Basic ${Buffer.from(`${opts.tenant}:${opts.token}`).toString('base64')}`;

  const answer = (req: http.IncomingMessage, url: URL): { status: number; type: string; body: string; headers?: Record<string, string> } => {
    const forced = failures.shift();
    if (forced) {
      const headers: Record<string, string> = forced.retryAfter !== undefined ? { 'retry-after': forced.retryAfter } : {};
      return { status: forced.status, type: 'text/plain', body: STATUS_TEXT[forced.status] ?? 'Error', headers };
    }
    if (req.headers.authorization !== expected) {
      if (opts.authChallenge) return { status: 401, type: 'text/plain', body: 'Unauthorized', headers: { 'www-authenticate': 'Basic realm="8x8 statistics"' } };
      return { status: 403, type: 'text/plain', body: 'Forbidden' };
    }
    if (req.method !== 'GET') return { status: 400, type: 'text/plain', body: 'Bad request: only GET is supported' };
    if (!url.pathname.startsWith('/api/stats/')) throw new HttpFailure(404, 'not found');
    const { path, format } = splitFormat(url.pathname.slice('/api/stats'.length));
    const route = matchRoute(path);
    if (!route) throw new HttpFailure(404, 'no such resource');
    const { spec, ids } = route;
    const q = url.searchParams;
    const tz = q.get('tz') || opts.tz;
    checkTz(tz);
    const dText = q.get('d') || 'today';
    const interval = spec.query.d ? dToInterval(dText, tz, opts.now) : [0, Number.MAX_SAFE_INTEGER];
    if (!interval || !Number.isFinite(interval[0]) || !Number.isFinite(interval[1])) throw new HttpFailure(400, `bad date range ${dText}`);
    let records = produce(spec, { ids, from: interval[0], to: interval[1] });
    const filters = [...q.entries()].filter(([k]) => k !== 'd' && k !== 'tz' && k !== 'n');
    records = applyFilters(spec, records, filters);
    if (spec.query.n) {
      const nText = q.get('n');
      const n = nText === null || nText === '' ? opts.pageBase : Number(nText);
      if (!Number.isInteger(n) || n < 0) throw new HttpFailure(400, `bad offset n=${nText}`);
      const start = opts.ignoreN ? 0 : Math.max(0, n - opts.pageBase);
      records = records.slice(start, start + PAGE_SIZE);
    }
    const out = render(spec, records, format);
    return { status: 200, ...out };
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sim');
    let result: { status: number; type: string; body: string; headers?: Record<string, string> };
    try {
      result = answer(req, url);
    } catch (err) {
      const status = err instanceof HttpFailure ? err.status : 500;
      result = { status, type: 'text/plain', body: `${STATUS_TEXT[status] ?? 'Error'}${err instanceof HttpFailure ? `: ${err.message}` : ''}` };
    }
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      queryKeys: [...url.searchParams.keys()],
      query: Object.fromEntries(url.searchParams),
      status: result.status,
      withAuth: req.headers.authorization !== undefined,
    });
    res.writeHead(result.status, { 'content-type': result.type, ...(result.headers ?? {}) });
    res.end(result.body);
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port, address } = server.address() as AddressInfo;
      const host = address.includes(':') ? `[${address}]` : address;
      const url = `http://${host}:${port}`;
      resolve({
        url,
        baseUrl: `${url}/api/stats`,
        tenant: opts.tenant,
        token: opts.token,
        data,
        requests,
        options: opts,
        fail(status, count = 1, retryAfter) {
          for (let i = 0; i < count; i++) failures.push({ status, retryAfter });
        },
        stop: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}

/** Midnight today in the simulator's zone, for tests that build date ranges. */
export function simToday(sim: Sim8x8): number {
  return startOfDay(sim.options.now, sim.options.tz);
}

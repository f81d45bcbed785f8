/**
 * vicidial-webhook: an input node with its own route on Node-RED's HTTP node server,
 * turning VICIdial's callback URLs and Agent Events Push requests into messages.
 * Everything that can be a pure function lives in core/webhook.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpErrorHandler, HttpHandler, HttpRouter, Node, NodeAPI, NodeDef, NodeMessage, NodeStatus } from './core/node-red-types';
import {
  AGENT_EVENT_NAMES,
  agentPushWarnings,
  allowCheck,
  buildCallbackUrl,
  corsHeaders,
  decodeBody,
  decodeParsedBody,
  dedupKey,
  headerSecret,
  isWebhookType,
  lastValue,
  paramRecord,
  parseAllowList,
  parseCallbackRecord,
  parsedFormEntries,
  secretCheck,
  WEBHOOK_TYPES,
  webhookCatalog,
  wrapWithGet2Post,
  type BodyResult,
  type CorsOptions,
  type IpRule,
  type ParsedCallback,
  type WebhookType,
} from './core/webhook';
import { duplicateCheck } from './core/webhook-dedup';
import { Deadlines } from './core/deadlines';
import { NOT_JSON, TOO_LARGE, TOO_MANY, formEntries, queryText, tooManyParams, type Entry } from './core/webhook-request';

type Req = Parameters<HttpHandler>[0];
type Res = Parameters<HttpHandler>[1];

interface Credentials {
  secret?: string;
}

type OutputMode = 'single' | 'per_type';
type RespondMode = 'immediate' | 'node';

interface WebhookConfig {
  path: string;
  fixedType: WebhookType | 'auto';
  secretParam: string;
  allow: IpRule[];
  allowErrors: string[];
  maxBytes: number;
  types: WebhookType[];
  events: string[];
  outputMode: OutputMode;
  dedupMs: number;
  /** Where the duplicate window lives: 'memory' (this process) or a context store's name. */
  dedupStore: string;
  respond: RespondMode;
}

const DEFAULT_MAX_KB = 64;
/** How long a flow may take to answer through an http response node. */
const RESPONSE_TIMEOUT_MS = 30_000;
const STATUS_INTERVAL_MS = 1_000;
/** The editor sends this in place of a password credential it was never shown. */
const CREDENTIAL_PLACEHOLDER = '__PWRD__';

/** Paths claimed by deployed webhook nodes: a second node on the same path would never answer. */
const claimedPaths = new Map<string, string>();

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}

function num(v: unknown, fallback: number): number {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

function stringList(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x !== '');
  if (typeof v === 'string') return v.split(/[\s,]+/).filter(Boolean);
  return [];
}

function normalizePath(path: string): string {
  const p = path.trim();
  return p.startsWith('/') ? p : `/${p}`;
}

function readConfig(def: NodeDef): WebhookConfig {
  const { rules, errors } = parseAllowList(str(def.allowIps));
  const fixed = str(def.webhookType, 'auto');
  return {
    path: str(def.path).trim() ? normalizePath(str(def.path)) : '',
    fixedType: isWebhookType(fixed) ? fixed : 'auto',
    secretParam: str(def.secretParam).trim() || 'secret',
    allow: rules,
    allowErrors: errors,
    maxBytes: Math.max(1, num(def.maxKb, DEFAULT_MAX_KB)) * 1024,
    types: stringList(def.types).filter(isWebhookType),
    events: stringList(def.events),
    outputMode: def.outputMode === 'per_type' ? 'per_type' : 'single',
    dedupMs: num(def.dedupSeconds, 0) * 1000,
    // Flows saved before the option existed kept the window in the process.
    dedupStore: str(def.dedupStore).trim() || 'memory',
    respond: def.respond === 'node' ? 'node' : 'immediate',
  };
}

/** The outputs of per-type mode, in catalog order: the selected types, or all of them. */
function outputTypes(types: readonly WebhookType[]): WebhookType[] {
  return WEBHOOK_TYPES.filter((t) => types.length === 0 || types.includes(t));
}

function passesFilter(cfg: WebhookConfig, parsed: ParsedCallback): boolean {
  if (cfg.types.length > 0 && !(cfg.types as string[]).includes(parsed.type)) return false;
  if (parsed.type !== 'agent_event' || cfg.events.length === 0) return true;
  return parsed.event !== undefined && cfg.events.includes(parsed.event);
}

// ---------------------------------------------------------------------------
// HTTP plumbing
// ---------------------------------------------------------------------------

type AppSettings = { get?(setting: string): unknown };

/**
 * Express's req.ip honours the app's `trust proxy` setting; the socket is the fallback.
 * Without `trust proxy` req.ip is the socket's address, but computing it costs a proxy-addr
 * walk on every request: read the socket then.
 */
function clientAddress(req: Req): string | undefined {
  const app = req.app as AppSettings | undefined;
  if (typeof app?.get === 'function' && !app.get('trust proxy')) return req.socket?.remoteAddress;
  return typeof req.ip === 'string' && req.ip ? req.ip : req.socket?.remoteAddress;
}

function requestUrl(req: Req): string {
  return typeof req.originalUrl === 'string' ? req.originalUrl : req.url ?? '';
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function corsOptions(settings: NodeAPI['settings']): CorsOptions | undefined {
  const c = settings.httpNodeCors;
  return typeof c === 'object' && c !== null ? (c as CorsOptions) : undefined;
}

function reply(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  if (res.headersSent || res.writableEnded) return;
  res.statusCode = status;
  for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(text)));
  res.end(text);
}

const NO_BODY: BodyResult = { ok: true, entries: [] };

type BodyRead = { kind: 'ok'; text: string } | { kind: 'too_large' } | { kind: 'failed' };

type Refusal = { ok: false; status: 400 | 413 | 415; reason: string };

/** The declared body size; a chunked body declares none. */
function declaredLength(req: IncomingMessage): number | undefined {
  const declared = Number(header(req, 'content-length'));
  return Number.isFinite(declared) ? declared : undefined;
}

/** Reads at most `limit` bytes; past it, stops keeping data and reports too_large. */
function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: BodyRead): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) finish({ kind: 'too_large' });
      else chunks.push(chunk);
    });
    req.on('end', () => finish({ kind: 'ok', text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', () => finish({ kind: 'failed' }));
    req.on('aborted', () => finish({ kind: 'failed' }));
  });
}

/** A body parsed before the route ran: Node-RED's admin app or httpNodeMiddleware. */
function alreadyParsed(req: Req): boolean {
  return req._body === true || req.readableEnded === true;
}

/**
 * The body's parameters, under the size limit whoever read it: the declared length when
 * there is one, else what the node counts as it reads, else (parsed by someone else) a
 * lower bound measured from the parsed body. Synchronous unless the node reads the body.
 */
function bodyEntries(req: Req, limit: number): BodyResult | Promise<BodyResult> {
  const type = header(req, 'content-type');
  const declared = declaredLength(req);
  if (declared !== undefined && declared > limit) {
    if (!alreadyParsed(req)) req.resume();
    return { ok: false, status: 413, reason: TOO_LARGE };
  }
  const refused = refusedBodies.get(req);
  if (refused) return refused;
  if (alreadyParsed(req)) return decodeParsedBody(req.body, type, limit);
  return readBody(req, limit).then((read): BodyResult => {
    if (read.kind === 'too_large') return { ok: false, status: 413, reason: TOO_LARGE };
    if (read.kind === 'failed') return { ok: false, status: 400, reason: 'request body could not be read' };
    return decodeBody(type, read.text);
  });
}

/** Express parsed the query already (with `qs`); its object is flattened back to names as sent. */
function queryOf(req: Req, url: string): Entry[] | Refusal {
  const text = queryText(url);
  if (text === '') return [];
  if (tooManyParams(text)) return { ok: false, status: 413, reason: TOO_MANY };
  const q = req.query;
  const entries = typeof q === 'object' && q !== null ? parsedFormEntries(q as Record<string, unknown>) : formEntries(text);
  return entries ?? { ok: false, status: 400, reason: 'query nested too deep' };
}

// ---------------------------------------------------------------------------
// Bodies Node-RED's admin app refused before the route ran
// ---------------------------------------------------------------------------

/**
 * Under Node-RED's default settings the admin app parses JSON and form bodies for every
 * path and hands a malformed or oversized one to Express's final handler, which logs a
 * stack trace and answers with an HTML page. For webhook paths the refusal is noted here
 * and the request goes on to the node, which answers it quietly and counts it.
 */
const refusedBodies = new WeakMap<IncomingMessage, Refusal>();

function bodyParserRefusal(err: unknown): Refusal | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { type, status } = err as { type?: unknown; status?: unknown };
  if (typeof type !== 'string') return undefined;
  if (type === 'entity.parse.failed') return { ok: false, status: 400, reason: NOT_JSON };
  if (type === 'entity.too.large') return { ok: false, status: 413, reason: TOO_LARGE };
  if (type === 'parameters.too.many') return { ok: false, status: 413, reason: TOO_MANY };
  if (status === 415) return { ok: false, status: 415, reason: 'unsupported body encoding' };
  return typeof status === 'number' && status >= 400 && status < 500 ? { ok: false, status: 400, reason: 'request body could not be read' } : undefined;
}

function pathKey(path: string): string {
  return path.toLowerCase().replace(/\/+$/, '') || '/';
}

/** The webhook path a request is for, relative to httpNodeRoot, as claimedPaths keys it. */
function requestPathKey(req: Req, nodeRoot: string): string | undefined {
  const url = requestUrl(req);
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).toLowerCase();
  const root = pathKey(nodeRoot);
  if (root === '/') return pathKey(path);
  if (path !== root && !path.startsWith(`${root}/`)) return undefined;
  return pathKey(path.slice(root.length));
}

/**
 * The apps a request passes through before the HTTP node app: the runtime's admin app
 * (RED.httpAdmin) is mounted inside the editor's admin app, which holds the body parsers.
 */
function adminApps(RED: NodeAPI): HttpRouter[] {
  const apps: HttpRouter[] = [];
  const nodeParent = RED.httpNode.parent;
  for (let app: HttpRouter | undefined = RED.httpAdmin; app && app !== nodeParent && apps.length < 4; app = app.parent) apps.push(app);
  return apps;
}

function registerBodyRefusals(RED: NodeAPI): void {
  const handler: HttpErrorHandler = (err, req, _res, next) => {
    const refusal = bodyParserRefusal(err);
    const nodeRoot = RED.settings.httpNodeRoot;
    const key = refusal && typeof nodeRoot === 'string' ? requestPathKey(req, nodeRoot) : undefined;
    if (!refusal || key === undefined || !claimedPaths.has(key)) return next(err);
    refusedBodies.set(req, refusal);
    next();
  };
  for (const app of adminApps(RED)) app.use?.(handler);
}

function middlewareList(setting: unknown): HttpHandler[] {
  if (typeof setting === 'function') return [setting as HttpHandler];
  if (Array.isArray(setting)) return setting.filter((m): m is HttpHandler => typeof m === 'function');
  return [];
}

/** Express keeps routes in a layer stack; each route lists its handlers. */
interface RouteLayer {
  route?: { stack?: ReadonlyArray<{ handle?: unknown }> };
}

function routeStack(router: HttpRouter): RouteLayer[] | undefined {
  // Express 4 names the router `_router` (its `router` getter throws), Express 5 `router`.
  let stack: unknown;
  try {
    stack = router._router?.stack ?? router.router?.stack;
  } catch {
    return undefined; // no route was ever added to this app
  }
  return Array.isArray(stack) ? (stack as RouteLayer[]) : undefined;
}

/** Removes exactly the routes holding our handlers, so other nodes' routes on the same path survive. */
function removeRoutes(router: HttpRouter, handlers: readonly unknown[]): void {
  const stack = routeStack(router);
  if (!stack) return;
  for (let i = stack.length - 1; i >= 0; i--) {
    const layers = stack[i].route?.stack ?? [];
    if (layers.some((l) => handlers.includes(l.handle))) stack.splice(i, 1);
  }
}

// ---------------------------------------------------------------------------
// The node
// ---------------------------------------------------------------------------

interface Counters {
  received: number;
  rejected: number;
  /** Answered 400: malformed JSON, nesting, unreadable bodies. */
  malformed: number;
  duplicates: number;
  last: string;
}

function buildMessage(parsed: ParsedCallback, req: Req, cfg: WebhookConfig): NodeMessage {
  const vicidial: Record<string, unknown> = {
    type: parsed.type,
    query: parsed.raw,
    remoteAddress: clientAddress(req),
    method: req.method,
    path: cfg.path,
    receivedAt: new Date().toISOString(),
    unreplaced: parsed.unreplaced,
  };
  if (parsed.event !== undefined) vicidial.event = parsed.event;
  if (parsed.time !== undefined) vicidial.time = parsed.time;
  return { payload: parsed.payload, topic: parsed.topic, vicidial };
}

function routeOutput(cfg: WebhookConfig, parsed: ParsedCallback, msg: NodeMessage): NodeMessage | Array<NodeMessage | null> | null {
  if (cfg.outputMode === 'single') return msg;
  const outputs = outputTypes(cfg.types);
  const index = outputs.indexOf(parsed.type as WebhookType);
  if (index < 0) return null; // type not told: no output of its own
  return outputs.map((_, i) => (i === index ? msg : null));
}

function createWebhookNode(RED: NodeAPI, node: Node<Credentials>, def: NodeDef): void {
  const cfg = readConfig(def);
  const secretOk = secretCheck(node.credentials?.secret || undefined);
  const allowed = allowCheck(cfg.allow);
  const cors = corsOptions(RED.settings);
  const counters: Counters = { received: 0, rejected: 0, malformed: 0, duplicates: 0, last: '' };
  const deadlines = new Deadlines<Res>(RESPONSE_TIMEOUT_MS, (res) => reply(res, 504, 'No response from flow', responseHeaders(res)));
  let statusTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const showStatus = (): void => {
    statusTimer = undefined;
    if (closed) return;
    const parts = [`${counters.received} received`];
    if (counters.rejected) parts.push(`${counters.rejected} rejected`);
    if (counters.malformed) parts.push(`${counters.malformed} malformed`);
    if (counters.duplicates) parts.push(`${counters.duplicates} dup`);
    const s: NodeStatus = { fill: counters.rejected || counters.malformed ? 'yellow' : 'green', shape: 'dot', text: `${counters.last} · ${parts.join(', ')}` };
    node.status(s);
  };
  // Status goes to every open editor; a burst of requests updates it once a second at most.
  const scheduleStatus = (): void => {
    if (statusTimer || closed) return;
    statusTimer = setTimeout(showStatus, STATUS_INTERVAL_MS);
    statusTimer.unref?.();
  };
  const reject = (res: Res, status: number, text: string, why: string): void => {
    counters.rejected++;
    counters.last = `${status} ${why}`;
    scheduleStatus();
    reply(res, status, text, responseHeaders(res));
  };
  const originOf = new WeakMap<ServerResponse, string | undefined>();
  const responseHeaders = (res: ServerResponse): Record<string, string> =>
    cors ? corsHeaders(cors, originOf.get(res), false) : {};
  const ok = (res: Res): void => reply(res, 200, 'OK', responseHeaders(res));

  // Declared as a string, but `false` is how settings.js switches HTTP nodes off.
  const settings: Record<string, unknown> = RED.settings;
  if (settings.httpNodeRoot === false) {
    node.warn('vicidial-webhook: HTTP nodes are disabled (httpNodeRoot is false), no route was created');
    node.status({ fill: 'red', shape: 'ring', text: 'HTTP nodes disabled' });
    return;
  }
  if (!cfg.path) {
    node.warn('vicidial-webhook: no path set, no route was created');
    node.status({ fill: 'red', shape: 'ring', text: 'no path' });
    return;
  }
  const key = pathKey(cfg.path);
  const holder = claimedPaths.get(key);
  if (holder && holder !== node.id) {
    node.error(`vicidial-webhook: path ${cfg.path} is already used by node ${holder}`);
    node.status({ fill: 'red', shape: 'ring', text: 'path in use' });
    return;
  }
  let storeWarned = false;
  const dedup = cfg.dedupMs > 0
    ? duplicateCheck(cfg.dedupStore, key, cfg.dedupMs, () => node.context().global, (err) => {
      // Once per deploy: a failing store must not flood the log.
      if (storeWarned) return;
      storeWarned = true;
      node.warn(`vicidial-webhook: context store ${cfg.dedupStore} failed, repeats are let through: ${err instanceof Error ? err.message : String(err)}`);
    })
    : undefined;
  if (cfg.allowErrors.length) node.warn(`vicidial-webhook: ignored allow-list entries: ${cfg.allowErrors.join('; ')}`);

  const emit = (parsed: ParsedCallback, req: Req, res: Res): void => {
    const msg = buildMessage(parsed, req, cfg);
    const out = routeOutput(cfg, parsed, msg);
    if (out === null) {
      ok(res);
      return;
    }
    counters.received++;
    counters.last = parsed.topic;
    scheduleStatus();
    if (cfg.respond === 'node') {
      msg.res = { _res: res };
      deadlines.add(res);
    } else {
      ok(res);
    }
    node.send(out);
  };

  const refuse = (res: Res, refusal: Refusal): void => {
    if (refusal.status === 400) counters.malformed++;
    else counters.rejected++;
    counters.last = `${refusal.status} ${refusal.reason}`;
    scheduleStatus();
    // After an oversized body the connection may still carry its unread rest.
    const extra: Record<string, string> = refusal.status === 413 ? { Connection: 'close' } : {};
    reply(res, refusal.status, refusal.reason, { ...responseHeaders(res), ...extra });
  };

  const accept = (req: Req, res: Res, query: readonly Entry[], body: BodyResult): void => {
    if (!body.ok) return refuse(res, body);
    const entries = body.entries.length ? [...query, ...body.entries] : query;
    const param = lastValue(entries, cfg.secretParam);
    if (!secretOk(headerSecret(req.headers) ?? (typeof param === 'string' ? param : undefined))) {
      return reject(res, 403, 'Forbidden', 'bad secret');
    }
    const raw = paramRecord(entries, cfg.secretParam);
    // HEAD reaches GET routes: an uptime probe must not look like a callback.
    if (req.method === 'HEAD') return ok(res);
    const parsed = parseCallbackRecord(raw, { fixedType: cfg.fixedType, secretParam: cfg.secretParam });
    if (!passesFilter(cfg, parsed)) return ok(res);
    if (!dedup) return emit(parsed, req, res);
    const seen = dedup.seen(dedupKey(parsed.type, parsed.raw));
    if (seen instanceof Promise) seen.then((dup) => decide(dup, parsed, req, res)).catch(fail(res));
    else decide(seen, parsed, req, res);
  };

  const decide = (duplicate: boolean, parsed: ParsedCallback, req: Req, res: Res): void => {
    if (closed) return reply(res, 503, 'Shutting down', responseHeaders(res));
    if (!duplicate) return emit(parsed, req, res);
    counters.duplicates++;
    scheduleStatus();
    ok(res);
  };

  const handle = (req: Req, res: Res): void => {
    if (cors) originOf.set(res, header(req, 'origin'));
    const address = clientAddress(req);
    if (!allowed(address)) return reject(res, 403, 'Forbidden', `ip ${address ?? '?'}`);
    const url = requestUrl(req);
    if (url.length * 3 > cfg.maxBytes && Buffer.byteLength(url) > cfg.maxBytes) return refuse(res, { ok: false, status: 413, reason: TOO_LARGE });
    const query = queryOf(req, url);
    if (!Array.isArray(query)) return refuse(res, query);
    const body = req.method === 'POST' ? bodyEntries(req, cfg.maxBytes) : NO_BODY;
    if (!(body instanceof Promise)) return accept(req, res, query, body);
    body.then((b) => accept(req, res, query, b)).catch(fail(res));
  };

  const fail = (res: Res) => (err: unknown): void => {
    node.error(`vicidial-webhook: ${err instanceof Error ? err.message : String(err)}`);
    reply(res, 500, 'Internal error');
  };
  const handler: HttpHandler = (req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      fail(res)(err);
    }
  };
  const preflight: HttpHandler = (req, res) => {
    const headers = cors ? corsHeaders(cors, header(req, 'origin'), true, header(req, 'access-control-request-headers')) : {};
    res.statusCode = cors?.optionsSuccessStatus ?? 204;
    for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
    res.setHeader('Content-Length', '0');
    res.end();
  };

  const middleware = middlewareList(RED.settings.httpNodeMiddleware);
  RED.httpNode.get(cfg.path, ...middleware, handler);
  RED.httpNode.post(cfg.path, ...middleware, handler);
  if (cors && RED.httpNode.options) RED.httpNode.options(cfg.path, ...middleware, preflight);
  claimedPaths.set(key, node.id);
  node.status({ fill: 'grey', shape: 'ring', text: `listening on ${cfg.path}` });

  node.on('close', (removed: boolean, done: () => void) => {
    closed = true;
    removeRoutes(RED.httpNode, [handler, preflight]);
    if (claimedPaths.get(key) === node.id) claimedPaths.delete(key);
    if (statusTimer) clearTimeout(statusTimer);
    deadlines.clear();
    dedup?.close(removed);
    done();
  });
}

// ---------------------------------------------------------------------------
// Admin endpoints for the editor's pickers and URL builder
// ---------------------------------------------------------------------------

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', String(Buffer.byteLength(body)));
  res.end(body);
}

async function adminJson(req: Req): Promise<Record<string, unknown>> {
  const pre = req.body;
  if (typeof pre === 'object' && pre !== null && !Buffer.isBuffer(pre)) return pre as Record<string, unknown>;
  if (alreadyParsed(req)) return {};
  const read = await readBody(req, 64 * 1024);
  if (read.kind !== 'ok' || !read.text.trim()) return {};
  const value: unknown = JSON.parse(read.text);
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

function deployedSecret(RED: NodeAPI, nodeId: unknown): string | undefined {
  if (typeof nodeId !== 'string') return undefined;
  const found = RED.nodes.getNode(nodeId) as { credentials?: Credentials } | null | undefined;
  return found?.credentials?.secret || undefined;
}

function builderRequest(RED: NodeAPI, body: Record<string, unknown>): { url: string; warnings: string[] } {
  const type = str(body.type);
  if (!isWebhookType(type)) throw new TypeError('pick a webhook type');
  let secret = str(body.secret) || undefined;
  if (secret === CREDENTIAL_PLACEHOLDER) secret = deployedSecret(RED, body.nodeId) ?? '<secret>';
  const get2post = body.get2post === true && type === 'agent_event';
  const url = buildCallbackUrl({
    baseUrl: str(body.baseUrl),
    path: normalizePath(str(body.path)),
    type,
    variables: body.variables === undefined ? undefined : stringList(body.variables),
    customFields: stringList(body.customFields),
    includeType: body.includeType !== false && !get2post,
    secret,
    secretParam: str(body.secretParam) || undefined,
  });
  const final = get2post ? wrapWithGet2Post(url, { script: str(body.get2postScript) || undefined }) : url;
  return { url: final, warnings: type === 'agent_event' ? agentPushWarnings(final) : [] };
}

function registerAdmin(RED: NodeAPI): void {
  const catalog: HttpHandler = (_req, res) => sendJson(res, 200, { ...webhookCatalog(), eventNames: AGENT_EVENT_NAMES });
  const url: HttpHandler = (req, res) => {
    adminJson(req)
      .then((body) => sendJson(res, 200, builderRequest(RED, body)))
      .catch((err: unknown) => sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) }));
  };
  RED.httpAdmin.get('/vicidial-webhook/catalog', RED.auth.needsPermission('vicidial-webhook.read'), catalog);
  // Writing permission, because the answer may contain a deployed node's secret.
  RED.httpAdmin.post('/vicidial-webhook/url', RED.auth.needsPermission('vicidial-webhook.write'), url);
}

export = function register(RED: NodeAPI): void {
  function VicidialWebhookNode(this: Node<Credentials>, def: NodeDef): void {
    RED.nodes.createNode(this, def);
    createWebhookNode(RED, this, def);
  }
  RED.nodes.registerType('vicidial-webhook', VicidialWebhookNode, {
    credentials: { secret: { type: 'password' } },
  });
  registerAdmin(RED);
  registerBodyRefusals(RED);
};

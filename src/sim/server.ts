/**
 * The simulator's HTTP front: the same URLs, parameter precedence, authentication,
 * lock-out and framing as VICIdial's PHP, dispatching to per-function handlers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Handler, SimAnswer, SimContext } from './context';
import { AGENT_HANDLERS, NON_AGENT_HANDLERS } from './handlers';
import { seedState, type Seed } from './seed';
import type { SimState, SimUser } from './state';

export interface SimOptions {
  port?: number;
  host?: string;
  nonAgentPath?: string;
  agentPath?: string;
  seed?: Seed;
  state?: SimState;
  /** Fixed clock for deterministic tests. */
  now?: () => Date;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
}

export interface SimRequestLog {
  api: 'non_agent' | 'agent' | 'other';
  method: string;
  fn: string;
  /** Which parameters came in the URL (names only: values may be secrets). */
  queryKeys: string[];
  bodyKeys: string[];
  status: number;
}

const LOCK_TRIGGER = 10;
const LOCK_SECONDS = 900;

type AuthResult = 'GOOD' | 'BAD' | 'LOCK';

/** Functions whose user must belong to an existing user group when api_list_restrict is on. */
const LIST_RESTRICTED = new Set(['add_lead', 'update_lead', 'batch_update_lead', 'update_list', 'list_info', 'list_custom_fields', 'lead_search']);

/** user_authorization() of VICIdial's functions.php: the lock is 10 failures within 15 minutes. */
export function authorize(state: SimState, user: string, pass: string, minLevelExclusive: number, nowSec: number): { result: AuthResult; user?: SimUser } {
  const u = state.users.get(user);
  const lockOver = nowSec - LOCK_SECONDS;
  const good =
    u !== undefined &&
    u.pass === pass &&
    u.user_level > minLevelExclusive &&
    u.active === 'Y' &&
    (u.failed_login_count < LOCK_TRIGGER || u.last_login_date < lockOver);
  if (good && u) {
    u.failed_login_count = 0;
    u.last_login_date = nowSec;
    return { result: 'GOOD', user: u };
  }
  if (!u) return { result: 'BAD' };
  if (u.failed_login_count < LOCK_TRIGGER) {
    u.failed_login_count++;
    return { result: 'BAD' };
  }
  if (lockOver > u.last_login_date) {
    u.last_login_date = nowSec;
    u.failed_login_count = 1;
    return { result: 'BAD' };
  }
  return { result: 'LOCK' };
}

/** PHP reads `$_GET[x]` first and falls back to `$_POST[x]`. */
function mergeParams(query: URLSearchParams, body: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of body) out[k] = v;
  for (const [k, v] of query) out[k] = v;
  return out;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export class VicidialSimulator {
  readonly state: SimState;
  readonly requests: SimRequestLog[] = [];
  private readonly server: http.Server;
  private readonly options: SimOptions;
  private readonly nonAgentPath: string;
  private readonly agentPath: string;
  /** Extra handlers or failure injections, by `${api}:${function}`. */
  private readonly overrides = new Map<string, Handler>();

  constructor(options: SimOptions = {}) {
    this.options = options;
    this.state = options.state ?? seedState(options.seed ?? {}, this.now());
    this.nonAgentPath = options.nonAgentPath ?? '/vicidial/non_agent_api.php';
    this.agentPath = options.agentPath ?? '/agc/api.php';
    this.server = http.createServer((req, res) => {
      this.handle(req).then(
        (answer) => this.reply(res, answer),
        () => this.reply(res, { status: 500, body: '' }),
      );
    });
    this.server.keepAliveTimeout = 5000;
  }

  now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    return this.url;
  }

  get url(): string {
    const addr = this.server.address() as AddressInfo | null;
    if (!addr) return '';
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    return `http://${host}:${addr.port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Replaces one function's behaviour (tests use it to inject slow or broken answers). */
  override(api: 'non_agent' | 'agent', fn: string, handler: Handler): void {
    this.overrides.set(`${api}:${fn}`, handler);
  }

  clearOverrides(): void {
    this.overrides.clear();
  }

  private reply(res: http.ServerResponse, answer: SimAnswer): void {
    if (res.destroyed) return;
    res.statusCode = answer.status ?? 200;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(answer.body);
  }

  private async handle(req: http.IncomingMessage): Promise<SimAnswer> {
    const url = new URL(req.url ?? '/', 'http://sim.local');
    const api = url.pathname === this.nonAgentPath ? 'non_agent' : url.pathname === this.agentPath ? 'agent' : 'other';
    let bodyText = '';
    if (req.method === 'POST') {
      try {
        bodyText = await readBody(req, this.options.maxBodyBytes ?? 1_000_000);
      } catch {
        return { status: 413, body: '' };
      }
    }
    const body = new URLSearchParams(/application\/x-www-form-urlencoded/.test(String(req.headers['content-type'] ?? '')) ? bodyText : '');
    const params = mergeParams(url.searchParams, body);
    const log: SimRequestLog = {
      api,
      method: req.method ?? 'GET',
      fn: params.function ?? '',
      queryKeys: [...url.searchParams.keys()],
      bodyKeys: [...body.keys()],
      status: 200,
    };
    this.requests.push(log);
    if (this.requests.length > 10_000) this.requests.splice(0, this.requests.length - 10_000);
    if (api === 'other') {
      log.status = 404;
      return { status: 404, body: 'Not Found\n' };
    }
    const answer = api === 'non_agent' ? this.nonAgent(params, req) : this.agent(params, req);
    log.status = answer.status ?? 200;
    return answer;
  }

  private context(api: 'non_agent' | 'agent', params: Record<string, string>, user: SimUser, req: http.IncomingMessage): SimContext {
    return { state: this.state, api, fn: params.function ?? '', params, user, now: this.now(), ip: req.socket.remoteAddress ?? '' };
  }

  private run(handler: Handler, ctx: SimContext): SimAnswer {
    const out = handler(ctx);
    return typeof out === 'string' ? { body: out } : out;
  }

  private nonAgent(rawParams: Record<string, string>, req: http.IncomingMessage): SimAnswer {
    // The PHP keeps only [-_0-9a-zA-Z] of function, user and pass (ASCII mode).
    const fn = (rawParams.function ?? '').replace(/[^-_0-9a-zA-Z]/g, '');
    const params: Record<string, string> = { ...rawParams, function: fn };
    const user = (params.user ?? '').replace(/[^-_0-9a-zA-Z]/g, '');
    const pass = (params.pass ?? '').replace(/[^-_0-9a-zA-Z]/g, '');
    const override = this.overrides.get(`non_agent:${fn}`);
    const version = override ?? NON_AGENT_HANDLERS.version;
    // version and the coffee easter egg answer before authentication, as in the PHP.
    if (fn === 'version') return this.run(version, this.context('non_agent', params, this.state.users.values().next().value as SimUser, req));
    if (['coffee', 'start_coffee', 'make_coffee', 'brew_coffee'].includes(fn)) {
      return { status: 418, body: `Coffee: ${fn}|Error 418 I'm a teapot` };
    }
    // Login is checked before the function name: an unknown function with bad credentials gets the login error.
    const auth = authorize(this.state, user, pass, 6, Math.floor(this.now().getTime() / 1000));
    if (auth.result === 'LOCK') return { body: `ERROR: Too many login attempts, try again in 15 minutes: |${user}|LOCK|\n` };
    if (!auth.user) return { body: `ERROR: Login incorrect, please try again: |${user}|${pass}|${auth.result}|\n` };
    if (auth.user.api_list_restrict > 0 && LIST_RESTRICTED.has(fn) && !this.state.userGroups.has(auth.user.user_group)) {
      return { body: `ERROR: user_group DOES NOT EXIST: |${user}|${auth.user.user_group}|\n` };
    }
    const handler = override ?? NON_AGENT_HANDLERS[fn];
    if (!handler) {
      // format=debug makes the PHP close its debug page after this line (runtime in whole seconds).
      const debug = (params.format ?? '').replace(/[^0-9a-zA-Z]/g, '') === 'debug' ? '\n<!-- script runtime: 0 seconds -->\n</body>\n</html>\n' : '';
      return { body: `ERROR: NO FUNCTION SPECIFIED\n${debug}` };
    }
    return this.run(handler, this.context('non_agent', params, auth.user, req));
  }

  private agent(params: Record<string, string>, req: http.IncomingMessage): SimAnswer {
    const fn = (params.function ?? '').replace(/[^-_0-9a-zA-Z]/g, '');
    const user = (params.user ?? '').replace(/[^-_0-9a-zA-Z]/g, '');
    const pass = (params.pass ?? '').replace(/[^-.+/=_0-9a-zA-Z]/g, '');
    const source = (params.source ?? '').replace(/[^0-9a-zA-Z]/g, '');
    const override = this.overrides.get(`agent:${fn}`);
    if (fn === 'version') return this.run(override ?? AGENT_HANDLERS.version, this.context('agent', params, this.state.users.values().next().value as SimUser, req));
    if (['coffee', 'start_coffee', 'make_coffee', 'brew_coffee'].includes(fn)) {
      return { status: 418, body: `Coffee: ${fn}|Error 418 I'm a teapot` };
    }
    if (source.length < 2) return { body: `ERROR: Invalid Source - ${source}\n` };
    const nowSec = Math.floor(this.now().getTime() / 1000);
    const auth = authorize(this.state, user, pass, 0, nowSec);
    // auth_api counts the user rows with the flag, whatever the password.
    const apiAccess = this.state.users.get(user)?.flags.vdc_agent_api_access === '1' ? 1 : 0;
    if (user.length < 2 || pass.length < 2 || !auth.user || apiAccess === 0) {
      const authNum = auth.result === 'GOOD' ? 1 : 0;
      // agc functions.php answers BAD with the bcrypt flag, the source and the login query it ran.
      const message =
        auth.result === 'BAD'
          ? `BAD|0|api|SELECT count(*) from vicidial_users where user='${user}' and pass='${pass}' and user_level > 0 and active='Y' and ( (failed_login_count < ${LOCK_TRIGGER}) or (UNIX_TIMESTAMP(last_login_date) < ${nowSec - LOCK_SECONDS}) );`
          : auth.result;
      return { body: `ERROR: Invalid Username/Password: |${user}|${pass}|${authNum}|${apiAccess}|${message}|\n` };
    }
    if (this.state.agentApiActive === false) return { body: 'ERROR: System API NOT ACTIVE\n' };
    const handler = override ?? AGENT_HANDLERS[fn];
    if (!handler) return { body: '' };
    return this.run(handler, this.context('agent', { ...params, function: fn }, auth.user, req));
  }
}

/** Starts a simulator on loopback and resolves once it listens. */
export async function startSimulator(options: SimOptions = {}): Promise<VicidialSimulator> {
  const sim = new VicidialSimulator(options);
  await sim.start();
  return sim;
}

/**
 * HTTP to one VICIdial server: a keep-alive pool, a concurrency limit with a bounded
 * FIFO queue, a timeout that really aborts, and retries only where they are safe.
 */
import http from 'node:http';
import https from 'node:https';
import { setMaxListeners } from 'node:events';
import { VicidialError } from './errors';
import { encodeForm } from './form';

export type Method = 'POST' | 'GET';

export interface TransportOptions {
  baseUrl: string;
  method?: Method;
  timeoutMs?: number;
  concurrency?: number;
  /** Calls waiting for a free slot; one more fails at once with QUEUE_FULL. */
  queueLimit?: number;
  rejectUnauthorized?: boolean;
  /** Retries of reads on refused/reset connections. */
  retries?: number;
  retryBaseMs?: number;
  /** Largest answer body accepted, in bytes; a larger one fails with TOO_LARGE and is not read further. */
  maxBytes?: number;
  /** Sent with every request (e.g. Authorization); never put into an error. */
  headers?: Readonly<Record<string, string>>;
  /** Resends of a 503 answer, honouring Retry-After; then BUSY. 0 returns the 503 answer as is. */
  busyRetries?: number;
  /** Longest wait before resending a 503, whatever Retry-After asks for. */
  busyMaxWaitMs?: number;
}

export interface HttpAnswer {
  status: number;
  body: string;
  contentType: string;
  headers: http.IncomingHttpHeaders;
}

/** Called with an attempt's answer, or with none when it never came (error, timeout). */
export type AttemptEnd = (answer: HttpAnswer | undefined, error?: VicidialError) => void;

/**
 * Admission of each attempt (retries included) by the caller, e.g. a login guard:
 * `enter` resolves when the attempt may be sent, or rejects to fail the call.
 */
export interface AttemptGate {
  enter(signal: AbortSignal): Promise<AttemptEnd>;
}

export interface RequestOptions {
  /** 'write' requests are never resent once they may have reached the server. */
  kind: 'read' | 'write';
  functionName?: string;
  gate?: AttemptGate;
}

export const DEFAULTS = {
  method: 'POST' as Method,
  timeoutMs: 30_000,
  concurrency: 4,
  queueLimit: 100,
  retries: 2,
  retryBaseMs: 200,
  retryMaxMs: 2_000,
  maxBytes: 64 * 1024 * 1024,
  busyMaxWaitMs: 30_000,
};

/** Errors that prove the request never reached the server, so even a write may be resent. */
export const NOT_SENT: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const READ_RETRYABLE: ReadonlySet<string> = new Set([...NOT_SENT, 'ECONNRESET', 'EPIPE']);

interface Target {
  /** Path and query of a POST's request line. */
  path: string;
  /** A GET's form replaces any query the path had. */
  pathname: string;
  /** The address for error texts: no query, so never a credential. */
  where: string;
}

interface Waiter {
  resolve: () => void;
  reject: (e: VicidialError) => void;
}

class Limiter {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  constructor(private readonly max: number, private readonly queueLimit: number) {}

  get pending(): number {
    return this.waiting.length;
  }

  acquire(functionName?: string): Promise<void> {
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.queueLimit) {
      return Promise.reject(
        new VicidialError({
          code: 'QUEUE_FULL',
          function: functionName,
          reason: `request queue is full (${this.max} running, ${this.queueLimit} waiting)`,
        }),
      );
    }
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next.resolve();
    else this.active--;
  }

  /** Fails every queued call, so no caller waits forever on a closed client. */
  drain(error: () => VicidialError): void {
    for (const w of this.waiting.splice(0)) w.reject(error());
  }
}

export class Transport {
  readonly options: Required<TransportOptions>;
  private readonly agent: http.Agent;
  private readonly base: URL;
  private readonly limiter: Limiter;
  private closed = false;
  /** Aborted on close: stops back-off waits and gate waits of calls already running. */
  private readonly closing = new AbortController();
  /** Requests on the wire, aborted on close so none outlives the client (its socket, its timer). */
  private readonly onWire = new Set<() => void>();
  private readonly targets = new Map<string, Target>();
  private readonly hostname: string;
  private readonly baseHeaders: Readonly<Record<string, string>>;

  constructor(options: TransportOptions) {
    this.options = {
      method: DEFAULTS.method,
      timeoutMs: DEFAULTS.timeoutMs,
      concurrency: DEFAULTS.concurrency,
      queueLimit: DEFAULTS.queueLimit,
      rejectUnauthorized: true,
      retries: DEFAULTS.retries,
      retryBaseMs: DEFAULTS.retryBaseMs,
      maxBytes: DEFAULTS.maxBytes,
      headers: {},
      busyRetries: 0,
      busyMaxWaitMs: DEFAULTS.busyMaxWaitMs,
      ...stripUndefined(options),
      baseUrl: options.baseUrl,
    };
    this.base = parseBaseUrl(options.baseUrl);
    // An IPv6 literal is bracketed in a URL but not in request options.
    this.hostname = this.base.hostname.startsWith('[') ? this.base.hostname.slice(1, -1) : this.base.hostname;
    this.baseHeaders = { accept: 'text/html, text/plain, */*', ...this.options.headers };
    const concurrency = Math.max(1, Math.floor(this.options.concurrency));
    const agentOptions = { keepAlive: true, maxSockets: concurrency };
    this.agent =
      this.base.protocol === 'https:'
        ? new https.Agent({ ...agentOptions, rejectUnauthorized: this.options.rejectUnauthorized })
        : new http.Agent(agentOptions);
    this.limiter = new Limiter(concurrency, Math.max(0, Math.floor(this.options.queueLimit)));
    // Every running call listens for the close: as many listeners as calls is expected.
    setMaxListeners(0, this.closing.signal);
  }

  get queued(): number {
    return this.limiter.pending;
  }

  async request(path: string, params: Readonly<Record<string, string>>, opts: RequestOptions): Promise<HttpAnswer> {
    if (this.closed) throw closedError(opts.functionName);
    await this.limiter.acquire(opts.functionName);
    try {
      return await this.withBusyRetries(path, params, opts);
    } finally {
      this.limiter.release();
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** After close no request starts: queued calls, back-off waits and gate waits fail with NETWORK. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.closing.abort(closedError());
    this.limiter.drain(() => closedError());
    for (const abort of [...this.onWire]) abort();
    this.agent.destroy();
  }

  /** A 503 means the server is overloaded: wait as it asks (bounded), then give up with BUSY. */
  private async withBusyRetries(path: string, params: Readonly<Record<string, string>>, opts: RequestOptions): Promise<HttpAnswer> {
    const max = Math.max(0, Math.floor(this.options.busyRetries));
    for (let attempt = 0; ; attempt++) {
      const answer = await this.withRetries(path, params, opts);
      if (answer.status !== 503 || max === 0) return answer;
      if (attempt >= max || this.closed) {
        throw new VicidialError({
          code: 'BUSY',
          function: opts.functionName,
          status: 503,
          reason: `the server is busy (HTTP 503) and stayed busy after ${max} retr${max === 1 ? 'y' : 'ies'}`,
        });
      }
      const fallback = Math.min(DEFAULTS.retryMaxMs, this.options.retryBaseMs * 2 ** attempt);
      await this.backOff(retryAfterMs(answer.headers['retry-after'], fallback, this.options.busyMaxWaitMs), opts.functionName);
    }
  }

  private async withRetries(path: string, params: Readonly<Record<string, string>>, opts: RequestOptions): Promise<HttpAnswer> {
    for (let attempt = 0; ; attempt++) {
      if (this.closed) throw closedError(opts.functionName);
      const end = opts.gate ? await opts.gate.enter(this.closing.signal) : undefined;
      let answer: HttpAnswer;
      try {
        // The gate may have waited: a close in the meantime must still stop the attempt.
        if (this.closed) throw closedError(opts.functionName);
        answer = await this.once(path, params, opts);
      } catch (err) {
        const e = err as VicidialError & { sysCode?: string };
        end?.(undefined, e);
        const sysCode = e.sysCode ?? '';
        const retryable = opts.kind === 'read' ? READ_RETRYABLE.has(sysCode) : NOT_SENT.has(sysCode);
        if (!retryable || attempt >= this.options.retries || this.closed) throw err;
        await this.backOff(Math.min(DEFAULTS.retryMaxMs, this.options.retryBaseMs * 2 ** attempt), opts.functionName);
        continue;
      }
      end?.(answer);
      return answer;
    }
  }

  /** A back-off wait that a close cuts short (its timer cleared), failing the call. */
  private backOff(ms: number, functionName?: string): Promise<void> {
    const signal = this.closing.signal;
    return new Promise((resolve, reject) => {
      const onClose = (): void => {
        clearTimeout(timer);
        reject(closedError(functionName));
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onClose);
        resolve();
      }, ms);
      signal.addEventListener('abort', onClose, { once: true });
    });
  }

  /** Where a path goes, resolved once per path (not a URL object per call). */
  private target(path: string): Target {
    let t = this.targets.get(path);
    if (!t) {
      const url = new URL(path, this.base);
      // Never put the URL in an error: with GET its query carries the password.
      const where = `${url.protocol}//${url.host}${url.pathname}`;
      t = { path: `${url.pathname}${url.search}`, pathname: url.pathname, where };
      this.targets.set(path, t);
    }
    return t;
  }

  private once(path: string, params: Readonly<Record<string, string>>, opts: RequestOptions): Promise<HttpAnswer> {
    const target = this.target(path);
    const form = encodeForm(params);
    const isPost = this.options.method === 'POST';
    const headers: Record<string, string | number> = isPost
      ? { ...this.baseHeaders, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(form) }
      : this.baseHeaders;
    // Plain options: http.request turns a URL object into these on every call.
    const options: http.RequestOptions = {
      protocol: this.base.protocol,
      hostname: this.hostname,
      port: this.base.port === '' ? undefined : Number(this.base.port),
      path: isPost ? target.path : form === '' ? target.pathname : `${target.pathname}?${form}`,
      method: this.options.method,
      agent: this.agent,
      headers,
    };
    const lib = this.base.protocol === 'https:' ? https : http;
    const where = target.where;
    const fn = opts.functionName;

    return new Promise<HttpAnswer>((resolve, reject) => {
      let settled = false;
      const fail = (e: VicidialError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.onWire.delete(abort);
        reject(e);
      };
      const abort = (): void => {
        fail(new VicidialError({ code: 'NETWORK', function: fn, reason: `client closed (the server configuration was redeployed or removed) while waiting for ${where}` }));
        req.destroy();
      };
      const maxBytes = this.options.maxBytes;
      const req = lib.request(options, (res) => {
        const chunks: Buffer[] = [];
        let received = 0;
        const declared = declaredLength(res.headers['content-length']);
        if (declared !== undefined && declared > maxBytes) {
          fail(tooLarge(fn, where, maxBytes, declared));
          res.destroy();
          return;
        }
        const cut = (e?: Error & { code?: string }): void => {
          // A body cut short is never data: say so, whatever the socket reported.
          if (received > 0 || declared !== undefined) fail(truncated(fn, where, received, declared, e?.code));
          else if (e) fail(networkError(e, fn, where));
          else fail(truncated(fn, where, received, declared));
        };
        res.on('data', (c: Buffer) => {
          received += c.length;
          if (received > maxBytes) {
            fail(tooLarge(fn, where, maxBytes));
            chunks.length = 0;
            res.destroy();
            return;
          }
          chunks.push(c);
        });
        res.on('error', (e) => cut(e));
        res.on('close', () => {
          if (!res.complete) cut();
        });
        res.on('end', () => {
          if (settled) return;
          if (declared !== undefined && received !== declared) return cut();
          settled = true;
          clearTimeout(timer);
          this.onWire.delete(abort);
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            contentType: String(res.headers['content-type'] ?? ''),
            headers: res.headers,
          });
        });
      });
      const timer = setTimeout(() => {
        fail(new VicidialError({ code: 'TIMEOUT', function: fn, reason: `no answer from ${where} within ${this.options.timeoutMs} ms` }));
        req.destroy();
      }, this.options.timeoutMs);
      req.on('error', (e) => fail(networkError(e, fn, where)));
      this.onWire.add(abort);
      if (isPost) req.end(form);
      else req.end();
    });
  }
}

function closedError(functionName?: string): VicidialError {
  return new VicidialError({
    code: 'NETWORK',
    function: functionName,
    reason: 'client closed (the server configuration was redeployed or removed) before the call was sent',
  });
}

function declaredLength(header: string | undefined): number | undefined {
  if (header === undefined || !/^\d+$/.test(header)) return undefined;
  return Number(header);
}

function tooLarge(fn: string | undefined, where: string, maxBytes: number, declared?: number): VicidialError {
  const size = declared === undefined ? 'more than' : `${declared} bytes, more than`;
  return new VicidialError({ code: 'TOO_LARGE', function: fn, reason: `the answer from ${where} is ${size} the ${maxBytes}-byte limit; nothing of it was used` });
}

function truncated(fn: string | undefined, where: string, received: number, declared: number | undefined, sysCode?: string): VicidialError {
  const expected = declared === undefined ? '' : ` of the ${declared} announced`;
  const err = new VicidialError({ code: 'TRUNCATED', function: fn, reason: `the answer from ${where} was cut short after ${received} bytes${expected}; nothing of it was used` });
  // A reset keeps its system code, so a read is retried as after any reset.
  return Object.assign(err, { sysCode: sysCode ?? 'ECONNRESET' });
}

function networkError(e: Error & { code?: string }, fn: string | undefined, where: string): VicidialError {
  const err = new VicidialError({
    code: 'NETWORK',
    function: fn,
    reason: `${e.code ?? 'ERROR'} talking to ${where}${e.code ? '' : `: ${e.message}`}`,
  });
  return Object.assign(err, { sysCode: e.code });
}

/** Retry-After in seconds or as an HTTP date, bounded to [0, maxMs]; the fallback when absent or unreadable. */
export function retryAfterMs(header: string | undefined, fallbackMs: number, maxMs: number): number {
  const text = (header ?? '').trim();
  let ms = fallbackMs;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else if (text && Number.isFinite(Date.parse(text))) ms = Date.parse(text) - Date.now();
  return Math.min(maxMs, Math.max(0, ms));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new VicidialError({ code: 'INVALID', reason: 'server URL is not a valid URL' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new VicidialError({ code: 'INVALID', reason: 'server URL must start with http:// or https://' });
  }
  if (url.username || url.password) {
    throw new VicidialError({ code: 'INVALID', reason: 'server URL must not carry credentials; use the user and password fields' });
  }
  return url;
}

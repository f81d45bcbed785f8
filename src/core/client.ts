/**
 * The one way the pack talks to VICIdial: catalog lookup, parameter checks,
 * transport, parsing and redaction in a single call.
 */
import { getFunction } from './catalog';
import type { ApiKind, FunctionSpec } from './catalog/types';
import { isVicidialError, VicidialError } from './errors';
import { GUARD_DEFAULTS, processGuards, type GuardRegistry, type GuardSnapshot, type LoginGuard, type LoginOutcome } from './login-guard';
import { buildParams } from './params';
import { loginFailure, parseResponse, type ApiResult } from './parser';
import { makeRedactor, type Redactor } from './redact';
import { NOT_SENT, Transport, type AttemptGate, type HttpAnswer, type Method } from './transport';

export interface ClientConfig {
  baseUrl: string;
  user: string;
  pass: string;
  source?: string;
  nonAgentPath?: string;
  agentPath?: string;
  method?: Method;
  timeoutMs?: number;
  concurrency?: number;
  queueLimit?: number;
  rejectUnauthorized?: boolean;
  retries?: number;
  retryBaseMs?: number;
  /** Largest answer accepted, in bytes (TOO_LARGE beyond). */
  maxBytes?: number;
  /** Failed logins per 15 minutes for this server and user before calls stop (1–9; VICIdial locks at 10). */
  loginFailureLimit?: number;
  /** Where the login guard keeps its state; by default shared by every client of this process. */
  guards?: GuardRegistry;
  /** Other secrets to keep out of every output (e.g. an agent's phone password). */
  extraSecrets?: string[];
}

export interface CallOptions {
  api?: ApiKind;
}

export const DEFAULT_PATHS = { nonAgent: '/vicidial/non_agent_api.php', agent: '/agc/api.php' };
export const DEFAULT_SOURCE = 'node-red';

/** How long past the timeout a slot of a runtime that died mid-call still counts. */
const SLOT_GRACE_MS = 5_000;

export class VicidialClient {
  readonly redact: Redactor;
  private readonly transport: Transport;
  private readonly config: ClientConfig;
  private readonly guard: LoginGuard;

  constructor(config: ClientConfig) {
    if (!config.user) throw new VicidialError({ code: 'INVALID', reason: 'API user is not set' });
    if (!config.pass) throw new VicidialError({ code: 'INVALID', reason: 'API password is not set' });
    const source = config.source ?? DEFAULT_SOURCE;
    if (source.length > 20) throw new VicidialError({ code: 'INVALID', reason: 'source must be at most 20 characters' });
    this.config = { ...config, source };
    this.redact = makeRedactor([config.pass, ...(config.extraSecrets ?? [])]);
    this.transport = new Transport({
      baseUrl: config.baseUrl,
      method: config.method,
      timeoutMs: config.timeoutMs,
      concurrency: config.concurrency,
      queueLimit: config.queueLimit,
      rejectUnauthorized: config.rejectUnauthorized,
      retries: config.retries,
      retryBaseMs: config.retryBaseMs,
      maxBytes: config.maxBytes,
    });
    this.guard = (config.guards ?? processGuards).guard(config.baseUrl, config.user, config.loginFailureLimit ?? GUARD_DEFAULTS.limit);
  }

  /** Calls any catalog function; resolves with the parsed result or rejects with a VicidialError. */
  async call(functionName: string, input: Readonly<Record<string, unknown>> = {}, options: CallOptions = {}): Promise<ApiResult> {
    const spec = getFunction(functionName, options.api);
    const params = buildParams(spec, input);
    return this.send(spec, params);
  }

  /** Sends already-checked parameters; every error leaving here is redacted. */
  async send(spec: FunctionSpec, params: Readonly<Record<string, string>>): Promise<ApiResult> {
    const path = spec.api === 'agent' ? this.config.agentPath || DEFAULT_PATHS.agent : this.config.nonAgentPath || DEFAULT_PATHS.nonAgent;
    const full = { ...params, source: this.config.source ?? DEFAULT_SOURCE, user: this.config.user, pass: this.config.pass, function: spec.name };
    try {
      const answer = await this.transport.request(path, full, { kind: spec.write ? 'write' : 'read', functionName: spec.name, gate: this.gateFor(spec) });
      return parseResponse(spec, answer.body, { params, status: answer.status, redact: this.redact });
    } catch (err) {
      throw this.cleanError(err, spec);
    }
  }

  /** After close no call starts; calls already waiting fail with NETWORK. */
  close(): void {
    this.transport.close();
  }

  /** The login guard of this server and user: paused or locked, and until when (for node statuses). */
  loginState(): GuardSnapshot {
    return this.guard.snapshot();
  }

  /** Every attempt that carries the login passes the guard; `version` is answered before the login. */
  private gateFor(spec: FunctionSpec): AttemptGate | undefined {
    if (spec.login === false) return undefined;
    const ttl = this.transport.options.timeoutMs + SLOT_GRACE_MS;
    return {
      enter: async (signal) => {
        const leave = await this.guard.enter(ttl, signal, spec.name);
        return (answer, error) => {
          // The outcome is recorded in the background; a store that fails must not fail the call.
          leave(loginOutcome(spec, answer, error)).catch(() => undefined);
        };
      },
    };
  }

  private cleanError(err: unknown, spec: FunctionSpec): VicidialError {
    const e = isVicidialError(err)
      ? err
      : new VicidialError({ code: 'UNKNOWN', function: spec.name, reason: err instanceof Error ? err.message : String(err) });
    return redactError(e, this.redact);
  }
}

/** What one attempt tells about the login: a failure, a lock, a success, or nothing known. */
function loginOutcome(spec: FunctionSpec, answer: HttpAnswer | undefined, error: VicidialError | undefined): LoginOutcome {
  if (!answer) {
    const sysCode = (error as { sysCode?: string } | undefined)?.sysCode;
    if (sysCode && NOT_SENT.has(sysCode)) return 'none';
    // A login failure is a short line: an oversized answer got past the login.
    if (error?.code === 'TOO_LARGE') return 'ok';
    return 'unknown';
  }
  // VICIdial answers its login failures with 200; other statuses come from in front of it.
  if (answer.status < 200 || answer.status > 299) return 'none';
  const failure = loginFailure(spec, answer.body);
  if (failure === 'LOCKED') return 'locked';
  return failure === 'AUTH' ? 'failed' : 'ok';
}

export function redactError(e: VicidialError, redact: Redactor): VicidialError {
  const clean = new VicidialError({
    code: e.code,
    function: e.function,
    reason: redact(e.reason),
    details: e.details.map(redact),
    fields: Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k, redact(v)])),
    notices: e.notices.map((n) => ({ reason: redact(n.reason), details: n.details.map(redact) })),
    raw: redact(e.raw),
    status: e.status,
    retryAt: e.retryAt,
  });
  return clean;
}

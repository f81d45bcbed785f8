/**
 * The one way the pack talks to VICIdial: catalog lookup, parameter checks,
 * transport, parsing and redaction in a single call.
 */
import { getFunction } from './catalog';
import type { ApiKind, FunctionSpec } from './catalog/types';
import { isVicidialError, VicidialError } from './errors';
import { buildParams } from './params';
import { parseResponse, type ApiResult } from './parser';
import { makeRedactor, type Redactor } from './redact';
import { Transport, type Method } from './transport';

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
  /** Other secrets to keep out of every output (e.g. an agent's phone password). */
  extraSecrets?: string[];
}

export interface CallOptions {
  api?: ApiKind;
}

export const DEFAULT_PATHS = { nonAgent: '/vicidial/non_agent_api.php', agent: '/agc/api.php' };
export const DEFAULT_SOURCE = 'node-red';

/** Consecutive login failures after which calls stop being sent for a while. */
const AUTH_FAILURES_BEFORE_PAUSE = 3;
const AUTH_PAUSE_MS = 5 * 60_000;

export class VicidialClient {
  readonly redact: Redactor;
  private readonly transport: Transport;
  private readonly config: ClientConfig;
  private authFailures = 0;
  private pausedUntil = 0;

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
    });
  }

  /** Calls any catalog function; resolves with the parsed result or rejects with a VicidialError. */
  async call(functionName: string, input: Readonly<Record<string, unknown>> = {}, options: CallOptions = {}): Promise<ApiResult> {
    const spec = getFunction(functionName, options.api);
    const params = buildParams(spec, input);
    return this.send(spec, params);
  }

  /** Sends already-checked parameters; every error leaving here is redacted. */
  async send(spec: FunctionSpec, params: Readonly<Record<string, string>>): Promise<ApiResult> {
    this.checkAuthPause(spec);
    const path = spec.api === 'agent' ? this.config.agentPath || DEFAULT_PATHS.agent : this.config.nonAgentPath || DEFAULT_PATHS.nonAgent;
    const full = { ...params, source: this.config.source ?? DEFAULT_SOURCE, user: this.config.user, pass: this.config.pass, function: spec.name };
    try {
      const answer = await this.transport.request(path, full, { kind: spec.write ? 'write' : 'read', functionName: spec.name });
      const result = parseResponse(spec, answer.body, { params, status: answer.status, redact: this.redact });
      this.authFailures = 0;
      return result;
    } catch (err) {
      throw this.cleanError(err, spec);
    }
  }

  close(): void {
    this.transport.close();
  }

  private checkAuthPause(spec: FunctionSpec): void {
    if (Date.now() >= this.pausedUntil) return;
    throw new VicidialError({
      code: 'AUTH',
      function: spec.name,
      reason: `not sent: the last ${AUTH_FAILURES_BEFORE_PAUSE} logins failed; calls resume in ${Math.ceil((this.pausedUntil - Date.now()) / 1000)} s (this avoids VICIdial's 15-minute lock after 10 failures)`,
    });
  }

  private cleanError(err: unknown, spec: FunctionSpec): VicidialError {
    const e = isVicidialError(err)
      ? err
      : new VicidialError({ code: 'UNKNOWN', function: spec.name, reason: err instanceof Error ? err.message : String(err) });
    if (e.code === 'AUTH' || e.code === 'LOCKED') {
      this.authFailures++;
      if (e.code === 'LOCKED' || this.authFailures >= AUTH_FAILURES_BEFORE_PAUSE) this.pausedUntil = Date.now() + AUTH_PAUSE_MS;
    }
    return redactError(e, this.redact);
  }
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
  });
  return clean;
}

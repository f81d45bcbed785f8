/**
 * What a vicidial-server config node means as client settings, and the connection
 * test its edit dialog runs. Kept out of the node file so the node stays thin.
 */
import { VicidialClient, DEFAULT_SOURCE, type ClientConfig } from './client';
import { VicidialError, isVicidialError } from './errors';
import type { Node, NodeDef } from './node-red-types';
import { describeError } from './describe';
import { GUARD_DEFAULTS } from './login-guard';

export interface ServerCredentials {
  user?: string;
  password?: string;
  [key: string]: string | undefined;
}

export interface ServerDef extends NodeDef {
  url?: string;
  nonAgentPath?: string;
  agentPath?: string;
  source?: string;
  timeout?: string | number;
  method?: string;
  concurrency?: string | number;
  insecure?: boolean;
  /** Largest answer accepted, in MiB. */
  maxAnswerMB?: string | number;
  /** Failed logins per 15 minutes before calls stop. */
  loginLimit?: string | number;
  /** Context store that holds the login guard ('' = this runtime's memory). */
  guardStore?: string;
}

export interface ServerNode extends Node<ServerCredentials> {
  /** The shared client; throws an INVALID VicidialError when the node is misconfigured. */
  getClient(): VicidialClient;
}

function num(v: unknown, fallback: number, min: number, max: number): number {
  const n = typeof v === 'number' ? v : parseFloat(String(v ?? ''));
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, n));
}

/** The client settings a node definition and its credentials describe. */
export function clientConfig(def: ServerDef, creds: ServerCredentials): ClientConfig {
  return {
    baseUrl: String(def.url ?? '').trim(),
    user: String(creds.user ?? '').trim(),
    pass: String(creds.password ?? ''),
    source: String(def.source ?? '').trim() || DEFAULT_SOURCE,
    nonAgentPath: String(def.nonAgentPath ?? '').trim() || undefined,
    agentPath: String(def.agentPath ?? '').trim() || undefined,
    timeoutMs: num(def.timeout, 30, 1, 600) * 1000,
    method: String(def.method ?? 'POST').toUpperCase() === 'GET' ? 'GET' : 'POST',
    concurrency: num(def.concurrency, 4, 1, 64),
    rejectUnauthorized: !def.insecure,
    maxBytes: Math.round(num(def.maxAnswerMB, 64, 1, 1024) * 1024 * 1024),
    loginFailureLimit: num(def.loginLimit, GUARD_DEFAULTS.limit, 1, GUARD_DEFAULTS.maxLimit),
  };
}

/** One authenticated round trip, reported in plain words for the edit dialog. */
export async function testConnection(config: ClientConfig): Promise<{ ok: boolean; message: string; code?: string; version?: string }> {
  let client: VicidialClient | undefined;
  try {
    client = new VicidialClient({ ...config, retries: 0 });
    const version = await client.call('version');
    const v = (version.data as Record<string, string>).version ?? '';
    try {
      await client.call('logged_in_agents');
      return { ok: true, message: `Connected to VICIdial ${v}: login accepted.`, version: v };
    } catch (err) {
      if (isVicidialError(err) && err.code === 'PERMISSION') {
        return {
          ok: true,
          code: err.code,
          version: v,
          message: `Connected to VICIdial ${v}: login accepted, but this user may not read agent stats (${err.reason}).`,
        };
      }
      throw err;
    }
  } catch (err) {
    const e = isVicidialError(err) ? err : new VicidialError({ code: 'UNKNOWN', reason: String(err) });
    const clean = client ? client.redact(describeError(e)) : describeError(e);
    return { ok: false, code: e.code, message: clean };
  } finally {
    client?.close();
  }
}


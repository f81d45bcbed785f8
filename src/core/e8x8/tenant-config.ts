/**
 * What an e8x8-tenant config node means as client settings, kept out of the node file.
 */
import type { Node, NodeDef } from '../node-red-types';
import type { E8x8Client, E8x8Config } from './client';

export interface TenantCredentials {
  tenant?: string;
  token?: string;
  [key: string]: string | undefined;
}

export interface TenantDef extends NodeDef {
  url?: string;
  timeout?: string | number;
  concurrency?: string | number;
}

export interface TenantNode extends Node<TenantCredentials> {
  /** The shared client; throws an INVALID VicidialError when the node is misconfigured. */
  getClient(): E8x8Client;
}

function num(v: unknown, fallback: number, min: number, max: number): number {
  const n = typeof v === 'number' ? v : parseFloat(String(v ?? ''));
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, n));
}

export function tenantConfig(def: TenantDef, creds: TenantCredentials): E8x8Config {
  return {
    url: String(def.url ?? '').trim(),
    tenant: String(creds.tenant ?? '').trim(),
    token: String(creds.token ?? ''),
    timeoutMs: num(def.timeout, 30, 1, 600) * 1000,
    concurrency: Math.floor(num(def.concurrency, 1, 1, 8)),
  };
}

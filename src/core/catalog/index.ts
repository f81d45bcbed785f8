import type { ApiKind, FunctionSpec } from './types';
import { FUNCTIONS as NON_AGENT_1 } from './non-agent-1';
import { FUNCTIONS as NON_AGENT_2 } from './non-agent-2';
import { FUNCTIONS as NON_AGENT_3 } from './non-agent-3';
import { FUNCTIONS as NON_AGENT_LEADS } from './non-agent-leads';
import { FUNCTIONS as AGENT } from './agent';
import { VicidialError } from '../errors';

export type { ApiKind, FunctionSpec, ParamSpec, ResponseSpec, LineSpec, PermissionSpec } from './types';

export const CATALOG: readonly FunctionSpec[] = [...NON_AGENT_1, ...NON_AGENT_2, ...NON_AGENT_3, ...NON_AGENT_LEADS, ...AGENT];

const byKey = new Map<string, FunctionSpec>(CATALOG.map((f) => [`${f.api}:${f.name}`, f]));

/**
 * Finds a function by name. `version` exists in both APIs, so an unqualified name
 * prefers the Non-Agent API; `agent:version` or `api: 'agent'` picks the other.
 */
export function findFunction(name: string, api?: ApiKind): FunctionSpec | undefined {
  const colon = name.indexOf(':');
  if (colon > 0) {
    const prefix = name.slice(0, colon).replace('-', '_');
    if (prefix === 'agent' || prefix === 'non_agent') return byKey.get(`${prefix}:${name.slice(colon + 1)}`);
  }
  if (api) return byKey.get(`${api}:${name}`);
  return byKey.get(`non_agent:${name}`) ?? byKey.get(`agent:${name}`);
}

export function getFunction(name: unknown, api?: ApiKind): FunctionSpec {
  const spec = typeof name === 'string' ? findFunction(name.trim(), api) : undefined;
  if (!spec) {
    throw new VicidialError({
      code: 'INVALID',
      function: typeof name === 'string' ? name : undefined,
      reason: typeof name === 'string' && name ? `unknown API function "${name}"` : 'no API function given',
    });
  }
  return spec;
}

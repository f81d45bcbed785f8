/**
 * The e8x8-stats node's settings and an input message, turned into one statistics
 * query: the dialog's choices, typedInputs evaluated against the message, and the
 * message's own overrides (msg.resource, msg.range, msg.filters …) on top.
 */
import { VicidialError } from '../errors';
import type { NodeDef, NodeMessage } from '../node-red-types';
import { ID_NAMES, type IdName, type ResourceSpec } from './catalog';
import { getResource, type StatsQuery } from './client';
import type { DateInput } from './dates';
import { checkShape, type E8x8Shape } from './shape';

export interface StatsDef extends NodeDef {
  tenant?: string;
  resource?: string;
  resourceType?: string;
  agent?: string;
  agentType?: string;
  group?: string;
  groupType?: string;
  queue?: string;
  queueType?: string;
  channel?: string;
  channelType?: string;
  campaign?: string;
  campaignType?: string;
  range?: string;
  from?: string;
  fromType?: string;
  to?: string;
  toType?: string;
  d?: string;
  dType?: string;
  tz?: string;
  tzType?: string;
  filters?: string;
  format?: string;
  paging?: string;
  maxPages?: string | number;
  shape?: string;
  interval?: string | number;
  onlyChanged?: boolean;
  errorOutput?: boolean;
}

/** The typedInput holding each id. */
export const ID_PROPS: Readonly<Record<IdName, string>> = {
  'agent-id': 'agent',
  'group-id': 'group',
  'queue-id': 'queue',
  'channel-id': 'channel',
  'campaign-id': 'campaign',
};

export type Evaluate = (prop: string) => Promise<unknown>;

export interface NodeQuery {
  spec: ResourceSpec;
  query: StatsQuery;
  shape: E8x8Shape;
  eachPage: boolean;
}

function invalid(reason: string): VicidialError {
  return new VicidialError({ code: 'INVALID', reason });
}

/** The dialog's filters: empty or a JSON object of field=value. */
export function filtersFrom(text: unknown): Record<string, unknown> {
  if (text && typeof text === 'object' && !Array.isArray(text)) return { ...(text as Record<string, unknown>) };
  if (text === undefined || text === null || String(text).trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(String(text));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw invalid('the filters must be a JSON object of field names and values, e.g. {"media-type":"T"}');
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

export async function nodeQuery(def: StatsDef, msg: NodeMessage, evaluate: Evaluate): Promise<NodeQuery> {
  const spec = getResource(text(msg.resource) ?? (await evaluate('resource')));
  const ids: Partial<Record<IdName, unknown>> = {};
  for (const name of ID_NAMES) if (spec.ids.includes(name)) ids[name] = await evaluate(ID_PROPS[name]);
  let date: DateInput | undefined;
  let tz: unknown;
  let filters: Record<string, unknown> = {};
  if (spec.query.d) {
    const range = text(msg.range) ?? def.range ?? 'today';
    date = { range, from: msg.from ?? (await evaluate('from')), to: msg.to ?? (await evaluate('to')), d: msg.d ?? (await evaluate('d')) };
    tz = msg.tz ?? (await evaluate('tz'));
  }
  if (spec.query.filters) filters = { ...filtersFrom(def.filters), ...filtersFrom(msg.filters) };
  else if (msg.filters !== undefined) filtersFrom(msg.filters);
  const maxPages = msg.maxPages ?? def.maxPages;
  const shape = checkShape(text(msg.shape) ?? def.shape, spec);
  const format = text(msg.format) ?? def.format;
  return {
    spec,
    shape,
    eachPage: (text(msg.paging) ?? def.paging) === 'each',
    query: {
      resource: spec.name,
      ids,
      date,
      tz,
      filters: spec.query.filters ? filters : msg.filters === undefined ? undefined : filtersFrom(msg.filters),
      format: format as StatsQuery['format'],
      maxPages: maxPages === '' ? undefined : (maxPages as number | undefined),
    },
  };
}

/** Poll intervals below this are raised to it: the data are 30-minute aggregates that lag up to an hour. */
export const MIN_POLL_SECONDS = 60;

export function pollSeconds(value: unknown): number {
  const n = typeof value === 'number' ? value : parseFloat(String(value ?? ''));
  if (!Number.isFinite(n) || n <= 0) return 0;
  return Math.max(n, MIN_POLL_SECONDS);
}

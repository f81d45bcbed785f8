/**
 * The input/status/output contract every action node shares, so node files only
 * say which function to call with which fields:
 * - the incoming message passes through with `payload` replaced by the result and
 *   `vicidial` = { function, notices, raw } added;
 * - a failure goes to `done(err)` (Catch nodes see `msg.error.code`, and the full
 *   error in `msg.vicidial.error`), or to a second output when the node is set so;
 * - every message ends in exactly one output message or one error.
 */
import type { VicidialClient } from './client';
import { isVicidialError, VicidialError } from './errors';
import type { DoneFn, Node, NodeAPI, NodeDef, NodeMessage, SendFn } from './node-red-types';
import type { ApiResult, StatusLine } from './parser';
import type { ServerNode } from './server-config';
import { statusOf } from './node-status';

export interface ActionDef extends NodeDef {
  server?: string;
  /** Send failures to a second output instead of throwing them to Catch nodes. */
  errorOutput?: boolean;
}

export interface ActionResult {
  payload: unknown;
  function: string;
  notices: StatusLine[];
  raw: string;
  /** Short status text, e.g. "lead 1234 added". */
  status: string;
  /** Extra properties for msg.vicidial. */
  extra?: Record<string, unknown>;
}

export interface ActionTools {
  client: VicidialClient;
  /** Evaluates one typedInput property of the node (value + `${name}Type`) against the message. */
  prop(name: string): Promise<unknown>;
}

export type ActionRun = (msg: NodeMessage, tools: ActionTools) => Promise<ActionResult>;

/** The usual result of one API call, as ActionResult. */
export function fromApi(result: ApiResult, status: string, payload: unknown = result.data): ActionResult {
  return { payload, function: result.function, notices: result.notices, raw: result.raw, status };
}

/**
 * A dialog's default parameters: a JSON object as text ('' = none), or the object itself
 * (flows written by hand or through the admin API store it so); anything else is INVALID.
 */
export function jsonDefaults(stored: unknown, what = 'the default parameters'): Record<string, unknown> {
  if (stored === undefined || stored === null || (typeof stored === 'string' && !stored.trim())) return {};
  const value = typeof stored === 'string' ? parseOrUndefined(stored) : stored;
  if (value && typeof value === 'object' && !Array.isArray(value)) return { ...(value as Record<string, unknown>) };
  throw new VicidialError({ code: 'INVALID', reason: `${what} must be a JSON object` });
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** msg.payload as an object of fields; anything else contributes no fields. */
export function payloadFields(msg: NodeMessage): Record<string, unknown> {
  const p = msg.payload;
  return p && typeof p === 'object' && !Array.isArray(p) && !Buffer.isBuffer(p) ? { ...(p as Record<string, unknown>) } : {};
}

export function evaluateProperty(RED: NodeAPI, node: Node, value: unknown, type: string | undefined, msg: NodeMessage): Promise<unknown> {
  if (value === undefined || value === '' || !type) return Promise.resolve(value === '' ? undefined : value);
  return new Promise((resolve, reject) => {
    RED.util.evaluateNodeProperty(value, type, node, msg, (err, result) => (err ? reject(invalidProperty(err)) : resolve(result)));
  });
}

function invalidProperty(err: Error): VicidialError {
  return new VicidialError({ code: 'INVALID', reason: `could not evaluate a property: ${err.message}` });
}

function shorten(text: string, max = 32): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function toVicidialError(err: unknown): VicidialError {
  if (isVicidialError(err)) return err;
  return new VicidialError({ code: 'UNKNOWN', reason: err instanceof Error ? err.message : String(err) });
}

/** The tools `run` gets for one message. */
export function actionTools(RED: NodeAPI, node: Node, def: ActionDef, server: ServerNode, msg: NodeMessage): ActionTools {
  const constants = constantsOf(node);
  return {
    client: server.getClient(),
    prop: (name) => {
      const known = constants.get(name);
      if (known) return known;
      const type = def[`${name}Type`] as string | undefined;
      const value = evaluateProperty(RED, node, def[name], type, msg);
      // A property that reads nothing from the message or the context is evaluated once per deploy.
      if (!type || CONSTANT_TYPES.has(type) || !isCoreType(type)) {
        value.then(
          () => constants.set(name, value),
          () => undefined,
        );
      }
      return value;
    },
  };
}

/** typedInput types whose value is the same for every message (json and the rest give a fresh or changing value). */
const CONSTANT_TYPES = new Set(['str', 'num', 'bool']);
/** Node-RED's own typedInput types; any other type is one of this pack's dialog lists, a fixed text. */
const CORE_TYPES = new Set(['msg', 'flow', 'global', 'str', 'num', 'bool', 'json', 're', 'date', 'jsonata', 'bin', 'env', 'node', 'cred']);

function isCoreType(type: string): boolean {
  return CORE_TYPES.has(type);
}

const constantCaches = new WeakMap<object, Map<string, Promise<unknown>>>();

function constantsOf(node: Node): Map<string, Promise<unknown>> {
  let m = constantCaches.get(node);
  if (!m) {
    m = new Map();
    constantCaches.set(node, m);
  }
  return m;
}

/** Puts a result on the message and sends it on the first output. */
export function emitResult(node: Node, msg: NodeMessage, send: SendFn, result: ActionResult, twoOutputs: boolean): void {
  msg.payload = result.payload;
  msg.vicidial = { function: result.function, notices: result.notices, raw: result.raw, ...(result.extra ?? {}) };
  statusOf(node).set({ fill: 'green', shape: 'dot', text: shorten(result.status) });
  send(twoOutputs ? [msg, null] : msg);
}

/**
 * Records a failure on the message. With two outputs it is sent on the second and
 * undefined is returned; otherwise the error is returned for done(err) / node.error.
 */
export function emitError(node: Node, msg: NodeMessage, send: SendFn, err: unknown, twoOutputs: boolean): VicidialError | undefined {
  const e = toVicidialError(err);
  statusOf(node).set({ fill: 'red', shape: 'ring', text: shorten(`${e.code}${e.reason ? `: ${e.reason}` : ''}`) });
  msg.vicidial = { function: e.function, notices: [], raw: e.raw, error: e.toJSON() };
  if (!twoOutputs) return e;
  msg.error = e.toJSON();
  send([null, msg]);
  return undefined;
}

/** The node's server config, or undefined when none is set. */
export function serverOf(RED: NodeAPI, def: ActionDef): ServerNode | undefined {
  return (def.server ? (RED.nodes.getNode(def.server) as ServerNode | null) : null) ?? undefined;
}

const CALLING = { fill: 'blue', shape: 'dot', text: 'calling…' } as const;

/** Wires an action node: finds its server, evaluates, calls `run`, and routes the outcome. */
export function setupAction(RED: NodeAPI, node: Node, def: ActionDef, run: ActionRun): void {
  const server = serverOf(RED, def);
  const twoOutputs = Boolean(def.errorOutput);
  if (!server) node.status({ fill: 'red', shape: 'ring', text: 'no server' });
  else node.status({});

  const status = statusOf(node);
  node.on('input', async (msg: NodeMessage, send: SendFn, done: DoneFn) => {
    status.set(CALLING);
    try {
      if (!server) throw new VicidialError({ code: 'INVALID', reason: 'no vicidial-server is configured for this node' });
      emitResult(node, msg, send, await run(msg, actionTools(RED, node, def, server, msg)), twoOutputs);
      done();
    } catch (err) {
      done(emitError(node, msg, send, err, twoOutputs));
    }
  });

  node.on('close', (_removed: boolean, closed: () => void) => {
    status.clear();
    node.status({});
    closed();
  });
}

/**
 * The small part of Node-RED's runtime API this pack uses. Declared here rather than
 * pulled from @types/node-red, whose typings lag the runtime and drag in express types.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GlobalContext } from './guard-context';

export type NodeMessage = Record<string, unknown> & { _msgid?: string };

export type SendFn = (msg: NodeMessage | null | Array<NodeMessage | NodeMessage[] | null>) => void;
export type DoneFn = (err?: Error) => void;

export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

export interface Node<TCreds = Record<string, string | undefined>> {
  id: string;
  type: string;
  name?: string;
  z?: string;
  credentials: TCreds;
  on(event: 'input', cb: (msg: NodeMessage, send: SendFn, done: DoneFn) => void | Promise<void>): void;
  on(event: 'close', cb: (removed: boolean, done: () => void) => void): void;
  on(event: string, cb: (...args: never[]) => void): void;
  send: SendFn;
  /** Node-RED's context; its global scope reaches every context store configured. */
  context(): { global: GlobalContext };
  status(status: NodeStatus | Record<string, never>): void;
  error(err: unknown, msg?: NodeMessage): void;
  warn(msg: unknown): void;
  log(msg: unknown): void;
  debug(msg: unknown): void;
}

export interface NodeDef {
  id: string;
  type: string;
  name?: string;
  z?: string;
  [key: string]: unknown;
}

export type HttpHandler = (req: IncomingMessage & Record<string, unknown>, res: ServerResponse & Record<string, unknown>, next?: (err?: unknown) => void) => void;

/** Express tells error handlers from middleware by their four parameters. */
export type HttpErrorHandler = (err: unknown, req: Parameters<HttpHandler>[0], res: Parameters<HttpHandler>[1], next: (err?: unknown) => void) => void;

/** Express-like router: only the calls this pack makes. */
export interface HttpRouter {
  use?(handler: HttpErrorHandler): void;
  /** The app this one is mounted in (Express sets it on mounting). */
  parent?: HttpRouter;
  get(path: string, ...handlers: HttpHandler[]): void;
  post(path: string, ...handlers: HttpHandler[]): void;
  options?(path: string, ...handlers: HttpHandler[]): void;
  // Node-RED core nodes remove routes by filtering the express router stack; so do we.
  _router?: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
  router?: { stack: Array<{ route?: { path: string; methods: Record<string, boolean> } }> };
}

export interface NodeAPI {
  nodes: {
    createNode(node: object, def: NodeDef): void;
    registerType(type: string, ctor: unknown, opts?: { credentials?: Record<string, { type: 'text' | 'password' }>; settings?: Record<string, unknown> }): void;
    getNode(id: string): unknown;
  };
  util: {
    evaluateNodeProperty(value: unknown, type: string, node: unknown, msg: NodeMessage, cb?: (err: Error | null, result: unknown) => void): unknown;
    cloneMessage<T>(msg: T): T;
  };
  httpAdmin: HttpRouter;
  httpNode: HttpRouter;
  settings: Record<string, unknown> & { httpNodeRoot?: string };
  auth: { needsPermission(permission: string): HttpHandler };
  log: { info(m: unknown): void; warn(m: unknown): void; error(m: unknown): void; debug(m: unknown): void };
  _: (key: string, subs?: Record<string, unknown>) => string;
}

/**
 * The login guard's state in a Node-RED context store, so runtimes that share a store
 * (for example a Redis-backed one) share one guard per server and user.
 */
import { GuardRegistry, processGuards, type GuardStore } from './login-guard';

type Callback<T> = (err: Error | null | undefined, ...values: T[]) => void;

/** The global context calls used here (Node-RED's callback forms, which work with every store). */
export interface GlobalContext {
  keys(store: string, cb: Callback<string[]>): void;
  get(keys: string[], store: string, cb: Callback<unknown>): void;
  set(key: string, value: unknown, store: string, cb: (err?: Error | null) => void): void;
}

export function contextGuardStore(global: GlobalContext, store: string): GuardStore {
  return {
    shared: true,
    keys: () => new Promise((resolve, reject) => global.keys(store, (err, keys) => (err ? reject(err) : resolve(keys ?? [])))),
    get: (keys) => new Promise((resolve, reject) => global.get([...keys], store, (err, ...values) => (err ? reject(err) : resolve(values)))),
    set: (key, value) => new Promise((resolve, reject) => global.set(key, value, store, (err) => (err ? reject(err) : resolve()))),
  };
}

/** One registry per store name for the life of the runtime, so deploys keep the guard. */
const registries = new Map<string, GuardRegistry>();

/** The guards for a store name; '' or 'memory' keeps them in this process. */
export function guardsFor(store: string, global: () => GlobalContext): GuardRegistry {
  const name = store.trim();
  if (!name || name === 'memory') return processGuards;
  let r = registries.get(name);
  if (!r) {
    r = new GuardRegistry(contextGuardStore(global(), name));
    registries.set(name, r);
  }
  return r;
}

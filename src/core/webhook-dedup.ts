/**
 * The webhook's duplicate window, kept where the node is told: in this process (the
 * "memory" store), or in a Node-RED context store, so that Node-RED instances sharing a
 * store (a file on shared storage, Redis, …) share one window and a retry VICIdial sends
 * to another instance behind the load balancer is still recognised.
 */
import { createHash } from 'node:crypto';
import type { GlobalContext } from './guard-context';
import { DedupWindow } from './webhook';

export interface DuplicateCheck {
  /**
   * True when `key` was seen inside the window (by this node or, through a shared store,
   * by another instance); records it otherwise. Synchronous for the process window.
   */
  seen(key: string): boolean | Promise<boolean>;
  /** Stops timers; `removed` (the node was deleted) also forgets a process window. */
  close(removed: boolean): void;
}

/** Global-context keys of the window: one per occurrence, so instances never rewrite each other's. */
export const STORE_KEY_PREFIX = 'vicidial_webhook_seen_';
const SWEEP_MIN_MS = 30_000;

/** Process windows by path, for the life of the runtime: a redeploy keeps what was seen. */
const processWindows = new Map<string, DedupWindow>();

function processWindow(path: string, windowMs: number): DuplicateCheck {
  let w = processWindows.get(path);
  if (!w || w.windowMs !== windowMs) {
    w = new DedupWindow(windowMs);
    processWindows.set(path, w);
  }
  const window = w;
  return {
    seen: (key) => window.isDuplicate(key),
    close: (removed) => {
      if (removed && processWindows.get(path) === window) processWindows.delete(path);
    },
  };
}

function call<T>(fn: (cb: (err: Error | null | undefined, ...values: T[]) => void) => void): Promise<T[]> {
  return new Promise((resolve, reject) => fn((err, ...values) => (err ? reject(err) : resolve(values))));
}

/**
 * The window in a context store. Each occurrence is one key holding the time its window
 * ends; a local window in front answers repeats arriving at this instance at once (and
 * makes concurrent identical requests here see each other). Two instances receiving the
 * same request within one store round trip may both let it through: the store has no
 * atomic test-and-set. When the store fails the request is let through (a repeat is
 * better than a lost call) and `onError` is told.
 */
class StoreWindow implements DuplicateCheck {
  private readonly local: DedupWindow;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly global: GlobalContext,
    private readonly store: string,
    private readonly path: string,
    private readonly windowMs: number,
    private readonly onError: (err: unknown) => void,
  ) {
    this.local = new DedupWindow(windowMs);
    this.timer = setInterval(() => this.sweep(), Math.max(windowMs, SWEEP_MIN_MS));
    this.timer.unref?.();
    this.sweep();
  }

  seen(key: string): boolean | Promise<boolean> {
    const now = Date.now();
    if (this.local.isDuplicate(key, now)) return true;
    const storeKey = STORE_KEY_PREFIX + createHash('sha256').update(`${this.path}\u0000${key}`).digest('hex').slice(0, 32);
    return this.check(storeKey, now);
  }

  private async check(storeKey: string, now: number): Promise<boolean> {
    try {
      const [until] = await call<unknown>((cb) => this.global.get([storeKey], this.store, cb));
      if (typeof until === 'number' && until > now) return true;
      await call((cb) => this.global.set(storeKey, now + this.windowMs, this.store, cb));
      return false;
    } catch (err) {
      this.onError(err);
      return false;
    }
  }

  /** Deletes ended windows, whoever wrote them (an instance may have stopped before its own ended). */
  private sweep(): void {
    const run = async (): Promise<void> => {
      const [keys = []] = await call<string[]>((cb) => this.global.keys(this.store, cb));
      const ours = keys.filter((k) => k.startsWith(STORE_KEY_PREFIX));
      if (ours.length === 0 || this.closed) return;
      const values = await call<unknown>((cb) => this.global.get(ours, this.store, cb));
      const now = Date.now();
      for (let i = 0; i < ours.length && !this.closed; i++) {
        const until = values[i];
        if (typeof until !== 'number' || until <= now) await call((cb) => this.global.set(ours[i], undefined, this.store, cb));
      }
    };
    run().catch((err: unknown) => {
      if (!this.closed) this.onError(err);
    });
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    this.local.clear();
  }
}

/** Whether a store name means "this process" rather than a context store. */
export function isProcessStore(store: string): boolean {
  const name = store.trim();
  return name === '' || name === 'memory';
}

/**
 * The duplicate check of a node on `path` with a window of `windowMs`, kept in `store`:
 * '' or 'memory' in this process, any other name in that Node-RED context store.
 */
export function duplicateCheck(
  store: string,
  path: string,
  windowMs: number,
  global: () => GlobalContext,
  onError: (err: unknown) => void,
): DuplicateCheck {
  if (isProcessStore(store)) return processWindow(path, windowMs);
  return new StoreWindow(global(), store.trim(), path, windowMs, onError);
}

/**
 * Node statuses in proportion to the load: a node handling thousands of messages a
 * second must not send two status updates per message to every open editor. The first
 * few updates of each second are shown at once (so a single message shows "calling…"
 * then its outcome, as before); past that, only the latest is shown, at the end of the
 * second.
 */
import type { Node, NodeStatus } from './node-red-types';

export const STATUS_WINDOW_MS = 1000;
export const STATUS_BURST = 4;

export interface StatusSetter {
  set(status: NodeStatus | Record<string, never>): void;
  /** Drops a pending update and its timer (on close). */
  clear(): void;
  /** True while an update waits for the end of the window. */
  readonly pending: boolean;
}

export function statusThrottle(node: Pick<Node, 'status'>, windowMs = STATUS_WINDOW_MS, burst = STATUS_BURST): StatusSetter {
  let windowStart = -Infinity;
  let shown = 0;
  let pending: NodeStatus | Record<string, never> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    timer = undefined;
    if (!pending) return;
    const s = pending;
    pending = undefined;
    windowStart = Date.now();
    shown = 1;
    node.status(s);
  };
  return {
    set(status) {
      const now = Date.now();
      if (now - windowStart >= windowMs) {
        windowStart = now;
        shown = 0;
      }
      if (shown < burst && !timer) {
        shown++;
        node.status(status);
        return;
      }
      pending = status;
      timer ??= setTimeout(flush, Math.max(0, windowStart + windowMs - now));
    },
    clear() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
    get pending() {
      return pending !== undefined;
    },
  };
}

const setters = new WeakMap<object, StatusSetter>();

/** The node's throttled status (one per node, so every code path of the node shares its budget). */
export function statusOf(node: Pick<Node, 'status'>): StatusSetter {
  let s = setters.get(node);
  if (!s) {
    s = statusThrottle(node);
    setters.set(node, s);
  }
  return s;
}

/**
 * One poll per report: nodes that poll the same server for the same report with the
 * same parameters at the same interval share one request per interval, and each gets
 * the result. Polls of different reports to one server are spread over the interval
 * instead of all firing in the same second.
 *
 * Generic over what is fetched, so any polling node can use it (the VICIdial stats node
 * does; a statistics node for another system passes its own connection as `scope` and
 * its report and parameters as `key`).
 */

export type PollOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export type PollListener<T> = (outcome: PollOutcome<T>) => void;

export interface PollSubscription {
  /** Leaves the poll; the last subscriber to leave stops it. */
  stop(): void;
}

interface Group {
  intervalMs: number;
  /** Offset of this poll within the interval, in ms. */
  phase: number;
  listeners: Set<PollListener<unknown>>;
  fetch: () => Promise<unknown>;
  running: boolean;
  /** The latest outcome and when its request started, for subscribers that join between polls. */
  last?: { outcome: PollOutcome<unknown>; at: number };
  start?: ReturnType<typeof setTimeout>;
  timer?: ReturnType<typeof setInterval>;
}

/**
 * Where in the interval a new poll goes: the middle of the largest gap between the
 * polls already running at that interval (the first one starts at once).
 */
export function nextPhase(phases: readonly number[], intervalMs: number): number {
  if (phases.length === 0) return 0;
  const sorted = [...phases].sort((a, b) => a - b);
  let best = 0;
  let bestGap = -1;
  for (let i = 0; i < sorted.length; i++) {
    const from = sorted[i];
    const to = i + 1 < sorted.length ? sorted[i + 1] : sorted[0] + intervalMs;
    if (to - from > bestGap) {
      bestGap = to - from;
      best = from;
    }
  }
  return Math.round(best + bestGap / 2) % intervalMs;
}

export class PollRegistry {
  /** Per scope (e.g. one server's client), the running polls by interval and key. */
  private readonly scopes = new WeakMap<object, Map<string, Group>>();

  /**
   * Joins the poll of `key` in `scope` at `intervalMs`, starting it if this is the first
   * subscriber. `fetch` is used only when this call starts the poll: subscribers with the
   * same scope and key must mean the same request. A subscriber that joins a running poll
   * gets its latest result at once when that is less than one interval old.
   */
  subscribe<T>(scope: object, key: string, intervalMs: number, fetch: () => Promise<T>, listener: PollListener<T>): PollSubscription {
    let groups = this.scopes.get(scope);
    if (!groups) {
      groups = new Map();
      this.scopes.set(scope, groups);
    }
    const id = `${intervalMs}\u0000${key}`;
    let group = groups.get(id);
    const l = listener as PollListener<unknown>;
    if (!group) {
      const phases = [...groups.values()].filter((g) => g.intervalMs === intervalMs).map((g) => g.phase);
      group = { intervalMs, phase: nextPhase(phases, intervalMs), listeners: new Set([l]), fetch, running: false };
      groups.set(id, group);
      start(group);
    } else {
      group.listeners.add(l);
      const last = group.last;
      if (last && Date.now() - last.at < intervalMs) deliver(l, last.outcome);
    }
    const g = group;
    const all = groups;
    let stopped = false;
    return {
      stop() {
        if (stopped) return;
        stopped = true;
        g.listeners.delete(l);
        if (g.listeners.size > 0) return;
        clearTimeout(g.start);
        clearInterval(g.timer);
        if (all.get(id) === g) all.delete(id);
      },
    };
  }

  /** How many polls run in `scope` (for tests and diagnostics). */
  size(scope: object): number {
    return this.scopes.get(scope)?.size ?? 0;
  }
}

function start(group: Group): void {
  group.start = setTimeout(() => {
    fire(group);
    group.timer = setInterval(() => fire(group), group.intervalMs);
  }, group.phase);
}

/** One request for every subscriber; a tick is skipped while the previous request runs. */
function fire(group: Group): void {
  if (group.running || group.listeners.size === 0) return;
  group.running = true;
  const at = Date.now();
  const settle = (outcome: PollOutcome<unknown>): void => {
    group.running = false;
    group.last = { outcome, at };
    for (const l of [...group.listeners]) deliver(l, outcome);
  };
  let pending: Promise<unknown>;
  try {
    pending = group.fetch();
  } catch (error) {
    settle({ ok: false, error });
    return;
  }
  pending.then(
    (value) => settle({ ok: true, value }),
    (error: unknown) => settle({ ok: false, error }),
  );
}

/** One subscriber's failure never keeps the result from the others. */
function deliver(listener: PollListener<unknown>, outcome: PollOutcome<unknown>): void {
  try {
    listener(outcome);
  } catch {
    // The listener reports its own errors; this keeps the loop over subscribers going.
  }
}

/** The registry every node of the pack shares (one per Node-RED process). */
export const sharedPolls = new PollRegistry();

/**
 * The login-failure guard. VICIdial locks an API user for 15 minutes after 10 failed
 * logins, and every call carries the login, so the guard bounds failed logins per
 * (server, API user) for everything that shares it: every client, config node and
 * deploy of a runtime (it lives outside the clients), and every runtime whose guards
 * share one store (Node-RED's context store, see ./guard-context).
 *
 * The bound: failed logins recorded in the window plus calls in flight never exceed
 * the limit, because a call in flight may turn out to be one more failure. An answer
 * that never came (timeout, reset) counts as a failure unless a login with these
 * credentials succeeded since the last failure.
 *
 * Across runtimes each one writes only its own record and a reservation is kept only
 * if a read made after writing it still shows the total within the limit. With a
 * store whose reads see every finished write, two runtimes that both keep a slot
 * have the later reader seeing both, so the total can never pass the limit.
 */
import { createHash, randomBytes } from 'node:crypto';
import { VicidialError } from './errors';

export const GUARD_DEFAULTS = {
  /** Failed logins per window; VICIdial locks at 10. */
  limit: 3,
  maxLimit: 9,
  /** VICIdial's own lock window. */
  windowMs: 15 * 60_000,
  /** How long a LOCKED answer stops calls (VICIdial's lock time). */
  lockMs: 15 * 60_000,
  /** How often a call waiting for a slot rechecks a store other runtimes write to. */
  pollMs: 200,
};

/** A key-value store the guard's records live in; Node-RED's context stores are adapted to it. */
export interface GuardStore {
  /** True when other runtimes may write to it too (waiters then poll for their releases). */
  readonly shared: boolean;
  keys(): Promise<string[]>;
  get(keys: readonly string[]): Promise<unknown[]>;
  set(key: string, value: unknown): Promise<void>;
}

/** One runtime's part of the state of one (server, user). */
interface OwnerRecord {
  /** Times of failed logins within the window. */
  failures: number[];
  /** Calls in flight: slot id → time after which a crashed runtime's slot is ignored. */
  slots: Record<string, number>;
  lockedUntil: number;
  /** Last successful and last failed login. */
  okAt: number;
  failAt: number;
}

/** 'unknown': the answer never came; 'none': the request never reached VICIdial. */
export type LoginOutcome = 'ok' | 'failed' | 'locked' | 'unknown' | 'none';

export interface GuardSnapshot {
  state: 'ok' | 'paused' | 'locked';
  /** Failed logins within the window. */
  failures: number;
  inFlight: number;
  /** When calls may be sent again (epoch ms), for paused and locked. */
  retryAt?: number;
}

export interface GuardOptions {
  limit?: number;
  windowMs?: number;
  lockMs?: number;
  /** For clocks in tests. */
  now?: () => number;
}

interface Totals {
  failures: number[];
  slots: number;
  lockedUntil: number;
  verified: boolean;
}

function emptyRecord(): OwnerRecord {
  return { failures: [], slots: {}, lockedUntil: 0, okAt: 0, failAt: 0 };
}

function asRecord(v: unknown): OwnerRecord | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const r = v as Partial<OwnerRecord>;
  return {
    failures: Array.isArray(r.failures) ? r.failures.filter((t) => typeof t === 'number') : [],
    slots: r.slots && typeof r.slots === 'object' ? r.slots : {},
    lockedUntil: Number(r.lockedUntil) || 0,
    okAt: Number(r.okAt) || 0,
    failAt: Number(r.failAt) || 0,
  };
}

/** Runs async critical sections one at a time. */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}

/** The guard of one (server, user) inside one registry. */
export class LoginGuard {
  private readonly mutex = new Mutex();
  private readonly mine: OwnerRecord = emptyRecord();
  private readonly wakers = new Set<() => void>();
  private last: Totals = { failures: [], slots: 0, lockedUntil: 0, verified: false };
  private seq = 0;
  /** The latest limit configured for this (server, user) wins. */
  limit: number;
  private readonly windowMs: number;
  private readonly lockMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: GuardStore,
    private readonly prefix: string,
    private readonly owner: string,
    readonly user: string,
    options: GuardOptions = {},
  ) {
    this.limit = clampLimit(options.limit);
    this.windowMs = options.windowMs ?? GUARD_DEFAULTS.windowMs;
    this.lockMs = options.lockMs ?? GUARD_DEFAULTS.lockMs;
    this.now = options.now ?? Date.now;
  }

  /**
   * Waits for a slot and reserves it; rejects with AUTH (paused) or LOCKED when the
   * guard stops calls, or with the signal's reason when the caller gives up.
   */
  async enter(ttlMs: number, signal?: AbortSignal, functionName?: string): Promise<(outcome: LoginOutcome) => Promise<void>> {
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const slot = await this.mutex.run(() => this.tryReserve(ttlMs, functionName));
      if (slot) return (outcome) => this.leave(slot, outcome);
      await this.waitForChange(signal);
    }
  }

  /** The state as last read, for node statuses. */
  snapshot(): GuardSnapshot {
    return this.describe(this.last, this.now());
  }

  private describe(t: Totals, now: number): GuardSnapshot {
    const failures = t.failures.length;
    if (t.lockedUntil > now) return { state: 'locked', failures, inFlight: t.slots, retryAt: t.lockedUntil };
    if (failures >= this.limit) {
      // Calls resume when enough failures have left the window.
      return { state: 'paused', failures, inFlight: t.slots, retryAt: t.failures[failures - this.limit] + this.windowMs };
    }
    return { state: 'ok', failures, inFlight: t.slots };
  }

  private async tryReserve(ttlMs: number, functionName?: string): Promise<string | undefined> {
    const now = this.now();
    const before = await this.read(now);
    this.refuseIfStopped(before, now, functionName);
    if (before.failures.length + before.slots >= this.limit) return undefined;
    const slot = `${this.owner}.${++this.seq}`;
    this.mine.slots[slot] = now + ttlMs;
    await this.write(now);
    if (!this.store.shared) return slot;
    // Another runtime may have reserved at the same time: keep the slot only if a read after our write allows it.
    const after = await this.read(now);
    if (after.failures.length + after.slots <= this.limit && after.lockedUntil <= now) return slot;
    delete this.mine.slots[slot];
    await this.write(now);
    return undefined;
  }

  private refuseIfStopped(t: Totals, now: number, functionName?: string): void {
    const s = this.describe(t, now);
    if (s.state === 'ok' || s.retryAt === undefined) return;
    const wait = Math.max(1, Math.ceil((s.retryAt - now) / 1000));
    if (s.state === 'locked') {
      throw new VicidialError({
        code: 'LOCKED',
        function: functionName,
        reason: `not sent: VICIdial locked API user "${this.user}" after too many failed logins; calls resume in ${wait} s`,
        retryAt: s.retryAt,
      });
    }
    throw new VicidialError({
      code: 'AUTH',
      function: functionName,
      reason: `not sent: ${s.failures} failed logins for API user "${this.user}" in the last ${Math.round(this.windowMs / 60_000)} minutes; calls resume in ${wait} s (this avoids VICIdial's lock)`,
      retryAt: s.retryAt,
    });
  }

  private leave(slot: string, outcome: LoginOutcome): Promise<void> {
    return this.mutex
      .run(async () => {
        const now = this.now();
        delete this.mine.slots[slot];
        const failed = outcome === 'failed' || (outcome === 'unknown' && !this.last.verified);
        if (failed) {
          this.mine.failures.push(now);
          this.mine.failAt = now;
        } else if (outcome === 'ok') {
          this.mine.okAt = now;
        } else if (outcome === 'locked') {
          this.mine.lockedUntil = now + this.lockMs;
        }
        await this.write(now);
        this.last = await this.read(now);
      })
      .finally(() => this.wakeWaiters());
  }

  /**
   * Wakes the waiters that can get a slot now, oldest first: as many as there are free
   * slots, or all of them when calls are stopped (each then fails at once). Waking every
   * waiter on every release made each of them re-read the store: quadratic work with
   * many calls queued behind a small limit.
   */
  private wakeWaiters(): void {
    const now = this.now();
    const state = this.describe(this.last, now).state;
    let free = state === 'ok' ? this.limit - this.last.failures.length - this.last.slots : this.wakers.size;
    for (const wake of [...this.wakers]) {
      if (free-- <= 0) break;
      wake();
    }
  }

  /** Until a local call leaves, the signal aborts, or (shared stores) a poll interval passes. */
  private waitForChange(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        this.wakers.delete(done);
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        done();
        reject(signal?.reason);
      };
      this.wakers.add(done);
      signal?.addEventListener('abort', onAbort, { once: true });
      // Jitter breaks ties between runtimes that keep yielding to each other.
      if (this.store.shared) timer = setTimeout(done, GUARD_DEFAULTS.pollMs * (0.5 + Math.random()));
    });
  }

  private async read(now: number): Promise<Totals> {
    const keys = (await this.store.keys()).filter((k) => k.startsWith(this.prefix));
    const values = keys.length ? await this.store.get(keys) : [];
    const records = values.map(asRecord).filter((r): r is OwnerRecord => r !== undefined);
    const ownKey = this.prefix + this.owner;
    // Our own record is authoritative in memory (the store may lag behind a write in flight).
    const all = keys.includes(ownKey) ? records.map((r, i) => (keys[i] === ownKey ? this.mine : r)) : [...records, this.mine];
    const from = now - this.windowMs;
    const failures: number[] = [];
    let slots = 0;
    let lockedUntil = 0;
    let okAt = 0;
    let failAt = 0;
    for (const r of all) {
      for (const t of r.failures) if (t > from) failures.push(t);
      for (const until of Object.values(r.slots)) if (until > now) slots++;
      lockedUntil = Math.max(lockedUntil, r.lockedUntil);
      okAt = Math.max(okAt, r.okAt);
      failAt = Math.max(failAt, r.failAt);
    }
    failures.sort((a, b) => a - b);
    this.last = { failures, slots, lockedUntil, verified: okAt > failAt };
    return this.last;
  }

  private write(now: number): Promise<void> {
    const from = now - this.windowMs;
    this.mine.failures = this.mine.failures.filter((t) => t > from);
    return this.store.set(this.prefix + this.owner, {
      failures: [...this.mine.failures],
      slots: { ...this.mine.slots },
      lockedUntil: this.mine.lockedUntil,
      okAt: this.mine.okAt,
      failAt: this.mine.failAt,
    });
  }
}

export function clampLimit(limit: number | undefined): number {
  const n = Math.floor(limit ?? GUARD_DEFAULTS.limit);
  return Number.isFinite(n) ? Math.min(GUARD_DEFAULTS.maxLimit, Math.max(1, n)) : GUARD_DEFAULTS.limit;
}

/** A store inside this process (Node-RED's default "memory" context behaves the same). */
export function memoryGuardStore(): GuardStore & { clear(): void } {
  const map = new Map<string, unknown>();
  return {
    shared: false,
    clear: () => map.clear(),
    keys: () => Promise.resolve([...map.keys()]),
    get: (keys) => Promise.resolve(keys.map((k) => map.get(k))),
    set: (key, value) => {
      map.set(key, value);
      return Promise.resolve();
    },
  };
}

/** Identifies the account VICIdial counts failures for: the server (host and path) and the user. */
export function guardKey(baseUrl: string, user: string): string {
  let where = baseUrl;
  try {
    const u = new URL(baseUrl);
    where = `${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    // An invalid URL fails elsewhere; the raw text still keys it.
  }
  // Context keys treat '.' and '[' as paths: a hash keeps any URL and user safe to use.
  return createHash('sha256').update(`${where}\n${user}`).digest('hex').slice(0, 24);
}

/** The guards of one store, one per (server, user). */
export class GuardRegistry {
  private readonly guards = new Map<string, LoginGuard>();
  /** This runtime's name in shared records. */
  readonly owner = randomBytes(6).toString('hex');

  constructor(readonly store: GuardStore = memoryGuardStore(), private readonly options: GuardOptions = {}) {}

  guard(baseUrl: string, user: string, limit?: number): LoginGuard {
    const key = guardKey(baseUrl, user);
    let g = this.guards.get(key);
    if (!g) {
      g = new LoginGuard(this.store, `vicidialGuard_${key}_`, this.owner, user, this.options);
      this.guards.set(key, g);
    }
    if (limit !== undefined) g.limit = clampLimit(limit);
    return g;
  }

  /** Forgets every guard and record (a test suite's clean slate between tests). */
  clear(): void {
    this.guards.clear();
    (this.store as Partial<{ clear(): void }>).clear?.();
  }
}

/** The process-wide guards: every client that names no other registry shares them. */
export const processGuards = new GuardRegistry();

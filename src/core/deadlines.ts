/**
 * Deadlines for many waiting items (HTTP responses a flow must answer) under one timer.
 */
import type { EventEmitter } from 'node:events';

/**
 * Calls `expire` for each item not finished (its 'finish' event) within `ms`: one timer
 * for all of them rather than one per request. Deadlines are reached in the order they
 * were set, since `ms` is the same for all.
 */
export class Deadlines<T extends EventEmitter = EventEmitter> {
  private readonly due = new Map<T, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ms: number,
    private readonly expire: (item: T) => void,
  ) {}

  add(item: T): void {
    this.due.set(item, Date.now() + this.ms);
    item.once('finish', () => this.due.delete(item));
    if (this.timer) return;
    this.timer = setInterval(() => this.sweep(), Math.min(1000, this.ms));
    this.timer.unref?.();
  }

  private sweep(): void {
    const now = Date.now();
    for (const [item, at] of this.due) {
      if (at > now) break;
      this.due.delete(item);
      this.expire(item);
    }
    if (this.due.size === 0) this.clear();
  }

  clear(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.due.clear();
  }
}

import { IN_PROCESS, type ReplicaLink } from '../store/replica-link.js';
import type { ClaimedRow, Claimant, Store } from '../store/store.js';

interface Waiter {
  claimant: Claimant;
  max: number;
  /** A claim for it is under way: its answer goes to this waiter even if its wait ends meanwhile. */
  claiming: boolean;
  /** Its wait ended (time, hang-up) while a claim was under way. */
  expired: boolean;
  finish: (rows: ClaimedRow[]) => void;
}

/**
 * Long waits end on whole seconds of a shared grid, early by less than one:
 * a fleet's idle polls then run out together, one timer and one wake-up of
 * the process per second for all of them, not one per poll. On a virtual
 * machine each wake-up costs more than the answer it sends.
 */
const WAIT_GRID_MS = 1000;

interface DueSecond {
  ends: Set<() => void>;
  timer: NodeJS.Timeout;
}

/** One claim attempt, through `s` when given (a transaction), else the store. */
export type TryClaim = (claimant: Claimant, max: number, s?: Store) => Promise<ClaimedRow[]>;

/**
 * The client's end of a long poll, as a Node response: `close` before the
 * answer means the client hung up. Listened to directly, it costs a held poll
 * no AbortController of its own.
 */
export interface Caller {
  readonly closed: boolean;
  once(event: 'close', listener: () => void): unknown;
  off(event: 'close', listener: () => void): unknown;
}

/**
 * Long-poll claims. An agent that finds nothing waits here; new work is offered
 * to waiting agents oldest first, the moment it is queued, so a submitted job
 * starts without waiting for the next poll. Each waiter also gets its answer
 * (possibly empty) when its wait runs out. New work is announced to the other
 * replicas through the link, and theirs arrives the same way; every few
 * seconds all waiters re-check, which covers retry delays running out and
 * announcements the link lost (or, without a link, all other replicas' work).
 */
export class ClaimBroker {
  private readonly waiters = new Set<Waiter>();
  /** Waiters whose wait ends at a grid second (monotonic ms), under that second's one timer. */
  private readonly due = new Map<number, DueSecond>();
  private pendingWake = 0;
  private wakeScheduled = false;
  private readonly recheck: NodeJS.Timeout;

  constructor(
    private readonly tryClaim: TryClaim,
    private readonly anythingClaimable: () => Promise<boolean>,
    /** A store failure during a wake-up or re-check, which no request is there to answer. */
    private readonly onError: (error: unknown) => void,
    private readonly link: ReplicaLink = IN_PROCESS,
    recheckMs = 5000,
  ) {
    this.recheck = setInterval(() => {
      if (this.waiters.size === 0) return;
      this.anythingClaimable().then((any) => {
        if (any) this.offer(Number.POSITIVE_INFINITY);
      }, onError);
    }, recheckMs);
    this.recheck.unref();
  }

  get waiting(): number {
    return this.waiters.size;
  }

  /** A claim now, through `s`: the caller's transaction, so that it commits with what else the request changed. */
  claimNow(claimant: Claimant, max: number, s: Store): Promise<ClaimedRow[]> {
    return this.tryClaim(claimant, max, s);
  }

  /** After a claim that found nothing: waits up to `waitMs` for work offered to this claimant, answering what it got (or nothing). */
  wait(claimant: Claimant, max: number, waitMs: number, caller?: Caller): Promise<ClaimedRow[]> {
    if (waitMs <= 0 || caller?.closed) return Promise.resolve([]);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        claimant,
        max,
        claiming: false,
        expired: false,
        finish: (claimed) => {
          stopTimer();
          caller?.off('close', onAbort);
          this.waiters.delete(waiter);
          resolve(claimed);
        },
      };
      // Jobs claimed for a waiter must reach it: one whose wait ends mid-claim gets that claim's answer.
      const onAbort = (): void => {
        if (waiter.claiming) waiter.expired = true;
        else waiter.finish([]);
      };
      const stopTimer = this.after(waitMs, onAbort);
      caller?.once('close', onAbort);
      this.waiters.add(waiter);
    });
  }

  /** Calls `expire` once `waitMs` ran out, on the grid when the wait is long enough to round; answers how to cancel that. */
  private after(waitMs: number, expire: () => void): () => void {
    if (waitMs < 2 * WAIT_GRID_MS) {
      const timer = setTimeout(expire, waitMs);
      return () => clearTimeout(timer);
    }
    const now = performance.now();
    const second = Math.floor((now + waitMs) / WAIT_GRID_MS) * WAIT_GRID_MS;
    const slot = this.due.get(second) ?? this.dueAt(second, second - now);
    slot.ends.add(expire);
    return () => {
      slot.ends.delete(expire);
      // A second with no waits left keeps no timer: nothing holds the process open after close().
      if (slot.ends.size === 0 && this.due.get(second) === slot) {
        clearTimeout(slot.timer);
        this.due.delete(second);
      }
    };
  }

  /** The slot of a grid second, its one timer ending every wait it holds in `delayMs`. */
  private dueAt(second: number, delayMs: number): DueSecond {
    const ends = new Set<() => void>();
    const timer = setTimeout(() => {
      this.due.delete(second);
      for (const end of ends) end();
    }, delayMs);
    const slot = { ends, timer };
    this.due.set(second, slot);
    return slot;
  }

  /** `count` jobs became claimable here (after the commit): offered to the waiters of every replica. */
  wake(count: number): void {
    if (count <= 0) return;
    this.link.publish({ work: count });
    this.offer(count);
  }

  /**
   * `count` jobs became claimable (here or on another replica): offer them to
   * this replica's waiters in arrival order. Offers are gathered until the next
   * turn of the event loop, so a burst of submissions costs one pass over the waiters.
   */
  offer(count: number): void {
    if (count <= 0 || this.waiters.size === 0) return;
    this.pendingWake += count;
    if (this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      const left = this.pendingWake;
      this.pendingWake = 0;
      this.handOut(left).catch(this.onError);
    });
  }

  /** One pass over the waiters (skipping those a concurrent pass is claiming for) until `left` jobs were handed out. */
  private async handOut(left: number): Promise<void> {
    for (const waiter of [...this.waiters]) {
      if (left <= 0) break;
      if (waiter.claiming || !this.waiters.has(waiter)) continue;
      waiter.claiming = true;
      let rows: ClaimedRow[] = [];
      try {
        rows = await this.tryClaim(waiter.claimant, waiter.max);
      } finally {
        waiter.claiming = false;
        if (rows.length > 0 || waiter.expired) waiter.finish(rows);
      }
      left -= rows.length;
    }
  }

  /** Answers every waiter now (empty) and stops the timer: for shutdown. */
  close(): void {
    clearInterval(this.recheck);
    for (const waiter of [...this.waiters]) {
      if (waiter.claiming) waiter.expired = true;
      else waiter.finish([]);
    }
  }
}

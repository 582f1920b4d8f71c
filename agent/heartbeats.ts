/**
 * One batched heartbeat for every attempt this agent holds, every
 * `heartbeatSeconds`: it extends the leases and brings back, per attempt, ok,
 * cancel or gone, and whether an admin drains this agent. A heartbeat that
 * fails is not retried early: the lease is three heartbeats long.
 */
import type { Logger } from 'pino';
import { describeError, type AweClient } from '@awe-dp/sdk';
import type { BatchInfo } from './executors/executor.js';

export type Verdict = 'ok' | 'cancel' | 'gone';

export interface Beating {
  id: number;
  epoch: number;
  /** What the batch system last said about the attempt, shown to users. */
  batch(): BatchInfo | undefined;
  onVerdict(verdict: Verdict): void;
}

export class Heartbeats {
  private readonly jobs = new Map<string, Beating>();
  private timer: NodeJS.Timeout | null = null;
  private failing = false;
  /** The heartbeat on its way, if any. */
  private sending: Promise<void> | null = null;
  /** A heartbeat asked for while one was on its way: it goes right after, for everyone who asked meanwhile. */
  private next: Promise<void> | null = null;

  constructor(
    private readonly client: AweClient,
    private readonly log: Logger,
    private readonly onDraining: (draining: boolean) => void,
  ) {}

  start(intervalSeconds: number): void {
    this.stop();
    // A slow answer must not pile up requests behind it: a tick while one is on its way is skipped.
    this.timer = setInterval(() => void (this.sending ?? this.send()), intervalSeconds * 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  add(job: Beating): void {
    this.jobs.set(`${job.id}-${job.epoch}`, job);
  }

  remove(id: number, epoch: number): void {
    this.jobs.delete(`${id}-${epoch}`);
  }

  /**
   * A heartbeat now rather than at the next tick, so a batch state change
   * reaches users at once; resolves when it was answered (or failed). Never rejects.
   */
  flush(): Promise<void> {
    if (!this.sending) return this.send();
    this.next ??= this.sending.then(() => {
      this.next = null;
      return this.send();
    });
    return this.next;
  }

  private send(): Promise<void> {
    this.sending = this.beat().finally(() => (this.sending = null));
    return this.sending;
  }

  private async beat(): Promise<void> {
    if (this.jobs.size === 0) return;
    const sent = [...this.jobs.values()];
    try {
      const answer = await this.client.heartbeat({
        jobs: sent.map((job) => {
          const batch = job.batch();
          return { id: job.id, epoch: job.epoch, ...(batch ? { batch } : {}) };
        }),
      });
      if (this.failing) this.log.info('heartbeats answered again');
      this.failing = false;
      this.onDraining(answer.draining);
      for (const verdict of answer.jobs) this.jobs.get(`${verdict.id}-${verdict.epoch}`)?.onVerdict(verdict.verdict);
    } catch (err) {
      if (!this.failing) this.log.warn({ err: describeError(err) }, 'heartbeat failed; leases run out unless the service answers again in time');
      this.failing = true;
    }
  }
}

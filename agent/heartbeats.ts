/**
 * One batched heartbeat for every attempt this agent holds, every
 * `heartbeatSeconds`: it extends the leases and brings back, per attempt, ok,
 * cancel or gone, and whether an admin drains this agent. A heartbeat that
 * fails is not retried early: the lease is three heartbeats long.
 */
import type { Logger } from 'pino';
import type { AweClient } from '../sdk/index.js';
import type { BatchInfo } from './executors/executor.js';
import { describeError } from '../sdk/request-errors.js';

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
  private inFlight = false;

  constructor(
    private readonly client: AweClient,
    private readonly log: Logger,
    private readonly onDraining: (draining: boolean) => void,
  ) {}

  start(intervalSeconds: number): void {
    this.stop();
    this.timer = setInterval(() => void this.beat(), intervalSeconds * 1000);
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

  private async beat(): Promise<void> {
    // A slow answer must not pile up requests behind it.
    if (this.inFlight || this.jobs.size === 0) return;
    this.inFlight = true;
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
    } finally {
      this.inFlight = false;
    }
  }
}

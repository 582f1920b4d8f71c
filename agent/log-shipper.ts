/**
 * Streams one attempt's log file to the service. The file is the buffer: the
 * shipper reads from where the service has acknowledged, so nothing is lost
 * while the service is unreachable, and it sends with explicit offsets, which
 * the service makes idempotent, so a resend after a lost answer duplicates
 * nothing. What is sent is masked (offsets count masked bytes).
 *
 * Progress is reported as a pair of positions that belong together: a raw
 * position in the file and the masked offset it maps to. A restarted agent
 * resumes from such a pair (RunnerState.log in job-dir.ts), at worst resending a little.
 */
import { open, stat } from 'node:fs/promises';
import type { Logger } from 'pino';
import { AweApiError, Backoff, describeError, isRetryable, pause, type AweClient } from '@awe-dp/sdk';
import { SecretMasker } from './secret-masker.js';

export interface ShipperPosition {
  /** Raw bytes of the file whose masked form the service holds. */
  fileOffset: number;
  /** The masked offset those bytes end at. */
  sentOffset: number;
}

export interface LogShipperOptions {
  client: AweClient;
  jobId: number;
  epoch: number;
  file: string;
  secrets: readonly string[];
  from: ShipperPosition;
  onProgress(position: ShipperPosition): void;
  /** A final error: the lease is gone or the job no longer exists. Shipping has stopped. */
  onFatal(err: unknown): void;
  log: Logger;
}

/** The service takes at most 1 MiB a request. */
const MAX_REQUEST = 1024 * 1024;
/** Ship at once when this much is waiting, else about once a second. */
const EAGER_BYTES = 64 * 1024;
const INTERVAL_MS = 1_000;
const TICK_MS = 200;

export class LogShipper {
  private readonly masker: SecretMasker;
  /** Raw position up to which bytes went into `outbox`. */
  private readOffset: number;
  /** Masked bytes not yet acknowledged; the first is at masked offset `ackOffset`. */
  private outbox = Buffer.alloc(0);
  private ackOffset: number;
  /** Where each masking step ended, to map an acknowledged masked offset back to the file. */
  private segments: ShipperPosition[] = [];
  private timer: NodeJS.Timeout | null = null;
  private busy: Promise<void> = Promise.resolve();
  private lastShip = 0;
  private retryAt = 0;
  private failing = false;
  private fatal = false;
  private readonly backoff = new Backoff(500, 10_000);

  constructor(private readonly options: LogShipperOptions) {
    this.masker = new SecretMasker(options.secrets);
    this.readOffset = options.from.fileOffset;
    this.ackOffset = options.from.sentOffset;
  }

  start(): void {
    this.timer ??= setInterval(() => void this.tick(), TICK_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Ships everything the file holds, retrying network failures until done or
   * `signal` aborts. Throws a final error (stale lease, job gone).
   */
  async finish(signal?: AbortSignal): Promise<void> {
    this.stop();
    for (;;) {
      try {
        await this.exclusive(() => this.flush(true));
        return;
      } catch (err) {
        if (!isRetryable(err) || signal?.aborted) throw err;
        this.warnOnce(err);
        await pause(this.backoff.next(), signal);
      }
    }
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    if (this.fatal || now < this.retryAt) return;
    let size: number;
    try {
      size = (await stat(this.options.file)).size;
    } catch {
      return; // not created yet
    }
    const waiting = size - this.readOffset + this.outbox.length;
    if (waiting <= 0 || (waiting < EAGER_BYTES && now - this.lastShip < INTERVAL_MS)) return;
    try {
      await this.exclusive(() => this.flush(false));
    } catch (err) {
      if (!isRetryable(err)) {
        this.fatal = true;
        this.stop();
        this.options.onFatal(err);
        return;
      }
      this.warnOnce(err);
      this.retryAt = Date.now() + this.backoff.next();
    }
  }

  /** One flush at a time: the ticker and finish() share the offsets. */
  private exclusive(fn: () => Promise<void>): Promise<void> {
    const run = this.busy.then(fn);
    this.busy = run.catch(() => undefined);
    return run;
  }

  private async flush(final: boolean): Promise<void> {
    this.lastShip = Date.now();
    const file = await open(this.options.file, 'r').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    try {
      for (;;) {
        let atEnd = true;
        if (file) {
          // As much as the file holds past what was read, up to a request: most logs are small, many empty.
          const buffer = Buffer.alloc(Math.max(0, Math.min(MAX_REQUEST, (await file.stat()).size - this.readOffset)));
          const { bytesRead } = buffer.length > 0 ? await file.read(buffer, 0, buffer.length, this.readOffset) : { bytesRead: 0 };
          atEnd = bytesRead < MAX_REQUEST;
          const { masked, consumed } = this.masker.mask(buffer.subarray(0, bytesRead), final && atEnd);
          if (consumed > 0) {
            this.readOffset += consumed;
            this.outbox = Buffer.concat([this.outbox, masked]);
            this.segments.push({ fileOffset: this.readOffset, sentOffset: this.ackOffset + this.outbox.length });
          }
        }
        while (this.outbox.length > 0) await this.send();
        if (atEnd) break;
      }
    } finally {
      await file?.close();
    }
    if (this.failing) this.options.log.info('log shipping resumed');
    this.failing = false;
    this.backoff.reset();
  }

  private async send(): Promise<void> {
    const { client, jobId, epoch } = this.options;
    const slice = this.outbox.subarray(0, MAX_REQUEST);
    let next: number;
    try {
      next = (await client.appendLog(jobId, epoch, this.ackOffset, slice)).next;
    } catch (err) {
      const expected = err instanceof AweApiError && err.statusCode === 416 ? Number(err.body.next) : NaN;
      // The service holds less than we were told it had (it lost its tail): go on
      // from where it is. Bytes before our buffer are gone from memory, so that
      // stretch of the log stays short rather than the log stopping here.
      if (!Number.isInteger(expected) || expected > this.ackOffset) throw err;
      this.options.log.warn({ expected, offset: this.ackOffset }, 'service log is shorter than acknowledged; continuing from its end');
      this.segments = this.segments.map((s) => ({ ...s, sentOffset: s.sentOffset - (this.ackOffset - expected) }));
      this.ackOffset = expected;
      return;
    }
    const accepted = Math.max(0, Math.min(this.outbox.length, next - this.ackOffset));
    // Never spin on an answer that takes nothing; the next tick asks again.
    if (accepted === 0) throw new Error(`log of job ${jobId}: the service took no bytes at offset ${this.ackOffset} (next ${next})`);
    this.outbox = this.outbox.subarray(accepted);
    this.ackOffset += accepted;
    let done: ShipperPosition | undefined;
    while (this.segments.length > 0 && this.segments[0].sentOffset <= this.ackOffset) done = this.segments.shift();
    if (done) this.options.onProgress(done);
  }

  private warnOnce(err: unknown): void {
    if (!this.failing) this.options.log.warn({ err: describeError(err) }, 'cannot ship log yet; the file keeps it, retrying');
    this.failing = true;
  }
}

/**
 * Slows password guessing: after `maxFailures` failed sign-ins for one user name
 * from one address within `windowMs`, further attempts get 429 until the window
 * passes. In memory: each replica counts on its own, which still bounds guessing.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 5 * 60_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (times.length === 0) this.failures.delete(key);
    else this.failures.set(key, times);
    return times;
  }

  /** Seconds to wait before trying again, or 0 when an attempt is allowed. */
  retryAfter(key: string, now: number): number {
    const times = this.recent(key, now);
    return times.length < this.maxFailures ? 0 : Math.ceil((times[0] + this.windowMs - now) / 1000);
  }

  fail(key: string, now: number): void {
    this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}

/**
 * Failures counted per key within a sliding window, in bounded memory: at most
 * `maxKeys` keys (the least recently failed is forgotten first) and at most
 * `max` times per key.
 */
class FailureWindow {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly max: number,
    private readonly windowMs: number,
    private readonly maxKeys: number,
  ) {}

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (times.length === 0) this.failures.delete(key);
    return times;
  }

  /** Seconds until the key may try again, or 0. */
  retryAfter(key: string, now: number): number {
    const times = this.recent(key, now);
    return times.length < this.max ? 0 : Math.max(1, Math.ceil((times[0]! + this.windowMs - now) / 1000));
  }

  fail(key: string, now: number): void {
    const times = [...this.recent(key, now), now].slice(-this.max);
    // Re-inserted so that the map's order is the order of last failure, oldest first.
    this.failures.delete(key);
    this.failures.set(key, times);
    if (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  get size(): number {
    return this.failures.size;
  }
}

export interface LoginLimits {
  /** Failures for one user name from one address. */
  perUser: number;
  /** Failures from one address, whatever the user names (random names do not get round it). */
  perAddress: number;
  /** Failures from everywhere: bounds guessing from many addresses, and the password hashing it costs. */
  global: number;
  windowMs: number;
  /** Keys remembered per scope; past it the longest-quiet key is forgotten (the other scopes still count). */
  maxKeys: number;
}

const LOGIN_LIMITS: LoginLimits = { perUser: 10, perAddress: 50, global: 1000, windowMs: 5 * 60_000, maxKeys: 10_000 };

const GLOBAL = '';

/**
 * Slows password guessing: past a limit of failed sign-ins within the window
 * (per user name and address, per address, and for all together) further
 * attempts get 429 before any password is checked. In memory: each replica
 * counts on its own, which still bounds guessing.
 */
export class LoginLimiter {
  private readonly perUser: FailureWindow;
  private readonly perAddress: FailureWindow;
  private readonly global: FailureWindow;

  constructor(limits: LoginLimits = LOGIN_LIMITS) {
    this.perUser = new FailureWindow(limits.perUser, limits.windowMs, limits.maxKeys);
    this.perAddress = new FailureWindow(limits.perAddress, limits.windowMs, limits.maxKeys);
    this.global = new FailureWindow(limits.global, limits.windowMs, 1);
  }

  /** Seconds to wait before trying again, or 0 when an attempt is allowed. */
  retryAfter(username: string, address: string, now: number): number {
    return Math.max(
      this.perUser.retryAfter(`${username}\0${address}`, now),
      this.perAddress.retryAfter(address, now),
      this.global.retryAfter(GLOBAL, now),
    );
  }

  fail(username: string, address: string, now: number): void {
    this.perUser.fail(`${username}\0${address}`, now);
    this.perAddress.fail(address, now);
    this.global.fail(GLOBAL, now);
  }

  /** A right password clears its user's count at that address; the address and global counts stay (a guesser may hold one account). */
  succeed(username: string, address: string): void {
    this.perUser.forget(`${username}\0${address}`);
  }

  /** Keys held, for tests of the memory bound. */
  get keys(): number {
    return this.perUser.size + this.perAddress.size + this.global.size;
  }
}

import type { Store } from '../store/store.js';

export interface LoginLimits {
  /** Failures for one user name from one address. */
  perUser: number;
  /** Failures from one address, whatever the user names (random names do not get round it). */
  perAddress: number;
  /** Failures from everywhere: bounds guessing from many addresses, and the password hashing it costs. */
  global: number;
  windowMs: number;
}

export const LOGIN_LIMITS: LoginLimits = { perUser: 10, perAddress: 50, global: 1000, windowMs: 5 * 60_000 };

/**
 * Slows password guessing: past a limit of failed sign-ins within the window
 * (per user name and address, per address, and for all together) further
 * attempts get 429 before any password is checked. The failures are rows in
 * the database, so every replica counts the same ones and a guesser gains
 * nothing by spreading attempts over replicas. The table stays small: once the
 * global limit is reached no password is checked, so no failure is added, and
 * the sweeper drops failures older than the window.
 */
export class LoginLimiter {
  constructor(
    private readonly store: Store,
    private readonly limits: LoginLimits = LOGIN_LIMITS,
  ) {}

  private scopes(username: string, address: string): [key: string, max: number][] {
    return [
      // JSON keeps the pair unambiguous; PostgreSQL text cannot hold the NUL byte that once separated them.
      [`user:${JSON.stringify([username, address])}`, this.limits.perUser],
      [`address:${address}`, this.limits.perAddress],
      ['global', this.limits.global],
    ];
  }

  /** Seconds to wait before trying again, or 0 when an attempt is allowed. */
  async retryAfter(username: string, address: string, now: number): Promise<number> {
    let wait = 0;
    for (const [key, max] of this.scopes(username, address)) {
      const times = await this.store.recentSignInFailures(key, now - this.limits.windowMs, max);
      // The max-th newest failure leaving the window frees one attempt.
      if (times.length === max) wait = Math.max(wait, 1, Math.ceil((times[max - 1]! + this.limits.windowMs - now) / 1000));
    }
    return wait;
  }

  fail(username: string, address: string, now: number): Promise<void> {
    return this.store.recordSignInFailure(
      this.scopes(username, address).map(([key]) => key),
      now,
    );
  }

  /** A right password clears its user's count at that address; the address and global counts stay (a guesser may hold one account). */
  succeed(username: string, address: string): Promise<void> {
    return this.store.forgetSignInFailures(this.scopes(username, address)[0]![0]);
  }
}

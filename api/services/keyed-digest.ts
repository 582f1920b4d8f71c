import { createHmac } from 'node:crypto';

/**
 * HMAC-SHA256 of a name → value map under the service's digest key, over its
 * entries sorted by name: the same values give the same digest whatever their
 * order, and without the key nobody can test guesses of a value offline.
 */
export function keyedDigest(key: Buffer, values: Record<string, string>): string {
  const entries = Object.entries(values).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha256', key).update(JSON.stringify(entries)).digest('hex');
}

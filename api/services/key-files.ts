import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * A random key kept in the data dir, created on first start with mode 0600.
 * Written with the exclusive flag so two processes starting at once cannot
 * each make a different key.
 */
export function loadOrCreateKey(file: string, bytes = 32): Buffer {
  try {
    writeFileSync(file, randomBytes(bytes).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== bytes) throw new Error(`${file} does not hold a ${bytes}-byte base64 key`);
  return key;
}

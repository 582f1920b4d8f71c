import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';

/**
 * A random key kept in the keys dir, created on first start with mode 0600.
 * A new key is written to a file of this process's own and then linked into
 * place: link() publishes the whole file at once and fails when the name
 * exists, so replicas starting together neither make two keys nor read one
 * half-written. A key that exists is only read (the dir may be read-only).
 */
export function loadOrCreateKey(file: string, bytes = 32): Buffer {
  if (!existsSync(file)) publishNewKey(file, bytes);
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== bytes) throw new Error(`${file} does not hold a ${bytes}-byte base64 key`);
  return key;
}

function publishNewKey(file: string, bytes: number): void {
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, randomBytes(bytes).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
}

/**
 * The agent's credential, kept in `<work-dir>/credential.json` (0600) after
 * enrollment so that a restart needs no enrollment token. It belongs to one
 * service, whose URL is kept with it.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface StoredCredential {
  server: string;
  agentId: number;
  credential: string;
}

export const credentialPath = (workDir: string): string => join(workDir, 'credential.json');

export async function loadCredential(workDir: string): Promise<StoredCredential | null> {
  let text: string;
  try {
    text = await readFile(credentialPath(workDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const stored = JSON.parse(text) as StoredCredential;
  if (typeof stored.credential !== 'string' || typeof stored.server !== 'string') throw new Error(`${credentialPath(workDir)} is damaged; remove it and enroll again`);
  return stored;
}

export async function saveCredential(workDir: string, stored: StoredCredential): Promise<void> {
  const path = credentialPath(workDir);
  await writeFile(`${path}.tmp`, JSON.stringify(stored) + '\n', { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

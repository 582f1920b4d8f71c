import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encrypts values at rest (AES-256-GCM) with the server's key: the secret-looking
 * parts of a job's env and settings are stored only in this form and decrypted
 * only to hand them to the agent that runs the job.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {}

  seal(value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
  }

  open<T>(sealed: string): T {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1') throw new Error('unknown sealed value version');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    const text = Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    return JSON.parse(text) as T;
  }
}

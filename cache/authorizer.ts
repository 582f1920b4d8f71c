/**
 * Whether a credential may read a blob, as the service says (GET
 * /v1/blobs/{sha}/access), asked before any cached byte goes out and reused
 * for at most the configured TTL per (credential, sha): so a revoked token
 * (its job finished, its user disabled) opens nothing here once that TTL has
 * passed. Concurrent checks of the same pair share one request. User tokens
 * and agent credentials are refused without asking: only job tokens and
 * read-only content tokens are meant to reach a cache, and a user token sent
 * here is not forwarded anywhere.
 */
import { createHash } from 'node:crypto';
import { AweApiError, type AweClient } from '@awe-dp/sdk';
import { tokenKind } from '../core/token-kinds.js';
import { CacheError } from './errors.js';

interface Answer {
  /** null: allowed. */
  refusal: CacheError | null;
  expiresAt: number;
}

/** Past this many remembered answers, expired ones are swept out on the next check. */
const SWEEP_AT = 10_000;

export class Authorizer {
  private readonly answers = new Map<string, Answer>();
  private readonly asking = new Map<string, Promise<Answer>>();

  constructor(
    private readonly service: AweClient,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when `token` may read `sha`; throws the CacheError to answer otherwise. */
  async check(token: string, sha: string): Promise<void> {
    const kind = tokenKind(token);
    if (kind === 'user') throw new CacheError('AWE_ERR_FORBIDDEN', 'a cache takes no user tokens: ask the service for a read-only content token (POST /v1/content-tokens)');
    if (kind === 'agent') throw new CacheError('AWE_ERR_FORBIDDEN', 'agents read content with the job token of the job');
    if (kind === 'unknown') throw new CacheError('AWE_ERR_UNAUTHENTICATED', 'send a job token or a content token');
    // The key holds a hash of the token, not the token.
    const key = `${createHash('sha256').update(token).digest('hex')}:${sha}`;
    const known = this.answers.get(key);
    const answer = known !== undefined && known.expiresAt > this.now() ? known : await this.ask(key, token, sha);
    if (answer.refusal) throw answer.refusal;
  }

  private ask(key: string, token: string, sha: string): Promise<Answer> {
    let pending = this.asking.get(key);
    if (pending === undefined) {
      pending = this.askService(token, sha).finally(() => this.asking.delete(key));
      this.asking.set(key, pending);
      void pending.then((answer) => this.remember(key, answer), () => undefined);
    }
    return pending;
  }

  private async askService(token: string, sha: string): Promise<Answer> {
    let refusal: CacheError | null = null;
    try {
      await this.service.blobAccess(sha, token);
    } catch (err) {
      // Only the service's own verdicts are remembered; a service that does not answer is tried again next time.
      if (!(err instanceof AweApiError) || ![401, 403, 404].includes(err.statusCode)) {
        throw new CacheError('AWE_ERR_BUSY', `the service does not answer: ${(err as Error).message}`);
      }
      refusal = CacheError.fromService(err);
    }
    return { refusal, expiresAt: this.now() + this.ttlMs };
  }

  private remember(key: string, answer: Answer): void {
    if (this.ttlMs <= 0) return;
    if (this.answers.size >= SWEEP_AT) {
      const now = this.now();
      for (const [k, a] of this.answers) if (a.expiresAt <= now) this.answers.delete(k);
    }
    this.answers.set(key, answer);
  }
}

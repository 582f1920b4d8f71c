/**
 * The site's awe-cache (docs/sites.md), as the agent uses it: bundle files and
 * inputs are asked of it by sha256 with the job token; whatever it does not
 * deliver (it does not answer, refuses, or cuts a stream whose hash failed)
 * is then read from the service, so a cache can make a job faster but never
 * make it fail. Uploads never go through it.
 */
import type { Logger } from 'pino';
import { describeError, type AweClient } from '@awe-dp/sdk';
import { BloomFilter } from '../core/bloom.js';
import { ManifestError, type BundleFile } from '../core/bundle-manifest.js';
import type { BundleCache, FetchBlob } from './bundle-cache.js';

export class SiteCache {
  /** The last filter `GET /v1/held` answered, with its ETag. */
  private heldCopy: { etag: string; filter: BloomFilter } | null = null;

  constructor(
    private readonly client: AweClient,
    private readonly log: Logger,
  ) {}

  get url(): string {
    return this.client.server;
  }

  async ensure(cache: BundleCache, files: readonly BundleFile[], jobToken: string, fromService: FetchBlob): Promise<void> {
    try {
      await cache.ensure(files, (sha) => this.client.downloadBlob(sha, jobToken));
      return;
    } catch (err) {
      if (err instanceof ManifestError) throw err;
      this.log.warn({ cache: this.url, err: describeError(err) }, 'the site cache did not deliver: reading the rest from the service');
    }
    // Only what is still missing is fetched again.
    await cache.ensure(files, fromService);
  }

  /**
   * What the site cache holds (its `GET /v1/held`, a Bloom filter of sha256s),
   * for the node's content report; asked with the ETag of the copy kept from
   * last time, so an unchanged filter costs a 304. Null when the cache does not
   * answer, which only costs the site its locality.
   */
  async held(): Promise<BloomFilter | null> {
    try {
      const headers = this.heldCopy ? { 'if-none-match': this.heldCopy.etag } : undefined;
      const response = await this.client.raw({ method: 'GET', path: '/v1/held', headers });
      if (response.statusCode === 304 && this.heldCopy) {
        await response.body.dump();
        return this.heldCopy.filter;
      }
      const answer = (await response.body.json()) as { filter?: unknown };
      if (typeof answer.filter !== 'string') throw new Error('its answer has no filter');
      const filter = BloomFilter.fromBase64(answer.filter);
      const etag = response.headers.etag;
      this.heldCopy = typeof etag === 'string' ? { etag, filter } : null;
      return filter;
    } catch (err) {
      this.log.warn({ cache: this.url, err: describeError(err) }, 'the site cache did not say what it holds: reporting the node\'s own cache only');
      return null;
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/**
 * The site's awe-cache (docs/sites.md), as the agent uses it: bundle files and
 * inputs are asked of it by sha256 with the job token; whatever it does not
 * deliver (it does not answer, refuses, or cuts a stream whose hash failed)
 * is then read from the service, so a cache can make a job faster but never
 * make it fail. Uploads never go through it.
 */
import type { Logger } from 'pino';
import { describeError, type AweClient } from '@awe-dp/sdk';
import { ManifestError, SHA256_HEX, type BundleFile } from '../core/bundle-manifest.js';
import type { BundleCache, FetchBlob } from './bundle-cache.js';

export class SiteCache {
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
   * The sha256s the site cache holds (its `GET /v1/held`), for the node's content
   * report; none when it does not answer, which only costs the site its locality.
   */
  async held(): Promise<string[]> {
    try {
      const answer = (await (await this.client.raw({ method: 'GET', path: '/v1/held' })).body.json()) as { sha256s?: unknown };
      const shas = Array.isArray(answer.sha256s) ? answer.sha256s : [];
      return shas.filter((sha): sha is string => typeof sha === 'string' && SHA256_HEX.test(sha));
    } catch (err) {
      this.log.warn({ cache: this.url, err: describeError(err) }, 'the site cache did not say what it holds: reporting the node\'s own cache only');
      return [];
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

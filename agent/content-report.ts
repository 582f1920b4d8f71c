/**
 * What content this node and its site hold, as a Bloom filter (core/bloom.ts)
 * sent with its claims so the service can send it jobs whose bundle and inputs
 * are here (docs/routing.md, locality). It names every blob of the node's cache
 * by its sha256, and every bundle whose blobs are all in either cache by the
 * bundle's id, joined (union) with the site's awe-cache's own filter (`--cache`,
 * `GET /v1/held`). Bundles are known from the jobs this process laid out, so
 * after a restart a bundle is named again once a job of it ran; a blob is
 * taken to be at the site when the site's filter says so, so a false positive
 * there can name a bundle that is not whole, at the filter's rate.
 *
 * The filter is sent only when it differs from the one the service took last;
 * it is made again after a job brought files and at least every minute
 * otherwise (files also leave both caches, and other nodes fill the site's).
 */
import { BloomFilter } from '../core/bloom.js';
import type { BundleCache } from './bundle-cache.js';
import type { SiteCache } from './site-cache.js';

const RELIST_MS = 60_000;

export class ContentReport {
  private readonly bundles = new Map<string, string[]>();
  private current: { filter: string; at: number } | null = null;
  private sent: string | null = null;

  constructor(
    private readonly cache: BundleCache,
    private readonly siteCache: Pick<SiteCache, 'held'> | null,
    private readonly now: () => number = Date.now,
  ) {}

  /** A job laid out this bundle from the cache, or new files arrived: list again before the next claim. */
  noteBundle(id: string | null, shas: readonly string[]): void {
    if (id !== null) this.bundles.set(id, [...shas]);
    this.current = null;
  }

  /** The filter to send with the next claim, or undefined when the service has it already. */
  async next(): Promise<string | undefined> {
    if (this.current === null || this.now() - this.current.at >= RELIST_MS) {
      const site = this.siteCache ? await this.siteCache.held() : null;
      const own = new Set(await this.cache.shas());
      const here = (sha: string): boolean => own.has(sha) || (site?.has(sha) ?? false);
      const whole = [...this.bundles].filter(([, shas]) => shas.every(here)).map(([id]) => id);
      // The node's items go in at the joined size (the site's filter widened if smaller), never into a
      // small filter widened later, which keeps a small filter's density; what the node read through the
      // site cache is there already and sets no new bits.
      const sized = BloomFilter.forCount(own.size + whole.length);
      const filter = site ? sized.union(site) : sized;
      for (const sha of [...own, ...whole]) filter.add(sha);
      this.current = { filter: filter.toBase64(), at: this.now() };
    }
    return this.current.filter === this.sent ? undefined : this.current.filter;
  }

  /** The service answered a claim that carried this filter: it keeps it. */
  taken(filter: string): void {
    this.sent = filter;
  }
}

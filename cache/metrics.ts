/** awe-cache's counters, in the Prometheus text format on GET /metrics. */
export class CacheMetrics {
  hits = 0;
  misses = 0;
  bytesServed = 0;
  bytesFetched = 0;
  evictions = 0;
  /** Cached files that no longer hashed right while served (dropped and fetched again). */
  corrupt = 0;

  render(held: { bytes: number; files: number }): string {
    const counter = (name: string, help: string, value: number): string[] => [`# HELP ${name} ${help}`, `# TYPE ${name} counter`, `${name} ${value}`];
    const gauge = (name: string, help: string, value: number): string[] => [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`];
    return (
      [
        ...counter('awe_cache_hits_total', 'Content requests answered without a fetch of their own (from disk, or joining a fetch under way).', this.hits),
        ...counter('awe_cache_misses_total', 'Content requests that fetched from the service (one per file, however many ask at once).', this.misses),
        ...counter('awe_cache_bytes_served_total', 'Content bytes sent to clients.', this.bytesServed),
        ...counter('awe_cache_bytes_fetched_total', 'Content bytes fetched from the service.', this.bytesFetched),
        ...counter('awe_cache_evictions_total', 'Files evicted (least recently used) to get below the low watermark.', this.evictions),
        ...counter('awe_cache_corrupt_total', 'Cached files that failed their hash while served, dropped and fetched again.', this.corrupt),
        ...gauge('awe_cache_bytes', 'Bytes held on disk.', held.bytes),
        ...gauge('awe_cache_files', 'Files held on disk.', held.files),
      ].join('\n') + '\n'
    );
  }
}

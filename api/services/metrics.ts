/**
 * The few numbers an operator watches, kept in memory and written in the
 * Prometheus text format on scrape. Gauges that live in the database (jobs by
 * state) are read at scrape time by the route.
 */
import type { Readable } from 'node:stream';

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class Metrics {
  claims = 0;
  claimedJobs = 0;
  leaseExpiries = 0;
  /** Content bytes (blobs, outputs) sent to clients: what a site cache saves shows here. */
  blobBytesSent = 0;
  private readonly histogram = new Map<string, { counts: number[]; sum: number; count: number }>();

  /** Counts the bytes of a content answer as they leave (an aborted download counts what went out). */
  countSent(stream: Readable): Readable {
    stream.on('data', (chunk: Buffer) => (this.blobBytesSent += chunk.length));
    return stream;
  }

  observeRequest(route: string, method: string, seconds: number): void {
    const key = `method="${method}",route="${route.replace(/["\\\n]/g, '_')}"`;
    let entry = this.histogram.get(key);
    if (!entry) {
      entry = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.histogram.set(key, entry);
    }
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) entry.counts[i]++;
    entry.sum += seconds;
    entry.count++;
  }

  render(jobsByState: Record<string, number>, waitingAgents: number): string {
    const lines = [
      '# HELP awe_jobs Jobs by state.',
      '# TYPE awe_jobs gauge',
      ...Object.entries(jobsByState).map(([state, n]) => `awe_jobs{state="${state}"} ${n}`),
      '# HELP awe_claims_total Claim requests answered.',
      '# TYPE awe_claims_total counter',
      `awe_claims_total ${this.claims}`,
      '# HELP awe_claimed_jobs_total Jobs handed to agents.',
      '# TYPE awe_claimed_jobs_total counter',
      `awe_claimed_jobs_total ${this.claimedJobs}`,
      '# HELP awe_lease_expiries_total Leases that ran out (agent gone or silent).',
      '# TYPE awe_lease_expiries_total counter',
      `awe_lease_expiries_total ${this.leaseExpiries}`,
      '# HELP awe_blob_bytes_sent_total Bytes of blobs and outputs sent to clients (agents, caches, CLIs).',
      '# TYPE awe_blob_bytes_sent_total counter',
      `awe_blob_bytes_sent_total ${this.blobBytesSent}`,
      '# HELP awe_long_polls Agents waiting in a long poll now.',
      '# TYPE awe_long_polls gauge',
      `awe_long_polls ${waitingAgents}`,
      '# HELP awe_http_request_duration_seconds Request latency.',
      '# TYPE awe_http_request_duration_seconds histogram',
    ];
    for (const [key, entry] of this.histogram) {
      BUCKETS.forEach((bound, i) => lines.push(`awe_http_request_duration_seconds_bucket{${key},le="${bound}"} ${entry.counts[i]}`));
      lines.push(`awe_http_request_duration_seconds_bucket{${key},le="+Inf"} ${entry.count}`);
      lines.push(`awe_http_request_duration_seconds_sum{${key}} ${entry.sum}`);
      lines.push(`awe_http_request_duration_seconds_count{${key}} ${entry.count}`);
    }
    return lines.join('\n') + '\n';
  }
}

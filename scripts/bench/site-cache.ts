/**
 * A site cache's worth: the same jobs (each reading one shared input, like a
 * master flat) on four real awe-agent processes of one site, first reading
 * from the service, then through an awe-cache: the service's content bytes
 * out (awe_blob_bytes_sent_total) and the time the jobs took.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AweClient, Job } from '@awe-dp/sdk';
import { serviceBytesSent, startCacheProcess } from '../cache-process.js';
import { startAgentProcess, type AgentProcess } from '../agent-process.js';
import { startServerProcess } from '../server-process.js';
import { bySize, type Context, type Report } from './scenario.js';
import { percentile, round } from './stats.js';

const MB = 1024 * 1024;
const AGENTS = 4;

async function startAgents(admin: AweClient, server: string, dir: string, cache: string | null): Promise<AgentProcess[]> {
  const agents: AgentProcess[] = [];
  for (let i = 0; i < AGENTS; i++) {
    const { token } = await admin.createEnrollmentToken({ uses: 1 });
    const args = ['--isolation', 'none', '--trust-user-code', ...(cache ? ['--cache', cache] : [])];
    agents.push(startAgentProcess(server, token, `${cache ? 'cached' : 'direct'}-${i}`, join(dir, `agent-${i}`), args));
  }
  return agents;
}

async function waitAll(admin: AweClient, ids: number[]): Promise<Job[]> {
  for (;;) {
    const jobs = await Promise.all(ids.map((id) => admin.getJob(id)));
    if (jobs.every((job) => job.state === 'succeeded' || job.state === 'failed' || job.state === 'cancelled')) return jobs;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function runSiteCache(ctx: Context): Promise<Report> {
  const jobs = bySize(ctx.mode, 40, 40, 8);
  const inputBytes = bySize(ctx.mode, 20 * MB, 20 * MB, 2 * MB);
  const dir = mkdtempSync(join(tmpdir(), 'awe-bench-site-'));
  const server = await startServerProcess({ nodeOptions: ctx.serverNodeOptions });
  const cache = await startCacheProcess(server.url, join(dir, 'cache'));
  const figures: Record<string, number> = {};
  try {
    const admin = server.admin;
    const script = (name: string, body: string): string => {
      const path = join(dir, name);
      writeFileSync(path, `#!/bin/sh\n${body}\n`);
      chmodSync(path, 0o755);
      return path;
    };
    await admin.putRecipe('Make', { command: [script('make.sh', `head -c ${inputBytes} /dev/urandom > "$AWE_OUTPUT_DIR/flat.fits"`)] });
    await admin.putRecipe('Use', { command: [script('use.sh', 'sha256sum flat.fits >/dev/null')] });

    for (const [phase, via] of [['direct', null], ['cached', cache.url]] as const) {
      const agents = await startAgents(admin, server.url, join(dir, phase), via);
      try {
        // A fresh input per phase, made before the clock starts, so neither phase finds it on a node already.
        const producer = await admin.submitJob({ recipe: 'Make' });
        const [made] = await waitAll(admin, [producer.id]);
        if (made.state !== 'succeeded') throw new Error(`the producer ${made.state}: ${made.message ?? ''}`);
        const before = await serviceBytesSent(server.url, server.adminToken);
        const start = performance.now();
        const { ids } = await admin.submitJobs(Array.from({ length: jobs }, () => ({ recipe: 'Use', inputs: [{ job: producer.id, path: 'flat.fits' }] })));
        const done = await waitAll(admin, ids);
        const wallMs = performance.now() - start;
        const failed = done.filter((job) => job.state !== 'succeeded');
        if (failed.length > 0) throw new Error(`${failed.length} jobs did not succeed (${phase}): ${failed[0].message ?? failed[0].state}`);
        const jobMs = done.map((job) => Date.parse(job.finishedAt!) - Date.parse(job.startedAt!));
        figures[`${phase}.serviceMBOut`] = round(((await serviceBytesSent(server.url, server.adminToken)) - before) / MB);
        figures[`${phase}.wallSeconds`] = round(wallMs / 1000);
        figures[`${phase}.jobMsP50`] = Math.round(percentile(jobMs, 50));
        figures[`${phase}.jobMsMax`] = Math.round(Math.max(...jobMs));
      } finally {
        await Promise.all(agents.map((agent) => agent.stop()));
      }
    }
    const metrics = await cache.metrics();
    figures['cached.cacheHits'] = metrics.awe_cache_hits_total;
    figures['cached.cacheMisses'] = metrics.awe_cache_misses_total;
  } finally {
    await cache.stop();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    figures,
    notes: [
      `${jobs} jobs each reading one ${inputBytes / MB} MB input, on ${AGENTS} awe-agent processes (one slot each) of one site, with the service, the cache and the agents on this machine`,
      'direct: agents read from the service; every node fetches the input once into its own bundle cache, so the service sends it once per node',
      'cached: agents read through one awe-cache, which fetches it from the service once (collapsed misses) and serves the nodes from its disk',
      'job time is the service\'s startedAt to finishedAt (claim to finish report), the first job on each node including its fetch; on one machine the cache saves bytes, not time: the network it spares is loopback',
    ],
  };
}

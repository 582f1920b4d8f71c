/**
 * The agent put together: executor, SDK client, enrollment or hello,
 * recovery of what a previous run left, heartbeats, the claim loop, and one
 * runner per attempt. main.ts adds the command line and signals; tests start
 * it in-process.
 */
import { setMaxListeners } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { AweApiError, AweClient, describeError } from '@awe-dp/sdk';
import { AGENT_VERSION, baseCodeDigest } from './base-code.js';
import { AGENT_PROTOCOL } from '../core/protocol.js';
import { BundleCache } from './bundle-cache.js';
import { ContentReport } from './content-report.js';
import type { AgentConfig } from './config.js';
import { credentialPath, loadCredential, saveCredential } from './credential.js';
import { executorEntry } from './executors/registry.js';
import { FinishOutbox } from './finish-outbox.js';
import { Heartbeats } from './heartbeats.js';
import { leftoverJobDirs } from './job-dir.js';
import { Poller } from './poller.js';
import { Runner, type RunnerContext } from './runner.js';
import { SiteCache } from './site-cache.js';

export interface RunningAgent {
  agentId: number;
  /** Take no new jobs; `done` resolves once the running ones are reported. */
  drain(): void;
  /** Drain, and stop the running recipes (reported as system failures, so they are retried elsewhere). */
  cancelAll(): void;
  /** Stop waiting for the service; undelivered reports stay on disk for the next start. */
  abandon(): void;
  /** How many attempts this agent holds. */
  running(): number;
  readonly done: Promise<void>;
}

/** Longest a request may take: the longest long poll the protocol allows (60 s) and some. */
const REQUEST_TIMEOUT_MS = 90_000;

type Provenance = RunnerContext['provenance'];

/** An error for the operator, with what to do about it. */
class StartError extends Error {}

async function connect(config: AgentConfig, client: AweClient, log: Logger, provenance: Provenance) {
  const stored = await loadCredential(config.workDir);
  // The service keeps jobs that ship their own code from an unsandboxed agent unless it trusts them.
  const offer = {
    labels: config.labels,
    slots: config.slots,
    memoryMB: config.memoryMB,
    isolation: config.isolation,
    trustUserCode: config.trustUserCode,
    ...(provenance.baseDigest ? { baseDigest: provenance.baseDigest } : {}),
    protocol: AGENT_PROTOCOL,
  };
  if (stored) {
    if (stored.server !== config.server) {
      throw new StartError(`${credentialPath(config.workDir)} enrolls this agent with ${stored.server}, not ${config.server}; use another --work-dir for another service`);
    }
    client.token = stored.credential;
    try {
      // A service of the previous release answers no `refused`.
      const { refused = [], ...intervals } = await client.agentHello(offer);
      log.info({ agentId: stored.agentId }, 'agent known to the service');
      if (refused.length > 0) {
        log.warn({ refused }, 'the enrollment bound does not allow all this node offers: the service keeps what it offered before for those; an admin widens the bound with PATCH /v1/nodes/{id}');
      }
      return { agentId: stored.agentId, intervals };
    } catch (err) {
      if (err instanceof AweApiError && err.statusCode === 401) {
        throw new StartError(`the service rejects this agent's credential (was the node removed?): delete ${credentialPath(config.workDir)} and start again with --enroll TOKEN`);
      }
      throw err;
    }
  }
  if (!config.enroll) {
    throw new StartError(`this agent is not enrolled yet: start it once with --enroll TOKEN (an admin creates one with POST /v1/enrollment-tokens)`);
  }
  const registered = await client.registerAgent({ token: config.enroll, name: config.name, executor: config.executor, ...offer, ...(config.site ? { site: config.site } : {}) });
  await saveCredential(config.workDir, { server: config.server, agentId: registered.agentId, credential: registered.credential });
  client.token = registered.credential;
  log.info({ agentId: registered.agentId, node: config.name }, 'enrolled');
  return { agentId: registered.agentId, intervals: registered.intervals };
}

export async function startAgent(config: AgentConfig, log: Logger, agentEnv: NodeJS.ProcessEnv = process.env): Promise<RunningAgent> {
  const entry = executorEntry(config.executor);
  const executor = entry.create(config);
  await executor.validate();
  await mkdir(config.workDir, { recursive: true, mode: 0o700 });

  // No retries inside the SDK: the agent's loops retry themselves, paced by the lease (a heartbeat late by its retries is a lost lease).
  const client = new AweClient({ server: config.server, caFile: config.caFile ?? undefined, timeoutMs: REQUEST_TIMEOUT_MS, retries: 0 });
  const provenance: Provenance = { ...(config.baseCode ? { baseDigest: await baseCodeDigest(config.baseCode) } : {}), agentVersion: AGENT_VERSION };
  let connected;
  try {
    connected = await connect(config, client, log, provenance);
  } catch (err) {
    await client.close();
    if (err instanceof StartError) throw err;
    throw new Error(`cannot start with the service at ${config.server}: ${describeError(err)}`, { cause: err });
  }
  const { agentId, intervals } = connected;

  // The cache answers from the site's disk or not at all: no retries, the service is the fallback.
  const siteCache = config.cache
    ? new SiteCache(new AweClient({ server: config.cache, caFile: config.caFile ?? undefined, timeoutMs: REQUEST_TIMEOUT_MS, retries: 0 }), log)
    : null;
  const exiting = new AbortController();
  // Every attempt waits on it with at most one listener at a time, and the agent holds up to twice its slots
  // of attempts (those decided still report while their slots run the next ones); past that is a leak.
  setMaxListeners(Math.max(10, 2 * config.slots), exiting.signal);
  const outbox = new FinishOutbox(client, log);
  let poller: Poller | null = null;
  const heartbeats = new Heartbeats(client, log, (draining) => poller?.setServiceDraining(draining));
  const cache = new BundleCache(join(config.workDir, 'bundles'), config.bundleCacheBytes);
  const content = new ContentReport(cache, siteCache);
  const ctx: RunnerContext = {
    client,
    executor,
    pollMs: entry.pollMs,
    cache,
    content,
    siteCache,
    heartbeats,
    outbox,
    // Batch jobs run elsewhere: their directories must be where compute nodes see them.
    jobsRoot: entry.shared ? join(config.sharedDir!, `agent-${agentId}`, 'jobs') : join(config.workDir, 'jobs'),
    baseCode: config.baseCode,
    provenance,
    graceMs: config.graceSeconds * 1000,
    agentEnv,
    exiting: exiting.signal,
    log,
  };

  const runners = new Set<Runner>();
  let draining = false;
  let finished: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const settleIfIdle = (): void => {
    // A claim on its way may still bring jobs, which are leased to this agent: they run first.
    if (draining && runners.size === 0 && !poller?.claiming) finished();
  };
  const launch = (runner: Runner): void => {
    runners.add(runner);
    void runner.run().finally(() => {
      runners.delete(runner);
      poller?.wake();
      settleIfIdle();
    });
  };

  // What a previous run left comes first: it holds slots.
  for (const { dir, state } of await leftoverJobDirs(ctx.jobsRoot)) {
    if (state === null) await dir.remove();
    else launch(await Runner.resumed(ctx, dir, state));
  }

  heartbeats.start(intervals.heartbeatSeconds);
  poller = new Poller({
    client,
    outbox,
    content,
    maxWaitSeconds: intervals.maxWaitSeconds,
    // An attempt whose outcome is decided no longer holds its slot: the claim carrying its report takes the next job.
    freeSlots: () => {
      let holding = 0;
      for (const runner of runners) if (!runner.decided) holding++;
      return Math.max(0, config.slots - holding);
    },
    onJobs: (jobs) => {
      for (const job of jobs) {
        log.info({ jobId: job.id, epoch: job.epoch, recipe: job.recipe }, 'claimed');
        launch(Runner.claimed(ctx, job));
      }
    },
    onClaimEnd: settleIfIdle,
    log,
  });
  const polling = poller.run();
  log.info({ slots: config.slots, executor: executor.name, labels: config.labels, cache: config.cache, intervals }, 'agent running');

  const closed = done.then(async () => {
    poller?.stop();
    heartbeats.stop();
    await polling;
    await client.close();
    await siteCache?.close();
  });

  const drain = (): void => {
    if (!draining) log.info({ running: runners.size }, 'draining: no new jobs; running ones finish');
    draining = true;
    poller?.drain();
    settleIfIdle();
  };
  const cancelAll = (): void => {
    drain();
    log.info({ running: runners.size }, 'stopping running jobs');
    for (const runner of runners) runner.stop('shutdown');
  };
  return {
    agentId,
    drain,
    cancelAll,
    abandon() {
      exiting.abort();
      // Not even a claim's answer is waited for.
      poller?.stop();
      cancelAll();
    },
    running: () => runners.size,
    done: closed,
  };
}

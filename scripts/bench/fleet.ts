/** Simulated agents and submitters over the SDK, the same client the real agent uses. */
import { AGENT_VERSION } from '../../agent/base-code.js';
import { mapLimit } from '../../core/concurrency.js';
import { perSecond } from './stats.js';
import { AweClient, type ClaimedJob, type FinishReport } from '@awe-dp/sdk';

type ClaimAnswer = Awaited<ReturnType<AweClient['claim']>>;

export const NOOP_RECIPE = 'BenchNoop';
/** Jobs per submit request: the service's batch limit, and BullMQ's addBulk chunk in the same run. */
export const SUBMIT_BATCH = 1000;

/** A recipe without placement, so any agent may take its jobs. */
export async function putNoopRecipe(admin: AweClient): Promise<void> {
  await admin.putRecipe(NOOP_RECIPE, { command: ['true'], maxAttempts: 1 });
}

/** Enrolls `count` agents with enrollment tokens of the admin, 16 registrations in flight. */
export async function enrollAgents(url: string, admin: AweClient, count: number, slots: number, prefix: string): Promise<Array<{ id: number; credential: string }>> {
  const agents: Array<{ id: number; credential: string }> = [];
  const anonymous = new AweClient({ server: url });
  try {
    for (let start = 0; start < count; start += 10_000) {
      const uses = Math.min(10_000, count - start);
      const { token } = await admin.createEnrollmentToken({ uses });
      const batch = await mapLimit(Array.from({ length: uses }, (_, i) => start + i), 16, async (i) => {
        const answer = await anonymous.registerAgent({ token, name: `${prefix}${i}`, slots });
        return { id: answer.agentId, credential: answer.credential };
      });
      agents.push(...batch);
    }
  } finally {
    await anonymous.close();
  }
  return agents;
}

/** Submits `count` no-op jobs in batches of up to 1,000 (one request and one transaction each); answers the ids in order. */
export async function submitNoops(admin: AweClient, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let first = 0; first < count; first += SUBMIT_BATCH) {
    const specs = Array.from({ length: Math.min(SUBMIT_BATCH, count - first) }, (_, i) => ({ recipe: NOOP_RECIPE, args: [String(first + i)] }));
    ids.push(...(await admin.submitJobs(specs)).ids);
  }
  return ids;
}

/** A success as the real agent reports it: exit status and its version (an agent without base code reports no base digest). */
const finishedOk = (job: ClaimedJob): FinishReport => ({ id: job.id, epoch: job.epoch, exitCode: 0, signal: null, agentVersion: AGENT_VERSION });

export interface AgentLoop {
  maxJobs: number;
  /** The claim's waitSeconds, given how many finishes it reports. */
  waitSeconds: number | ((reporting: number) => number);
  /** Ends the loop; a claim it cuts short ends it quietly. */
  signal: AbortSignal;
  /** Just before each claim request. */
  beforeClaim?(): void;
  /** Each claim answer, with how many finishes it acknowledged (all it carried: a refused one throws). */
  onAnswer?(answer: ClaimAnswer, acknowledged: number): void;
}

/**
 * One simulated agent with its own client: claims, and reports every claimed
 * job finished (exit 0) in its next claim's body, as the real agent does, until
 * `signal` aborts. Jobs claimed by the last answer are not reported.
 */
export async function simulateAgent(url: string, credential: string, loop: AgentLoop): Promise<void> {
  const client = new AweClient({ server: url, token: credential, retries: 0 });
  try {
    let pending: FinishReport[] = [];
    while (!loop.signal.aborted) {
      loop.beforeClaim?.();
      const waitSeconds = typeof loop.waitSeconds === 'number' ? loop.waitSeconds : loop.waitSeconds(pending.length);
      const answer = await client.claim({ maxJobs: loop.maxJobs, waitSeconds, finished: pending }, loop.signal).catch((err: unknown) => {
        if (loop.signal.aborted) return null;
        throw err;
      });
      if (answer === null) break;
      const refused = answer.finished.filter((report) => report.status !== 'ok').length;
      if (refused > 0) throw new Error(`${refused} finish reports were refused`);
      loop.onAnswer?.(answer, pending.length);
      pending = answer.jobs.map(finishedOk);
    }
  } finally {
    await client.close();
  }
}

/** Where each simulated agent sends its requests (a replica's URL) and with which credential. */
export interface DrainingAgent {
  url: string;
  credential: string;
}

/**
 * Submits `jobs` no-op jobs in batches through `submitter` while the agents,
 * already long-polling, drain them with the real agent's requests while busy:
 * a claim for `slots` jobs that reports the ones it finished, sent without
 * waiting (waitSeconds 0) when it reports any and long-polling (25 s, the
 * service's longest) when it has none. Answers jobs per second (first submit
 * to the last acknowledged finish) and submits per second.
 */
export async function drainNoops(submitter: AweClient, agents: DrainingAgent[], jobs: number, slots: number): Promise<{ jobsPerSec: number; submitPerSec: number }> {
  const stop = new AbortController();
  let polling = 0;
  let allPolling!: () => void;
  const ready = new Promise<void>((resolve) => (allPolling = resolve));
  let acknowledged = 0;
  let lastAck = 0;
  const loops = Promise.all(
    agents.map((agent) =>
      simulateAgent(agent.url, agent.credential, {
        maxJobs: slots,
        waitSeconds: (reporting) => (reporting > 0 ? 0 : 25),
        signal: stop.signal,
        beforeClaim: () => {
          if (++polling === agents.length) allPolling();
        },
        onAnswer: (_, ok) => {
          acknowledged += ok;
          if (ok > 0) lastAck = performance.now();
          if (acknowledged === jobs) stop.abort();
        },
      }),
    ),
  );
  // An agent that fails before all poll would leave `ready` waiting: its failure ends the wait.
  await Promise.race([ready, loops]);
  const start = performance.now();
  // A failed submit stops the agents, and a failed agent fails the run while the submits go on: neither is left unawaited.
  const submitting = submitNoops(submitter, jobs).then(
    () => performance.now(),
    (error: unknown) => {
      stop.abort();
      throw error;
    },
  );
  const [submitted] = await Promise.all([submitting, loops]);
  if (acknowledged !== jobs) throw new Error(`drained ${acknowledged} of ${jobs} jobs`);
  return { jobsPerSec: perSecond(jobs, lastAck - start), submitPerSec: perSecond(jobs, submitted - start) };
}

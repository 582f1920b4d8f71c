/** Simulated agents and submitters over the SDK, the same client the real agent uses. */
import { mapLimit } from '../../core/concurrency.js';
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

const finishedOk = (job: ClaimedJob): FinishReport => ({ id: job.id, epoch: job.epoch, exitCode: 0 });

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

export interface RealAgentLoop {
  slots: number;
  /** The claim's waitSeconds while slots are free (the real agent sends the service's maxWaitSeconds). */
  waitSeconds: number;
  /** Ends the loop; a claim it cuts short ends it quietly. */
  signal: AbortSignal;
  /** Just before each claim request. */
  beforeClaim?(): void;
  /** Each finish the service acknowledged. */
  onFinished(): void;
}

/**
 * One simulated agent sending the requests the real agent sends for jobs that
 * end at once: a claim for as many jobs as it has free slots, and for each job
 * its own `POST /v1/jobs/{id}/finish` (the real agent's runner), which frees
 * the slot and wakes the claim loop. No process is started and no log is
 * shipped (a no-op recipe prints nothing). Runs until `signal` aborts.
 */
export async function simulateRealAgent(url: string, credential: string, loop: RealAgentLoop): Promise<void> {
  const client = new AweClient({ server: url, token: credential, retries: 0 });
  let running = 0;
  let slotFreed: (() => void) | null = null;
  let failure: unknown = null;
  const finish = async (job: ClaimedJob): Promise<void> => {
    try {
      const answer = await client.finish({ id: job.id, epoch: job.epoch, exitCode: 0 });
      if (answer.status !== 'ok') throw new Error(`the finish of job ${job.id} was answered ${answer.status}`);
      loop.onFinished();
    } catch (err) {
      if (!loop.signal.aborted) failure ??= err;
    } finally {
      running--;
      slotFreed?.();
    }
  };
  const onAbort = (): void => slotFreed?.();
  loop.signal.addEventListener('abort', onAbort);
  try {
    while (!loop.signal.aborted && failure === null) {
      if (running === loop.slots) {
        await new Promise<void>((resolve) => (slotFreed = resolve));
        slotFreed = null;
        continue;
      }
      loop.beforeClaim?.();
      const answer = await client.claim({ maxJobs: loop.slots - running, waitSeconds: loop.waitSeconds }, loop.signal).catch((err: unknown) => {
        if (loop.signal.aborted) return null;
        throw err;
      });
      if (answer === null) break;
      running += answer.jobs.length;
      for (const job of answer.jobs) void finish(job);
    }
    if (failure !== null) throw failure;
  } finally {
    loop.signal.removeEventListener('abort', onAbort);
    await client.close();
  }
}

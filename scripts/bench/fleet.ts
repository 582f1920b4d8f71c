/** Simulated agents and submitters over the SDK, the same client the real agent uses. */
import { mapLimit } from '../../core/concurrency.js';
import { AweClient, type ClaimedJob, type FinishReport } from '../../sdk/index.js';

export const NOOP_RECIPE = 'BenchNoop';

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

/** Submits `count` no-op jobs with `inFlight` requests at a time; answers the ids in order. */
export async function submitNoops(admin: AweClient, count: number, inFlight: number): Promise<number[]> {
  const jobs = await mapLimit(Array.from({ length: count }, (_, i) => i), inFlight, (i) => admin.submitJob({ recipe: NOOP_RECIPE, args: [String(i)] }));
  return jobs.map((job) => job.id);
}

export const finishedOk = (job: ClaimedJob): FinishReport => ({ id: job.id, epoch: job.epoch, exitCode: 0 });

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { AweClient } from '@awe-dp/sdk';
import { startServerProcess, waitForExit } from '../../scripts/server-process.js';

t.test('kill -9 during a burst of submissions loses no acknowledged job', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'awe-crash-'));
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startServerProcess({ dataDir, env: { AWE_LOG_LEVEL: 'warn' } });
  t.teardown(() => first.child.kill('SIGKILL'));
  const client = new AweClient({ server: first.url, token: first.adminToken });
  await client.putRecipe('Noop', { command: ['true'] });

  const acknowledged = new Map<number, string>();
  let stop = false;
  const submitters = Array.from({ length: 8 }, async (_, worker) => {
    for (let i = 0; !stop; i++) {
      const tag = `w${worker}-${i}`;
      try {
        const job = await client.submitJob({ recipe: 'Noop', args: [tag] });
        acknowledged.set(job.id, tag);
      } catch {
        return; // the server died under this request: it was never acknowledged
      }
    }
  });
  while (acknowledged.size < 300) await new Promise((resolve) => setTimeout(resolve, 10));
  first.child.kill('SIGKILL');
  stop = true;
  await Promise.all(submitters);
  await waitForExit(first.child);
  await Promise.all([client.close(), first.admin.close()]);
  t.ok(acknowledged.size >= 300, `${acknowledged.size} submissions acknowledged before the kill`);

  const second = await startServerProcess({ dataDir, env: { AWE_LOG_LEVEL: 'warn' } });
  t.teardown(() => second.child.kill('SIGKILL'));
  const after = new AweClient({ server: second.url, token: second.adminToken });
  t.teardown(() => after.close());
  const found = new Map<number, string>();
  for (let cursor: string | undefined; ; ) {
    const page = await after.listJobs({ limit: 500, cursor });
    for (const job of page.jobs) found.set(job.id, job.args[0]);
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  const lost = [...acknowledged].filter(([id, tag]) => found.get(id) !== tag);
  t.same(lost, [], 'every acknowledged job is there after the restart, with its arguments');
  t.equal((await after.getJob([...acknowledged.keys()][0])).state, 'queued');
  await second.stop();
  t.equal(second.child.exitCode, 0, 'SIGTERM shuts the server down cleanly');
});

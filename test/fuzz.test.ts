/**
 * The contract fuzzer (scripts/fuzz/) with a fixed seed: every operation gets
 * valid and broken requests; none may answer ≥ 500 or a 4xx without a code.
 * `npm run fuzz -- --requests N --seed S` runs more, or another seed.
 */
import t from 'tap';
import { runFuzz } from '../scripts/fuzz/run.js';

// On a loaded machine the run can outlast the suite's per-file timeout; the root test's timeout tells the runner.
t.setTimeout(300_000);

const SEED = 20_261_130;
const REQUESTS = 20_000;

t.test(`${REQUESTS} generated requests (seed ${SEED}): no answer ≥ 500, every 4xx coded`, async (t) => {
  t.comment(`fuzz seed ${SEED}, ${REQUESTS} requests; repeat with: npm run fuzz -- --requests ${REQUESTS} --seed ${SEED}`);
  const report = await runFuzz({ requests: REQUESTS, seed: SEED });
  t.comment(`answers by status: ${JSON.stringify(report.statuses)}`);
  t.equal(report.requests, REQUESTS);
  t.ok(Object.keys(report.statuses).some((status) => Number(status) < 300), 'some requests were valid enough to succeed');
  t.same(
    report.failures.slice(0, 5).map((failure) => ({ ...failure, case: { ...failure.case, url: failure.case.url.slice(0, 300) } })),
    [],
    `${report.failures.length} bad answers`,
  );
});

/**
 * `npm run bench`: the performance suite of the service. Every scenario starts
 * what it needs, measures, stops it, and reports figures, peers from the same
 * run and the targets; see docs/performance.md.
 *
 *   node dist/scripts/bench/index.js [--quick | --tiny] [--only a,b] [--json FILE] [--server-node-options "--cpu-prof ..."]
 */
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { runDeepQueue } from './deep-queue.js';
import { runDispatch } from './dispatch.js';
import { runDispatchPostgres } from './dispatch-postgres.js';
import { runIdleFleet } from './idle-fleet.js';
import { runLatency } from './latency.js';
import { runReplicas } from './replicas.js';
import type { Context, Mode, Report, Scenario } from './scenario.js';
import { runShipping } from './shipping.js';
import { runSiteCache } from './site-cache.js';
import { runSlurm } from './slurm.js';
import { renderTable } from './table.js';
import { runWeb } from './web.js';

const SCENARIOS: Scenario[] = [
  { name: 'dispatch', run: runDispatch },
  { name: 'dispatchPostgres', run: runDispatchPostgres },
  { name: 'latency', run: runLatency },
  { name: 'replicas', run: runReplicas },
  { name: 'idleFleet', run: runIdleFleet },
  { name: 'deepQueue', run: runDeepQueue },
  { name: 'shipping', run: runShipping },
  { name: 'siteCache', run: runSiteCache },
  { name: 'slurm', run: runSlurm },
  { name: 'web', run: runWeb },
];

const USAGE = `usage: npm run bench -- [--quick | --tiny] [--only ${SCENARIOS.map((s) => s.name).join(',')}] [--json FILE] [--server-node-options FLAGS]
  --quick   every scenario smaller (under 2 minutes)
  --tiny    smallest sizes, for the smoke test
  --server-node-options  node flags for the spawned servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"`;

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      tiny: { type: 'boolean' },
      only: { type: 'string' },
      json: { type: 'string' },
      'server-node-options': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const mode: Mode = values.tiny ? 'tiny' : values.quick ? 'quick' : 'full';
  const only = values.only?.split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of only ?? []) {
    if (!SCENARIOS.some((s) => s.name === name)) throw new Error(`unknown scenario "${name}"`);
  }
  return { mode, only, json: values.json, help: values.help === true, serverNodeOptions: values['server-node-options']?.split(/\s+/).filter(Boolean) ?? [] };
}

async function main(): Promise<void> {
  let args;
  try {
    args = parse(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const ctx: Context = {
    mode: args.mode,
    log: (message) => process.stderr.write(`bench: ${message}\n`),
    serverNodeOptions: args.serverNodeOptions,
  };
  const started = new Date();
  const reports: Record<string, Report> = {};
  const seconds: Record<string, number> = {};
  for (const scenario of SCENARIOS) {
    if (args.only && !args.only.includes(scenario.name)) continue;
    const start = performance.now();
    ctx.log(`--- ${scenario.name} (${args.mode})`);
    try {
      reports[scenario.name] = await scenario.run(ctx);
    } catch (error) {
      // One broken scenario must not hide the others' figures; it is reported, and the exit code says so.
      reports[scenario.name] = { skipped: `failed: ${(error as Error).stack ?? String(error)}` };
      process.exitCode = 1;
    }
    seconds[scenario.name] = Math.round((performance.now() - start) / 100) / 10;
  }
  console.log(renderTable(reports));
  if (args.json) {
    const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
    writeFileSync(args.json, `${JSON.stringify({ mode: args.mode, startedAt: started.toISOString(), machine, seconds, scenarios: reports }, null, 2)}\n`);
  }
}

await main();
// A scenario that failed half-way may leave a keep-alive socket or timer of a library behind; the run is over either way.
process.exit();

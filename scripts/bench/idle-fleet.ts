/**
 * Many agents holding long polls against one server process, no work queued:
 * what an idle fleet costs the service in memory and CPU.
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { AweClient } from '@awe-dp/sdk';
import { enrollAgents } from './fleet.js';
import { bySize, type Context, type Measured, type Report } from './scenario.js';
import { cpuSeconds, establishedTo, rssMB, sampleRss, startServerProcess } from '../server-process.js';
import { round } from './stats.js';

/** The service's default longest long poll, safe behind API gateways. */
const WAIT_SECONDS = 25;
/** A longer poll, for a service with no gateway in front (AWE_MAX_WAIT_SECONDS): half the requests. */
const LONG_WAIT_SECONDS = 50;

export async function runIdleFleet(ctx: Context): Promise<Report> {
  const report = await fleet(ctx, WAIT_SECONDS);
  if (ctx.mode === 'tiny') return report;
  const longer = await fleet(ctx, LONG_WAIT_SECONDS);
  report.figures[`cpuPercentWait${LONG_WAIT_SECONDS}`] = longer.figures.cpuPercent;
  report.figures[`requestsPerSecWait${LONG_WAIT_SECONDS}`] = longer.figures.requestsPerSec;
  report.notes.push(`cpuPercentWait${LONG_WAIT_SECONDS}: the same fleet against a service started with AWE_MAX_WAIT_SECONDS=${LONG_WAIT_SECONDS}, agents waiting ${LONG_WAIT_SECONDS} s`);
  return report;
}

async function fleet(ctx: Context, waitSeconds: number): Promise<Measured> {
  const count = bySize(ctx.mode, 1_000, 200, 20);
  const windowMs = bySize(ctx.mode, 20_000, 10_000, 3_000);
  const server = await startServerProcess({ nodeOptions: ctx.serverNodeOptions, env: { AWE_MAX_WAIT_SECONDS: String(waitSeconds) } });
  const abort = new AbortController();
  // Every long poll listens on the one stop signal.
  setMaxListeners(count + 10, abort.signal);
  // One client per agent, as separate agent processes have: each long poll holds its own connection.
  const clients: AweClient[] = [];
  let answered = 0;
  let failures = 0;
  let lastError = '';
  try {
    const agents = await enrollAgents(server.url, server.admin, count, 1, 'idle');
    const rssBeforeMB = rssMB(server.pid);
    ctx.log(`idleFleet: ${count} agents long-polling (waitSeconds ${waitSeconds})`);
    const loops = agents.map(async (agent) => {
      const client = new AweClient({ server: server.url, token: agent.credential, retries: 0 });
      clients.push(client);
      // The first wait is spread over the whole period so renewals arrive evenly, as in a fleet that started over time.
      let wait = Math.max(1, Math.random() * waitSeconds);
      while (!abort.signal.aborted) {
        try {
          await client.claim({ maxJobs: 1, waitSeconds: wait }, abort.signal);
          answered++;
        } catch (error) {
          if (abort.signal.aborted) break;
          failures++;
          lastError = (error as Error).message;
          await sleep(1000);
        }
        wait = waitSeconds;
      }
    });
    const deadline = Date.now() + 60_000;
    let open = establishedTo(server.port);
    while (open < count && Date.now() < deadline) {
      await sleep(200);
      open = establishedTo(server.port);
    }
    await sleep(2_000);
    const openBefore = establishedTo(server.port);
    const answeredBefore = answered;
    const cpuBefore = cpuSeconds(server.pid);
    const peak = sampleRss(server.pid, 200);
    const start = performance.now();
    await sleep(windowMs);
    const elapsedS = (performance.now() - start) / 1000;
    const cpuPercent = ((cpuSeconds(server.pid) - cpuBefore) / elapsedS) * 100;
    const peakMB = peak.stop();
    const rss = rssMB(server.pid);
    const requestsPerSec = (answered - answeredBefore) / elapsedS;
    const openAfter = establishedTo(server.port);
    abort.abort();
    await Promise.all(loops);
    return {
      figures: {
        agents: count,
        openConnections: Math.min(openBefore, openAfter),
        rssMB: round(rss),
        rssPeakMB: round(peakMB),
        rssBeforeFleetMB: round(rssBeforeMB),
        cpuPercent: round(cpuPercent),
        requestsPerSec: round(requestsPerSec),
        clientErrors: failures,
      },
      targets: [
        { figure: 'rssMB', text: count === 1_000 ? '<= 300 MB' : `<= 300 MB (at 1,000 agents; ${count} here)`, pass: peakMB <= 300 },
        { figure: 'cpuPercent', text: '<= 5 %', pass: cpuPercent <= 5 },
        { figure: 'openConnections', text: `= ${count}`, pass: Math.min(openBefore, openAfter) >= count },
      ],
      notes: [
        `${count} simulated agents${count < 1_000 ? ' (fewer than the 1,000 of the full run)' : ''}, each with its own SDK client (own connection), looping claim {maxJobs: 1, waitSeconds: ${waitSeconds}}; first waits spread over 1..${waitSeconds} s`,
        `server RSS (VmRSS) and CPU (utime+stime from /proc/<pid>/stat, % of one core) over a ${windowMs / 1000} s window once every poll was open; openConnections counts ESTABLISHED sockets on the server port`,
        ...(failures > 0 ? [`client errors: ${failures}, last: ${lastError}`] : []),
      ],
    };
  } finally {
    abort.abort();
    await Promise.all(clients.map((client) => client.close()));
    await server.stop();
  }
}

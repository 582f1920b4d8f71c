/**
 * Code shipping: a generated tree uploaded through the CLI's own path
 * (cli/ship-code.ts: scan, ask which contents are missing, upload those,
 * create the bundle), then unchanged, then with one file changed; and one big
 * blob streamed, watching the server's memory.
 */
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { shipCode } from '../../cli/ship-code.js';
import { bySize, type Context, type Report } from './scenario.js';
import { rssMB, sampleRss, startServerProcess } from '../server-process.js';
import { round } from './stats.js';

const MB = 1_000_000;

/**
 * `files` files of random content, sizes spread around the mean, 50 to a
 * directory, last modified an hour ago like most of a working tree (files
 * written in the last two seconds are never taken from the hash cache).
 */
const AN_HOUR_AGO = new Date(Date.now() - 3600_000);

function generateTree(root: string, files: number, totalBytes: number): void {
  const mean = totalBytes / files;
  for (let i = 0; i < files; i++) {
    const dir = join(root, `pkg${Math.floor(i / 50)}`);
    if (i % 50 === 0) mkdirSync(dir, { recursive: true });
    // Sizes from 0.2x to 1.8x the mean, in a fixed pattern so every run ships the same volume.
    const size = Math.round(mean * (0.2 + 1.6 * ((i * 7919) % 1000) / 999));
    writeFileSync(join(dir, `module${i}.py`), randomBytes(size));
    utimesSync(join(dir, `module${i}.py`), AN_HOUR_AGO, AN_HOUR_AGO);
  }
}

/** 1 MB chunks of one random block, each stamped with its index so no two are alike. */
function* bigContent(bytes: number, block: Buffer): Generator<Buffer> {
  for (let offset = 0, index = 0; offset < bytes; offset += block.length, index++) {
    const chunk = Buffer.from(block.subarray(0, Math.min(block.length, bytes - offset)));
    chunk.writeUInt32BE(index, 0);
    yield chunk;
  }
}

export async function runShipping(ctx: Context): Promise<Report> {
  const files = bySize(ctx.mode, 5_000, 1_000, 50);
  const totalBytes = bySize(ctx.mode, 100 * MB, 20 * MB, 1 * MB);
  const bigBytes = bySize(ctx.mode, 1_000 * MB, 200 * MB, 10 * MB);
  const root = mkdtempSync(join(tmpdir(), 'awe-bench-tree-'));
  // The CLI's hash cache, kept out of the user's ~/.awe.
  const hashes = mkdtempSync(join(tmpdir(), 'awe-bench-hashes-'));
  const server = await startServerProcess({ nodeOptions: ctx.serverNodeOptions });
  try {
    generateTree(root, files, totalBytes);
    ctx.log(`shipping: ${files} files, ${totalBytes / MB} MB`);
    const rssBefore = rssMB(server.pid);
    const peak = sampleRss(server.pid);
    let start = performance.now();
    const first = await shipCode(server.admin, root, hashes);
    const firstUploadMs = performance.now() - start;
    start = performance.now();
    const unchanged = await shipCode(server.admin, root, hashes);
    const unchangedMs = performance.now() - start;
    appendFileSync(join(root, 'pkg0', 'module0.py'), '\n# one line changed\n');
    start = performance.now();
    const oneFile = await shipCode(server.admin, root, hashes);
    const oneFileMs = performance.now() - start;
    const serverRssGrowthMB = peak.stop() - rssBefore;

    ctx.log(`shipping: one ${bigBytes / MB} MB blob`);
    const block = randomBytes(MB);
    const hash = createHash('sha256');
    for (const chunk of bigContent(bigBytes, block)) hash.update(chunk);
    const sha = hash.digest('hex');
    const bigBefore = rssMB(server.pid);
    const bigPeak = sampleRss(server.pid);
    start = performance.now();
    await server.admin.uploadBlob(sha, Readable.from(bigContent(bigBytes, block)));
    const bigUploadMs = performance.now() - start;
    const bigUploadRssGrowthMB = bigPeak.stop() - bigBefore;

    const unchangedPass = unchanged.uploadedBytes === 0 && unchangedMs < 1000;
    return {
      figures: {
        files: first.tree.files.length,
        treeMB: round(first.tree.totalBytes / MB),
        firstUploadMs: round(firstUploadMs),
        firstUploadBytes: first.uploadedBytes,
        unchangedUploadBytes: unchanged.uploadedBytes,
        unchangedMs: round(unchangedMs),
        oneFileUploadBytes: oneFile.uploadedBytes,
        oneFileMs: round(oneFileMs),
        serverRssGrowthMB: round(serverRssGrowthMB),
        bigUploadMB: bigBytes / MB,
        bigUploadMs: round(bigUploadMs),
        bigUploadRssGrowthMB: round(bigUploadRssGrowthMB),
      },
      targets: [
        { figure: 'unchangedUploadBytes', text: '0 bytes', pass: unchanged.uploadedBytes === 0 },
        { figure: 'unchangedMs', text: '< 1000 ms with 0 bytes', pass: unchangedPass },
        {
          figure: 'bigUploadRssGrowthMB',
          text: bigBytes >= 1_000 * MB ? '<= 64 MB (1 GB upload)' : `<= 64 MB (1 GB in the full run; ${bigBytes / MB} MB here)`,
          pass: bigUploadRssGrowthMB <= 64,
        },
      ],
      notes: [
        `${files} generated files of random content, ${totalBytes / MB} MB, shipped with cli/ship-code.ts shipCode (the awrecipe -mycode path) to a server process`,
        'unchanged: the same tree again; oneFile: one file with a line appended',
        'serverRssGrowthMB: peak VmRSS during the three shipments minus VmRSS before (sampled every 50 ms)',
        `big upload: one ${bigBytes / MB} MB blob streamed from a generator (sha computed beforehand), PUT /v1/blobs/{sha}; growth of the server's peak VmRSS`,
      ],
    };
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
    rmSync(hashes, { recursive: true, force: true });
  }
}

import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describeHdu, FitsError, listHdus, readImage, readTableRows, type HduKind, type ReadAt } from './reader.js';
import { zscale } from './zscale.js';

/** Previews are at most this wide or high; larger images are binned (mean of each block, NaN left out). */
const MAX_SIDE = 1024;
const TABLE_ROWS = 20;

export interface HduSummary {
  index: number;
  kind: HduKind;
  description: string;
  previewable: boolean;
  columns?: string[];
  rows?: string[][];
}

export interface FitsSummary {
  hdus: HduSummary[];
  /** The HDU shown: the one asked for, else the first image (the primary HDU of a mosaic file is often empty). */
  chosen: number | null;
}

async function withFile<T>(file: string, use: (read: ReadAt, size: number) => Promise<T>): Promise<T> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const read: ReadAt = async (offset, length) => {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      await handle.read(buffer, 0, buffer.length, offset);
      return buffer;
    };
    return await use(read, size);
  } finally {
    await handle.close();
  }
}

/** The file's HDUs, which one a preview shows, and the first rows when that one is a table. */
export function summarize(file: string, wanted?: number): Promise<FitsSummary> {
  return withFile(file, async (read, size) => {
    const hdus = await listHdus(read, size);
    const summaries: HduSummary[] = hdus.map((hdu) => {
      const { kind, description } = describeHdu(hdu);
      return { index: hdu.index, kind, description, previewable: kind === 'image' || kind === 'table' };
    });
    const chosen = wanted ?? summaries.find((s) => s.kind === 'image')?.index ?? summaries.find((s) => s.kind === 'table')?.index ?? null;
    const picked = chosen === null ? undefined : summaries[chosen];
    if (chosen !== null && !picked) throw new FitsError(`the file has ${hdus.length} HDUs (0 to ${hdus.length - 1}), not ${chosen}`);
    if (picked?.kind === 'table') Object.assign(picked, await readTableRows(read, hdus[chosen!]!, TABLE_ROWS));
    return { hdus: summaries, chosen };
  });
}

/** One image HDU as an 8-bit grey PNG with a zscale stretch, north up (FITS stores the bottom row first); NaN pixels transparent. */
export function renderPng(file: string, index: number): Promise<Buffer> {
  return withFile(file, async (read, size) => {
    const hdu = (await listHdus(read, size))[index];
    if (!hdu) throw new FitsError(`no HDU ${index} in this file`);
    const { kind, description } = describeHdu(hdu);
    if (kind !== 'image') throw new FitsError(`HDU ${index} cannot be shown as an image: ${description}`);
    const { width, height, pixels } = await readImage(read, hdu);
    const bin = Math.max(1, Math.ceil(Math.max(width, height) / MAX_SIDE));
    const [w, h] = [Math.ceil(width / bin), Math.ceil(height / bin)];
    const binned = new Float64Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let sum = 0;
        let count = 0;
        for (let dy = 0; dy < bin && y * bin + dy < height; dy++) {
          for (let dx = 0; dx < bin && x * bin + dx < width; dx++) {
            const v = pixels[(y * bin + dy) * width + x * bin + dx]!;
            if (!Number.isNaN(v)) {
              sum += v;
              count++;
            }
          }
        }
        binned[y * w + x] = count === 0 ? NaN : sum / count;
      }
    }
    const limits = zscale(binned) ?? { low: 0, high: 1 };
    const png = new PNG({ width: w, height: h, colorType: 6 });
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const v = binned[(h - 1 - y) * w + x]!;
        const at = (y * w + x) * 4;
        const grey = Number.isNaN(v) ? 0 : Math.round(255 * Math.min(1, Math.max(0, (v - limits.low) / (limits.high - limits.low))));
        png.data[at] = png.data[at + 1] = png.data[at + 2] = grey;
        png.data[at + 3] = Number.isNaN(v) ? 0 : 255;
      }
    }
    return PNG.sync.write(png);
  });
}

/**
 * PNG previews kept under the data dir by the file's content hash and HDU:
 * the same product of a thousand jobs is rendered once, and a replica sharing
 * the data dir finds it too.
 */
export class PreviewCache {
  constructor(private readonly dir: string) {}

  async png(sha256: string, file: string, index: number): Promise<Buffer> {
    const cached = join(this.dir, `${sha256}-${index}.png`);
    try {
      return await readFile(cached);
    } catch {
      const png = await renderPng(file, index);
      await mkdir(this.dir, { recursive: true });
      // Unique per write: two requests for the same preview may render it at once.
      const tmp = `${cached}.${randomUUID()}.tmp`;
      await writeFile(tmp, png);
      await rename(tmp, cached);
      return png;
    }
  }
}

export { FitsError };

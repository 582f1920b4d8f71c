/**
 * Writes FITS files for tests: any HDUs, and a synthetic mosaic shaped like
 * OmegaCAM's raw frames (an empty primary HDU, 32 CCD image extensions named
 * ESO_CCD_#65 … #96, BITPIX 16 with BZERO 32768), with stars at known places
 * and bad pixels marked BLANK (integers) or NaN (floats).
 */
import { writeFileSync } from 'node:fs';

type Value = string | number | boolean;

const card = (key: string, value: Value): string => {
  const text = typeof value === 'string' ? `'${value.padEnd(8)}'`.padEnd(20) : typeof value === 'boolean' ? (value ? 'T' : 'F').padStart(20) : String(value).padStart(20);
  return `${key.padEnd(8)}= ${text}`.padEnd(80).slice(0, 80);
};
const padded = (data: Buffer, fill: number): Buffer => Buffer.concat([data, Buffer.alloc((2880 - (data.length % 2880)) % 2880, fill)]);

export interface HduSpec {
  header: Record<string, Value>;
  data?: Buffer;
}

export function fitsBytes(hdus: HduSpec[]): Buffer {
  return Buffer.concat(
    hdus.flatMap(({ header, data }) => {
      const text = Object.entries(header).map(([k, v]) => card(k, v)).join('') + 'END'.padEnd(80);
      return [padded(Buffer.from(text, 'latin1'), 0x20), ...(data ? [padded(data, 0)] : [])];
    }),
  );
}

/** Big-endian pixels of one image: BITPIX 16 (stored minus BZERO 32768) or -32; NaN written as BLANK (16) or NaN (-32). */
export function imageData(pixels: number[], bitpix: 16 | -32): Buffer {
  const out = Buffer.alloc(pixels.length * (bitpix === 16 ? 2 : 4));
  pixels.forEach((v, i) => (bitpix === 16 ? out.writeInt16BE(Number.isNaN(v) ? -32768 : Math.round(v) - 32768, i * 2) : out.writeFloatBE(v, i * 4)));
  return out;
}

export const STARS: Array<[number, number, number]> = [[20, 30, 9000], [45, 12, 6000], [50, 50, 4000]];

/** A sky of 1000 ADU with gentle noise, three gaussian stars, and a bad column of NaN at x = 7. */
export function starField(width: number, height: number, seed: number): number[] {
  let state = seed * 7919 + 17;
  const noise = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * 20;
  const pixels: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 1000 + noise();
      for (const [sx, sy, peak] of STARS) v += peak * Math.exp(-((x - sx) ** 2 + (y - sy) ** 2) / (2 * 1.5 ** 2));
      pixels.push(x === 7 ? NaN : v);
    }
  }
  return pixels;
}

export function writeMosaic(path: string, options: { ccds?: number; width?: number; height?: number; bitpix?: 16 | -32 } = {}): void {
  const { ccds = 32, width = 64, height = 64, bitpix = 16 } = options;
  const primary: HduSpec = { header: { SIMPLE: true, BITPIX: 16, NAXIS: 0, EXTEND: true, TELESCOP: 'ESO-VST', INSTRUME: 'OMEGACAM', NEXTEND: ccds } };
  const extensions = Array.from({ length: ccds }, (_, i): HduSpec => ({
    header: {
      XTENSION: 'IMAGE',
      BITPIX: bitpix,
      NAXIS: 2,
      NAXIS1: width,
      NAXIS2: height,
      PCOUNT: 0,
      GCOUNT: 1,
      ...(bitpix === 16 ? { BSCALE: 1, BZERO: 32768, BLANK: -32768 } : {}),
      EXTNAME: `ESO_CCD_#${65 + i}`,
    },
    data: imageData(starField(width, height, i + 1), bitpix),
  }));
  writeFileSync(path, fitsBytes([primary, ...extensions]));
}

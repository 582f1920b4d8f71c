/**
 * A small FITS reader (FITS 4.0) for previews: the list of HDUs with their
 * headers, the first plane of an image HDU as numbers, and the first rows of a
 * table. Reads through a positional read function, so a 32-CCD mosaic file is
 * never held in memory whole: only headers and the one HDU being shown.
 */

const BLOCK = 2880;
const CARD = 80;
const MAX_HEADER_BLOCKS = 1000;
const BYTES: Record<number, number> = { 8: 1, 16: 2, 32: 4, 64: 8, [-32]: 4, [-64]: 8 };

export type ReadAt = (offset: number, length: number) => Promise<Buffer>;
export type HeaderValue = string | number | boolean;

export class FitsError extends Error {}

export interface Hdu {
  index: number;
  /** 'PRIMARY', or the XTENSION value: IMAGE, BINTABLE, TABLE, … */
  type: string;
  header: Map<string, HeaderValue>;
  bitpix: number;
  axes: number[];
  dataOffset: number;
  dataBytes: number;
}

function parseValue(text: string): HeaderValue | undefined {
  const value = text.trim();
  if (value.startsWith("'")) {
    // A string: quotes inside are doubled; the closing quote ends it, a comment may follow.
    let out = '';
    for (let i = 1; i < value.length; i++) {
      if (value[i] === "'") {
        if (value[i + 1] === "'") {
          out += "'";
          i++;
          continue;
        }
        return out.trimEnd();
      }
      out += value[i];
    }
    return out.trimEnd();
  }
  const bare = value.split('/')[0]!.trim();
  if (bare === 'T') return true;
  if (bare === 'F') return false;
  if (bare === '') return undefined;
  const number = Number(bare.replace(/D/i, 'E'));
  return Number.isNaN(number) ? bare : number;
}

async function readHeader(read: ReadAt, offset: number, size: number): Promise<{ header: Map<string, HeaderValue>; end: number }> {
  const header = new Map<string, HeaderValue>();
  for (let block = 0; block < MAX_HEADER_BLOCKS; block++) {
    const start = offset + block * BLOCK;
    if (start + BLOCK > size) throw new FitsError(`the header at byte ${offset} is truncated (no END card)`);
    const text = (await read(start, BLOCK)).toString('latin1');
    for (let i = 0; i < BLOCK; i += CARD) {
      const card = text.slice(i, i + CARD);
      const key = card.slice(0, 8).trim();
      if (key === 'END') return { header, end: start + BLOCK };
      if (card.slice(8, 10) !== '= ' || key === '' || header.has(key)) continue;
      const value = parseValue(card.slice(10));
      if (value !== undefined) header.set(key, value);
    }
  }
  throw new FitsError(`the header at byte ${offset} has no END card within ${MAX_HEADER_BLOCKS} blocks`);
}

const int = (header: Map<string, HeaderValue>, key: string, fallback?: number): number => {
  const value = header.get(key) ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new FitsError(`${key} is ${value === undefined ? 'missing' : JSON.stringify(value)}`);
  return value;
};

/** Every HDU of the file: headers parsed, data located (not read). */
export async function listHdus(read: ReadAt, size: number): Promise<Hdu[]> {
  const hdus: Hdu[] = [];
  let offset = 0;
  while (offset + BLOCK <= size && hdus.length < 1000) {
    const { header, end } = await readHeader(read, offset, size);
    const first = hdus.length === 0;
    if (first && header.get('SIMPLE') !== true) throw new FitsError('not a FITS file (no SIMPLE = T)');
    if (!first && typeof header.get('XTENSION') !== 'string') break; // special records after the last extension
    const bitpix = header.get('BITPIX');
    if (typeof bitpix !== 'number' || !BYTES[bitpix]) throw new FitsError(`BITPIX ${String(bitpix)} is not one FITS allows`);
    const naxis = int(header, 'NAXIS');
    const axes = Array.from({ length: naxis }, (_, i) => int(header, `NAXIS${i + 1}`));
    const elements = naxis === 0 ? 0 : axes.reduce((a, b) => a * b, 1);
    const dataBytes = BYTES[bitpix]! * int(header, 'GCOUNT', 1) * (int(header, 'PCOUNT', 0) + elements);
    hdus.push({ index: hdus.length, type: first ? 'PRIMARY' : String(header.get('XTENSION')).trim(), header, bitpix, axes, dataOffset: end, dataBytes });
    offset = end + Math.ceil(dataBytes / BLOCK) * BLOCK;
  }
  if (hdus.length === 0) throw new FitsError('not a FITS file (shorter than one 2880-byte block)');
  return hdus;
}

export type HduKind = 'image' | 'table' | 'empty' | 'unsupported';

/** What an HDU is, in words a user understands, and whether a preview can show it. */
export function describeHdu(hdu: Hdu): { kind: HduKind; description: string } {
  const name = hdu.header.get('EXTNAME');
  const label = typeof name === 'string' && name !== '' ? `${name}: ` : '';
  if (hdu.type === 'BINTABLE' && hdu.header.get('ZIMAGE') === true) {
    return { kind: 'unsupported', description: `${label}a tile-compressed image (${hdu.header.get('ZCMPTYPE') ?? 'unknown method'}): previews do not decompress these; download the file and use funpack or astropy` };
  }
  if (hdu.type === 'BINTABLE' || hdu.type === 'TABLE') {
    return { kind: 'table', description: `${label}${hdu.type === 'TABLE' ? 'ASCII' : 'binary'} table, ${hdu.axes[1] ?? 0} rows, ${hdu.header.get('TFIELDS') ?? 0} columns` };
  }
  if (hdu.type !== 'PRIMARY' && hdu.type !== 'IMAGE') return { kind: 'unsupported', description: `${label}a ${hdu.type} extension, which previews do not show` };
  if (hdu.axes.length === 0 || hdu.dataBytes === 0) return { kind: 'empty', description: `${label}no data (header only)` };
  if (hdu.axes.length === 1) return { kind: 'unsupported', description: `${label}a 1-D array of ${hdu.axes[0]} values, not an image` };
  const planes = hdu.axes.slice(2).reduce((a, b) => a * b, 1);
  const size = `${hdu.axes[0]}×${hdu.axes[1]}`;
  if (planes > 1) return { kind: 'image', description: `${label}a cube of ${hdu.axes.join('×')} (BITPIX ${hdu.bitpix}): the preview shows its first ${size} plane only` };
  return { kind: 'image', description: `${label}image ${size}, BITPIX ${hdu.bitpix}` };
}

/**
 * The first plane of an image HDU as physical values (BSCALE and BZERO
 * applied; BLANK and non-finite values as NaN), row 0 first as stored (FITS
 * stores the bottom row first).
 */
export async function readImage(read: ReadAt, hdu: Hdu): Promise<{ width: number; height: number; pixels: Float64Array }> {
  const [width, height] = [hdu.axes[0]!, hdu.axes[1]!];
  const count = width * height;
  const bytes = BYTES[hdu.bitpix]!;
  const data = await read(hdu.dataOffset, count * bytes);
  if (data.length < count * bytes) throw new FitsError(`the image data of HDU ${hdu.index} is truncated`);
  const scale = Number(hdu.header.get('BSCALE') ?? 1);
  const zero = Number(hdu.header.get('BZERO') ?? 0);
  const blankValue = hdu.header.get('BLANK');
  const blank = hdu.bitpix > 0 && typeof blankValue === 'number' ? blankValue : undefined;
  const pixels = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const at = i * bytes;
    let raw: number;
    switch (hdu.bitpix) {
      case 8: raw = data.readUInt8(at); break;
      case 16: raw = data.readInt16BE(at); break;
      case 32: raw = data.readInt32BE(at); break;
      case 64: raw = Number(data.readBigInt64BE(at)); break;
      case -32: raw = data.readFloatBE(at); break;
      default: raw = data.readDoubleBE(at);
    }
    pixels[i] = raw === blank || !Number.isFinite(raw) ? NaN : raw * scale + zero;
  }
  return { width, height, pixels };
}

/** The first rows of a table HDU as text, for a glance at what it holds. */
export async function readTableRows(read: ReadAt, hdu: Hdu, maxRows: number): Promise<{ columns: string[]; rows: string[][] }> {
  const fields = Number(hdu.header.get('TFIELDS') ?? 0);
  const rowBytes = hdu.axes[0] ?? 0;
  const rowCount = Math.min(maxRows, hdu.axes[1] ?? 0);
  const columns = Array.from({ length: fields }, (_, i) => String(hdu.header.get(`TTYPE${i + 1}`) ?? `col${i + 1}`));
  const data = await read(hdu.dataOffset, rowBytes * rowCount);
  const rows: string[][] = [];
  if (hdu.type === 'TABLE') {
    for (let r = 0; r < rowCount; r++) {
      const line = data.subarray(r * rowBytes, (r + 1) * rowBytes).toString('latin1');
      rows.push(columns.map((_, i) => {
        const start = Number(hdu.header.get(`TBCOL${i + 1}`) ?? 1) - 1;
        const width = Number(/^[A-Z](\d+)/.exec(String(hdu.header.get(`TFORM${i + 1}`)))?.[1] ?? 0);
        return line.slice(start, start + width).trim();
      }));
    }
    return { columns, rows };
  }
  const layout = columns.map((_, i) => {
    const match = /^(\d*)([LXBIJKAEDCMPQ])/.exec(String(hdu.header.get(`TFORM${i + 1}`) ?? '').trim());
    if (!match) throw new FitsError(`column ${i + 1} has an unreadable TFORM`);
    const repeat = match[1] === '' ? 1 : Number(match[1]);
    const code = match[2]!;
    const width = { L: 1, X: 0, B: 1, I: 2, J: 4, K: 8, A: 1, E: 4, D: 8, C: 8, M: 16, P: 8, Q: 16 }[code]!;
    return { repeat, code, bytes: code === 'X' ? Math.ceil(repeat / 8) : repeat * width, width };
  });
  for (let r = 0; r < rowCount; r++) {
    let at = r * rowBytes;
    rows.push(layout.map(({ repeat, code, bytes, width }) => {
      const cell = data.subarray(at, at + bytes);
      at += bytes;
      if (code === 'A') return cell.toString('latin1').replace(/\0.*$/s, '').trim();
      if (!'LBIJKED'.includes(code)) return `(${code} column)`;
      const values: string[] = [];
      for (let k = 0; k < Math.min(repeat, 8); k++) {
        const o = k * width;
        values.push(code === 'L' ? (cell[o] === 0x54 ? 'T' : cell[o] === 0x46 ? 'F' : '') : code === 'B' ? String(cell.readUInt8(o)) : code === 'I' ? String(cell.readInt16BE(o)) : code === 'J' ? String(cell.readInt32BE(o)) : code === 'K' ? String(cell.readBigInt64BE(o)) : code === 'E' ? String(cell.readFloatBE(o)) : String(cell.readDoubleBE(o)));
      }
      return values.join(' ') + (repeat > 8 ? ' …' : '');
    }));
  }
  return { columns, rows };
}

import { isErrorLine } from '../../core/log-lines.js';
import type { Store } from '../store/store.js';

const PAGE_BYTES = 8 * 1024 * 1024;
const MAX_MATCHES = 1000;
const MAX_LINE_CHARS = 400;

export interface LogMatch {
  /** 1-based line number. */
  line: number;
  /** Byte offset of the line's start in the log. */
  offset: number;
  text: string;
}

/**
 * Searches the whole stored log, page by page (never all of it in memory at
 * once), for lines containing `query` (case-insensitive), and finds the first
 * error line. Lines are cut at 400 characters in the answer.
 */
export async function searchLog(store: Store, jobId: number, query: string): Promise<{ matches: LogMatch[]; truncated: boolean; firstError: LogMatch | null }> {
  const needle = query.toLowerCase();
  const matches: LogMatch[] = [];
  let firstError: LogMatch | null = null;
  let truncated = false;
  let line = 0;
  let offset = 0;
  let carry: Buffer = Buffer.alloc(0);
  const take = (bytes: Buffer, start: number): void => {
    line += 1;
    const text = bytes.toString('utf8').replace(/\r$/, '');
    const match = (): LogMatch => ({ line, offset: start, text: text.slice(0, MAX_LINE_CHARS) });
    if (firstError === null && isErrorLine(text)) firstError = match();
    if (needle !== '' && text.toLowerCase().includes(needle)) {
      if (matches.length < MAX_MATCHES) matches.push(match());
      else truncated = true;
    }
  };
  for (;;) {
    const page = await store.readLog(jobId, offset + carry.length, PAGE_BYTES);
    const data = carry.length > 0 ? Buffer.concat([carry, page]) : page;
    let start = 0;
    for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, start)) {
      take(data.subarray(start, nl), offset + start);
      start = nl + 1;
    }
    offset += start;
    carry = data.subarray(start);
    if (page.length < PAGE_BYTES) break;
  }
  if (carry.length > 0) take(carry, offset);
  return { matches, truncated, firstError };
}

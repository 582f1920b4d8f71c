/**
 * The bookkeeping of a bounded content cache (the site cache and the agent's
 * bundle cache): what it holds, how big, when each entry was last used, and
 * which entries to evict when the total passes the high watermark: least
 * recently used first, down to the low watermark, skipping entries in use.
 * Evicting down to a lower mark rather than to the limit itself means one
 * sweep makes room for many new entries instead of one sweep per entry.
 */

/** The low watermark as a fraction of the high one (the configured maximum). */
export const LOW_WATERMARK_FRACTION = 0.9;

export interface Watermarks {
  high: number;
  low: number;
}

export function watermarks(maxBytes: number): Watermarks {
  return { high: maxBytes, low: Math.floor(maxBytes * LOW_WATERMARK_FRACTION) };
}

export class LruIndex {
  // A Map iterates in insertion order: re-inserting on use keeps it ordered by last use. Key → size.
  private readonly entries = new Map<string, number>();
  private bytes = 0;

  get totalBytes(): number {
    return this.bytes;
  }

  get count(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  keys(): IterableIterator<string> {
    return this.entries.keys();
  }

  /**
   * Adds (or re-sizes) an entry as the most recently used. Entries found on
   * disk at start are added oldest first, so the order stays least recently used first.
   */
  add(key: string, size: number): void {
    this.remove(key);
    this.entries.set(key, size);
    this.bytes += size;
  }

  /** Marks an entry used (it moves to the back of the eviction order). */
  touch(key: string): void {
    const size = this.entries.get(key);
    if (size === undefined) return;
    this.entries.delete(key);
    this.entries.set(key, size);
  }

  remove(key: string): void {
    const size = this.entries.get(key);
    if (size === undefined) return;
    this.entries.delete(key);
    this.bytes -= size;
  }

  /**
   * The keys to evict, least recently used first, when the total is above
   * the high watermark: enough to get down to the low one, skipping keys
   * `inUse` says are busy. None when the total is at or below the high mark.
   * The caller removes them (remove()) as it deletes their files.
   */
  victims(marks: Watermarks, inUse: (key: string) => boolean = () => false): string[] {
    if (this.bytes <= marks.high) return [];
    const chosen: string[] = [];
    let left = this.bytes;
    for (const [key, size] of this.entries) {
      if (left <= marks.low) break;
      if (inUse(key)) continue;
      chosen.push(key);
      left -= size;
    }
    return chosen;
  }
}

/**
 * Masks secret values in a byte stream read in arbitrary pieces (core's
 * maskSecrets works on one whole string). Recipe output is bytes, not always
 * UTF-8, so matching is done on bytes; and a secret may be split across two
 * reads, so the last (longest secret − 1) bytes of a read are held back until
 * more bytes or the end show whether they begin a secret.
 */
import { MASK } from '../core/secrets.js';

const MASK_BYTES = Buffer.from(MASK);

export class SecretMasker {
  private readonly secrets: Buffer[];
  private readonly holdBack: number;

  constructor(secrets: readonly string[]) {
    this.secrets = secrets.map((s) => Buffer.from(s, 'utf8')).filter((b) => b.length > 0);
    this.holdBack = Math.max(0, ...this.secrets.map((b) => b.length - 1));
  }

  /**
   * Masks what of `raw` can be decided now. `consumed` raw bytes are settled
   * (the rest must be passed again, with more bytes after it); with `final` all
   * of `raw` is settled.
   */
  mask(raw: Buffer, final: boolean): { masked: Buffer; consumed: number } {
    if (this.secrets.length === 0) return { masked: raw, consumed: raw.length };
    // A secret starting before `cut` lies wholly inside `raw`, so it can be judged.
    const cut = final ? raw.length : Math.max(0, raw.length - this.holdBack);
    const parts: Buffer[] = [];
    let pos = 0;
    while (pos < cut) {
      const hit = this.firstSecret(raw, pos);
      if (hit === null || hit.at >= cut) {
        parts.push(raw.subarray(pos, cut));
        pos = cut;
        break;
      }
      parts.push(raw.subarray(pos, hit.at), MASK_BYTES);
      pos = hit.at + hit.length;
    }
    return { masked: Buffer.concat(parts), consumed: pos };
  }

  /** The leftmost occurrence of any secret from `from` on; the longest wins a tie. */
  private firstSecret(raw: Buffer, from: number): { at: number; length: number } | null {
    let best: { at: number; length: number } | null = null;
    for (const secret of this.secrets) {
      const at = raw.indexOf(secret, from);
      if (at >= 0 && (best === null || at < best.at || (at === best.at && secret.length > best.length))) best = { at, length: secret.length };
    }
    return best;
  }
}

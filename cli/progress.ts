/**
 * An upload progress bar on stderr, redrawn in place. Only for a terminal and
 * only for uploads big enough to take a while: piped output and logs stay
 * free of carriage returns.
 */
import { humanBytes } from './format.js';

const MIN_BYTES = 1024 * 1024;
const REDRAW_MS = 100;
const WIDTH = 30;

export interface Progress {
  add(bytes: number): void;
  done(): void;
}

const silent: Progress = { add() {}, done() {} };

export function uploadProgress(totalBytes: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY || totalBytes < MIN_BYTES) return silent;
  let sent = 0;
  let drawnAt = 0;
  const draw = (): void => {
    const fraction = Math.min(1, sent / totalBytes);
    const filled = Math.round(fraction * WIDTH);
    stream.write(`\ruploading [${'#'.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${humanBytes(Math.min(sent, totalBytes))} / ${humanBytes(totalBytes)}`);
  };
  return {
    add(bytes) {
      sent += bytes;
      const now = Date.now();
      if (now - drawnAt >= REDRAW_MS) {
        drawnAt = now;
        draw();
      }
    },
    done() {
      draw();
      stream.write('\n');
    },
  };
}

/**
 * Counts the bytes that flow out of a stream, for metrics. A pass-through
 * stage rather than a 'data' listener: a listener would start the stream
 * flowing before its consumer is attached, and bytes read in between would
 * go to the counter only.
 */
import { Transform, type Readable } from 'node:stream';

/** `source` piped through a counter calling `add` per chunk; an error of `source` fails the answer too. */
export function countBytes(source: Readable, add: (bytes: number) => void): Readable {
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      add(chunk.length);
      done(null, chunk);
    },
  });
  source.once('error', (err) => counter.destroy(err));
  counter.once('close', () => source.destroy());
  return source.pipe(counter);
}

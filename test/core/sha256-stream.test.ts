import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import t from 'tap';
import { HashMismatchError, verifying } from '../../core/sha256-stream.js';

const sha = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

async function collect(source: Readable): Promise<{ got: Buffer; error: unknown }> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of source) chunks.push(chunk as Buffer);
    return { got: Buffer.concat(chunks), error: null };
  } catch (error) {
    return { got: Buffer.concat(chunks), error };
  }
}

const parts = [Buffer.from('first part, '), Buffer.from('second part, '), Buffer.from('the last part')];
const whole = Buffer.concat(parts);

t.test('a verifying stream passes bytes that hash right, all of them', async (t) => {
  const { got, error } = await collect(Readable.from(parts).pipe(verifying(sha(whole))));
  t.equal(error, null);
  t.same(got, whole);
  t.same((await collect(Readable.from([]).pipe(verifying(sha(Buffer.alloc(0)))))).got, Buffer.alloc(0), 'an empty stream too');
});

t.test('a verifying stream fails on wrong bytes before passing the last of them', async (t) => {
  const flipped = [...parts.slice(0, 2), Buffer.from('the last parT')];
  const { got, error } = await collect(Readable.from(flipped).pipe(verifying(sha(whole))));
  t.type(error, HashMismatchError);
  t.ok(got.length < whole.length, 'a reader never sees a complete stream of wrong bytes');
});

import { Readable, Writable } from 'node:stream';
import t, { type Test } from 'tap';
import { followJob } from '../../cli/follow.js';
import { withRetries } from '../../cli/retry.js';
import { AweApiError, AweClient } from '@awe-dp/sdk';

const LOG = 'line one\nline two\nline three\n';

/** A real client (so its followLog is the SDK's) whose requests are the given fakes. */
function fakeClient(t: Test, fakes: Partial<Record<'log' | 'getJob', (...args: never[]) => Promise<unknown>>>): AweClient {
  const client = new AweClient({ server: 'http://127.0.0.1:9' });
  t.teardown(() => client.close());
  return Object.assign(client, fakes);
}

function sink(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString() };
}

t.test('a dropped log stream is picked up from the bytes already written', async (t) => {
  const offsets: number[] = [];
  const states = ['running', 'succeeded'];
  const client = fakeClient(t, {
    async log(_id: number, options: { offset?: number }) {
      const offset = options.offset ?? 0;
      offsets.push(offset);
      if (offsets.length === 1) {
        // Half the log, then the connection breaks.
        return Readable.from(
          (async function* () {
            yield Buffer.from(LOG.slice(0, 12));
            throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
          })(),
        );
      }
      // A clean end while the job still runs (a proxy closing an idle stream), then the rest.
      return Readable.from(offsets.length === 2 ? [] : [Buffer.from(LOG.slice(offset))]);
    },
    async getJob(id: number) {
      const state = states.shift() ?? 'succeeded';
      return { id, state, exitCode: state === 'succeeded' ? 0 : null };
    },
  });
  const out = sink();
  const job = await followJob(client, 7, out.stream);
  t.equal(out.text(), LOG, 'nothing lost, nothing twice');
  t.same(offsets, [0, 12, 12]);
  t.equal(job?.state, 'succeeded');
});

t.test('a refusal is not retried', async (t) => {
  const client = fakeClient(t, {
    async log() {
      throw new AweApiError(403, 'AWE_ERR_FORBIDDEN', 'the log of job 7 is for its owner and admins', {});
    },
  });
  await t.rejects(followJob(client, 7, sink().stream), { message: /owner and admins/ });
});

t.test('withRetries repeats a request without an answer, not a refusal', async (t) => {
  let calls = 0;
  const answer = await withRetries(async () => {
    if (++calls < 3) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    return 'ok';
  });
  t.equal(answer, 'ok');
  t.equal(calls, 3);
  let refused = 0;
  await t.rejects(
    withRetries(async () => {
      refused++;
      throw new AweApiError(400, 'AWE_ERR_VALIDATION', 'bad', {});
    }),
  );
  t.equal(refused, 1);
});

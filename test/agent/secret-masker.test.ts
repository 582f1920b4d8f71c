import t from 'tap';
import { SecretMasker } from '../../agent/secret-masker.js';

/** Feeds `text` in pieces of `size` bytes the way the log shipper does and returns what it would send. */
function stream(masker: SecretMasker, text: string, size: number): string {
  const input = Buffer.from(text);
  let pending = Buffer.alloc(0);
  const out: Buffer[] = [];
  for (let i = 0; i < input.length; i += size) {
    pending = Buffer.concat([pending, input.subarray(i, i + size)]);
    const { masked, consumed } = masker.mask(pending, false);
    out.push(masked);
    pending = pending.subarray(consumed);
  }
  const { masked, consumed } = masker.mask(pending, true);
  t.equal(consumed, pending.length, 'the end settles everything');
  out.push(masked);
  return Buffer.concat(out).toString();
}

t.test('a secret split across reads is masked whatever the cut', async (t) => {
  const masker = new SecretMasker(['hunter2-long', 'hunter2']);
  const text = 'a hunter2-long b hunter2 c hunter d hunter2-lon';
  for (let size = 1; size <= text.length; size++) {
    t.equal(stream(masker, text, size), 'a *** b *** c hunter d ***-lon', `pieces of ${size}`);
  }
});

t.test('without secrets bytes pass untouched, binary included', async (t) => {
  const masker = new SecretMasker([]);
  const raw = Buffer.from([0xff, 0x00, 0xfe]);
  t.same(masker.mask(raw, false), { masked: raw, consumed: 3 });
});

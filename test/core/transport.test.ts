import t from 'tap';
import { envFlag } from '../../core/env-flag.js';
import { cleartextToRemote } from '../../core/transport.js';

t.test('plain http counts as cleartext only to a host other than this one', async (t) => {
  for (const url of ['http://example.org', 'http://10.0.0.5:8080', 'http://[fd00::2]:80', 'http://127.example.org', 'http://localhost.example.org']) {
    t.equal(cleartextToRemote(url), true, url);
  }
  for (const url of ['https://example.org', 'http://localhost:8080', 'http://127.0.0.1', 'http://127.1.2.3:9', 'http://[::1]:8080', 'http://dev.localhost']) {
    t.equal(cleartextToRemote(url), false, url);
  }
});

t.test('a list of service URLs is in clear when any one of them is', async (t) => {
  t.equal(cleartextToRemote('https://a.example.org:8080,http://b.example.org:8080'), true, 'the failover target would get the token in clear');
  t.equal(cleartextToRemote('https://a.example.org:8080, https://b.example.org:8080'), false);
  t.equal(cleartextToRemote('http://127.0.0.1:8080,https://b.example.org'), false);
});

t.test('AWE_INSECURE_HTTP is on when set to anything but an empty or negative word', async (t) => {
  t.same(['1', 'true', 'yes'].map(envFlag), [true, true, true]);
  t.same([undefined, '', '0', 'false', 'no', 'OFF'].map(envFlag), [false, false, false, false, false, false]);
});

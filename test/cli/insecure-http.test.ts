import { networkInterfaces } from 'node:os';
import t from 'tap';
import { startService } from '../helpers/service.js';
import { awrecipe } from './cli-process.js';

// An address of this machine that is not loopback: plain http to it is what the rule is about.
const external = Object.values(networkInterfaces())
  .flat()
  .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

t.test('awrecipe refuses plain http to a remote host, and with -insecure-http works and warns each time', { skip: external ? false : 'no non-loopback IPv4 address here' }, async (t) => {
  const service = await startService(t, { host: '0.0.0.0' });
  const server = service.url.replace('127.0.0.1', external!);
  const env = { HOME: service.dataDir, AWE_SERVER: server, AWE_TOKEN: service.adminToken };

  const refused = await awrecipe(['list'], { env });
  t.equal(refused.code, 2, 'refused as a usage error');
  t.match(refused.stderr, /plain http to a remote host/);

  for (const [how, args, extra] of [
    ['flag', ['list', '-insecure-http'], {}],
    ['variable', ['list'], { AWE_INSECURE_HTTP: '1' }],
  ] as const) {
    const allowed = await awrecipe([...args], { env: { ...env, ...extra } });
    t.equal(allowed.code, 0, `${how}: the command runs`);
    t.match(allowed.stderr, /warning: sending credentials over plain http/, `${how}: and warns`);
  }
});

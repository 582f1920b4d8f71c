import t from 'tap';
import { loadCacheConfig } from '../../cache/config.js';

const REQUIRED = ['--server', 'https://awe.example.org', '--dir', '/var/cache/awe'];

t.test('awe-cache takes its flags, or AWE_CACHE_* from the environment, with documented defaults', async (t) => {
  t.match(loadCacheConfig(REQUIRED, {}), { server: 'https://awe.example.org', dir: '/var/cache/awe', host: '127.0.0.1', port: 8090, maxBytes: 50 * 1024 ** 3, caFile: null, authTtlSeconds: 10 });
  t.match(
    loadCacheConfig([], { AWE_CACHE_SERVER: 'https://awe.example.org/', AWE_CACHE_DIR: '/c', AWE_CACHE_HOST: '0.0.0.0', AWE_CACHE_PORT: '0', AWE_CACHE_MAX_GB: '1.5', AWE_CACHE_AUTH_TTL_SECONDS: '1' }),
    { server: 'https://awe.example.org', dir: '/c', host: '0.0.0.0', port: 0, maxBytes: 1.5 * 1024 ** 3, authTtlSeconds: 1 },
  );
  t.match(loadCacheConfig([...REQUIRED, '--port', '9000'], { AWE_CACHE_PORT: '8000' }), { port: 9000 }, 'a flag wins over the environment');
});

t.test('awe-cache refuses what it cannot work with, naming the setting', async (t) => {
  t.throws(() => loadCacheConfig(['--dir', '/c'], {}), /--server is required/);
  t.throws(() => loadCacheConfig(['--server', 'https://awe.example.org'], {}), /--dir is required/);
  t.throws(() => loadCacheConfig(['--server', 'http://awe.example.org', '--dir', '/c'], {}), /plain http to a remote host/, 'tokens would cross the network in clear');
  t.match(loadCacheConfig(['--server', 'http://awe.example.org', '--dir', '/c'], { AWE_INSECURE_HTTP: '1' }), { server: 'http://awe.example.org' });
  t.throws(() => loadCacheConfig([...REQUIRED, '--max-gb', '0'], {}), /--max-gb must be a number/);
  t.throws(() => loadCacheConfig([...REQUIRED, '--port', '70000'], {}), /--port must be an integer/);
  t.throws(() => loadCacheConfig(REQUIRED, { AWE_CACHE_AUTH_TTL_SECONDS: 'ten' }), /AWE_CACHE_AUTH_TTL_SECONDS must be an integer/);
  t.throws(() => loadCacheConfig([...REQUIRED, '--ca', '/nonexistent.pem'], {}), /no such file/);
});

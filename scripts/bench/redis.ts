import { connect } from 'node:net';

export const REDIS = { host: '127.0.0.1', port: 6379 };

/** Why Redis cannot be used (null when it answers PING within a second). */
export function redisProblem(): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect(REDIS);
    const done = (problem: string | null): void => {
      socket.destroy();
      resolve(problem);
    };
    socket.setTimeout(1000, () => done(`no answer from Redis on ${REDIS.host}:${REDIS.port} within 1 s`));
    socket.once('error', (error) => done(`Redis on ${REDIS.host}:${REDIS.port}: ${error.message}`));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG') ? null : `Redis answered ${JSON.stringify(data.toString().trim())} to PING`));
  });
}

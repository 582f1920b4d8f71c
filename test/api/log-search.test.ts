import t from 'tap';
import { request } from 'undici';
import { startService } from '../helpers/service.js';

t.test('log search reads the whole log, across chunks, and finds the first error line', async (t) => {
  const service = await startService(t);
  const { job, claimed, agent } = await service.runningJob();
  const lines = ['starting', 'reading 3 frames', 'frame 2: Warning, low counts', 'Traceback (most recent call last):', '  File "x.py"', 'ValueError: bad frame', 'done'];
  let offset = 0;
  // Lines split across appends: the search must join them.
  for (const piece of [lines.slice(0, 2).join('\n') + '\nframe 2: War', 'ning, low counts\n' + lines.slice(3).join('\n') + '\n']) {
    offset = (await agent.appendLog(job.id, claimed.epoch, offset, Buffer.from(piece))).next;
  }
  const search = async (q: string, token = service.adminToken) => {
    const response = await request(`${service.url}/v1/jobs/${job.id}/log/search?q=${encodeURIComponent(q)}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: response.statusCode, body: (await response.body.json()) as { matches: Array<{ line: number; offset: number; text: string }>; firstError: { line: number; offset: number; text: string } | null } };
  };
  const frame = await search('FRAME');
  t.same(frame.body.matches.map((m) => m.line), [2, 3, 6], 'case-insensitive, numbered from 1');
  t.equal(frame.body.matches[1]!.text, 'frame 2: Warning, low counts', 'a line split across appends is found whole');
  t.equal(frame.body.matches[1]!.offset, 'starting\nreading 3 frames\n'.length, 'with its byte offset');
  t.same(frame.body.firstError, { line: 4, offset: Buffer.byteLength(lines.slice(0, 3).join('\n') + '\n'), text: 'Traceback (most recent call last):' }, 'the traceback comes before "ValueError"');
  t.same((await search('')).body.matches, [], 'an empty query only finds the first error');
  const stranger = await service.user('eve', 'user');
  t.equal((await search('frame', stranger)).status, 403, "someone else's log is not searchable");
});

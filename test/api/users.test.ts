import t from 'tap';
import { startService } from '../helpers/service.js';

const failure = (promise: Promise<unknown>): Promise<unknown> => promise.then(
  () => ({ statusCode: 'none' }),
  (error: unknown) => error,
);

t.test('an admin changes, disables and deletes users; revocation is immediate', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  const uma = service.client(await service.user('uma', 'user'));
  const job = await uma.submitJob({ recipe: 'Noop' });

  const promoted = await admin.updateUser('uma', { role: 'developer', canRoute: true, maxActiveJobs: 5 });
  t.match(promoted, { username: 'uma', role: 'developer', canRoute: true, disabled: false, maxActiveJobs: 5 });
  t.equal((await admin.updateUser('uma', { canRoute: false })).maxActiveJobs, 5, 'fields left out stay');
  t.equal((await admin.updateUser('uma', { maxActiveJobs: null, canRoute: true })).maxActiveJobs, null, 'null lifts the limit');
  t.equal((await uma.me()).role, 'developer', 'a role change applies to tokens already held');

  await admin.updateUser('uma', { disabled: true });
  t.match(await failure(uma.me()), { statusCode: 401, code: 'AWE_ERR_UNAUTHENTICATED' }, "a disabled user's token stops at once");
  t.match(await failure(service.client(undefined).login('uma', 'uma-password')), { statusCode: 401, message: /disabled/ }, 'and she cannot sign in');
  await admin.updateUser('uma', { disabled: false });
  t.match(await failure(uma.me()), { statusCode: 401 }, 'enabling again does not revive old tokens');
  const fresh = service.client((await service.client(undefined).login('uma', 'uma-password')).token);
  t.equal((await fresh.me()).username, 'uma', 'she signs in again');

  await admin.updateUser('uma', { password: 'reset-by-admin' });
  t.match(await failure(fresh.me()), { statusCode: 401 }, 'a password reset by an admin revokes her tokens');
  t.match(await failure(service.client(undefined).login('uma', 'uma-password')), { statusCode: 401 }, 'the old password is gone');
  const again = service.client((await service.client(undefined).login('uma', 'reset-by-admin')).token);

  await admin.deleteUser('uma');
  t.match(await failure(again.me()), { statusCode: 401 }, "a deleted user's token stops");
  t.match(await failure(service.client(undefined).login('uma', 'reset-by-admin')), { statusCode: 401 }, 'and she cannot sign in');
  t.notOk((await admin.listUsers()).users.some((user) => user.username === 'uma'), 'she is not listed');
  t.match(await admin.getJob(job.id), { id: job.id, owner: 'uma' }, 'her jobs stay');
  const reused = await failure(admin.createUser({ username: 'uma', password: 'someone-else', role: 'user' }));
  t.match(reused, { statusCode: 409, code: 'AWE_ERR_CONFLICT' }, 'the name is never given to someone else');
  t.match(await failure(admin.deleteUser('uma')), { statusCode: 404 }, 'deleting twice is a 404');
  t.match(await failure(admin.updateUser('nobody', { canRoute: true })), { statusCode: 404 });
});

t.test('the last active admin cannot be demoted, disabled or deleted', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  // One after another: requests sent at once would reject before the loop got to await them.
  for (const attempt of [() => admin.updateUser('admin', { role: 'developer' }), () => admin.updateUser('admin', { disabled: true }), () => admin.deleteUser('admin')]) {
    t.match(await failure(attempt()), { statusCode: 409, code: 'AWE_ERR_CONFLICT', message: /last active admin/ });
  }
  await service.user('ada', 'admin');
  t.equal((await admin.updateUser('admin', { role: 'developer' })).role, 'developer', 'with a second admin it works');
});

t.test('changing one\'s own password revokes every token and answers a new one', async (t) => {
  const service = await startService(t);
  const first = service.client(await service.user('pia', 'user'));
  const second = service.client((await service.client(undefined).login('pia', 'pia-password')).token);
  const wrong = await failure(first.changePassword('not-it', 'a-new-password'));
  t.match(wrong, { statusCode: 403, code: 'AWE_ERR_FORBIDDEN' }, 'the current password is required');
  t.equal((await first.me()).username, 'pia', 'and a refused change revokes nothing');
  const answer = await first.changePassword('pia-password', 'a-new-password');
  t.match(await failure(first.me()), { statusCode: 401 }, 'the token used for the change stops');
  t.match(await failure(second.me()), { statusCode: 401 }, 'so does every other');
  t.equal((await service.client(answer.token).me()).username, 'pia', 'the answered token works');
  t.match(await failure(service.client(undefined).login('pia', 'pia-password')), { statusCode: 401 });
  t.ok(await service.client(undefined).login('pia', 'a-new-password'), 'the new password signs in');
});

t.test('enrollment tokens are listed without secrets and can be revoked', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  const created = await admin.createEnrollmentToken({ uses: 5 });
  const listed = (await admin.listEnrollmentTokens()).tokens;
  t.match(listed, [{ id: created.id, usesLeft: 5, createdBy: 'admin', revokedAt: null }]);
  t.notOk(JSON.stringify(listed).includes(created.token), 'the secret is not in the list');
  await service.client(undefined).registerAgent({ token: created.token, name: 'n1', slots: 1 });
  await admin.revokeEnrollmentToken(created.id);
  const refused = await failure(service.client(undefined).registerAgent({ token: created.token, name: 'n2', slots: 1 }));
  t.match(refused, { statusCode: 401, code: 'AWE_ERR_UNAUTHENTICATED' }, 'a revoked token enrolls no more agents');
  t.match((await admin.listEnrollmentTokens()).tokens, [{ id: created.id, usesLeft: 4, revokedAt: String }]);
  t.match(await failure(admin.revokeEnrollmentToken(created.id)), { statusCode: 404 }, 'revoking twice is a 404');
});

t.test("a node's new credential works at once and the old one stops", async (t) => {
  const service = await startService(t);
  const { client: old, agentId } = await service.agent('n1');
  await old.heartbeat({ jobs: [] });
  const rotated = await service.client().rotateNodeCredential(agentId);
  t.equal(rotated.agentId, agentId);
  t.match(await failure(old.heartbeat({ jobs: [] })), { statusCode: 401 }, 'the old credential stops');
  const renewed = service.client(rotated.credential);
  t.match(await renewed.heartbeat({ jobs: [] }), { jobs: [] }, 'the new one works');
  await service.client().removeNode(agentId);
  t.match(await failure(service.client().rotateNodeCredential(agentId)), { statusCode: 404 }, 'a removed node gets none');
});

t.test('the audit trail records who changed what, newest first, in pages', async (t) => {
  const service = await startService(t);
  const admin = service.client();
  await admin.putRecipe('Noop', { command: ['true'] });
  await admin.putRoute('bigmem', { selector: { pool: 'bigmem' } });
  const owner = service.client(await service.user('olga', 'user'));
  const job = await owner.submitJob({ recipe: 'Noop' });
  await owner.cancelJob(job.id);
  await admin.updateUser('olga', { canRoute: true });
  const { agentId } = await service.agent('n1');
  await admin.updateNode(agentId, 'draining');
  await admin.deleteRecipe('Noop');
  await failure(admin.deleteRecipe('Noop'));

  const all = (await admin.listAudit({ limit: 1000 })).entries;
  t.same(
    all.map((entry) => [entry.actor, entry.action, entry.target]).reverse(),
    [
      ['admin', 'recipe.put', 'Noop'],
      ['admin', 'route.put', 'bigmem'],
      ['admin', 'user.create', 'olga'],
      ['olga', 'job.cancel', String(job.id)],
      ['admin', 'user.update', 'olga'],
      ['admin', 'enrollment.create', String((await admin.listEnrollmentTokens()).tokens[0].id)],
      ['admin', 'node.update', String(agentId)],
      ['admin', 'recipe.delete', 'Noop'],
    ],
    'each change once, a refused one not at all',
  );
  t.match(all.find((entry) => entry.action === 'user.update')?.detail, { canRoute: true });
  t.notOk(JSON.stringify(all).includes('olga-password'), 'no password in the trail');

  const pages: string[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await admin.listAudit({ limit: 3, ...(before === undefined ? {} : { before }) });
    pages.push(...page.entries.map((entry) => entry.action));
    if (page.next === null) break;
    before = page.next;
  }
  t.same(pages, all.map((entry) => entry.action), 'pages of 3 walk the whole trail once');
  const denied = await failure(service.client(await service.user('ulf', 'developer')).listAudit());
  t.match(denied, { statusCode: 403 }, 'for admins only');
});

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { parse } from 'yaml';
import { ERROR_CODES } from '../api/errors.js';
import { CONTRACT_FILES, generateContract } from '../scripts/contract.js';
import { ROOT } from '../scripts/server-process.js';

t.test('openapi.yaml, the SDK types and the Python client types are what the route schemas generate', async (t) => {
  const generated = await generateContract();
  for (const [part, file] of Object.entries(CONTRACT_FILES)) {
    t.equal(readFileSync(join(ROOT, file), 'utf8'), generated[part as keyof typeof CONTRACT_FILES], `${file} is up to date (run \`npm run gen\`)`);
  }
});

t.test('every operation has an id, and every JSON request body refuses unknown fields', async (t) => {
  const document = parse(readFileSync(join(ROOT, CONTRACT_FILES.openapi), 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string; requestBody?: { content: Record<string, { schema: { additionalProperties?: boolean } }> } }>>;
  };
  const ids = new Set<string>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      t.ok(operation.operationId, `${method.toUpperCase()} ${path} has an operationId`);
      t.notOk(ids.has(operation.operationId!), `${operation.operationId} is unique`);
      ids.add(operation.operationId!);
      const json = operation.requestBody?.content['application/json'];
      if (json) t.equal(json.schema.additionalProperties, false, `${operation.operationId} refuses unknown fields`);
    }
  }
});

t.test('docs/errors.md lists exactly the error codes the service uses', async (t) => {
  const documented = [...readFileSync(join(ROOT, 'docs/errors.md'), 'utf8').matchAll(/^\| `(AWE_ERR_[A-Z_]+)` \| (\d{3}) \|/gm)].map(
    ([, code, status]) => [code, Number(status)],
  );
  t.same(Object.fromEntries(documented), ERROR_CODES);
});

t.test("openapi.yaml passes Redocly's recommended rules with no error and no warning", async (t) => {
  // redocly.yaml names the file and the rules; no telemetry or update check leaves the machine.
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
  const lint = await promisify(execFile)(join(ROOT, 'node_modules/.bin/redocly'), ['lint', '--format', 'json'], { cwd: ROOT, env }).catch(
    (err: { stdout: string }) => err,
  );
  const report = JSON.parse(lint.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
  t.same(report.totals, { errors: 0, warnings: 0, ignored: 0 }, report.problems.map((p) => `${p.ruleId}: ${p.message}`).join('\n'));
});

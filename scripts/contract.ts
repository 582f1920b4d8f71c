import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildServer } from '../api/build.js';
import { DEFAULTS } from '../api/config.js';

export const CONTRACT_FILES = { openapi: 'openapi.yaml', types: join('sdk', 'openapi-types.ts') } as const;

const TYPES_HEADER = `// Generated from openapi.yaml by \`npm run gen\` (openapi-typescript). Do not edit: change schemas/ and regenerate.
/* eslint-disable */
`;

/**
 * The wire contract as the route schemas define it: openapi.yaml from the
 * running app's routes, and the SDK's TypeScript types from that document.
 */
export async function generateContract(): Promise<{ openapi: string; types: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'awe-contract-'));
  try {
    const app = await buildServer({ config: { ...DEFAULTS, dataDir } });
    const openapi = app.swagger({ yaml: true });
    await app.close();
    const types = TYPES_HEADER + astToString(await openapiTS(openapi, { alphabetize: false }));
    return { openapi, types };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

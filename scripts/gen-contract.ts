import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTRACT_FILES, generateContract } from './contract.js';

// Compiled to dist/scripts/: the repository root is two levels up.
const root = fileURLToPath(new URL('../..', import.meta.url));
const { openapi, types } = await generateContract();
writeFileSync(join(root, CONTRACT_FILES.openapi), openapi);
writeFileSync(join(root, CONTRACT_FILES.types), types);
console.log(`wrote ${CONTRACT_FILES.openapi} and ${CONTRACT_FILES.types}`);

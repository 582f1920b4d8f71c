import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTRACT_FILES, generateContract, type Contract } from './contract.js';

// Compiled to dist/scripts/: the repository root is two levels up.
const root = fileURLToPath(new URL('../..', import.meta.url));
const contract = await generateContract();
for (const [part, file] of Object.entries(CONTRACT_FILES)) writeFileSync(join(root, file), contract[part as keyof Contract]);
console.log(`wrote ${Object.values(CONTRACT_FILES).join(', ')}`);

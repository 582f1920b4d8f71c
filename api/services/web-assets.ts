import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/ (compiled) or the repository root (sources): this file is dist/api/services/web-assets.js. */
const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPO = join(DIST, '..');
const ENTRY = 'web/client.js';
const RELATIVE_IMPORT = /(?:^|[;\n])\s*(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+\.js)'|import\s+'(\.{1,2}\/[^']+\.js)'/g;

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const asset = (body: Buffer, type: string): Asset => ({ body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });

/**
 * What the browser may fetch under /assets/: the style sheet and exactly the
 * compiled modules the page's entry module imports, followed from it, so no
 * other file of dist/ can be read through this door. Read once at start.
 */
export function loadWebAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>([['style.css', asset(readFileSync(join(REPO, 'web', 'style.css')), 'text/css; charset=utf-8')]]);
  const pending = [ENTRY];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (assets.has(path)) continue;
    // Type-only imports leave nothing in the compiled module, so they are not followed.
    const source = readFileSync(join(DIST, path), 'utf8').replace(/\n\/\/# sourceMappingURL=.*$/, '');
    assets.set(path, asset(Buffer.from(source), 'text/javascript; charset=utf-8'));
    for (const match of source.matchAll(RELATIVE_IMPORT)) {
      const target = normalize(join(dirname(path), match[1] ?? match[2]!));
      if (target.startsWith('..')) throw new Error(`${path} imports ${target}, outside dist/`);
      pending.push(target);
    }
  }
  return assets;
}

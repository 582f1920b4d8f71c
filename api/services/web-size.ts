import { gzipSync } from 'node:zlib';
import type { Asset } from './web-assets.js';

/** The page's whole JavaScript, gzipped as a browser would fetch it, in kB. */
export function javascriptKBgz(assets: Map<string, Asset>): number {
  let bytes = 0;
  for (const asset of assets.values()) if (asset.type.startsWith('text/javascript')) bytes += gzipSync(asset.body, { level: 9 }).length;
  return bytes / 1024;
}

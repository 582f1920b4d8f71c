import { Type } from '@sinclair/typebox';
import { Sha256, Strict, Timestamp } from './common.js';

export const BundleFileSchema = Strict({
  path: Type.String({ minLength: 1, maxLength: 1024 }),
  sha256: Sha256,
  size: Type.Integer({ minimum: 0 }),
  mode: Type.Union([Type.Literal(0o644), Type.Literal(0o755)], { description: '420 (rw-r--r--) or 493 (rwxr-xr-x)' }),
});

export const NewBundle = Strict({ files: Type.Array(BundleFileSchema, { maxItems: 100_000 }) });

export const Bundle = Type.Object({
  id: Sha256,
  owner: Type.String(),
  files: Type.Array(BundleFileSchema),
  fileCount: Type.Integer(),
  totalBytes: Type.Integer(),
  createdAt: Timestamp,
});

export const BundleSummary = Type.Object({ id: Sha256, fileCount: Type.Integer(), totalBytes: Type.Integer(), created: Type.Boolean() });

export const BundleParams = Strict({ id: Sha256 });
export const BlobParams = Strict({ sha: Sha256 });
export const MissingBody = Strict({ sha256s: Type.Array(Sha256, { maxItems: 100_000 }) });
export const MissingResponse = Type.Object({ missing: Type.Array(Sha256) });
export const BlobResponse = Type.Object({ sha256: Sha256, size: Type.Integer() });
export const ContentToken = Type.Object(
  { token: Type.String(), expiresAt: Timestamp },
  { description: 'a read-only token for the content its user may read, for site caches (audience awe-dp:content)' },
);

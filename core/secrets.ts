/**
 * Secret-looking names and masking. A value whose name looks secret is encrypted
 * at rest, never returned by the API, and masked in stored logs. Masking helps but
 * is no guarantee, so such values are also never handed out where not needed.
 */
const SECRET_NAME = /passw(or)?d|passphrase|secret|token|credential|apikey|(^|[^a-z])key($|[^a-z])/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export const MASK = '***';

/** The values in `vars` whose names look secret, longest first so a value containing another is masked whole. */
export function secretValues(...maps: Array<Record<string, string> | undefined>): string[] {
  const values = new Set<string>();
  for (const map of maps) {
    for (const [name, value] of Object.entries(map ?? {})) {
      // Very short values would mask half the log; they are no real secret either.
      if (isSecretName(name) && value.length >= 4) values.add(value);
    }
  }
  return [...values].sort((a, b) => b.length - a.length);
}

export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(MASK);
  return out;
}

/** A copy of `vars` with the values of secret-looking names left out, for API answers. */
export function withoutSecrets(vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(vars).filter(([name]) => !isSecretName(name)));
}

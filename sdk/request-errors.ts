/**
 * How a client (agent, CLI) tells the errors of a request apart: the lease is gone (stop,
 * report nothing more), worth retrying (the service or the network is down for
 * a while), or final. And a readable sentence for each, TLS trouble first,
 * because an untrusted certificate is the most common first-start mistake.
 */
import { AweApiError } from './errors.js';

const UNTRUSTED_CERT = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
]);

/** Failures before any byte of a request reached the service. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** The codes of an error and of its causes (undici wraps socket errors). */
function codes(err: unknown): string[] {
  const found: string[] = [];
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') found.push(e.code);
  }
  return found;
}

/** A failure to connect at all: the request never reached the service, so sending it elsewhere cannot repeat it. */
export function neverReached(err: unknown): boolean {
  return codes(err).some((code) => NOT_CONNECTED.has(code));
}

/** An answer that the attempt no longer holds its lease. */
export function isStaleLease(err: unknown): boolean {
  return err instanceof AweApiError && err.statusCode === 409 && err.code === 'AWE_ERR_STALE_LEASE';
}

function isUntrustedCertificate(err: unknown): boolean {
  return codes(err).some((code) => UNTRUSTED_CERT.has(code));
}

/**
 * Whether the same request may succeed later: no answer at all, or the service is
 * overloaded or restarting. A quota stays full until the user's jobs end.
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof AweApiError) return err.statusCode >= 500 || (err.statusCode === 429 && err.code !== 'AWE_ERR_QUOTA') || err.statusCode === 408;
  return !isUntrustedCertificate(err);
}

/** One line for the operator. */
export function describeError(err: unknown): string {
  if (isUntrustedCertificate(err)) {
    const detail = codes(err).find((code) => UNTRUSTED_CERT.has(code));
    return `the service's certificate is not trusted (${detail}): pass --ca FILE with the CA that signed it`;
  }
  if (err instanceof AweApiError) return `${err.statusCode} ${err.code}: ${err.message}`;
  const code = codes(err)[0];
  const message = err instanceof Error ? err.message : String(err);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * The web page's session: the user's ordinary JWT kept in an HttpOnly,
 * SameSite=Strict cookie (Secure over TLS), and a CSRF token that every change
 * sent with that cookie must carry in a header. The CSRF token is an HMAC of the
 * session token under a key of the data dir, so any replica sharing the data
 * dir checks it without stored state, and it dies with the session token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'awe_session';
export const CSRF_HEADER = 'x-csrf-token';

export function csrfTokenFor(key: Buffer, sessionToken: string): string {
  return createHmac('sha256', key).update(`csrf\0${sessionToken}`).digest('base64url');
}

export function csrfMatches(key: Buffer, sessionToken: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(csrfTokenFor(key, sessionToken));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Requests that change nothing; everything else sent with the cookie needs the CSRF header. */
export const isSafeMethod = (method: string): boolean => method === 'GET' || method === 'HEAD' || method === 'OPTIONS';

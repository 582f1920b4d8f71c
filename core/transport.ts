/**
 * Whether credentials sent to a service URL would cross a network in clear:
 * the agent and awrecipe refuse such a URL unless told `--insecure-http`, and
 * then warn on every start. Loopback stays allowed (a developer's own service,
 * or a TLS proxy in front of the service on the same host).
 */
export function cleartextToRemote(server: string): boolean {
  // A list of service URLs (AWE_SERVER=URL1,URL2) fails over to each: any one in clear counts.
  return server
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '')
    .some(oneInClear);
}

function oneInClear(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:') return false;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return !(host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '::1');
}

export const INSECURE_HTTP_WARNING = 'sending credentials over plain http to a remote host (--insecure-http): anyone on the path can read and reuse them';

export const cleartextRefusal = (url: string): string =>
  `${url} is plain http to a remote host: tokens would cross the network in clear; use https, or --insecure-http (AWE_INSECURE_HTTP=1) to accept that`;

/** HTML built as strings, every interpolated value escaped: shared by the service (pages) and the browser (updates). */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escape = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Query string of the set values, for links that keep the list's filters. */
export function query(values: Record<string, string | number | undefined | null>): string {
  const parts = Object.entries(values)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** A path of an output, each segment encoded, for URLs. */
export const encodePath = (path: string): string => path.split('/').map(encodeURIComponent).join('/');

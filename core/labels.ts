/** Agent labels (`pool=cluster,mem=256G`) and the selectors jobs are routed by. */
export type Labels = Record<string, string>;

const LABEL_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

export function parseLabels(text: string): Labels {
  const labels: Labels = {};
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    const name = (eq < 0 ? item : item.slice(0, eq)).trim();
    if (!LABEL_NAME.test(name)) throw new Error(`bad label "${item}": names are letters, digits, _ . - (at most 64)`);
    labels[name] = eq < 0 ? 'true' : item.slice(eq + 1).trim();
  }
  return labels;
}

export function formatSelector(selector: Labels): string {
  const parts = Object.entries(selector).map(([k, v]) => `${k}=${v}`);
  return parts.length ? parts.join(',') : '(any node)';
}

/** The selector entries an agent's labels fail, empty when the agent matches. */
export function unmatched(selector: Labels, labels: Labels): string[] {
  return Object.entries(selector)
    .filter(([name, value]) => labels[name] !== value)
    .map(([name, value]) => `${name}=${value}`);
}

export function matches(selector: Labels, labels: Labels): boolean {
  for (const name in selector) if (labels[name] !== selector[name]) return false;
  return true;
}

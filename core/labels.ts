/**
 * Agent labels (`pool=cluster,mem=256G`) and the selectors jobs are routed by.
 * An agent may serve several values of one label: `pool=cluster,pool=bigmem`
 * is kept as `pool: "cluster|bigmem"`, and a selector `pool=bigmem` matches it.
 */
export type Labels = Record<string, string>;

/** A label's name; a site's name is one too. */
export const LABEL_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const ALTERNATIVES = '|';

/** The values one label offers: `cluster|bigmem` offers both. */
export const alternatives = (value: string): string[] => value.split(ALTERNATIVES);

/** Whether an agent's label value (possibly several, `a|b`) offers the wanted value. */
function offers(have: string | undefined, wanted: string): boolean {
  return have !== undefined && (have === wanted || alternatives(have).includes(wanted));
}

/** Labels from name → values lists, joined back as `a|b`; names left without values are dropped. */
export const joinAlternatives = (values: Record<string, string[]>): Labels =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v.length > 0).map(([name, v]) => [name, v.join(ALTERNATIVES)]));

export function parseLabels(text: string): Labels {
  const labels: Labels = {};
  for (const part of text.split(',')) {
    const item = part.trim();
    if (item === '') continue;
    const eq = item.indexOf('=');
    const name = (eq < 0 ? item : item.slice(0, eq)).trim();
    if (!LABEL_NAME.test(name)) throw new Error(`bad label "${item}": names are letters, digits, _ . - (at most 64)`);
    const value = eq < 0 ? 'true' : item.slice(eq + 1).trim();
    labels[name] = labels[name] === undefined ? value : `${labels[name]}${ALTERNATIVES}${value}`;
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
    .filter(([name, value]) => !offers(labels[name], value))
    .map(([name, value]) => `${name}=${value}`);
}

export function matches(selector: Labels, labels: Labels): boolean {
  for (const name in selector) if (!offers(labels[name], selector[name])) return false;
  return true;
}

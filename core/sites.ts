import type { Bound } from './bounds.js';
import { alternatives, type Labels } from './labels.js';

/**
 * Sites: the compute centre an agent belongs to. It is fixed at enrollment and
 * is also the agent's label `site=NAME`, so routing rules and selectors use it
 * like any other label; locality (core/locality.ts) groups nodes by it.
 */
export const SITE_LABEL = 'site';

/**
 * The site an enrolling agent belongs to: the one it asks for (`--site`, or its
 * label `site`), else the one its enrollment token's bound names alone, else
 * none. Whether the token allows it is the bound's check of the labels, which
 * carry the site (`withSite`). Throws, with the reason, on a request that
 * names two sites.
 */
export function enrollmentSite(asked: string | undefined, labels: Labels, bound: Bound): string | null {
  const labelled = labels[SITE_LABEL];
  if (labelled !== undefined && alternatives(labelled).length > 1) throw new Error(`a node belongs to one site, not ${labelled}`);
  if (asked !== undefined && labelled !== undefined && asked !== labelled) throw new Error(`the site ${asked} and the label site=${labelled} disagree`);
  const wanted = asked ?? labelled;
  if (wanted !== undefined) return wanted;
  const allowed = bound.labels?.[SITE_LABEL];
  return allowed !== undefined && alternatives(allowed).length === 1 ? allowed : null;
}

/** Labels with the node's site as its `site` label, whatever they said: a node offers the site it was enrolled at. */
export const withSite = (labels: Labels, site: string | null): Labels => {
  const { [SITE_LABEL]: _dropped, ...rest } = labels;
  return site === null ? rest : { ...rest, [SITE_LABEL]: site };
};

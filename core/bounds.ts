import { alternatives, joinAlternatives, type Labels } from './labels.js';

/**
 * What an agent may offer, set by the admin who enrolled it (the enrollment
 * token's bound, copied at registration, changed with PATCH /v1/nodes/{id}).
 * A null part is not bounded: tokens without a bound enroll agents that offer
 * anything, as before bounds existed.
 */
export interface Bound {
  labels: Labels | null;
  slots: number | null;
  memoryMB: number | null;
}

export const UNBOUNDED: Bound = { labels: null, slots: null, memoryMB: null };

/** What a register or hello asks to offer; a part left out stays as it was. */
export interface OfferRequest {
  labels?: Labels;
  slots?: number;
  memoryMB?: number;
}

/** The `name=value` labels the bound does not allow: each alternative of `a|b` must be allowed. */
function labelsBeyond(labels: Labels, allowed: Labels): string[] {
  return Object.entries(labels).flatMap(([name, value]) => {
    const ok = allowed[name] === undefined ? [] : alternatives(allowed[name]);
    return alternatives(value)
      .filter((one) => !ok.includes(one))
      .map((one) => `${name}=${one}`);
  });
}

/**
 * Splits an offer into the parts the bound allows and, in words, what it does
 * not ("label gpu=true", "8 slots (at most 4)"). A part beyond its bound is left
 * out whole: the node keeps what it offered before rather than half of a list.
 */
export function checkOffer<O extends OfferRequest>(offer: O, bound: Bound): { allowed: O; refused: string[] } {
  const labels = bound.labels !== null && offer.labels !== undefined ? labelsBeyond(offer.labels, bound.labels) : [];
  const slots = bound.slots !== null && offer.slots !== undefined && offer.slots > bound.slots;
  const memory = bound.memoryMB !== null && offer.memoryMB !== undefined && offer.memoryMB > bound.memoryMB;
  const refused = [
    ...labels.map((label) => `label ${label}`),
    ...(slots ? [`${offer.slots} slots (at most ${bound.slots})`] : []),
    ...(memory ? [`${offer.memoryMB} MB of memory (at most ${bound.memoryMB})`] : []),
  ];
  const allowed = {
    ...offer,
    labels: labels.length > 0 ? undefined : offer.labels,
    slots: slots ? undefined : offer.slots,
    memoryMB: memory ? undefined : offer.memoryMB,
  };
  return { allowed, refused };
}

export interface CurrentOffer {
  labels: Labels;
  slots: number;
  memoryMB: number | null;
}

/** What a node offers, cut down to a (narrowed) bound: labels and values outside it go, slots and memory are capped. */
export function clampOffer(offer: CurrentOffer, bound: Bound): CurrentOffer {
  const allowed = bound.labels;
  const labels =
    allowed === null
      ? offer.labels
      : joinAlternatives(
          Object.fromEntries(
            Object.entries(offer.labels).map(([name, value]) => [
              name,
              alternatives(value).filter((one) => allowed[name] !== undefined && alternatives(allowed[name]).includes(one)),
            ]),
          ),
        );
  return {
    labels,
    slots: bound.slots === null ? offer.slots : Math.min(offer.slots, bound.slots),
    memoryMB: bound.memoryMB === null || offer.memoryMB === null ? offer.memoryMB : Math.min(offer.memoryMB, bound.memoryMB),
  };
}

/** A bound with some parts changed: a part given (null included: not bounded) replaces, one left out stays. */
export const changeBound = (bound: Bound, change: Partial<Bound> = {}): Bound => ({
  labels: change.labels === undefined ? bound.labels : change.labels,
  slots: change.slots === undefined ? bound.slots : change.slots,
  memoryMB: change.memoryMB === undefined ? bound.memoryMB : change.memoryMB,
});

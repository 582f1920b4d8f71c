import type { BloomFilter } from './bloom.js';
import { fits, type NodeOffer, type Route } from './fit.js';

/**
 * Data-aware placement, shared by both store back ends, explain and
 * pendingReason. A job's content is its bundle (by id) and its inputs (by
 * sha256), with their sizes; a node reports, with its claims, a Bloom filter of
 * what its own cache and its site's cache hold; a place is a site, or a node of
 * none. Locality never reorders jobs (priority and fair share do, see
 * docs/routing.md): it decides which of the nodes that fit a job gets it.
 */

/** One piece of a job's content: the bundle (its id) or one input (its sha256), with its size. */
export interface ContentItem {
  sha256: string;
  bytes: number;
}

/** A node as locality sees it: what it offers, its site, and the content near it (null: never reported). */
export interface LocalNode extends NodeOffer {
  site: string | null;
  holds: BloomFilter | null;
}

/** How much of a job's content one place holds. */
export interface Holding {
  place: string;
  bytes: number;
}

/** Where a node's data is: its site, or the node itself when it belongs to none. */
export const placeOf = (node: Pick<LocalNode, 'name' | 'site'>): string => node.site ?? `node ${node.name}`;

/** The bytes of `content` each place holds (an item counts if any node there holds it), most first; places holding nothing left out. */
export function holdings(content: readonly ContentItem[], nodes: readonly LocalNode[]): Holding[] {
  const byPlace = new Map<string, LocalNode[]>();
  for (const node of nodes) if (node.holds !== null) byPlace.set(placeOf(node), [...(byPlace.get(placeOf(node)) ?? []), node]);
  const found: Holding[] = [];
  for (const [place, members] of byPlace) {
    const bytes = content.reduce((sum, item) => sum + (members.some((node) => node.holds!.has(item.sha256)) ? item.bytes : 0), 0);
    if (bytes > 0) found.push({ place, bytes });
  }
  return found.sort((a, b) => b.bytes - a.bytes || (a.place < b.place ? -1 : 1));
}

export interface Waiting {
  route: Route;
  content: readonly ContentItem[];
  /** When its present wait began (submission, parents' success, requeue, end of a retry delay). */
  waitingSince: number;
}

/**
 * The place a claimant should leave this job to, or null to take it. It is
 * left only while it has waited less than `waitMs` (AWE_LOCALITY_WAIT_SECONDS),
 * and only to a place that holds more of its content than the claimant's own
 * and has an online node the job fits: busy or not, that node gets the first
 * chance, and after the bound any fitting node takes the job.
 */
export function leaveTo(job: Waiting, claimant: LocalNode, online: readonly LocalNode[], now: number, waitMs: number): string | null {
  if (now - job.waitingSince >= waitMs || job.content.length === 0) return null;
  const candidates = online.filter((node) => fits(job.route, node));
  const here = placeOf(claimant);
  const held = holdings(job.content, [claimant, ...candidates]);
  const best = held[0];
  if (best === undefined || best.place === here) return null;
  const heldHere = held.find((holding) => holding.place === here)?.bytes ?? 0;
  return best.bytes > heldHere ? best.place : null;
}

/** Whether a job may still be left to a place nearer its data: it has content and has waited less than the bound. */
const mayWait = (job: Omit<Waiting, 'route'> | undefined, now: number, waitMs: number): boolean =>
  job !== undefined && job.content.length > 0 && now - job.waitingSince < waitMs;

/**
 * Whether locality weighs in on any of these candidates: only then does a
 * claim need the nodes and their filters. A back end that reads them with a
 * round trip asks this first and hands `takeNearData` what it read.
 */
export function weighsLocality(candidates: ReadonlyArray<{ id: number }>, jobs: ReadonlyMap<number, Omit<Waiting, 'route'>>, now: number, waitMs: number): boolean {
  return candidates.some((c) => mayWait(jobs.get(c.id), now, waitMs));
}

/**
 * The candidates (in claim order) a claimant takes, at most `max`: those that
 * no job data pulls elsewhere, by `leaveTo`. `nodes` is asked only when some
 * candidate has content that has waited less than the bound, so that a claim
 * without such jobs never reads the nodes' filters.
 */
export function takeNearData<C extends { id: number; route: Route }>(
  candidates: readonly C[],
  max: number,
  jobs: ReadonlyMap<number, Omit<Waiting, 'route'>>,
  nodes: () => { claimant: LocalNode; online: LocalNode[] },
  now: number,
  waitMs: number,
): C[] {
  if (!weighsLocality(candidates, jobs, now, waitMs)) return candidates.slice(0, max);
  const { claimant, online } = nodes();
  return candidates.filter((c) => !mayWait(jobs.get(c.id), now, waitMs) || leaveTo({ route: c.route, ...jobs.get(c.id)! }, claimant, online, now, waitMs) === null).slice(0, max);
}

/** A size in decimal units with one decimal: "3.4 GB". */
function inUnit(bytes: number, unit: number): string {
  return (bytes / unit).toFixed(unit === 1 ? 0 : 1);
}

const UNITS: Array<[number, string]> = [
  [1e12, 'TB'],
  [1e9, 'GB'],
  [1e6, 'MB'],
  [1e3, 'kB'],
  [1, 'B'],
];

/** Where a job's content is, in words: "inputs at munich: 3.2 of 3.4 GB", most first; null for a job without content. */
export function describeHoldings(content: readonly ContentItem[], held: readonly Holding[]): string | null {
  if (content.length === 0) return null;
  const total = content.reduce((sum, item) => sum + item.bytes, 0);
  const [unit, name] = UNITS.find(([size]) => total >= size) ?? [1, 'B'];
  if (held.length === 0) return `inputs (${inUnit(total, unit)} ${name}) at no site yet`;
  return `inputs at ${held.map((holding) => `${holding.place}: ${inUnit(holding.bytes, unit)} of ${inUnit(total, unit)} ${name}`).join(', ')}`;
}

/** For every full step a claimable job waits unclaimed, its priority rises by one. */
export const AGING_STEP_MS = 5 * 60_000;
/** The highest priority anyone may ask for: a job aged up to it goes before newer work of that priority by age. */
export const AGING_CAP = 100;

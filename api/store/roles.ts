/** The roles a user may have, least to most: a role may do what the ones before it may. */
export const ROLES = ['visitor', 'user', 'developer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

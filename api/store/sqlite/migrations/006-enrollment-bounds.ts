/**
 * Enrollment bounds: what an agent may offer is set by the admin who enrolled it.
 *
 * An enrollment token may carry the labels it allows and a maximum of slots and
 * memory (NULL: not bounded, as before); registration copies them to the agent,
 * and `PATCH /v1/nodes/{id}` changes them later. `labels`, `slots` and
 * `memory_mb` stay what the agent offers now, always within its bound.
 *
 * Agents enrolled before this migration are bounded by what they offer now, so
 * a stolen credential cannot widen them; an agent that never stated its memory
 * (which counts as 0 MB for jobs) gets 0 MB: an admin raises it with PATCH.
 */
export const enrollmentBounds = `
ALTER TABLE enrollment_tokens ADD COLUMN bound_labels TEXT;
ALTER TABLE enrollment_tokens ADD COLUMN bound_slots INTEGER;
ALTER TABLE enrollment_tokens ADD COLUMN bound_memory_mb INTEGER;

ALTER TABLE agents ADD COLUMN bound_labels TEXT;
ALTER TABLE agents ADD COLUMN bound_slots INTEGER;
ALTER TABLE agents ADD COLUMN bound_memory_mb INTEGER;
UPDATE agents SET bound_labels = labels, bound_slots = slots, bound_memory_mb = COALESCE(memory_mb, 0);
`;

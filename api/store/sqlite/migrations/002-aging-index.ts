/**
 * Aging looks for queued jobs whose present wait began a full step ago; without
 * an index on that moment every sweep would read every queued job, which at a
 * million queued jobs costs more than the sweep interval allows.
 */
export const agingIndex = `
CREATE INDEX jobs_waiting_since ON jobs (MAX(created_at, not_before, COALESCE(started_at, 0))) WHERE state = 'queued';
`;

/**
 * Reuse of identical work (issue 14): a job submitted with reuse keeps its
 * reuse key (recipe command, args, bundle, input hashes, keyed digests of
 * settings and env), indexed so that an identical job is found at submit;
 * `reused_from` names the job whose outputs it took without running, or, while
 * it waits for an identical job still queued or running, that job. Recipes say
 * whether their jobs reuse by default and whether they may be reused at all.
 * Agents keep the base-code digest they last reported: a result is reused only
 * while every online node that could run the job has the same base code.
 */
export const reuse = `
ALTER TABLE jobs ADD COLUMN reuse_key TEXT;
ALTER TABLE jobs ADD COLUMN reused_from INTEGER REFERENCES jobs (id);
CREATE INDEX jobs_reuse ON jobs (reuse_key) WHERE reuse_key IS NOT NULL;
CREATE INDEX jobs_reused_from ON jobs (reused_from) WHERE reused_from IS NOT NULL;

ALTER TABLE recipes ADD COLUMN reuse INTEGER NOT NULL DEFAULT 0;
ALTER TABLE recipes ADD COLUMN reusable INTEGER NOT NULL DEFAULT 1;

ALTER TABLE agents ADD COLUMN base_digest TEXT;
`;

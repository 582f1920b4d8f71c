/**
 * The conditions of the partial indexes on job states, word for word: SQLite
 * reads through a partial index only when the query names its condition as
 * the index does (migrations 001 and 011). Queries that want these indexes
 * add the condition beside their own state test.
 */
/** jobs_state (state, id): every state but the two each job passes through at every claim and finish. */
export const INDEXED_STATES = "state NOT IN ('running', 'succeeded')";
/** jobs_leases (agent_id, lease_expires_at): the jobs holding a lease. */
export const LEASED_STATES = "state IN ('running', 'cancelling')";

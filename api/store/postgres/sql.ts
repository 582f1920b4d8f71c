import type { PoolClient } from 'pg';

/** What a store function runs its statements on: a pooled client, inside or outside a transaction. */
export type Sql = Pick<PoolClient, 'query'>;

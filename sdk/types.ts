import type { operations } from './openapi-types.js';

/** Shorthands over the generated types: the JSON body and the success answer of an operation. */
export type Operation = keyof operations;

export type Body<K extends Operation> = operations[K] extends { requestBody: { content: { 'application/json': infer B } } }
  ? B
  : operations[K] extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B
    : never;

type Responses<K extends Operation> = operations[K]['responses'];
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;

export type Answer<K extends Operation> = 200 extends keyof Responses<K>
  ? JsonOf<Responses<K>[200]>
  : 201 extends keyof Responses<K>
    ? JsonOf<Responses<K>[201]>
    : void;

export type Query<K extends Operation> = operations[K]['parameters'] extends { query?: infer Q } ? NonNullable<Q> : never;

export type Job = Answer<'getJob'>;
export type JobSpec = Body<'submitJob'>;
export type JobState = Job['state'];
export type Recipe = Answer<'getRecipe'>;
export type ClaimedJob = Answer<'claimJobs'>['jobs'][number];
export type FinishReport = NonNullable<Body<'claimJobs'>['finished']>[number];
export type HeartbeatVerdict = Answer<'heartbeat'>['jobs'][number];
export type Node = Answer<'listNodes'>['nodes'][number];
export type Explanation = Answer<'explainJob'>;

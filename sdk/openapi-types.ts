// Generated from openapi.yaml by `npm run gen` (openapi-typescript). Do not edit: change schemas/ and regenerate.
/* eslint-disable */
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The database answers */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (admin) */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in: trade a user name and password for a bearer token */
        post: operations["createToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who the web page is browsing as, with its CSRF token */
        get: operations["getSession"];
        put?: never;
        /** Sign in for the web page: the token goes into an HttpOnly cookie; the answer holds the CSRF token */
        post: operations["createSession"];
        /** Sign out of the web page: clears the session cookie */
        delete: operations["deleteSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user */
        get: operations["whoAmI"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Change your own password: every token you hold stops working; answers a new one */
        put: operations["changePassword"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users (admin) */
        get: operations["listUsers"];
        put?: never;
        /** Create a user (admin); names of deleted users stay taken */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a user (admin): their tokens stop, their jobs stay, and the name is never given out again */
        delete: operations["deleteUser"];
        options?: never;
        head?: never;
        /** Change a user's role, canRoute, disabled, maxActiveJobs or password (admin); disabling or a new password revokes their tokens */
        patch: operations["updateUser"];
        trace?: never;
    };
    "/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who changed users, routing, recipes, nodes, enrollment tokens and keys, and who cancelled which job (admin) */
        get: operations["listAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recipes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The recipe catalog */
        get: operations["listRecipes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/recipes/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One recipe */
        get: operations["getRecipe"];
        /** Create or replace a recipe (admin) */
        put: operations["putRecipe"];
        post?: never;
        /** Remove a recipe (admin); jobs already submitted keep their command */
        delete: operations["deleteRecipe"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/routing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Default routing: placement → node labels */
        get: operations["listRoutes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/routing/{placement}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set where a placement runs (admin); applies to jobs submitted from now on */
        put: operations["putRoute"];
        post?: never;
        /** Remove a route (admin) */
        delete: operations["deleteRoute"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List jobs, newest first */
        get: operations["listJobs"];
        put?: never;
        /** Submit a job: run a catalog recipe with arguments */
        post: operations["submitJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/job-batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submit up to 1,000 jobs at once, all or none (one transaction) */
        post: operations["submitJobs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One job */
        get: operations["getJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a job: at once if it has not started, else through its agent (state cancelling) */
        post: operations["cancelJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The job's output from `offset` on; `follow=1` streams until the job ends */
        get: operations["getJobLog"];
        /** Append log bytes at an offset (idempotent; at most 1 MiB a request) */
        put: operations["appendJobLog"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/log/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Lines of the job's whole log that contain q, and its first error line */
        get: operations["searchJobLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/enrollment-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Enrollment tokens, newest first, with their bounds and without their secrets (admin) */
        get: operations["listEnrollmentTokens"];
        put?: never;
        /** Create a token that enrolls agents (admin); limited uses, expires, may bound the labels, slots and memory they offer */
        post: operations["createEnrollmentToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/enrollment-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an enrollment token (admin): it enrolls no more agents; those it enrolled keep working */
        delete: operations["revokeEnrollmentToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enroll an agent with an enrollment token, offering what the token's bound allows; answers its own credential */
        post: operations["registerAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/hello": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** An agent (re)starting: update its labels, slots, memory (within its bound) and isolation; answers the intervals */
        post: operations["agentHello"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report finished attempts and take up to maxJobs jobs, waiting up to waitSeconds for work */
        post: operations["claimJobs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Extend the leases of running attempts; answers, per job, ok, cancel or gone */
        post: operations["heartbeat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/finish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Report the end of an attempt (idempotent); a stale epoch gets 409 */
        post: operations["finishJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/nodes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Agents: what each offers now (labels, slots, memory) beside its bound, slots in use, last contact, state */
        get: operations["listNodes"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/nodes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a node (admin): its credential stops working; its running jobs are requeued when their leases expire */
        delete: operations["removeNode"];
        options?: never;
        head?: never;
        /** Drain a node (it finishes its jobs and takes no more) or bring it back; change what it may offer (admin) */
        patch: operations["updateNode"];
        trace?: never;
    };
    "/v1/nodes/{id}/credential": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a new credential for a node (admin); the old one stops at once. Put it in the agent's <work-dir>/credential.json */
        post: operations["rotateNodeCredential"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/explain": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Where would this job run, and why? Nothing is submitted */
        post: operations["explainJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/blobs/missing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Which of these file contents you still have to upload (developer): those the service lacks or that you never brought */
        post: operations["missingBlobs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/blobs/{sha}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One file content, for the job token of a job whose bundle or inputs hold it, a content token of a user who brought or produced it, or admins */
        get: operations["downloadBlob"];
        /** Upload one file content (developer); stored only if it hashes to the sha256 in the URL */
        put: operations["uploadBlob"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bundles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a bundle (developer) from a manifest of blobs you uploaded (JSON), or from a zip (multipart field "bundle"); 201 when new, 200 when it existed (you may use it now too) */
        post: operations["createBundle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/bundles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A bundle's manifest: for those who registered it, admins, and the job token of a job that runs it */
        get: operations["getBundle"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/blobs/{sha}/access": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether this credential may download the blob (204), as GET /v1/blobs/{sha} would answer, without sending it: for site caches */
        get: operations["blobAccess"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/content-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A short-lived read-only token for the content you may read (your uploads, your jobs' outputs), to download through a site cache */
        post: operations["createContentToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/outputs/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download one output file (owner, admins, and the job token of a job that takes it as input) */
        get: operations["downloadOutput"];
        /** Upload one output file of a running attempt (agent) */
        put: operations["uploadOutput"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/outputs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A job's output files (owner and admins) */
        get: operations["listOutputs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/previews/{path}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A FITS output as a PNG preview of one image HDU (default: the first image), or with format=json what its HDUs hold */
        get: operations["previewOutput"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/attempts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every attempt of a job, oldest first: node, executor, timings, outcome, log range (and, for the owner, each attempt's outputs) */
        get: operations["listAttempts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/provenance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What went into a job and what came out (owner and admins); `format=ro-crate`: a Workflow Run RO-Crate; `depth=all`: with every ancestor */
        get: operations["getProvenance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/lineage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A job's ancestors and descendants through after and inputs */
        get: operations["getLineage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/outputs/{sha256}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which jobs produced a content and which took it as an input, among the jobs the caller may read */
        get: operations["getOutputUses"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/jobs/{id}/rerun": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new job like this one, with edits: args or params replace the list, env and settings merge by key (null removes), node, priority and bundle replace */
        post: operations["rerunJob"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/job-batches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A submitted batch: its jobs and how many are in each state (owner and admins) */
        get: operations["getJobBatch"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/job-batches/{id}/rerun": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rerun a batch's failed members, unchanged, as a new batch */
        post: operations["rerunJobBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        status?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        status?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text format */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    createToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    username: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        token: string;
                        /** Format: date-time */
                        expiresAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description null for an anonymous visitor */
                        username: string | null;
                        role: "visitor" | "user" | "developer" | "admin";
                        canRoute: boolean;
                        /** @description send as x-csrf-token with every change made with the session cookie */
                        csrfToken: string | null;
                        expiresAt: string | null;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    createSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    username: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description null for an anonymous visitor */
                        username: string | null;
                        role: "visitor" | "user" | "developer" | "admin";
                        canRoute: boolean;
                        /** @description send as x-csrf-token with every change made with the session cookie */
                        csrfToken: string | null;
                        expiresAt: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    deleteSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    whoAmI: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        username: string;
                        role: "visitor" | "user" | "developer" | "admin";
                        canRoute: boolean;
                        /** @description a disabled user cannot sign in; their tokens stopped when they were disabled */
                        disabled: boolean;
                        /** @description the user's own limit, null for the service's default */
                        maxActiveJobs: number | null;
                        /** @description jobs waiting, queued or running now */
                        activeJobs: number;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    currentPassword: string;
                    newPassword: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        token: string;
                        /** Format: date-time */
                        expiresAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        users: {
                            username: string;
                            role: "visitor" | "user" | "developer" | "admin";
                            canRoute: boolean;
                            /** @description a disabled user cannot sign in; their tokens stopped when they were disabled */
                            disabled: boolean;
                            /** @description the user's own limit, null for the service's default */
                            maxActiveJobs: number | null;
                            /** @description jobs waiting, queued or running now */
                            activeJobs: number;
                            /** Format: date-time */
                            createdAt: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    username: string;
                    password: string;
                    role: "visitor" | "user" | "developer" | "admin";
                    canRoute?: boolean;
                    /** @description this user's limit on jobs waiting, queued or running; default AWE_MAX_ACTIVE_JOBS_PER_USER */
                    maxActiveJobs?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        username: string;
                        role: "visitor" | "user" | "developer" | "admin";
                        canRoute: boolean;
                        /** @description a disabled user cannot sign in; their tokens stopped when they were disabled */
                        disabled: boolean;
                        /** @description the user's own limit, null for the service's default */
                        maxActiveJobs: number | null;
                        /** @description jobs waiting, queued or running now */
                        activeJobs: number;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    deleteUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        /** @description fields left out stay as they are; a new password or disabling revokes all of the user's tokens */
        requestBody: {
            content: {
                "application/json": {
                    role?: "visitor" | "user" | "developer" | "admin";
                    canRoute?: boolean;
                    disabled?: boolean;
                    /** @description this user's limit on jobs waiting, queued or running; null: the service's default (AWE_MAX_ACTIVE_JOBS_PER_USER) */
                    maxActiveJobs?: number | null;
                    password?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        username: string;
                        role: "visitor" | "user" | "developer" | "admin";
                        canRoute: boolean;
                        /** @description a disabled user cannot sign in; their tokens stopped when they were disabled */
                        disabled: boolean;
                        /** @description the user's own limit, null for the service's default */
                        maxActiveJobs: number | null;
                        /** @description jobs waiting, queued or running now */
                        activeJobs: number;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    listAudit: {
        parameters: {
            query?: {
                /** @description entries older than this id: the `next` of the previous page */
                before?: number;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description newest first */
                        entries: {
                            id: number;
                            /** Format: date-time */
                            at: string;
                            /** @description the user who made the change */
                            actor: string;
                            /** @enum {string} */
                            action: "user.create" | "user.update" | "user.delete" | "user.password" | "recipe.put" | "recipe.delete" | "route.put" | "route.delete" | "node.update" | "node.remove" | "node.credential" | "job.cancel" | "enrollment.create" | "enrollment.revoke" | "key.rotate";
                            /** @description what was changed: a user name, recipe, placement, node id, job id, token id or key id */
                            target: string;
                            /** @description what changed (never a secret) */
                            detail: {
                                [key: string]: unknown;
                            };
                        }[];
                        /** @description pass as `before` for the next page; null at the end */
                        next: number | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    listRecipes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        recipes: {
                            name: string;
                            command: string[];
                            description: string;
                            placement: string | null;
                            /** @description label name → value */
                            labels: {
                                [key: string]: string;
                            };
                            minMemoryMB: number | null;
                            timeoutSeconds: number | null;
                            maxAttempts: number;
                            priority: number;
                            resources: {
                                [key: string]: unknown;
                            };
                            parameters: {
                                name: string;
                                /** @enum {string} */
                                type: "string" | "integer" | "number" | "boolean" | "file-input";
                                default?: string | number | boolean;
                                help?: string;
                                choices?: (string | number | boolean)[];
                                /** @description -x or --name; without one the parameter is positional */
                                flag?: string;
                                /** @description a list of values; the flag repeats before each */
                                multiple?: boolean;
                            }[];
                            /** @description its jobs reuse identical work by default */
                            reuse: boolean;
                            /** @description false: its jobs never reuse */
                            reusable: boolean;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    getRecipe: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        command: string[];
                        description: string;
                        placement: string | null;
                        /** @description label name → value */
                        labels: {
                            [key: string]: string;
                        };
                        minMemoryMB: number | null;
                        timeoutSeconds: number | null;
                        maxAttempts: number;
                        priority: number;
                        resources: {
                            [key: string]: unknown;
                        };
                        parameters: {
                            name: string;
                            /** @enum {string} */
                            type: "string" | "integer" | "number" | "boolean" | "file-input";
                            default?: string | number | boolean;
                            help?: string;
                            choices?: (string | number | boolean)[];
                            /** @description -x or --name; without one the parameter is positional */
                            flag?: string;
                            /** @description a list of values; the flag repeats before each */
                            multiple?: boolean;
                        }[];
                        /** @description its jobs reuse identical work by default */
                        reuse: boolean;
                        /** @description false: its jobs never reuse */
                        reusable: boolean;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    putRecipe: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description argv; the job's args are appended; never run through a shell */
                    command: string[];
                    description?: string;
                    placement?: string | null;
                    /** @description label name → value */
                    labels?: {
                        [key: string]: string;
                    };
                    minMemoryMB?: number | null;
                    timeoutSeconds?: number | null;
                    maxAttempts?: number;
                    priority?: number;
                    resources?: {
                        partition?: string;
                        account?: string;
                        cpus?: number;
                        memoryMB?: number;
                        timeLimitSeconds?: number;
                    };
                    /** @description named parameters a submit may give as `params` */
                    parameters?: {
                        name: string;
                        /** @enum {string} */
                        type: "string" | "integer" | "number" | "boolean" | "file-input";
                        default?: string | number | boolean;
                        help?: string;
                        choices?: (string | number | boolean)[];
                        /** @description -x or --name; without one the parameter is positional */
                        flag?: string;
                        /** @description a list of values; the flag repeats before each */
                        multiple?: boolean;
                    }[];
                    /** @description its jobs reuse identical work unless a submit says `reuse: false` (default false) */
                    reuse?: boolean;
                    /** @description false for a recipe whose result depends on more than its inputs (a database, the clock): its jobs never reuse (default true) */
                    reusable?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        command: string[];
                        description: string;
                        placement: string | null;
                        /** @description label name → value */
                        labels: {
                            [key: string]: string;
                        };
                        minMemoryMB: number | null;
                        timeoutSeconds: number | null;
                        maxAttempts: number;
                        priority: number;
                        resources: {
                            [key: string]: unknown;
                        };
                        parameters: {
                            name: string;
                            /** @enum {string} */
                            type: "string" | "integer" | "number" | "boolean" | "file-input";
                            default?: string | number | boolean;
                            help?: string;
                            choices?: (string | number | boolean)[];
                            /** @description -x or --name; without one the parameter is positional */
                            flag?: string;
                            /** @description a list of values; the flag repeats before each */
                            multiple?: boolean;
                        }[];
                        /** @description its jobs reuse identical work by default */
                        reuse: boolean;
                        /** @description false: its jobs never reuse */
                        reusable: boolean;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        command: string[];
                        description: string;
                        placement: string | null;
                        /** @description label name → value */
                        labels: {
                            [key: string]: string;
                        };
                        minMemoryMB: number | null;
                        timeoutSeconds: number | null;
                        maxAttempts: number;
                        priority: number;
                        resources: {
                            [key: string]: unknown;
                        };
                        parameters: {
                            name: string;
                            /** @enum {string} */
                            type: "string" | "integer" | "number" | "boolean" | "file-input";
                            default?: string | number | boolean;
                            help?: string;
                            choices?: (string | number | boolean)[];
                            /** @description -x or --name; without one the parameter is positional */
                            flag?: string;
                            /** @description a list of values; the flag repeats before each */
                            multiple?: boolean;
                        }[];
                        /** @description its jobs reuse identical work by default */
                        reuse: boolean;
                        /** @description false: its jobs never reuse */
                        reusable: boolean;
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    deleteRecipe: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    listRoutes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        routes: {
                            placement: string;
                            /** @description label name → value */
                            selector: {
                                [key: string]: string;
                            };
                            resources: {
                                [key: string]: unknown;
                            };
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    putRoute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                placement: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description label name → value */
                    selector: {
                        [key: string]: string;
                    };
                    resources?: {
                        partition?: string;
                        account?: string;
                        cpus?: number;
                        memoryMB?: number;
                        timeLimitSeconds?: number;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        placement: string;
                        /** @description label name → value */
                        selector: {
                            [key: string]: string;
                        };
                        resources: {
                            [key: string]: unknown;
                        };
                        /** Format: date-time */
                        updatedAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    deleteRoute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                placement: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    listJobs: {
        parameters: {
            query?: {
                state?: "waiting" | "queued" | "running" | "cancelling" | "succeeded" | "failed" | "cancelled";
                owner?: string;
                recipe?: string;
                node?: string;
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        jobs: {
                            id: number;
                            owner: string;
                            recipe: string;
                            args: string[];
                            /** @description the named values args were made from, when the submit gave them */
                            params?: {
                                [key: string]: (string | number | boolean) | (string | number | boolean)[] | null;
                            };
                            /** @enum {string} */
                            state: "waiting" | "queued" | "running" | "cancelling" | "succeeded" | "failed" | "cancelled";
                            requestedNode: string | null;
                            node: string | null;
                            /** @description label name → value */
                            selector: {
                                [key: string]: string;
                            };
                            bundle: string | null;
                            /** @description the priority claims order by: the one asked for, raised by aging while the job waits */
                            priority: number;
                            /** @description the priority the submit asked for */
                            askedPriority: number;
                            timeoutSeconds: number | null;
                            attempts: number;
                            maxAttempts: number;
                            exitCode: number | null;
                            signal: string | null;
                            failureReason: ("recipe_failed" | "system_failure" | "bundle_error" | "timeout" | "lost" | "dependency_failed") | null;
                            message: string | null;
                            pendingReason: string | null;
                            batch: {
                                system: string;
                                id: string;
                                state: string;
                                reason?: string;
                            } | null;
                            after: number[];
                            /** @description GET /v1/jobs/{id} only: the jobs that wait for this one */
                            children?: number[];
                            inputs: {
                                job: number;
                                /** @description an output path of that job */
                                path: string;
                            }[];
                            logSize: number;
                            logTruncated: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            startedAt: string | null;
                            finishedAt: string | null;
                            /** @description the job this one reruns */
                            rerunOf: number | null;
                            /** @description the identical job whose outputs this one took without running; while `waiting`, the identical job it waits for */
                            reusedFrom: number | null;
                            /** @description what the rerun changed: args, params, settings.NAME, env.NAME, node, priority, bundle */
                            rerunChanges?: string[];
                            /** @description when retention (AWE_RETENTION_DAYS) deleted the log and outputs; they then answer 410 AWE_ERR_EXPIRED */
                            expiredAt: string | null;
                            /** @description owner and admins only; secret-looking names left out */
                            env?: {
                                [key: string]: string;
                            };
                            /** @description owner and admins only; secret-looking names left out */
                            settings?: {
                                [key: string]: string;
                            };
                        }[];
                        /** @description pass as `cursor` for the next (older) page */
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    submitJob: {
        parameters: {
            query?: never;
            header?: {
                /** @description a retried submit with the same key returns the same job (or, for a batch, the same jobs) */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    recipe: string;
                    args?: string[];
                    /** @description instead of args: the recipe's parameters by name, turned into args by the service */
                    params?: {
                        [key: string]: (string | number | boolean) | (string | number | boolean)[] | null;
                    };
                    /** @description run on this node (needs canRoute or developer) */
                    node?: string;
                    bundle?: string;
                    env?: {
                        [key: string]: string;
                    };
                    settings?: {
                        [key: string]: string;
                    };
                    priority?: number;
                    timeoutSeconds?: number;
                    maxAttempts?: number;
                    after?: number[];
                    inputs?: {
                        job: number;
                        /** @description an output path of that job */
                        path: string;
                    }[];
                    /** @description take the outputs of an identical job that succeeded (or wait for one on its way) instead of running; default: the recipe's `reuse` */
                    reuse?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        owner: string;
                        recipe: string;
                        args: string[];
                        /** @description the named values args were made from, when the submit gave them */
                        params?: {
                            [key: string]: (string | number | boolean) | (string | number | boolean)[] | null;
                        };
                        /** @enum {string} */
                        state: "waiting" | "queued" | "running" | "cancelling" | "succeeded" | "failed" | "cancelled";
                        requestedNode: string | null;
                        node: string | null;
                        /** @description label name → value */
                        selector: {
                            [key: string]: string;
                        };
                        bundle: string | null;
                        /** @description the priority claims order by: the one asked for, raised by aging while the job waits */
                        priority: number;
                        /** @description the priority the submit asked for */
                        askedPriority: number;
                        timeoutSeconds: number | null;
                        attempts: number;
                        maxAttempts: number;
                        exitCode: number | null;
                        signal: string | null;
                        failureReason: ("recipe_failed" | "system_failure" | "bundle_error" | "timeout" | "lost" | "dependency_failed") | null;
                        message: string | null;
                        pendingReason: string | null;
                        batch: {
                            system: string;
                            id: string;
                            state: string;
                            reason?: string;
                        } | null;
                        after: number[];
                        /** @description GET /v1/jobs/{id} only: the jobs that wait for this one */
                        children?: number[];
                        inputs: {
                            job: number;
                            /** @description an output path of that job */
                            path: string;
                        }[];
                        logSize: number;
                        logTruncated: boolean;
                        /** Format: date-time */
                        createdAt: string;
                        startedAt: string | null;
                        finishedAt: string | null;
                        /** @description the job this one reruns */
                        rerunOf: number | null;
                        /** @description the identical job whose outputs this one took without running; while `waiting`, the identical job it waits for */
                        reusedFrom: number | null;
                        /** @description what the rerun changed: args, params, settings.NAME, env.NAME, node, priority, bundle */
                        rerunChanges?: string[];
                        /** @description when retention (AWE_RETENTION_DAYS) deleted the log and outputs; they then answer 410 AWE_ERR_EXPIRED */
                        expiredAt: string | null;
                        /** @description owner and admins only; secret-looking names left out */
                        env?: {
                            [key: string]: string;
                        };
                        /** @description owner and admins only; secret-looking names left out */
                        settings?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        owner: string;
                        recipe: string;
                        args: string[];
                        /** @description the named values args were made from, when the submit gave them */
                        params?: {
                            [key: string]: (string | number | boolean) | (string | number | boolean)[] | null;
                        };
                        /** @enum {string} */
                        state: "waiting" | "queued" | "running" | "cancelling" | "succeeded" | "failed" | "cancelled";
                        requestedNode: string | null;
                        node: string | null;
                        /** @description label name → value */
                        selector: {
                            [key: string]: string;
                        };
                        bundle: string | null;
                        /** @description the priority claims order by: the one asked for, raised by aging while the job waits */
                        priority: number;
                        /** @description the priority the submit asked for */
                        askedPriority: number;
                        timeoutSeconds: number | null;
                        attempts: number;
                        maxAttempts: number;
                        exitCode: number | null;
                        signal: string | null;
                        failureReason: ("recipe_failed" | "system_failure" | "bundle_error" | "timeout" | "lost" | "dependency_failed") | null;
                        message: string | null;
                        pendingReason: string | null;
                        batch: {
                            system: string;
                            id: string;
                            state: string;
                            reason?: string;
                        } | null;
                        after: number[];
                        /** @description GET /v1/jobs/{id} only: the jobs that wait for this one */
                        children?: number[];
                        inputs: {
                            job: number;
                            /** @description an output path of that job */
                            path: string;
                        }[];
                        logSize: number;
                        logTruncated: boolean;
                        /** Format: date-time */
                        createdAt: string;
                        startedAt: string | null;
                        finishedAt: string | null;
                        /** @description the job this one reruns */
                        rerunOf: number | null;
                        /** @description the identical job whose outputs this one took without running; while `waiting`, the identical job it waits for */
                        reusedFrom: number | null;
                        /** @description what the rerun changed: args, params, settings.NAME, env.NAME, node, priority, bundle */
                        rerunChanges?: string[];
                        /** @description when retention (AWE_RETENTION_DAYS) deleted the log and outputs; they then answer 410 AWE_ERR_EXPIRED */
                        expiredAt: string | null;
                        /** @description owner and admins only; secret-looking names left out */
                        env?: {
                            [key: string]: string;
                        };
                        /** @description owner and admins only; secret-looking names left out */
                        settings?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    submitJobs: {
        parameters: {
            query?: never;
            header?: {
                /** @description a retried submit with the same key returns the same job (or, for a batch, the same jobs) */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    jobs: {
                        recipe: string;
                        args?: string[];
                        /** @description instead of args: the recipe's parameters by name, turned into args by the service */
                        params?: {
                            [key: string]: (string | number | boolean) | (string | number | boolean)[] | null;
                        };
                        /** @description run on this node (needs canRoute or developer) */
                        node?: string;
                        bundle?: string;
                        env?: {
                            [key: string]: string;
                        };
                        settings?: {
                            [key: string]: string;
                        };
                        priority?: number;
                        timeoutSeconds?: number;
                        maxAttempts?: number;
                        after?: number[];
                        inputs?: {
                            job: number;
                            /** @description an output path of that job */
                            path: string;
                        }[];
                        /** @description take the outputs of an identical job that succeeded (or wait for one on its way) instead of running; default: the recipe's `reuse` */
                        reuse?: boolean;
                    }[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description GET /v1/job-batches/{id} shows the batch */
                        batchId: number;
                        /** @description the new jobs, in the order of the specs */
                        ids: number[];
                        states: ("waiting" | "queued" | "running" | "cancelling" | "succeeded" | "failed" | "cancelled")[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    getJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        owner: string;
                        recipe: string;
                        args: string[];
                        /** @description the named values args were made from, when the submit gave them */
                        params?: {
                            [key: string]: (string | number | boolean) | (string | number | boolean)[] | null;
                        };
                        /** @enum {string} */
                        state: "waiting" | "queued" | "running" | "cancelling" | "succeeded" | "failed" | "cancelled";
                        requestedNode: string | null;
                        node: string | null;
                        /** @description label name → value */
                        selector: {
                            [key: string]: string;
                        };
                        bundle: string | null;
                        /** @description the priority claims order by: the one asked for, raised by aging while the job waits */
                        priority: number;
                        /** @description the priority the submit asked for */
                        askedPriority: number;
                        timeoutSeconds: number | null;
                        attempts: number;
                        maxAttempts: number;
                        exitCode: number | null;
                        signal: string | null;
                        failureReason: ("recipe_failed" | "system_failure" | "bundle_error" | "timeout" | "lost" | "dependency_failed") | null;
                        message: string | null;
                        pendingReason: string | null;
                        batch: {
                            system: string;
                            id: string;
                            state: string;
                            reason?: string;
                        } | null;
                        after: number[];
                        /** @description GET /v1/jobs/{id} only: the jobs that wait for this one */
                        children?: number[];
                        inputs: {
                            job: number;
                            /** @description an output path of that job */
                            path: string;
                        }[];
                        logSize: number;
                        logTruncated: boolean;
                        /** Format: date-time */
                        createdAt: string;
                        startedAt: string | null;
                        finishedAt: string | null;
                        /** @description the job this one reruns */
                        rerunOf: number | null;
                        /** @description the identical job whose outputs this one took without running; while `waiting`, the identical job it waits for */
                        reusedFrom: number | null;
                        /** @description what the rerun changed: args, params, settings.NAME, env.NAME, node, priority, bundle */
                        rerunChanges?: string[];
                        /** @description when retention (AWE_RETENTION_DAYS) deleted the log and outputs; they then answer 410 AWE_ERR_EXPIRED */
                        expiredAt: string | null;
                        /** @description owner and admins only; secret-looking names left out */
                        env?: {
                            [key: string]: string;
                        };
                        /** @description owner and admins only; secret-looking names left out */
                        settings?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    cancelJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        owner: string;
                        recipe: string;
                        args: string[];
                        /** @description the named values args were made from, when the submit gave them */
                        params?: {
                            [key: string]: (string | number | boolean) | (string | number | boolean)[] | null;
                        };
                        /** @enum {string} */
                        state: "waiting" | "queued" | "running" | "cancelling" | "succeeded" | "failed" | "cancelled";
                        requestedNode: string | null;
                        node: string | null;
                        /** @description label name → value */
                        selector: {
                            [key: string]: string;
                        };
                        bundle: string | null;
                        /** @description the priority claims order by: the one asked for, raised by aging while the job waits */
                        priority: number;
                        /** @description the priority the submit asked for */
                        askedPriority: number;
                        timeoutSeconds: number | null;
                        attempts: number;
                        maxAttempts: number;
                        exitCode: number | null;
                        signal: string | null;
                        failureReason: ("recipe_failed" | "system_failure" | "bundle_error" | "timeout" | "lost" | "dependency_failed") | null;
                        message: string | null;
                        pendingReason: string | null;
                        batch: {
                            system: string;
                            id: string;
                            state: string;
                            reason?: string;
                        } | null;
                        after: number[];
                        /** @description GET /v1/jobs/{id} only: the jobs that wait for this one */
                        children?: number[];
                        inputs: {
                            job: number;
                            /** @description an output path of that job */
                            path: string;
                        }[];
                        logSize: number;
                        logTruncated: boolean;
                        /** Format: date-time */
                        createdAt: string;
                        startedAt: string | null;
                        finishedAt: string | null;
                        /** @description the job this one reruns */
                        rerunOf: number | null;
                        /** @description the identical job whose outputs this one took without running; while `waiting`, the identical job it waits for */
                        reusedFrom: number | null;
                        /** @description what the rerun changed: args, params, settings.NAME, env.NAME, node, priority, bundle */
                        rerunChanges?: string[];
                        /** @description when retention (AWE_RETENTION_DAYS) deleted the log and outputs; they then answer 410 AWE_ERR_EXPIRED */
                        expiredAt: string | null;
                        /** @description owner and admins only; secret-looking names left out */
                        env?: {
                            [key: string]: string;
                        };
                        /** @description owner and admins only; secret-looking names left out */
                        settings?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    getJobLog: {
        parameters: {
            query?: {
                offset?: number;
                follow?: "1" | "0" | "true" | "false";
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description log bytes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    appendJobLog: {
        parameters: {
            query: {
                epoch: number;
                offset: number;
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description the offset to send from next */
                        next: number;
                        truncated: boolean;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            416: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    searchJobLog: {
        parameters: {
            query?: {
                q?: string;
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description lines containing q, case-insensitive; at most 1000 */
                        matches: {
                            /** @description 1-based */
                            line: number;
                            /** @description byte offset of the line's start */
                            offset: number;
                            /** @description the line, cut at 400 characters */
                            text: string;
                        }[];
                        truncated: boolean;
                        /** @description the first line that begins a Python traceback or says error or fatal */
                        firstError: {
                            /** @description 1-based */
                            line: number;
                            /** @description byte offset of the line's start */
                            offset: number;
                            /** @description the line, cut at 400 characters */
                            text: string;
                        } | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    listEnrollmentTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tokens: {
                            id: number;
                            usesLeft: number;
                            /** Format: date-time */
                            expiresAt: string;
                            createdBy: string;
                            /** Format: date-time */
                            createdAt: string;
                            revokedAt: string | null;
                            /** @description what an agent may offer at register and hello, set by an admin (enrollment token, PATCH /v1/nodes/{id}) */
                            bound: {
                                /** @description the labels and values (`a|b`) it may offer; null: any */
                                labels: {
                                    [key: string]: string;
                                } | null;
                                /** @description most slots it may offer; null: any */
                                slots: number | null;
                                /** @description most memory it may offer; null: any */
                                memoryMB: number | null;
                            };
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    createEnrollmentToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default 1 */
                    uses?: number;
                    /** @default 86400 */
                    expiresInSeconds?: number;
                    /** @description the labels and values (`a|b` for several) an agent may offer, and most slots and memory; a part left out or null is not bounded */
                    bound?: {
                        labels?: {
                            [key: string]: string;
                        } | null;
                        slots?: number | null;
                        memoryMB?: number | null;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description for GET and DELETE /v1/enrollment-tokens */
                        id: number;
                        token: string;
                        uses: number;
                        /** Format: date-time */
                        expiresAt: string;
                        /** @description what an agent may offer at register and hello, set by an admin (enrollment token, PATCH /v1/nodes/{id}) */
                        bound: {
                            /** @description the labels and values (`a|b`) it may offer; null: any */
                            labels: {
                                [key: string]: string;
                            } | null;
                            /** @description most slots it may offer; null: any */
                            slots: number | null;
                            /** @description most memory it may offer; null: any */
                            memoryMB: number | null;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    revokeEnrollmentToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    registerAgent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description an enrollment token from an admin */
                    token: string;
                    name: string;
                    /** @description label name → value */
                    labels?: {
                        [key: string]: string;
                    };
                    /** @description the site it belongs to, fixed from now on; left out: its label `site`, or the one site its token's bound allows */
                    site?: string;
                    slots: number;
                    memoryMB?: number;
                    executor?: string;
                    /** @description how the agent boxes shipped user code (-mycode); an agent that does not say counts as none */
                    isolation?: "bwrap" | "none";
                    /** @description its admin lets shipped user code run without isolation */
                    trustUserCode?: boolean;
                    /** @description the digest of the node's base code tree: results are reused only while every node that could run the job reports the same */
                    baseDigest?: string;
                    /** @description the agent protocol it speaks (docs/protocol.md, "Versions"); an agent that does not say speaks 1 */
                    protocol?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agentId: number;
                        /** @description the agent's own secret: `Authorization: Bearer <credential>` */
                        credential: string;
                        intervals: {
                            leaseSeconds: number;
                            heartbeatSeconds: number;
                            /** @description longest long-poll the service holds */
                            maxWaitSeconds: number;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    agentHello: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description label name → value */
                    labels?: {
                        [key: string]: string;
                    };
                    slots?: number;
                    memoryMB?: number;
                    /** @description how the agent boxes shipped user code (-mycode); an agent that does not say counts as none */
                    isolation?: "bwrap" | "none";
                    /** @description its admin lets shipped user code run without isolation */
                    trustUserCode?: boolean;
                    /** @description the digest of the node's base code tree: results are reused only while every node that could run the job reports the same */
                    baseDigest?: string;
                    /** @description the agent protocol it speaks (docs/protocol.md, "Versions"); an agent that does not say speaks 1 */
                    protocol?: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        leaseSeconds: number;
                        heartbeatSeconds: number;
                        /** @description longest long-poll the service holds */
                        maxWaitSeconds: number;
                        /** @description what the hello asked beyond the enrollment bound ("label gpu=true"); the node keeps its previous labels, slots or memory for those */
                        refused: string[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    claimJobs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description free slots: how many jobs the agent takes */
                    maxJobs: number;
                    /** @description hold the request up to this long */
                    waitSeconds?: number;
                    /** @description attempts that ended, reported in the same round trip */
                    finished?: {
                        id: number;
                        epoch: number;
                        exitCode: number | null;
                        signal?: string | null;
                        failureReason?: ("recipe_failed" | "system_failure" | "bundle_error" | "timeout" | "lost" | "dependency_failed") | null;
                        cancelled?: boolean;
                        message?: string | null;
                        batch?: {
                            system: string;
                            id: string;
                            state: string;
                            reason?: string;
                        };
                        /** @description the digest of the node's base code tree (a bundle id of it), for provenance and reuse */
                        baseDigest?: string;
                        agentVersion?: string;
                    }[];
                    /**
                     * Format: byte
                     * @description a Bloom filter (base64, a power of two from 64 bytes to 64 KiB, 7 hashes; docs/protocol.md) of the sha256s its own cache and its site cache hold; the service keeps the last one and prefers this node for jobs whose bundle and inputs it holds
                     */
                    contentFilter?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        jobs: {
                            id: number;
                            epoch: number;
                            recipe: string;
                            argv: string[];
                            env: {
                                [key: string]: string;
                            };
                            settings: {
                                [key: string]: string;
                            };
                            bundle: string | null;
                            inputs: {
                                job: number;
                                path: string;
                                sha256: string;
                                size: number;
                            }[];
                            timeoutSeconds: number | null;
                            resources: {
                                [key: string]: unknown;
                            };
                            /** @description reads this job's bundle and inputs; empty for a job with neither, which it would not open anything for */
                            jobToken: string;
                            /** Format: date-time */
                            leaseExpiresAt: string;
                        }[];
                        finished: {
                            id: number;
                            epoch: number;
                            status: "ok" | "stale" | "not_found";
                            state?: string;
                        }[];
                        /** @description an admin drains this agent: finish running jobs, take no more */
                        draining: boolean;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    heartbeat: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    jobs: {
                        id: number;
                        epoch: number;
                        batch?: {
                            system: string;
                            id: string;
                            state: string;
                            reason?: string;
                        };
                    }[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        jobs: {
                            id: number;
                            epoch: number;
                            verdict: "ok" | "cancel" | "gone";
                            leaseExpiresAt: string | null;
                        }[];
                        draining: boolean;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    finishJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    id: number;
                    epoch: number;
                    exitCode: number | null;
                    signal?: string | null;
                    failureReason?: ("recipe_failed" | "system_failure" | "bundle_error" | "timeout" | "lost" | "dependency_failed") | null;
                    cancelled?: boolean;
                    message?: string | null;
                    batch?: {
                        system: string;
                        id: string;
                        state: string;
                        reason?: string;
                    };
                    /** @description the digest of the node's base code tree (a bundle id of it), for provenance and reuse */
                    baseDigest?: string;
                    agentVersion?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        epoch: number;
                        status: "ok" | "stale" | "not_found";
                        state?: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    listNodes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        nodes: {
                            id: number;
                            name: string;
                            /** @description label name → value */
                            labels: {
                                [key: string]: string;
                            };
                            slots: number;
                            /** @description slots in use */
                            running: number;
                            memoryMB: number | null;
                            executor: string;
                            /** @description the site it was enrolled at (also its label `site`); null: none */
                            site: string | null;
                            isolation: "bwrap" | "none";
                            trustUserCode: boolean;
                            /** @description what an agent may offer at register and hello, set by an admin (enrollment token, PATCH /v1/nodes/{id}) */
                            bound: {
                                /** @description the labels and values (`a|b`) it may offer; null: any */
                                labels: {
                                    [key: string]: string;
                                } | null;
                                /** @description most slots it may offer; null: any */
                                slots: number | null;
                                /** @description most memory it may offer; null: any */
                                memoryMB: number | null;
                            };
                            state: "online" | "draining" | "lost";
                            /** Format: date-time */
                            lastSeenAt: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    removeNode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    updateNode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    state?: "online" | "draining";
                    /** @description the labels and values (`a|b` for several) an agent may offer, and most slots and memory; a part left out or null is not bounded */
                    bound?: {
                        labels?: {
                            [key: string]: string;
                        } | null;
                        slots?: number | null;
                        memoryMB?: number | null;
                    };
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        name: string;
                        /** @description label name → value */
                        labels: {
                            [key: string]: string;
                        };
                        slots: number;
                        /** @description slots in use */
                        running: number;
                        memoryMB: number | null;
                        executor: string;
                        /** @description the site it was enrolled at (also its label `site`); null: none */
                        site: string | null;
                        isolation: "bwrap" | "none";
                        trustUserCode: boolean;
                        /** @description what an agent may offer at register and hello, set by an admin (enrollment token, PATCH /v1/nodes/{id}) */
                        bound: {
                            /** @description the labels and values (`a|b`) it may offer; null: any */
                            labels: {
                                [key: string]: string;
                            } | null;
                            /** @description most slots it may offer; null: any */
                            slots: number | null;
                            /** @description most memory it may offer; null: any */
                            memoryMB: number | null;
                        };
                        state: "online" | "draining" | "lost";
                        /** Format: date-time */
                        lastSeenAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    rotateNodeCredential: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agentId: number;
                        /** @description the new credential; the old one stopped working when this was issued */
                        credential: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    explainJob: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    recipe: string;
                    args?: string[];
                    /** @description instead of args: the recipe's parameters by name, turned into args by the service */
                    params?: {
                        [key: string]: (string | number | boolean) | (string | number | boolean)[] | null;
                    };
                    /** @description run on this node (needs canRoute or developer) */
                    node?: string;
                    bundle?: string;
                    env?: {
                        [key: string]: string;
                    };
                    settings?: {
                        [key: string]: string;
                    };
                    priority?: number;
                    timeoutSeconds?: number;
                    maxAttempts?: number;
                    after?: number[];
                    inputs?: {
                        job: number;
                        /** @description an output path of that job */
                        path: string;
                    }[];
                    /** @description take the outputs of an identical job that succeeded (or wait for one on its way) instead of running; default: the recipe's `reuse` */
                    reuse?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        recipe: string;
                        /** @description the routing rule that chose the nodes */
                        rule: string;
                        /** @description label name → value */
                        selector: {
                            [key: string]: string;
                        };
                        requestedNode: string | null;
                        minMemoryMB: number | null;
                        nodes: {
                            name: string;
                            matches: boolean;
                            reason: string | null;
                            freeSlots: number;
                        }[];
                        /** @description where its bundle and inputs are, by the content filters nodes report ("inputs at munich: 3.2 of 3.4 GB"); null: it has none */
                        data: string | null;
                        /** @description in one sentence: where it would run now, or why it would wait */
                        summary: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    missingBlobs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    sha256s: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        missing: string[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    downloadBlob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sha: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the bytes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    uploadBlob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sha: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sha256: string;
                        size: number;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    createBundle: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    files: {
                        path: string;
                        sha256: string;
                        size: number;
                        /** @description 420 (rw-r--r--) or 493 (rwxr-xr-x) */
                        mode: 420 | 493;
                    }[];
                };
                "multipart/form-data": {
                    /** Format: binary */
                    bundle: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        fileCount: number;
                        totalBytes: number;
                        created: boolean;
                    };
                };
            };
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        fileCount: number;
                        totalBytes: number;
                        created: boolean;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    getBundle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        owner: string;
                        files: {
                            path: string;
                            sha256: string;
                            size: number;
                            /** @description 420 (rw-r--r--) or 493 (rwxr-xr-x) */
                            mode: 420 | 493;
                        }[];
                        fileCount: number;
                        totalBytes: number;
                        /** Format: date-time */
                        createdAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    blobAccess: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sha: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    createContentToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a read-only token for the content its user may read, for site caches (audience awe-dp:content) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        token: string;
                        /** Format: date-time */
                        expiresAt: string;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    downloadOutput: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
                /** @description the output's relative path, `/` sent as `%2F` (raw slashes are accepted too) */
                path: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the bytes */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    uploadOutput: {
        parameters: {
            query: {
                epoch: number;
            };
            header?: never;
            path: {
                id: number;
                /** @description the output's relative path, `/` sent as `%2F` (raw slashes are accepted too) */
                path: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        path: string;
                        sha256: string;
                        size: number;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            507: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    listOutputs: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        outputs: {
                            path: string;
                            sha256: string;
                            size: number;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    previewOutput: {
        parameters: {
            query?: {
                /** @description the HDU to show (0 = primary); default the first image */
                hdu?: number;
                format?: "png" | "json";
            };
            header?: never;
            path: {
                id: number;
                /** @description the output's relative path, `/` sent as `%2F` (raw slashes are accepted too) */
                path: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description a PNG (format=png) or the summary (format=json) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/png": string;
                    "application/json": {
                        hdus: {
                            index: number;
                            kind: "image" | "table" | "empty" | "unsupported";
                            description: string;
                            previewable: boolean;
                            columns?: string[];
                            /** @description the first 20 rows, when the chosen HDU is a table */
                            rows?: string[][];
                        }[];
                        /** @description the HDU a PNG preview shows */
                        chosen: number | null;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    listAttempts: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description oldest first */
                        attempts: {
                            /** @description the attempt number, also the lease epoch its agent used */
                            epoch: number;
                            /** @description the node that ran it (empty for attempts recorded before attempts were kept) */
                            node: string;
                            /** @description the node's labels (site, pool …) when it claimed the attempt */
                            labels: {
                                [key: string]: string;
                            };
                            executor: string;
                            /** Format: date-time */
                            startedAt: string;
                            finishedAt: string | null;
                            /** @description what became of the job when the attempt ended; null while it runs */
                            outcome: "succeeded" | "failed" | "cancelled" | "requeued" | null;
                            exitCode: number | null;
                            signal: string | null;
                            failureReason: ("recipe_failed" | "system_failure" | "bundle_error" | "timeout" | "lost" | "dependency_failed") | null;
                            message: string | null;
                            batch: {
                                system: string;
                                id: string;
                                state: string;
                                reason?: string;
                            } | null;
                            /** @description the attempt's bytes of the job log: [start, end) */
                            log: {
                                start: number;
                                end: number;
                            };
                            /** @description the digest of the node's base code tree, as its agent reported it */
                            baseDigest: string | null;
                            agentVersion: string | null;
                            /** @description owner and admins only: what the attempt uploaded (a succeeded attempt's are the job's outputs) */
                            outputs?: {
                                path: string;
                                sha256: string;
                                size: number;
                            }[];
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    getProvenance: {
        parameters: {
            query?: {
                format?: "json" | "ro-crate";
                /** @description all: the whole chain of ancestors too */
                depth?: "one" | "all";
            };
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description the record, or with format=ro-crate the ro-crate-metadata.json */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        job: number;
                        recipe: string;
                        /** @enum {string} */
                        state: "waiting" | "queued" | "running" | "cancelling" | "succeeded" | "failed" | "cancelled";
                        submitter: string;
                        /** @description the recipe's command as resolved at submit */
                        command: string[];
                        args: string[];
                        params?: {
                            [key: string]: (string | number | boolean) | (string | number | boolean)[] | null;
                        };
                        /** @description the user's code bundle: its id is the sha256 of its manifest */
                        bundle: string | null;
                        /** @description the node's base code, as the agent of the last attempt reported it */
                        baseDigest: string | null;
                        agentVersion: string | null;
                        settings: {
                            /** @description the names given, values left out */
                            names: string[];
                            /** @description HMAC-SHA256 of the names and values (secret ones included) under the service key: equal digests, equal values */
                            digest: string;
                        };
                        env: {
                            /** @description the names given, values left out */
                            names: string[];
                            /** @description HMAC-SHA256 of the names and values (secret ones included) under the service key: equal digests, equal values */
                            digest: string;
                        };
                        inputs: {
                            job: number;
                            path: string;
                            sha256: string | null;
                            size: number | null;
                        }[];
                        outputs: {
                            path: string;
                            sha256: string;
                            size: number;
                        }[];
                        node: string | null;
                        /** @description label name → value */
                        siteLabels: {
                            [key: string]: string;
                        };
                        executor: string | null;
                        batchId: string | null;
                        /** Format: date-time */
                        createdAt: string;
                        startedAt: string | null;
                        finishedAt: string | null;
                        attempts: {
                            /** @description the attempt number, also the lease epoch its agent used */
                            epoch: number;
                            /** @description the node that ran it (empty for attempts recorded before attempts were kept) */
                            node: string;
                            /** @description the node's labels (site, pool …) when it claimed the attempt */
                            labels: {
                                [key: string]: string;
                            };
                            executor: string;
                            /** Format: date-time */
                            startedAt: string;
                            finishedAt: string | null;
                            /** @description what became of the job when the attempt ended; null while it runs */
                            outcome: "succeeded" | "failed" | "cancelled" | "requeued" | null;
                            exitCode: number | null;
                            signal: string | null;
                            failureReason: ("recipe_failed" | "system_failure" | "bundle_error" | "timeout" | "lost" | "dependency_failed") | null;
                            message: string | null;
                            batch: {
                                system: string;
                                id: string;
                                state: string;
                                reason?: string;
                            } | null;
                            /** @description the attempt's bytes of the job log: [start, end) */
                            log: {
                                start: number;
                                end: number;
                            };
                            /** @description the digest of the node's base code tree, as its agent reported it */
                            baseDigest: string | null;
                            agentVersion: string | null;
                            /** @description owner and admins only: what the attempt uploaded (a succeeded attempt's are the job's outputs) */
                            outputs?: {
                                path: string;
                                sha256: string;
                                size: number;
                            }[];
                        }[];
                        /** @description depth=all: every ancestor the caller may read, nearest first */
                        ancestors?: {
                            job: number;
                            recipe: string;
                            /** @enum {string} */
                            state: "waiting" | "queued" | "running" | "cancelling" | "succeeded" | "failed" | "cancelled";
                            submitter: string;
                            /** @description the recipe's command as resolved at submit */
                            command: string[];
                            args: string[];
                            params?: {
                                [key: string]: (string | number | boolean) | (string | number | boolean)[] | null;
                            };
                            /** @description the user's code bundle: its id is the sha256 of its manifest */
                            bundle: string | null;
                            /** @description the node's base code, as the agent of the last attempt reported it */
                            baseDigest: string | null;
                            agentVersion: string | null;
                            settings: {
                                /** @description the names given, values left out */
                                names: string[];
                                /** @description HMAC-SHA256 of the names and values (secret ones included) under the service key: equal digests, equal values */
                                digest: string;
                            };
                            env: {
                                /** @description the names given, values left out */
                                names: string[];
                                /** @description HMAC-SHA256 of the names and values (secret ones included) under the service key: equal digests, equal values */
                                digest: string;
                            };
                            inputs: {
                                job: number;
                                path: string;
                                sha256: string | null;
                                size: number | null;
                            }[];
                            outputs: {
                                path: string;
                                sha256: string;
                                size: number;
                            }[];
                            node: string | null;
                            /** @description label name → value */
                            siteLabels: {
                                [key: string]: string;
                            };
                            executor: string | null;
                            batchId: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            startedAt: string | null;
                            finishedAt: string | null;
                            attempts: {
                                /** @description the attempt number, also the lease epoch its agent used */
                                epoch: number;
                                /** @description the node that ran it (empty for attempts recorded before attempts were kept) */
                                node: string;
                                /** @description the node's labels (site, pool …) when it claimed the attempt */
                                labels: {
                                    [key: string]: string;
                                };
                                executor: string;
                                /** Format: date-time */
                                startedAt: string;
                                finishedAt: string | null;
                                /** @description what became of the job when the attempt ended; null while it runs */
                                outcome: "succeeded" | "failed" | "cancelled" | "requeued" | null;
                                exitCode: number | null;
                                signal: string | null;
                                failureReason: ("recipe_failed" | "system_failure" | "bundle_error" | "timeout" | "lost" | "dependency_failed") | null;
                                message: string | null;
                                batch: {
                                    system: string;
                                    id: string;
                                    state: string;
                                    reason?: string;
                                } | null;
                                /** @description the attempt's bytes of the job log: [start, end) */
                                log: {
                                    start: number;
                                    end: number;
                                };
                                /** @description the digest of the node's base code tree, as its agent reported it */
                                baseDigest: string | null;
                                agentVersion: string | null;
                                /** @description owner and admins only: what the attempt uploaded (a succeeded attempt's are the job's outputs) */
                                outputs?: {
                                    path: string;
                                    sha256: string;
                                    size: number;
                                }[];
                            }[];
                        }[];
                        /** @description depth=all: ancestors that are someone else's */
                        withheld?: number[];
                    };
                    "application/ld+json": {
                        "@context": unknown;
                        "@graph": {
                            [key: string]: unknown;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                    "application/ld+json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                    "application/ld+json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                    "application/ld+json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                    "application/ld+json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    getLineage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        job: number;
                        /** @description the jobs it waits for or takes inputs from, transitively, nearest first */
                        ancestors: {
                            id: number;
                            recipe: string;
                            /** @enum {string} */
                            state: "waiting" | "queued" | "running" | "cancelling" | "succeeded" | "failed" | "cancelled";
                            owner: string;
                        }[];
                        /** @description the jobs that wait for it or take its outputs, transitively, nearest first */
                        descendants: {
                            id: number;
                            recipe: string;
                            /** @enum {string} */
                            state: "waiting" | "queued" | "running" | "cancelling" | "succeeded" | "failed" | "cancelled";
                            owner: string;
                        }[];
                        /** @description a side was cut at 10,000 jobs */
                        truncated: boolean;
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    getOutputUses: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sha256: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sha256: string;
                        produced: {
                            job: number;
                            epoch: number;
                            path: string;
                            size: number;
                            /** @description the attempt succeeded: this is its job's output */
                            jobOutput: boolean;
                        }[];
                        /** @description jobs that took it as an input */
                        used: {
                            job: number;
                            from: number;
                            path: string;
                        }[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    rerunJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    args?: string[];
                    params?: {
                        [key: string]: (string | number | boolean) | (string | number | boolean)[] | null;
                    };
                    env?: {
                        [key: string]: string | null;
                    };
                    settings?: {
                        [key: string]: string | null;
                    };
                    node?: string | null;
                    priority?: number;
                    bundle?: string | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        owner: string;
                        recipe: string;
                        args: string[];
                        /** @description the named values args were made from, when the submit gave them */
                        params?: {
                            [key: string]: (string | number | boolean) | (string | number | boolean)[] | null;
                        };
                        /** @enum {string} */
                        state: "waiting" | "queued" | "running" | "cancelling" | "succeeded" | "failed" | "cancelled";
                        requestedNode: string | null;
                        node: string | null;
                        /** @description label name → value */
                        selector: {
                            [key: string]: string;
                        };
                        bundle: string | null;
                        /** @description the priority claims order by: the one asked for, raised by aging while the job waits */
                        priority: number;
                        /** @description the priority the submit asked for */
                        askedPriority: number;
                        timeoutSeconds: number | null;
                        attempts: number;
                        maxAttempts: number;
                        exitCode: number | null;
                        signal: string | null;
                        failureReason: ("recipe_failed" | "system_failure" | "bundle_error" | "timeout" | "lost" | "dependency_failed") | null;
                        message: string | null;
                        pendingReason: string | null;
                        batch: {
                            system: string;
                            id: string;
                            state: string;
                            reason?: string;
                        } | null;
                        after: number[];
                        /** @description GET /v1/jobs/{id} only: the jobs that wait for this one */
                        children?: number[];
                        inputs: {
                            job: number;
                            /** @description an output path of that job */
                            path: string;
                        }[];
                        logSize: number;
                        logTruncated: boolean;
                        /** Format: date-time */
                        createdAt: string;
                        startedAt: string | null;
                        finishedAt: string | null;
                        /** @description the job this one reruns */
                        rerunOf: number | null;
                        /** @description the identical job whose outputs this one took without running; while `waiting`, the identical job it waits for */
                        reusedFrom: number | null;
                        /** @description what the rerun changed: args, params, settings.NAME, env.NAME, node, priority, bundle */
                        rerunChanges?: string[];
                        /** @description when retention (AWE_RETENTION_DAYS) deleted the log and outputs; they then answer 410 AWE_ERR_EXPIRED */
                        expiredAt: string | null;
                        /** @description owner and admins only; secret-looking names left out */
                        env?: {
                            [key: string]: string;
                        };
                        /** @description owner and admins only; secret-looking names left out */
                        settings?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    getJobBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        owner: string;
                        /** @description the batch whose members this one reruns */
                        rerunOf: number | null;
                        /** Format: date-time */
                        createdAt: string;
                        jobs: number[];
                        /** @description jobs per state */
                        counts: {
                            [key: string]: number;
                        };
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
    rerunJobBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * @description rerun the members that failed (the default and only choice)
                     * @enum {string}
                     */
                    only?: "failed";
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description GET /v1/job-batches/{id} shows the batch */
                        batchId: number;
                        /** @description the new jobs, in the order of the specs */
                        ids: number[];
                        states: ("waiting" | "queued" | "running" | "cancelling" | "succeeded" | "failed" | "cancelled")[];
                    };
                };
            };
            /** @description Default Response */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
            /** @description Default Response */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        statusCode: number;
                        /** @description stable error code, listed in docs/errors.md */
                        code: string;
                        message: string;
                        /** @description for log gaps (416): the offset the service expects next */
                        next?: number;
                    };
                };
            };
        };
    };
}

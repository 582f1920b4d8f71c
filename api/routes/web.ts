import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ParamValue } from '../../core/params.js';
import type { Explanation, Job, Node, Recipe } from '@awe-dp/sdk';
import { AnsiRenderer } from '../../web/ansi.js';
import { query } from '../../web/html.js';
import * as views from '../../web/views.js';
import { CSRF_HEADER, SESSION_COOKIE } from '../services/web-session.js';
import { loadWebAssets } from '../services/web-assets.js';

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/** At most this much of a log is put into the page; the live log and search reach the rest. */
const PAGE_LOG_BYTES = 1024 * 1024;

interface Answer<T> {
  status: number;
  body: T;
}

class PageError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The web page for type-1 users and visitors: pages rendered here from the
 * API's own answers (each page calls the API in-process with the browser's
 * session token, so it can show nothing the API would not), and the few static
 * files the browser needs. Public routes: each page is as open as the API
 * calls it makes.
 */
export default async function webRoutes(app: FastifyInstance): Promise<void> {
  const assets = loadWebAssets();

  /** The browser's session cookie, and the CSRF token that goes with it, for in-process calls made on its behalf. */
  const sessionHeaders = (request: FastifyRequest): Record<string, string> => {
    const token = request.cookies[SESSION_COOKIE];
    return token ? { cookie: `${SESSION_COOKIE}=${token}`, [CSRF_HEADER]: app.csrfTokenFor(token) } : {};
  };

  /** The API as this browser may use it. */
  const caller = (request: FastifyRequest) => {
    const headers = sessionHeaders(request);
    return async <T>(method: 'GET' | 'POST', url: string, payload?: unknown): Promise<Answer<T>> => {
      const response = await app.inject({ method, url, payload: payload as object | undefined, headers });
      return { status: response.statusCode, body: response.json<T>() };
    };
  };

  const must = <T>(answer: Answer<T>): T => {
    if (answer.status >= 400) throw new PageError(answer.status, (answer.body as { message?: string }).message ?? `error ${answer.status}`);
    return answer.body;
  };

  async function viewer(request: FastifyRequest, reply: FastifyReply): Promise<views.Viewer> {
    const session = await caller(request)<views.Viewer>('GET', '/v1/auth/session');
    if (session.status === 200) return session.body;
    // An expired or revoked session: forget the cookie and browse as whoever may without one.
    if (request.cookies[SESSION_COOKIE]) reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { username: null, role: 'visitor', csrfToken: null };
  }

  function page(render: (request: FastifyRequest, call: ReturnType<typeof caller>, who: views.Viewer) => Promise<[string, string]>) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const who = await viewer(request, reply);
      reply.headers(SECURITY_HEADERS).header('cache-control', 'no-store').type('text/html; charset=utf-8');
      try {
        const [title, body] = await render(request, caller(request), who);
        return views.layout(who, title, body);
      } catch (error) {
        if (!(error instanceof PageError)) throw error;
        reply.code(error.status);
        if (error.status === 401) return views.layout(who, 'Sign in', `<p class="note">Sign in to browse.</p>${views.signInPage()}`);
        return views.layout(who, `Error ${error.status}`, views.messagePage(error.message));
      }
    };
  }

  app.get('/', { schema: { hide: true } }, page(async (_request, call) => ['Recipes', views.catalogPage(must(await call<{ recipes: Recipe[] }>('GET', '/v1/recipes')).recipes)]));

  app.get(
    '/recipes/:name',
    { schema: { hide: true } },
    page(async (request, call, who) => {
      const { name } = request.params as { name: string };
      const recipe = must(await call<Recipe>('GET', `/v1/recipes/${encodeURIComponent(name)}`));
      const explained = who.username !== null && who.role !== 'visitor' ? await call<Explanation>('POST', '/v1/explain', { recipe: recipe.name }) : null;
      const from = Number((request.query as { from?: string }).from);
      const source = Number.isSafeInteger(from) && from > 0 ? await call<Job>('GET', `/v1/jobs/${from}`) : null;
      // The job's params, or for a recipe without parameters its args, to edit and submit again.
      const same = source?.status === 200 && source.body.recipe === recipe.name ? source.body : undefined;
      const prefill = (same?.params ?? (same && recipe.parameters.length === 0 ? { args: same.args } : undefined)) as Record<string, ParamValue | ParamValue[] | null> | undefined;
      return [recipe.name, views.recipePage(recipe, who, explained?.status === 200 ? explained.body : null, prefill ?? {}, source?.status === 200 ? from : undefined)];
    }),
  );

  app.get(
    '/jobs',
    { schema: { hide: true } },
    page(async (request, call, who) => {
      const raw = request.query as Record<string, string | undefined>;
      const filters: views.JobFilters = { state: raw.state, recipe: raw.recipe, owner: raw.owner, node: raw.node, mine: raw.mine, cursor: raw.cursor };
      const owner = filters.mine === '1' && who.username !== null ? who.username : filters.owner;
      const list = must(await call<{ jobs: Job[]; nextCursor: string | null }>('GET', `/v1/jobs${query({ ...filters, mine: undefined, owner, limit: 100 })}`));
      return ['Jobs', views.jobsPage(list.jobs, list.nextCursor, filters, who)];
    }),
  );

  app.get(
    '/jobs/:id',
    { schema: { hide: true } },
    page(async (request, call, who) => {
      const id = Number((request.params as { id: string }).id);
      if (!Number.isSafeInteger(id) || id < 1) throw new PageError(404, 'no such job');
      const job = must(await call<Job>('GET', `/v1/jobs/${id}`));
      const outputs = await call<{ outputs: views.OutputFile[] }>('GET', `/v1/jobs/${id}/outputs`);
      const log = outputs.status === 200 ? await app.inject({ method: 'GET', url: `/v1/jobs/${id}/log`, headers: sessionHeaders(request) }) : null;
      let start: views.LogStart | null = null;
      if (log?.statusCode === 200) {
        // Only whole lines of at most the last PAGE_LOG_BYTES; the live log continues after the last newline.
        const bytes = log.rawPayload;
        const end = bytes.lastIndexOf(10) + 1;
        const from = end > PAGE_LOG_BYTES ? bytes.indexOf(10, end - PAGE_LOG_BYTES) + 1 : 0;
        const text = bytes.subarray(from, end).toString('utf8');
        start = { lines: text === '' ? [] : text.slice(0, -1).split('\n'), resumeAt: end, firstLine: from === 0 ? 1 : bytes.subarray(0, from).filter((b) => b === 10).length + 1 };
      }
      return [`Job ${id}`, views.jobPage(job, outputs.status === 200 ? outputs.body.outputs : null, start, who, new AnsiRenderer())];
    }),
  );

  app.get(
    '/nodes',
    { schema: { hide: true } },
    page(async (_request, call) => {
      const nodes = must(await call<{ nodes: Node[] }>('GET', '/v1/nodes')).nodes;
      const running = must(await call<{ jobs: Job[] }>('GET', '/v1/jobs?state=running&limit=500')).jobs;
      return ['Nodes', views.nodesPage(nodes, running)];
    }),
  );

  app.get('/signin', { schema: { hide: true } }, page(async () => ['Sign in', views.signInPage()]));

  app.get('/assets/*', { schema: { hide: true } }, async (request, reply) => {
    const found = assets.get((request.params as { '*': string })['*']);
    if (!found) {
      reply.code(404).type('text/plain');
      return 'not found';
    }
    reply.headers(SECURITY_HEADERS).header('etag', found.etag).header('cache-control', 'no-cache').type(found.type);
    if (request.headers['if-none-match'] === found.etag) return reply.code(304).send();
    return found.body;
  });
}

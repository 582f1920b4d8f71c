import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Recipe, RecipeBody, RecipeList, RecipeParams, Route, RouteBody, RouteList, RouteParams } from '../../schemas/catalog.js';
import { errors } from '../../schemas/common.js';
import { checkParameters, type Parameter } from '../../core/params.js';
import { ApiError, notFound } from '../errors.js';
import { audited } from '../services/audit.js';
import type { Recipe as RecipeRecord, Route as RouteRecord } from '../store/store.js';

const recipeView = (recipe: RecipeRecord) => ({ ...recipe, updatedAt: new Date(recipe.updatedAt).toISOString() });
const routeView = (route: RouteRecord) => ({ ...route, updatedAt: new Date(route.updatedAt).toISOString() });

/** The recipe catalog and the management's routing table: readable by everyone signed in, edited by admins. */
export default async function catalogRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { store, now } = app.awe;

  r.get(
    '/v1/recipes',
    { onRequest: app.requireUser(), schema: { operationId: 'listRecipes', tags: ['recipes'], summary: 'The recipe catalog', response: { 200: RecipeList, ...errors(401) } } },
    async () => ({ recipes: (await store.listRecipes()).map(recipeView) }),
  );

  r.get(
    '/v1/recipes/:name',
    {
      onRequest: app.requireUser(),
      schema: { operationId: 'getRecipe', tags: ['recipes'], summary: 'One recipe', params: RecipeParams, response: { 200: Recipe, ...errors(400, 401, 404) } },
    },
    async (request) => {
      const recipe = await store.getRecipe(request.params.name);
      if (!recipe) throw notFound(`recipe ${request.params.name}`);
      return recipeView(recipe);
    },
  );

  r.put(
    '/v1/recipes/:name',
    {
      onRequest: app.requireUser('admin'),
      schema: {
        operationId: 'putRecipe',
        tags: ['recipes'],
        summary: 'Create or replace a recipe (admin)',
        params: RecipeParams,
        body: RecipeBody,
        response: { 200: Recipe, 201: Recipe, ...errors(400, 401, 403, 413) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const parameters = (body.parameters ?? []) as Parameter[];
      const problems = checkParameters(parameters);
      if (problems.length > 0) throw new ApiError('AWE_ERR_VALIDATION', problems.join('; '));
      const recipe: RecipeRecord = {
        name: request.params.name,
        command: body.command,
        description: body.description ?? '',
        placement: body.placement ?? null,
        labels: body.labels ?? {},
        minMemoryMB: body.minMemoryMB ?? null,
        timeoutSeconds: body.timeoutSeconds ?? null,
        maxAttempts: body.maxAttempts ?? 3,
        priority: body.priority ?? 0,
        resources: body.resources ?? {},
        parameters,
        updatedAt: now(),
      };
      const created = await audited(app.awe, request.principal, 'recipe.put', recipe.name, async (s) => ((await s.putRecipe(recipe)) ? 'created' : 'replaced'), body);
      reply.code(created === 'created' ? 201 : 200);
      return recipeView((await store.getRecipe(recipe.name))!);
    },
  );

  r.delete(
    '/v1/recipes/:name',
    {
      onRequest: app.requireUser('admin'),
      schema: { operationId: 'deleteRecipe', tags: ['recipes'], summary: 'Remove a recipe (admin); jobs already submitted keep their command', params: RecipeParams, response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      if (!(await audited(app.awe, request.principal, 'recipe.delete', request.params.name, (s) => s.deleteRecipe(request.params.name)))) throw notFound(`recipe ${request.params.name}`);
      reply.code(204);
    },
  );

  r.get(
    '/v1/routing',
    { onRequest: app.requireUser(), schema: { operationId: 'listRoutes', tags: ['routing'], summary: 'Default routing: placement → node labels', response: { 200: RouteList, ...errors(401) } } },
    async () => ({ routes: (await store.listRoutes()).map(routeView) }),
  );

  r.put(
    '/v1/routing/:placement',
    {
      onRequest: app.requireUser('admin'),
      schema: {
        operationId: 'putRoute',
        tags: ['routing'],
        summary: 'Set where a placement runs (admin); applies to jobs submitted from now on',
        params: RouteParams,
        body: RouteBody,
        response: { 200: Route, ...errors(400, 401, 403, 413) },
      },
    },
    async (request) => {
      const route = { placement: request.params.placement, selector: request.body.selector, resources: request.body.resources ?? {}, updatedAt: now() };
      await audited(app.awe, request.principal, 'route.put', route.placement, (s) => s.putRoute(route), request.body);
      return routeView(route);
    },
  );

  r.delete(
    '/v1/routing/:placement',
    {
      onRequest: app.requireUser('admin'),
      schema: { operationId: 'deleteRoute', tags: ['routing'], summary: 'Remove a route (admin)', params: RouteParams, response: { 204: { type: 'null' }, ...errors(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      if (!(await audited(app.awe, request.principal, 'route.delete', request.params.placement, (s) => s.deleteRoute(request.params.placement)))) throw notFound(`route ${request.params.placement}`);
      reply.code(204);
    },
  );
}

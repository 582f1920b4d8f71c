import { Type } from '@sinclair/typebox';
import { Labels, Name, Strict, Timestamp } from './common.js';

export const RecipeBody = Strict({
  command: Type.Array(Type.String({ minLength: 1, maxLength: 4096 }), {
    minItems: 1,
    maxItems: 256,
    description: "argv; the job's args are appended; never run through a shell",
  }),
  description: Type.Optional(Type.String({ maxLength: 4096 })),
  placement: Type.Optional(Type.Union([Name, Type.Null()])),
  labels: Type.Optional(Labels),
  minMemoryMB: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
  timeoutSeconds: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 30 * 86400 }), Type.Null()])),
  maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
  priority: Type.Optional(Type.Integer({ minimum: -100, maximum: 100 })),
  resources: Type.Optional(
    Strict({
      partition: Type.Optional(Type.String({ maxLength: 64 })),
      account: Type.Optional(Type.String({ maxLength: 64 })),
      cpus: Type.Optional(Type.Integer({ minimum: 1 })),
      memoryMB: Type.Optional(Type.Integer({ minimum: 1 })),
      timeLimitSeconds: Type.Optional(Type.Integer({ minimum: 1 })),
    }),
  ),
});

export const Recipe = Type.Object({
  name: Type.String(),
  command: Type.Array(Type.String()),
  description: Type.String(),
  placement: Type.Union([Type.String(), Type.Null()]),
  labels: Labels,
  minMemoryMB: Type.Union([Type.Integer(), Type.Null()]),
  timeoutSeconds: Type.Union([Type.Integer(), Type.Null()]),
  maxAttempts: Type.Integer(),
  priority: Type.Integer(),
  resources: Type.Record(Type.String(), Type.Unknown()),
  updatedAt: Timestamp,
});
export const RecipeList = Type.Object({ recipes: Type.Array(Recipe) });
export const RecipeParams = Strict({ name: Name });

export const Route = Type.Object({
  placement: Type.String(),
  selector: Labels,
  resources: Type.Record(Type.String(), Type.Unknown()),
  updatedAt: Timestamp,
});
export const RouteList = Type.Object({ routes: Type.Array(Route) });
export const RouteParams = Strict({ placement: Name });
export const RouteBody = Strict({
  selector: Labels,
  resources: Type.Optional(RecipeBody.properties.resources),
});

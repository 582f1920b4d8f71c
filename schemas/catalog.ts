import { Type } from '@sinclair/typebox';
import { PARAMETER_TYPES, type ParameterType } from '../core/params.js';
import { Labels, Name, Strict, Timestamp } from './common.js';

export const ParamValue = Type.Union([Type.String({ maxLength: 4096 }), Type.Number(), Type.Boolean()]);

/** One recipe parameter: what a submit form shows and how a named value becomes args (core/params.ts). */
export const Parameter = Strict({
  name: Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,63}$' }),
  type: Type.Unsafe<ParameterType>({ type: 'string', enum: [...PARAMETER_TYPES] }),
  default: Type.Optional(ParamValue),
  help: Type.Optional(Type.String({ maxLength: 1024 })),
  choices: Type.Optional(Type.Array(ParamValue, { minItems: 1, maxItems: 256 })),
  flag: Type.Optional(Type.String({ maxLength: 64, description: '-x or --name; without one the parameter is positional' })),
  multiple: Type.Optional(Type.Boolean({ description: 'a list of values; the flag repeats before each' })),
});

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
  parameters: Type.Optional(Type.Array(Parameter, { maxItems: 128, description: 'named parameters a submit may give as `params`' })),
  reuse: Type.Optional(Type.Boolean({ description: "its jobs reuse identical work unless a submit says `reuse: false` (default false)" })),
  reusable: Type.Optional(
    Type.Boolean({ description: 'false for a recipe whose result depends on more than its inputs (a database, the clock): its jobs never reuse (default true)' }),
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
  parameters: Type.Array(Parameter),
  reuse: Type.Boolean({ description: 'its jobs reuse identical work by default' }),
  reusable: Type.Boolean({ description: 'false: its jobs never reuse' }),
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

import { Type, type TSchema } from '@sinclair/typebox';

/** Every error answer: a stable code to branch on and a message to show. */
export const ErrorBody = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: 'stable error code, listed in docs/errors.md' }),
    message: Type.String(),
    next: Type.Optional(Type.Integer({ description: 'for log gaps (416): the offset the service expects next' })),
  },
  { additionalProperties: false },
);

/** Objects sent by clients reject fields they do not know. */
export const Strict = <T extends Record<string, TSchema>>(properties: T, description?: string) =>
  Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });

export const Timestamp = Type.String({ format: 'date-time' });
export const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);
export const JobId = Type.Integer({ minimum: 1 });
export const IdParams = Strict({ id: JobId });

const NAME = '^[A-Za-z0-9_.-]{1,64}$';
export const Name = Type.String({ pattern: NAME });
export const Labels = Type.Record(Type.String({ pattern: NAME }), Type.String({ maxLength: 256 }), {
  description: 'label name → value',
});
export const StringMap = Type.Record(Type.String({ minLength: 1, maxLength: 256 }), Type.String({ maxLength: 65536 }));
export const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });

/** Error answers for the given status codes, so every code a route can return has a schema. */
export function errors<const C extends readonly number[]>(...codes: C): { [K in C[number]]: typeof ErrorBody } {
  return Object.fromEntries(codes.map((code) => [code, ErrorBody])) as { [K in C[number]]: typeof ErrorBody };
}

/**
 * Values for a JSON schema of the contract (the subset openapi.yaml uses:
 * objects, arrays, strings with length, enum or pattern, numbers with bounds,
 * booleans, anyOf/oneOf, const, null), and values that break it.
 */
import fc from 'fast-check';

export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
}

const SMALL = 4;

/**
 * Strings for the contract's patterns, which are all runs of character classes
 * (`^[0-9a-f]{64}$`, `^[a-z][a-z0-9_.-]{0,63}$`): built directly, since
 * fc.stringMatching is slow enough to dominate a run. Other patterns go to it.
 */
function matching(pattern: string): fc.Arbitrary<string> {
  const runs = [...pattern.replace(/^\^|\$$/g, '').matchAll(/\[([^\]]+)\](?:\{(\d+)(?:,(\d+))?\})?/g)];
  if (runs.map((m) => m[0]).join('') !== pattern.replace(/^\^|\$$/g, '')) return fc.stringMatching(new RegExp(pattern));
  const parts = runs.map(([, set, min, max]) => {
    const chars = set!.replace(/(.)-(.)/g, (_, a: string, b: string) => String.fromCharCode(...Array.from({ length: b.charCodeAt(0) - a.charCodeAt(0) + 1 }, (_, i) => a.charCodeAt(0) + i))).split('');
    const low = min === undefined ? 1 : Number(min);
    return fc.array(fc.constantFrom(...chars), { minLength: low, maxLength: max === undefined ? low : Math.min(Number(max), low + 16) }).map((cs) => cs.join(''));
  });
  return fc.tuple(...parts).map((strings) => strings.join(''));
}

/** A value the schema accepts (as far as lengths and patterns go: the service decides the rest). */
export function valid(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((choice) => valid(choice, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, valid(sub, depth + 1)]));
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((name) => name in properties) });
    }
    case 'array':
      return fc.array(valid(schema.items, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? SMALL, SMALL)) });
    case 'string':
      if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.pattern) return matching(schema.pattern);
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.max(schema.minLength ?? 0, Math.min(schema.maxLength ?? 16, 16)) });
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1000, -(2 ** 31)), max: Math.min(schema.maximum ?? 1000, 2 ** 31) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Values that no well-behaved client sends: wrong types, huge or odd numbers and strings, deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 2 ** 53 + 2, 1.5, '', ' ', '0', 'null', [], {}),
  fc.constantFrom('x'.repeat(70_000), '\u0000', '\uD800', '../../etc/passwd', '%00', '\u202Etxt.exe', '𝔘𝔫𝔦'),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 1, max: 3000 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as unknown),
);

/** The same for text parameters (query strings), built from ready strings: serializing values per request was most of a run's time. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', ' ', '-1', '0', '1e308', '-1e308', '9007199254740993', '1.5', 'NaN', 'null', 'true', '[]', '{}', '\u0000', '\uD800', '%00', '../../etc/passwd', 'x'.repeat(10_000), '['.repeat(3000) + ']'.repeat(3000)),
  fc.string({ maxLength: 32 }),
  fc.integer().map(String),
);

/** A broken variant of a valid object: a field dropped, added, or of the wrong type. */
export function broken(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const properties = Object.keys(schema?.properties ?? {});
  const base = valid(schema);
  const options: fc.Arbitrary<unknown>[] = [hostileValue, base.chain((value) => hostileValue.map((extra) => ({ ...(value as object), ['unexpected-field']: extra })))];
  if (properties.length > 0) {
    options.push(
      fc.tuple(base, fc.constantFrom(...properties), hostileValue).map(([value, key, bad]) => ({ ...(value as object), [key]: bad })),
      fc.tuple(base, fc.constantFrom(...properties)).map(([value, key]) => {
        const copy = { ...(value as Record<string, unknown>) };
        delete copy[key];
        return copy;
      }),
    );
  }
  return fc.oneof(...options);
}

/**
 * The Python client's types from openapi.yaml: a TypedDict for the JSON body
 * and the success answer of every operation (nested objects get their own,
 * identical shapes are written once), plus the job states that are final and
 * the error codes. Written for Python 3.9 (no `Required`, no `X | Y`).
 */
import { parse } from 'yaml';

interface Schema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  description?: string;
}

interface Operation {
  operationId: string;
  summary?: string;
  requestBody?: { content?: Record<string, { schema: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema: Schema }> }>;
}

export interface PythonConstants {
  finalStates: readonly string[];
  errorCodes: Readonly<Record<string, number>>;
}

const HEADER = `# Generated from openapi.yaml by \`npm run gen\` (scripts/python-types.ts). Do not edit: change schemas/ and regenerate.
"""Typed shapes of the awe-dp service's JSON, one TypedDict per request body and answer."""
# flake8: noqa
from typing import Any, Dict, List, Literal, Optional, TypedDict, Union`;

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);
const pascal = (word: string): string => word.replace(/(^|[^A-Za-z0-9])([a-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '');
const literal = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : value === true ? 'True' : value === false ? 'False' : String(value));

class Emitter {
  readonly blocks: string[] = [];
  private readonly named = new Map<string, string>();

  /** The Python type of `schema`; objects with properties become classes named `name`. */
  type(schema: Schema, name: string): string {
    const variants = schema.anyOf ?? schema.oneOf;
    if (variants) return this.union(variants.map((variant, i) => this.type(variant, `${name}${i}`)));
    if (schema.const !== undefined) return `Literal[${literal(schema.const)}]`;
    if (schema.enum) return `Literal[${schema.enum.map(literal).join(', ')}]`;
    if (Array.isArray(schema.type)) return this.union(schema.type.map((type) => this.type({ ...schema, type }, name)));
    switch (schema.type) {
      case 'string':
        return 'str';
      case 'integer':
        return 'int';
      case 'number':
        return 'float';
      case 'boolean':
        return 'bool';
      case 'null':
        return 'None';
      case 'array':
        return `List[${schema.items ? this.type(schema.items, name) : 'Any'}]`;
      case 'object':
        if (schema.properties && Object.keys(schema.properties).length > 0) return this.object(schema, name);
        if (typeof schema.additionalProperties === 'object' && Object.keys(schema.additionalProperties).length > 0) {
          return `Dict[str, ${this.type(schema.additionalProperties, `${name}Value`)}]`;
        }
        return 'Dict[str, Any]';
      default:
        return 'Any';
    }
  }

  /** Literals merge into one; a None variant makes the rest Optional. */
  private union(types: string[]): string {
    const literals = types.filter((t) => t.startsWith('Literal[')).map((t) => t.slice('Literal['.length, -1));
    const others = [...new Set(types.filter((t) => !t.startsWith('Literal[') && t !== 'None'))];
    const parts = [...(literals.length ? [`Literal[${literals.join(', ')}]`] : []), ...others];
    const inner = parts.length === 1 ? parts[0] : `Union[${parts.join(', ')}]`;
    return types.includes('None') ? `Optional[${inner}]` : inner;
  }

  private object(schema: Schema, name: string): string {
    const key = JSON.stringify(schema);
    const known = this.named.get(key);
    if (known) return known;
    this.named.set(key, name);
    const required = new Set(schema.required ?? []);
    const fields = Object.entries(schema.properties!).map(([field, sub]) => ({
      field,
      required: required.has(field),
      type: this.type(sub, name + pascal(field)),
      doc: sub.description,
    }));
    const line = (f: (typeof fields)[number]): string => `    ${f.field}: ${f.type}${f.doc ? `  # ${f.doc.replace(/\s+/g, ' ')}` : ''}`;
    const doc = schema.description ? `    """${schema.description.replace(/"""/g, "'''")}"""\n` : '';
    if (fields.some((f) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(f.field) || KEYWORDS.has(f.field))) {
      // Keys that are no Python names fit only the functional form (where every key is optional).
      this.blocks.push(`${name} = TypedDict(${JSON.stringify(name)}, {${fields.map((f) => `${JSON.stringify(f.field)}: ${f.type}`).join(', ')}}, total=False)`);
      return name;
    }
    const must = fields.filter((f) => f.required);
    const may = fields.filter((f) => !f.required);
    if (may.length === 0) this.blocks.push(`class ${name}(TypedDict):\n${doc}${must.map(line).join('\n')}`);
    else if (must.length === 0) this.blocks.push(`class ${name}(TypedDict, total=False):\n${doc}${may.map(line).join('\n')}`);
    else {
      this.blocks.push(`class _${name}Required(TypedDict):\n${must.map(line).join('\n')}`);
      this.blocks.push(`class ${name}(_${name}Required, total=False):\n${doc}${may.map(line).join('\n')}`);
    }
    return name;
  }

  alias(name: string, type: string): void {
    if (type !== name) this.blocks.push(`${name} = ${type}`);
  }
}

export function pythonTypes(openapi: string, constants: PythonConstants): string {
  const document = parse(openapi) as { paths: Record<string, Record<string, Operation>> };
  const emitter = new Emitter();
  let errorBody: Schema | undefined;
  for (const methods of Object.values(document.paths)) {
    for (const operation of Object.values(methods)) {
      const base = pascal(operation.operationId);
      const body = operation.requestBody?.content?.['application/json']?.schema;
      if (body) emitter.alias(`${base}Request`, emitter.type(body, `${base}Request`));
      const success = operation.responses?.['200'] ?? operation.responses?.['201'];
      const answer = success?.content?.['application/json']?.schema;
      if (answer) emitter.alias(`${base}Response`, emitter.type(answer, `${base}Response`));
      errorBody ??= Object.entries(operation.responses ?? {}).find(([status]) => Number(status) >= 400)?.[1].content?.['application/json']?.schema;
    }
  }
  if (errorBody) emitter.alias('ErrorBody', emitter.type(errorBody, 'ErrorBody'));
  const finals = constants.finalStates.map(literal).join(', ');
  const codes = Object.entries(constants.errorCodes).map(([code, status]) => `    ${JSON.stringify(code)}: ${status},`);
  return [
    HEADER,
    ...emitter.blocks,
    `FINAL_STATES = frozenset({${finals}})\n"""Job states that never change again."""`,
    `ERROR_CODES: Dict[str, int] = {\n${codes.join('\n')}\n}\n"""Every error code of the service with its HTTP status (docs/errors.md)."""`,
  ].join('\n\n\n') + '\n';
}

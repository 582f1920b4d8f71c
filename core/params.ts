/**
 * Recipe parameters: the description a recipe publishes (for forms and help)
 * and the one translation of named values into the recipe's argv, used by the
 * service for every client (web page, SDK, awrecipe) so that a form and a
 * command line can never build different commands.
 */
import { checkRelativePath, UnsafePathError } from './safe-path.js';

export const PARAMETER_TYPES = ['string', 'integer', 'number', 'boolean', 'file-input'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

export type ParamValue = string | number | boolean;

export interface Parameter {
  name: string;
  type: ParameterType;
  default?: ParamValue;
  help?: string;
  choices?: ParamValue[];
  /** `--count`: the value follows the flag; without one the parameter is positional. */
  flag?: string;
  /** The value is a list; a flag is repeated before each item. */
  multiple?: boolean;
}

/** Input a caller got wrong; the service answers it with a coded 400. */
export class ParamError extends Error {}

const FLAG = /^-{1,2}[A-Za-z0-9][A-Za-z0-9_.-]*$/;

const article = (type: ParameterType): string => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;

function fitsType(type: ParameterType, value: unknown): value is ParamValue {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === 'string';
  }
}

/** Problems with a recipe's parameter list, worded for the admin who wrote it; empty when it is sound. */
export function checkParameters(parameters: readonly Parameter[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const p of parameters) {
    const where = `parameter "${p.name}"`;
    if (names.has(p.name)) problems.push(`${where} is declared twice`);
    names.add(p.name);
    if (p.flag !== undefined && !FLAG.test(p.flag)) problems.push(`${where}: flag "${p.flag}" must look like -x or --name`);
    if (p.type === 'boolean' && p.flag === undefined) problems.push(`${where}: a boolean needs a flag`);
    if (p.type === 'boolean' && p.multiple) problems.push(`${where}: a boolean cannot be multiple`);
    for (const choice of p.choices ?? []) if (!fitsType(p.type, choice)) problems.push(`${where}: choice ${JSON.stringify(choice)} is not ${article(p.type)}`);
    if (p.default !== undefined) {
      if (!fitsType(p.type, p.default)) problems.push(`${where}: default ${JSON.stringify(p.default)} is not ${article(p.type)}`);
      else if (p.choices && !p.choices.includes(p.default)) problems.push(`${where}: default is not one of its choices`);
    }
  }
  return problems;
}

function checkValue(p: Parameter, value: unknown): string {
  if (!fitsType(p.type, value)) throw new ParamError(`parameter "${p.name}" must be ${article(p.type)}, not ${JSON.stringify(value)}`);
  if (p.choices && !p.choices.includes(value)) throw new ParamError(`parameter "${p.name}" must be one of ${p.choices.map(String).join(', ')}`);
  const text = String(value);
  if (p.type === 'file-input') {
    try {
      checkRelativePath(text);
    } catch (error) {
      throw new ParamError(`parameter "${p.name}": ${(error as UnsafePathError).message}`);
    }
  }
  // A positional value that starts with "-" would be read by the recipe as an option.
  if (p.flag === undefined && text.startsWith('-')) throw new ParamError(`parameter "${p.name}" is positional and may not start with "-"`);
  return text;
}

/**
 * Named values → argv, in the declared order of the parameters: a flagged
 * parameter gives `[flag, value]` (a boolean gives its flag alone when true),
 * a positional one its value, a multiple one each of its values (the flag
 * repeated). Values left out are left to the recipe's own defaults. Unknown
 * names and wrong types throw ParamError.
 */
export function paramsToArgs(parameters: readonly Parameter[], params: Record<string, unknown>): string[] {
  const known = new Set(parameters.map((p) => p.name));
  const unknown = Object.keys(params).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new ParamError(`unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; the recipe has ${[...known].join(', ') || 'none'}`);
  const args: string[] = [];
  for (const p of parameters) {
    if (!Object.hasOwn(params, p.name) || params[p.name] === null) continue;
    const raw = params[p.name];
    if (p.multiple && !Array.isArray(raw)) throw new ParamError(`parameter "${p.name}" takes a list`);
    if (!p.multiple && Array.isArray(raw)) throw new ParamError(`parameter "${p.name}" takes one value, not a list`);
    const values = (p.multiple ? (raw as unknown[]) : [raw]).map((value) => checkValue(p, value));
    if (p.type === 'boolean') {
      if (values[0] === 'true') args.push(p.flag!);
      continue;
    }
    for (const value of values) args.push(...(p.flag === undefined ? [value] : [p.flag, value]));
  }
  return args;
}

/** One parameter as a help line: `--count N (integer, default 5): help`. */
export function formatParameter(p: Parameter): string {
  const shape = p.flag === undefined ? p.name.toUpperCase() : p.type === 'boolean' ? p.flag : `${p.flag} ${p.name.toUpperCase()}`;
  const facts = [p.type, ...(p.multiple ? ['multiple'] : []), ...(p.choices ? [`one of ${p.choices.join('|')}`] : []), ...(p.default !== undefined ? [`default ${String(p.default)}`] : [])];
  return `${shape} (${facts.join(', ')})${p.help ? `: ${p.help}` : ''}`;
}

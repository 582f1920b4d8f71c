/**
 * A JSON column of a JobRow (args, env, inputs, …) as its value; SQL NULL stays null.
 * The empty object and list, what most jobs hold in most of these columns, skip the parser.
 */
export const parse = <T>(text: string | null): T => {
  if (text === null) return null as T;
  if (text === '{}') return {} as T;
  if (text === '[]') return [] as T;
  return JSON.parse(text) as T;
};

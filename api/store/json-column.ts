/** A JSON column of a JobRow (args, env, inputs, …) as its value; SQL NULL stays null. */
export const parse = <T>(text: string | null): T => (text === null ? (null as T) : (JSON.parse(text) as T));

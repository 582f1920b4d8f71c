/**
 * Quotes a string for bash so that it is read back as exactly one word with
 * exactly this content: single quotes keep everything literal ($, `, \, !,
 * newlines); an embedded single quote closes the quotes, adds an escaped quote
 * and reopens them.
 */
export function shellQuote(value: string): string {
  // A NUL cannot be part of an argument or an environment value; bash would cut the word there.
  if (value.includes('\0')) throw new Error('cannot pass a NUL character through a shell script');
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

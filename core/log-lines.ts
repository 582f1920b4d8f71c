/**
 * Where a reader of a failed job's log should look first: the first line that
 * begins a Python traceback or says "error" or "fatal" (any case, as a word).
 * The service's log search and the web page's "first error" share it.
 */
export const isErrorLine = (text: string): boolean => /^Traceback \(most recent call last\)|\b(error|fatal)\b/i.test(text);

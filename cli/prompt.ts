/**
 * Reading what `awrecipe login` asks: lines from stdin (typed or piped), and a
 * password typed on a terminal without echo.
 */
import { createInterface } from 'node:readline';
import { CliError } from './errors.js';

/** Lines of stdin, one per call; undefined at its end. */
export class StdinLines {
  private readonly reader = createInterface({ input: process.stdin, terminal: false, crlfDelay: Infinity });
  private readonly lines = this.reader[Symbol.asyncIterator]();

  async next(prompt?: string): Promise<string | undefined> {
    if (prompt) process.stderr.write(prompt);
    const line = await this.lines.next();
    return line.done ? undefined : line.value;
  }

  close(): void {
    this.reader.close();
  }
}

/** The terminal in raw mode: keys arrive one by one and nothing is echoed. */
export function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (data: Buffer): void => {
      for (const char of data.toString('utf8')) {
        if (char === '\r' || char === '\n' || char === '\u0004') return finish();
        if (char === '\u0003') return finish(new CliError('interrupted', 130));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

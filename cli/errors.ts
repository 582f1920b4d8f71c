/**
 * Errors the CLI reports as one line without a stack: bad command lines (exit 2)
 * and problems the user can act on (exit 1 unless said otherwise).
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

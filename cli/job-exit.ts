/**
 * How a followed job becomes awrecipe's exit status: the recipe's own exit
 * code when it has one, 1 for a failure without one (with the service's
 * reason on stderr), 130 (as for any Ctrl-C) when the user cancelled it here.
 */
import type { Job } from '@awe-dp/sdk';

export interface ExitStatus {
  code: number;
  /** For stderr. */
  message?: string;
}

export function jobExitStatus(job: Job, cancelledHere: boolean): ExitStatus {
  const detail = job.message ? ` ${job.message}` : '';
  switch (job.state) {
    case 'succeeded':
      return { code: job.exitCode ?? 0 };
    case 'failed':
      // Exit codes are one byte; a failure must never look like success.
      return {
        code: job.exitCode !== null && job.exitCode > 0 ? Math.min(job.exitCode, 255) : 1,
        message: `job ${job.id} failed: ${job.failureReason ?? 'unknown'}${detail}`,
      };
    case 'cancelled':
      return { code: cancelledHere ? 130 : 1, message: `job ${job.id} was cancelled${detail}` };
    default:
      return { code: 130, message: `stopped waiting; job ${job.id} is ${job.state} (awrecipe logs ${job.id} -f to follow it again)` };
  }
}

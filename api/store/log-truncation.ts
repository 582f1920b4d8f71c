/** What a job's log capped at `cap` bytes ends with, on either back end. */
export const truncationMarker = (cap: number): Buffer =>
  Buffer.from(`\n[awe-dp: log truncated at ${cap} bytes; later output was dropped]\n`);

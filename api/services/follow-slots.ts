/** Open log streams per user, at most `max` each: a follow holds a connection and a poll loop for as long as a job runs. */
export class FollowSlots {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** A release function for the slot taken, or null when the user holds all of theirs. */
  take(user: string): (() => void) | null {
    const held = this.open.get(user) ?? 0;
    if (held >= this.max) return null;
    this.open.set(user, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(user) ?? 1) - 1;
      if (left === 0) this.open.delete(user);
      else this.open.set(user, left);
    };
  }
}

/**
 * The database's clock, read from this replica. Lease expiries, retry times
 * and every other time the service stores are compared by replicas that may
 * disagree by seconds (no NTP on a compute centre's service node, a VM that
 * was paused); so they are all taken from the one clock they share, the
 * database's. Asking the database for every `now()` would cost a round trip
 * per request, so the offset between the local clock and the database's is
 * measured (at the middle of a round trip, good to half of it) at start and
 * every minute, and `now()` applies it. SQLite runs in this process, whose
 * clock is the database's: there the offset stays 0.
 */
export class DbClock {
  private offsetMs = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly readDatabaseTime: () => Promise<number>) {}

  readonly now = (): number => Date.now() + this.offsetMs;

  get offset(): number {
    return this.offsetMs;
  }

  async measure(): Promise<void> {
    const sent = Date.now();
    const database = await this.readDatabaseTime();
    const received = Date.now();
    this.offsetMs = Math.round(database - (sent + received) / 2);
  }

  /** Measures now and then every `intervalMs`; a failed measurement keeps the last offset. */
  async start(intervalMs = 60_000, onError: (error: unknown) => void = () => {}): Promise<void> {
    await this.measure();
    this.timer = setInterval(() => this.measure().catch(onError), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

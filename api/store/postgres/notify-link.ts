import pg from 'pg';
import type { ReplicaLink, Signal } from '../replica-link.js';

/** The channel the replicas of one installation listen on: one per schema, so installations sharing a database do not wake each other. */
function channelOf(url: URL): string {
  const schema = url.searchParams.get('schema');
  if (schema !== null && !/^[A-Za-z_][A-Za-z0-9_]{0,48}$/.test(schema)) throw new Error(`the schema "${schema}" is not a plain identifier`);
  return schema ? `awe_dp_${schema}` : 'awe_dp';
}
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
const MAX_PAYLOAD = 7900;
const RECONNECT_MS = 1000;

export interface LinkLog {
  warn(details: object, message: string): void;
}

/** A signal as sent: `r` names the sender, which skips its own. */
interface Payload {
  r: string;
  t?: string[];
  w?: number;
}

/**
 * Signals between replicas through PostgreSQL's LISTEN/NOTIFY, on a connection
 * of its own (a pooled one may be handed to another query between LISTEN and
 * the notification). Signals are sent after the commit that caused them (the
 * notifier and the broker are called once the store returned); those of one
 * turn of the event loop go together in one NOTIFY. While the connection is
 * down, signals are dropped and it is made again every second: the waiters'
 * timed re-checks cover what was lost. Through PgBouncer in transaction mode
 * LISTEN does not work (the session it ran in is handed to other clients):
 * there set AWE_PG_NOTIFY=off, or to a URL that reaches PostgreSQL directly.
 */
export class NotifyLink implements ReplicaLink {
  private client: pg.Client | null = null;
  private handler: (signal: Signal) => void = () => {};
  private topics = new Set<string>();
  private work = 0;
  private flushScheduled = false;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;
  /** The flush being sent: one query at a time on the link's connection (pg only queues another under protest, and pg 9 will not). */
  private sending: Promise<void> = Promise.resolve();
  private readonly channel: string;
  private readonly connectionString: string;

  private constructor(
    url: string,
    private readonly replica: string,
    private readonly log: LinkLog,
  ) {
    const parsed = new URL(url);
    this.channel = channelOf(parsed);
    // The schema names the installation (the channel); the connection itself needs none.
    parsed.searchParams.delete('schema');
    this.connectionString = parsed.toString();
  }

  /** Connects and listens; a database that does not answer fails the start, as the store would. */
  static async open(url: string, replica: string, log: LinkLog): Promise<NotifyLink> {
    const link = new NotifyLink(url, replica, log);
    await link.connect();
    return link;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'awe-dp replica link' });
    client.on('notification', (message) => this.receive(message.payload));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    await client.connect();
    await client.query(`LISTEN "${this.channel}"`);
    if (this.closed) await client.end();
    else this.client = client;
  }

  private lost(client: pg.Client, error: Error | null): void {
    if (this.client !== client) return;
    this.client = null;
    if (this.closed) return;
    this.log.warn({ err: error }, 'replica link: lost the LISTEN connection; waiters re-check on their timers until it is back');
    this.reconnect();
  }

  private reconnect(): void {
    this.retry = setTimeout(() => {
      this.connect().catch((error: unknown) => {
        if (this.closed) return;
        this.log.warn({ err: error }, 'replica link: reconnecting failed; trying again');
        this.reconnect();
      });
    }, RECONNECT_MS);
    this.retry.unref();
  }

  private receive(text: string | undefined): void {
    let payload: Payload;
    try {
      payload = JSON.parse(text ?? '') as Payload;
    } catch {
      return;
    }
    if (payload.r === this.replica) return;
    this.handler({ topics: Array.isArray(payload.t) ? payload.t : [], work: typeof payload.w === 'number' ? payload.w : 0 });
  }

  onSignal(handler: (signal: Signal) => void): void {
    this.handler = handler;
  }

  publish(signal: Partial<Signal>): void {
    if (this.closed) return;
    for (const topic of signal.topics ?? []) this.topics.add(topic);
    this.work += signal.work ?? 0;
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    // Infinity ("all waiters") has no JSON form; any count beyond the waiters does the same.
    const payloads = pack(this.replica, [...this.topics], Math.min(this.work, Number.MAX_SAFE_INTEGER));
    this.topics.clear();
    this.work = 0;
    const client = this.client;
    if (!client) return;
    // All payloads of a flush in one statement (a receiver adds them up in any order); the next flush starts when this one is sent.
    this.sending = this.sending
      .then(() => client.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload', [this.channel, payloads]))
      .then(
        () => undefined,
        (error: unknown) => this.log.warn({ err: error }, 'replica link: a NOTIFY failed; the waiters elsewhere find the change on their timers'),
      );
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end();
  }
}

/** The payloads of one flush, each under NOTIFY's limit; the work count rides with the first. */
function pack(replica: string, topics: string[], work: number): string[] {
  const payloads: string[] = [];
  let batch: string[] = [];
  let size = 0;
  const emit = (): void => {
    payloads.push(JSON.stringify({ r: replica, t: batch, ...(payloads.length === 0 && work > 0 ? { w: work } : {}) }));
    batch = [];
    size = 0;
  };
  for (const topic of topics) {
    const cost = JSON.stringify(topic).length + 1;
    if (size + cost > MAX_PAYLOAD - replica.length - 64 && batch.length > 0) emit();
    batch.push(topic);
    size += cost;
  }
  if (batch.length > 0 || work > 0) emit();
  return payloads;
}

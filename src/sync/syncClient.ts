// The console's side of the site hub, without React and without knowing the features: records go out from
// the outbox (oldest first, in batches, with the ids they were written with, so a retry is harmless) and
// come back from the hub's feed (pulled by cursor after a gap, then live over the WebSocket). The console's
// own tables are reached only through the injected `apply`.
import type { FeedEntry, HubSession, HubUser } from '../contracts';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff';
import { systemClock, type Clock } from './clock';
import { HubError, createHubApi, type HubApi } from './hubApi';
import { LiveConnection, liveUrl, type WebSocketCtor } from './live';
import type { OutboxEntry } from './outbox';
import { pushOutbox } from './pusher';
import type { Rejection, SyncClientOptions, SyncStatus } from './types';

export type { Rejection, RejectionStatus, SyncClientOptions, SyncStatus } from './types';

const KEY_CURSOR = 'hub.cursor';
const KEY_SESSION = 'hub.session';
const REJECTIONS_KEPT = 50;

export class SyncClient {
  readonly api: HubApi;
  private readonly clock: Clock;
  private readonly backoff: BackoffOptions;
  private readonly live?: LiveConnection;
  private session?: HubSession;
  private cursor = 0;
  private head = 0;
  /** Entries left, as the last pull counted them, valid while cursor and head are what they were then. */
  private remaining?: { n: number; cursor: number; head: number };
  private caughtUpAt?: number;
  private lastSyncedAt?: number;
  private pending = 0;
  private oldestPendingAt?: number;
  private offline = false;
  private paused = false;
  private started = false;
  private lastError?: string;
  private rejections: Rejection[] = [];
  private running?: Promise<void>;
  private again = false;
  private attempt = 0;
  private retryTimer: unknown;
  private renewTimer: unknown;
  private applyChain: Promise<void> = Promise.resolve();
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];

  constructor(private readonly o: SyncClientOptions) {
    this.clock = o.clock ?? systemClock;
    this.backoff = { ...DEFAULT_BACKOFF, ...o.backoff };
    this.api = createHubApi({ baseUrl: o.hubUrl, token: () => this.session?.token, fetch: o.fetch });
    const Ctor = o.WebSocket ?? (globalThis as { WebSocket?: WebSocketCtor }).WebSocket;
    if (Ctor) {
      this.live = new LiveConnection(liveUrl(o.hubUrl), Ctor, this.clock, this.backoff, {
        token: () => this.session?.token,
        cursor: () => this.cursor,
        onReady: (head) => {
          if (head < this.cursor) void this.feedReplaced(head).catch((e: unknown) => this.fail(e));
          else this.sawHead(head);
        },
        onChanges: (entries, head) => void this.applyEntries(entries, head).catch((e: unknown) => this.fail(e)),
        onUnauthenticated: (m) => this.signedOut(m),
        onConnected: () => this.emit(),
      });
    }
  }

  /** Loads the remembered cursor and session and, when signed in, starts syncing. */
  async start(): Promise<void> {
    this.cursor = (await this.o.state.get<number>(KEY_CURSOR)) ?? 0;
    this.session = await this.o.state.get<HubSession>(KEY_SESSION);
    if (this.session && this.session.expiresAt <= this.clock.now()) await this.forgetSession();
    this.started = true;
    await this.refreshPending();
    if (this.session) this.online();
    this.emit();
  }

  stop(): void {
    this.started = false;
    this.live?.stop();
    this.clearTimers();
  }

  async signIn(username: string, password: string): Promise<HubUser> {
    const s = await this.api.login(username, password);
    await this.adopt(s);
    if (this.started) this.online();
    return s.user;
  }

  async signOut(): Promise<void> {
    if (this.session) await this.api.logout().catch(() => {});
    this.live?.stop();
    this.clearTimers();
    await this.forgetSession();
    this.emit();
  }

  /** Stops all traffic (a console taken off the network, or a person's choice); the outbox keeps filling. */
  pause(): void {
    this.paused = true;
    this.live?.stop();
    this.clearTimers();
    this.emit();
  }

  resume(): void {
    this.paused = false;
    if (this.session && this.started) this.online();
    this.emit();
  }

  /** Queues records (and blobs) for the hub, after they were written locally, and pushes soon. */
  async enqueue(records: readonly OutboxEntry[]): Promise<void> {
    await this.o.outbox.add(records, this.clock.now());
    await this.refreshPending();
    this.kick();
  }

  /** Something was queued (perhaps by a repository's own transaction): push and pull now. */
  kick(): void {
    if (!this.session || this.paused || !this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.retryTimer !== undefined) {
      this.clock.clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    this.running = this.runCycles().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves after the next full push + pull succeeded; rejects if it fails. */
  syncNow(): Promise<void> {
    const p = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.running) this.again = true;
    else this.kick();
    if (!this.session) this.settle(new HubError('unauthenticated', 401, 'not signed in to the hub'));
    return p;
  }

  /** The signed-in session's token (for the hub's other clients, e.g. leases); undefined while signed out. */
  sessionToken(): string | undefined {
    return this.session?.token;
  }

  /** Signed in, running, and the last exchange with the hub did not fail for want of the hub. */
  reachable(): boolean {
    return !!this.session && this.started && !this.paused && !this.offline;
  }

  status(): SyncStatus {
    const now = this.clock.now();
    const left =
      this.remaining && this.remaining.cursor === this.cursor && this.remaining.head === this.head ? this.remaining.n : undefined;
    const caughtUp = this.cursor >= this.head && !left;
    const state: SyncStatus['state'] = !this.session
      ? 'signedOut'
      : this.paused
        ? 'paused'
        : this.offline
          ? 'offline'
          : caughtUp && this.live?.connected
            ? 'live'
            : 'syncing';
    return {
      state,
      ...(this.session ? { user: this.session.user, sessionExpiresAt: this.session.expiresAt } : {}),
      pending: this.pending,
      ...(this.oldestPendingAt !== undefined ? { oldestPendingAt: this.oldestPendingAt } : {}),
      cursor: this.cursor,
      head: this.head,
      behind: {
        // Seqs are numbered across all sites of the database, so head - cursor is an upper bound.
        records: caughtUp ? 0 : (left ?? Math.max(0, this.head - this.cursor)),
        ms: caughtUp && state === 'live' ? 0 : this.caughtUpAt === undefined ? 0 : now - this.caughtUpAt,
      },
      ...(this.lastSyncedAt !== undefined ? { lastSyncedAt: this.lastSyncedAt } : {}),
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
      rejections: [...this.rejections],
    };
  }

  // ---- internals ---------------------------------------------------------------------------------------

  private online(): void {
    this.scheduleRenew();
    this.live?.start();
    this.kick();
  }

  private async runCycles(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.pushAll();
        // With the live channel up, every entry after the cursor comes over it; pulling would fetch them twice.
        if (!this.live?.ready) await this.pullAll();
      } while (this.again && !this.paused && this.session);
      this.attempt = 0;
      this.offline = false;
      this.lastError = undefined;
      this.lastSyncedAt = this.clock.now();
      this.emit();
      this.settle();
    } catch (err) {
      this.fail(err);
    }
  }

  private fail(err: unknown): void {
    const e = err instanceof HubError ? err : new HubError('other', 0, err instanceof Error ? err.message : String(err));
    this.lastError = e.message;
    if (e.kind === 'unauthenticated') this.signedOut(e.message);
    else {
      if (e.retryable) this.offline = true;
      this.scheduleRetry();
    }
    this.emit();
    this.settle(e);
  }

  private settle(err?: unknown): void {
    const w = this.waiters;
    this.waiters = [];
    for (const x of w) {
      if (err) x.reject(err);
      else x.resolve();
    }
  }

  private scheduleRetry(): void {
    if (this.paused || !this.session || !this.started) return;
    if (this.retryTimer !== undefined) this.clock.clearTimeout(this.retryTimer);
    this.retryTimer = this.clock.setTimeout(
      () => {
        this.retryTimer = undefined;
        this.kick();
      },
      backoffDelay(this.attempt++, this.backoff),
    );
  }

  private pushAll(): Promise<void> {
    return pushOutbox({
      api: this.api,
      outbox: this.o.outbox,
      consoleId: this.o.consoleId,
      batchSize: this.o.batchSize ?? 200,
      active: () => !this.paused && !!this.session,
      reject: (r) => this.reject(r),
      sawHead: (h) => this.sawHead(h, false),
      pushed: () => this.refreshPending(),
      readBlob: this.o.readBlob,
      site: () => this.session?.user.site,
    });
  }

  private async reject(r: Rejection): Promise<void> {
    this.rejections = [...this.rejections, r].slice(-REJECTIONS_KEPT);
    try {
      this.o.onRejected?.(r);
    } catch {
      // the console's handler failing must not stop the sync
    }
  }

  private async pullAll(): Promise<void> {
    while (!this.paused && this.session) {
      const r = await this.api.pull(this.cursor, this.o.pullPage ?? 500);
      if (r.head < this.cursor) {
        await this.feedReplaced(r.head);
        continue;
      }
      await this.applyEntries(r.entries, r.head);
      this.remaining = { n: r.remaining, cursor: this.cursor, head: this.head };
      this.emit();
      if (!r.entries.length || r.remaining === 0) {
        if (this.cursor >= this.head) this.caughtUpAt = this.clock.now();
        break;
      }
    }
  }

  /** The hub's feed is shorter than what this console has seen (its database was replaced): take it all again. */
  private async feedReplaced(head: number): Promise<void> {
    this.lastError = `the hub's feed ends at ${head}, before this console's cursor ${this.cursor}; reloading from the start`;
    await this.setCursor(0);
    if (this.live?.connected) {
      this.live.stop();
      this.live.start();
    }
    this.kick();
  }

  private applyEntries(entries: FeedEntry[], head: number): Promise<void> {
    const run = this.applyChain.then(async () => {
      const fresh = entries.filter((e) => e.seq > this.cursor);
      if (fresh.length) {
        await this.o.apply(fresh);
        await this.setCursor(fresh[fresh.length - 1]!.seq);
      }
      this.sawHead(head);
    });
    this.applyChain = run.catch(() => {});
    return run;
  }

  private sawHead(head: number, mayCatchUp = true): void {
    this.head = Math.max(this.head, head);
    if (mayCatchUp && this.cursor >= this.head) this.caughtUpAt = this.clock.now();
    this.emit();
  }

  private async setCursor(c: number): Promise<void> {
    this.cursor = c;
    if (c === 0) this.head = 0;
    await this.o.state.set(KEY_CURSOR, c);
  }

  private async refreshPending(): Promise<void> {
    this.pending = await this.o.outbox.count();
    this.oldestPendingAt = await this.o.outbox.oldestAt();
  }

  private async adopt(s: HubSession): Promise<void> {
    this.session = s;
    await this.o.state.set(KEY_SESSION, s);
    this.emit();
  }

  private async forgetSession(): Promise<void> {
    this.session = undefined;
    await this.o.state.delete(KEY_SESSION);
  }

  private signedOut(message: string): void {
    this.lastError = `signed out of the hub: ${message}`;
    this.live?.stop();
    this.clearTimers();
    void this.forgetSession().then(() => this.emit());
  }

  /** Renews at half the remaining lifetime, so a console left running stays signed in through a shift. */
  private scheduleRenew(): void {
    if (!this.session) return;
    if (this.renewTimer !== undefined) this.clock.clearTimeout(this.renewTimer);
    const wait = Math.max(5000, (this.session.expiresAt - this.clock.now()) / 2);
    this.renewTimer = this.clock.setTimeout(() => {
      this.renewTimer = undefined;
      this.api.renew().then(
        async (s) => {
          await this.adopt(s);
          this.scheduleRenew();
        },
        (err: unknown) => {
          if (err instanceof HubError && err.kind === 'unauthenticated') this.signedOut(err.message);
          else if (this.session) this.renewTimer = this.clock.setTimeout(() => this.scheduleRenew(), 30_000);
        },
      );
    }, wait);
  }

  private clearTimers(): void {
    for (const t of [this.retryTimer, this.renewTimer]) if (t !== undefined) this.clock.clearTimeout(t);
    this.retryTimer = undefined;
    this.renewTimer = undefined;
  }

  private emit(): void {
    this.o.onStatus?.(this.status());
  }
}

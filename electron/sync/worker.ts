import { prepared, type Db } from '../db/connection';
import type { Clock } from '../app/clock';
import type { Logger } from '../core/context';
import { err, ok, type Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import { FEED_PAGE, MAX_PUSH_BYTES, MAX_PUSH_EVENTS, type PushEvent } from '../../shared/sync/wire';
import type { HqClient, HqConnection } from './client';
import { otherEffectsSchema, stateChangesSchema } from '../../shared/sync/state-changes';
import type { SecretStore } from './secrets';
import { applyFeedPage, upsertCustomer, type LoyaltyStatePort } from './apply';
import { verifyAllowance } from './allowance';
import { isOffline } from './offline';
import {
  eventsWaiting,
  isEnrolled,
  markRevoked,
  readAllowance,
  readSyncState,
  recordContact,
  recordSyncDone,
  recordSyncFailure,
  saveAllowance,
  saveEnrolment,
  savePushAck,
} from './state';

/** What the status bar shows, and what `sync.status` answers. */
export interface SyncStatus {
  enrolled: boolean;
  online: boolean;
  /** Outbox events HQ has not acknowledged yet. */
  waiting: number;
  lastSyncAt: number | null;
  lastError: string | null;
  hqUrl: string | null;
  storeId: string | null;
  revoked: boolean;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SyncWorkerOptions {
  db: Db;
  clock: Clock;
  terminalId: string;
  client: HqClient;
  secrets: SecretStore;
  log: Logger;
  /** Merge an HLC received from HQ into the terminal's clock. */
  observeHlc(hlc: string): void;
  /** The loyalty engine's stored state, to which ledger items from other stores apply their state changes. */
  loyalty?: LoyaltyStatePort;
  /** A program version arrived from HQ: the next read must load it. */
  onProgramChanged(): void;
  onStatus(status: SyncStatus): void;
  random?: () => number;
  timers?: Timers;
  /** Between successful rounds. */
  intervalMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  feedPageSize?: number;
  pushBatchSize?: number;
}

export interface SyncWorker {
  /** Background rounds: push, pull, allowance; then wait (interval, or backoff after a failure). */
  start(): void;
  stop(): void;
  /** One round now, the backoff reset (the "sync now" button). */
  syncNow(): Promise<SyncStatus>;
  status(): SyncStatus;
  enrol(input: { url: string; code: string; name: string }): Promise<Result<SyncStatus, AppError>>;
  /** A card unknown here: ask HQ, store the customer (and their ledger from the feed). Returns the customer id. */
  lookupByCode(code: string): Promise<Result<string, AppError>>;
  /** The delay the worker would wait after `failures` failures in a row (for tests and the status). */
  backoffDelay(failures: number): number;
}

type RoundError = { code: AppError['code']; pushFailed: boolean };

/** Referrers fetched from HQ per round at most: a few requests, however many referrals a page brought. */
const WANTED_PER_ROUND = 20;

/**
 * The sync worker of the main process. It never holds the counter up: every step is a network wait
 * followed by a small SQLite transaction (a push acknowledgement, a feed page), and only one round
 * runs at a time.
 */
export function createSyncWorker(o: SyncWorkerOptions): SyncWorker {
  const { db, clock, client, secrets, log } = o;
  const random = o.random ?? Math.random;
  const timers: Timers = o.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  const intervalMs = o.intervalMs ?? 30_000;
  const base = o.backoffBaseMs ?? 1_000;
  const max = o.backoffMaxMs ?? 5 * 60_000;
  const pageSize = o.feedPageSize ?? FEED_PAGE;
  const batchSize = Math.min(o.pushBatchSize ?? MAX_PUSH_EVENTS, MAX_PUSH_EVENTS);

  let running: Promise<void> | null = null;
  let timer: unknown = null;
  let started = false;
  let failures = 0;

  const status = (): SyncStatus => {
    const s = readSyncState(db);
    return {
      enrolled: isEnrolled(s),
      online: isEnrolled(s) && !isOffline(s, clock.now()) && s.lastError === null,
      waiting: eventsWaiting(db, s.pushAckSeq),
      lastSyncAt: s.lastSyncAt,
      lastError: s.lastError,
      hqUrl: s.hqUrl,
      storeId: s.storeId,
      revoked: s.revoked,
    };
  };
  // A standalone till (never enrolled) says nothing: the status bar's network pill stays as it is.
  const publish = () => {
    const s = status();
    if (s.enrolled) o.onStatus(s);
  };

  const connection = (): HqConnection | null => {
    const s = readSyncState(db);
    const secret = secrets.get();
    if (!isEnrolled(s) || s.revoked || secret === null) return null;
    return { url: s.hqUrl!, terminalId: o.terminalId, secret };
  };

  const fail = (error: AppError, pushFailed: boolean): RoundError => {
    if (error.code === 'sync.unauthorized') {
      db.transaction(() => {
        markRevoked(db);
        prepared(db, 'DELETE FROM sync_allowance').run();
      })();
      log.error('HQ refused this terminal: revoked or unknown credential');
    }
    return { code: error.code, pushFailed };
  };

  /**
   * A ledger operation goes out with the engine's state changes for its customer and its effects on
   * others, as loyalty_operations recorded them in the operation's own transaction (issue 5): the
   * other stores apply them to their copy of the customer's state. Read here rather than copied into
   * the outbox row, so events queued before this carry them too. Changes that HQ would refuse (out
   * of the wire's bounds) would refuse the batch again at every round and hold the whole outbox up:
   * they are left out and logged, and the event goes as one without changes. Returns the characters added.
   */
  function withEngineEffects(payload: Record<string, unknown>, row: { changes: string | null; others: string | null }): number {
    if (payload['changes'] !== undefined || row.changes === null || row.others === null) return 0;
    let added = 0;
    if (row.changes !== '[]') {
      const changes = stateChangesSchema.safeParse(JSON.parse(row.changes));
      if (changes.success) {
        payload['changes'] = changes.data;
        added += row.changes.length + 12;
      } else log.error('loyalty state changes out of the wire format; the operation is sent without them', { operationId: String(payload['operationId']) });
    }
    if (row.others !== '[]') {
      const others = otherEffectsSchema.safeParse(JSON.parse(row.others));
      if (others.success) {
        payload['others'] = others.data;
        added += row.others.length + 11;
      } else log.error('effects on other customers out of the wire format; the operation is sent without them', { operationId: String(payload['operationId']) });
    }
    return added;
  }

  async function push(c: HqConnection): Promise<RoundError | null> {
    // Each ledger operation's recorded engine effects come in the same read (one statement per batch, not one per event).
    const select = prepared(
      db,
      `SELECT o.seq, o.id, o.type, o.payload, o.hlc, o.created_at, lo.changes, lo.others FROM outbox o
       LEFT JOIN loyalty_operations lo ON o.type = 'ledger.recorded' AND lo.operation_id = json_extract(o.payload, '$.operationId')
       WHERE o.seq > ? ORDER BY o.seq LIMIT ?`,
    );
    let stalls = 0;
    for (;;) {
      const ack = readSyncState(db).pushAckSeq;
      const rows = select.all(ack, batchSize) as { seq: number; id: string; type: string; payload: string; hlc: string; created_at: number; changes: string | null; others: string | null }[];
      if (rows.length === 0) return null;
      const events: PushEvent[] = [];
      let bytes = 200;
      for (const r of rows) {
        const payload = JSON.parse(r.payload) as Record<string, unknown>;
        const effects = r.type === 'ledger.recorded' ? withEngineEffects(payload, r) : 0;
        bytes += (r.payload.length + effects) * 3 + r.hlc.length + r.type.length + 160;
        if (events.length > 0 && bytes > MAX_PUSH_BYTES) break;
        events.push({ seq: r.seq, id: r.id, type: r.type, hlc: r.hlc, createdAt: r.created_at, payload });
      }
      const reply = await client.push(c, { sentAt: clock.now(), events });
      if (!reply.ok) {
        const told = reply.error.params?.ackSeq;
        // HQ holds a different prefix than we think (a restored HQ, or our ack lost): resume from HQ's word.
        if (reply.error.code === 'sync.sequence_gap' && typeof told === 'number' && told !== ack && stalls++ < 3) {
          savePushAck(db, Math.max(0, told), clock.now());
          continue;
        }
        return fail(reply.error, true);
      }
      if (reply.value.ackSeq === ack) {
        if (stalls++ >= 3) return fail({ code: 'sync.sequence_gap' }, true);
      } else stalls = 0;
      savePushAck(db, reply.value.ackSeq, clock.now());
      if (reply.value.conflicts > 0) log.info('HQ found double spends in a pushed batch', { conflicts: reply.value.conflicts });
    }
  }

  async function pull(c: HqConnection): Promise<RoundError | null> {
    for (;;) {
      const cursor = readSyncState(db).feedCursor;
      const page = await client.feed(c, cursor, pageSize);
      if (!page.ok) return fail(page.error, false);
      const summary = applyFeedPage(db, page.value, { terminalId: o.terminalId, now: clock.now(), observeHlc: o.observeHlc, ...(o.loyalty ? { loyalty: o.loyalty } : {}) });
      if (summary.programChanged) o.onProgramChanged();
      if (!page.value.more || page.value.next === cursor) return null;
    }
  }

  /**
   * Referrers this till will owe a gift (a referee enrolled at another store buys here) are fetched
   * by id before the pull, so their history comes in the same round; a gift that waited for one is
   * written after it (core/operations.ts, deferred_gifts).
   */
  async function fetchWanted(c: HqConnection): Promise<void> {
    if (!o.loyalty) return;
    for (const id of o.loyalty.wanted(WANTED_PER_ROUND)) {
      const reply = await client.customerById(c, id);
      if (!reply.ok) {
        // Not at HQ (yet): its store has not pushed the enrolment. Asked again next round.
        if (reply.error.code === 'sync.not_found') continue;
        // Anything else is asked again next round; the pull goes on (a gift can wait, the feed should not).
        log.error('referrer not fetched from HQ', { code: reply.error.code });
        return;
      }
      db.transaction(() => upsertCustomer(db, reply.value, clock.now()))();
    }
  }

  function releaseGifts(): void {
    const written = o.loyalty?.releaseGifts() ?? 0;
    if (written > 0) log.info('referrers\' gifts written now that their customer is held here', { written });
  }

  async function refreshAllowance(c: HqConnection): Promise<RoundError | null> {
    const held = readAllowance(db);
    const now = clock.now();
    if (held && now < held.grant.issuedAt + (held.grant.expiresAt - held.grant.issuedAt) / 2) return null;
    const reply = await client.allowance(c);
    if (!reply.ok) return reply.error.code === 'sync.not_found' ? null : fail(reply.error, false);
    const key = readSyncState(db).allowanceKey;
    if (key === null || !verifyAllowance(reply.value, key, o.terminalId)) {
      log.error('HQ sent an offline allowance whose signature does not verify; kept the old one');
      return fail({ code: 'sync.batch_invalid' }, false);
    }
    saveAllowance(db, reply.value, now);
    return null;
  }

  async function round(): Promise<void> {
    const c = connection();
    if (c === null) return publish();
    let problem = await push(c);
    if (!problem) {
      await fetchWanted(c);
      problem = await pull(c);
    }
    if (!problem) {
      releaseGifts();
      problem = await refreshAllowance(c);
    }
    if (problem) {
      recordSyncFailure(db, problem.code, problem.pushFailed);
      failures++;
      log.error('sync round failed', { code: problem.code, failures });
    } else {
      recordSyncDone(db, clock.now());
      failures = 0;
    }
    publish();
  }

  const runRound = (): Promise<void> => {
    if (!running) {
      running = round()
        .catch((cause: unknown) => {
          failures++;
          recordSyncFailure(db, 'sync.unavailable', false);
          log.error('sync round crashed', { error: cause instanceof Error ? cause.message : String(cause) });
        })
        .finally(() => {
          running = null;
        });
    }
    return running;
  };

  const backoffDelay = (n: number): number => {
    if (n <= 0) return intervalMs;
    const ceiling = Math.min(max, base * 2 ** Math.min(n - 1, 30));
    // "Equal jitter": at least half the ceiling, so retries from many tills spread out but never hammer.
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  };

  const schedule = () => {
    if (!started) return;
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      void runRound().then(schedule);
    }, backoffDelay(failures));
  };

  return {
    start() {
      if (started) return;
      started = true;
      timer = timers.setTimeout(() => {
        timer = null;
        void runRound().then(schedule);
      }, 0);
    },
    stop() {
      started = false;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
    async syncNow() {
      failures = 0;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      // A round in progress finishes first; then a fresh one, so "sync now" sees what was just done.
      if (running) await running;
      await runRound();
      schedule();
      return status();
    },
    status,
    backoffDelay,
    async enrol(input) {
      const current = readSyncState(db);
      if (isEnrolled(current) && !current.revoked) return err({ code: 'sync.already_enrolled' });
      const reply = await client.enrol(input.url, { code: input.code, terminalId: o.terminalId, name: input.name });
      if (!reply.ok) return reply;
      if (reply.value.terminalId !== o.terminalId) return err({ code: 'sync.batch_invalid' });
      secrets.set(reply.value.secret);
      db.transaction(() => {
        saveEnrolment(db, {
          hqUrl: input.url,
          organisationId: reply.value.organisationId,
          storeId: reply.value.storeId,
          allowanceKey: reply.value.allowanceKey,
          at: clock.now(),
        });
        prepared(db, 'DELETE FROM sync_allowance').run();
      })();
      log.info('terminal enrolled with HQ', { storeId: reply.value.storeId });
      await this.syncNow();
      return ok(status());
    },
    async lookupByCode(code) {
      const c = connection();
      if (c === null) return err({ code: 'sync.not_enrolled' });
      const reply = await client.customerByCode(c, code);
      if (!reply.ok) {
        if (reply.error.code !== 'sync.not_found') recordSyncFailure(db, reply.error.code, false);
        return reply;
      }
      db.transaction(() => {
        upsertCustomer(db, reply.value, clock.now());
        recordContact(db, clock.now());
      })();
      // HQ now sends this store the customer's ledger so far: take it before answering, so the
      // cashier sees the balance HQ holds. A referral in it may name a referrer this store does not
      // know: one more round fetches them, so a first purchase now pays their gift at once. Only
      // for a referrer this history brought (one HQ cannot find would otherwise slow every lookup).
      const wantedBefore = new Set(o.loyalty?.wanted(WANTED_PER_ROUND) ?? []);
      await runRound();
      if ((o.loyalty?.wanted(WANTED_PER_ROUND) ?? []).some((id) => !wantedBefore.has(id))) await runRound();
      return ok(reply.value.id);
    },
  };
}

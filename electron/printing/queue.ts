import type { Db } from '../db/connection';
import { prepared } from '../db/connection';
import type { Clock, IdSource } from '../app/clock';
import type { ReceiptDocument } from '../../shared/receipt/document';
import type { PrinterState } from '../../shared/receipt/printer';
import { encodeDocument } from './escpos';
import type { PrinterProfile } from './profiles';
import type { PrinterTransport } from './transports';

export type JobKind = 'receipt' | 'report' | 'test' | 'drawer';

export interface PrinterTarget {
  transport: PrinterTransport;
  profile: PrinterProfile;
}

export interface PrintQueue {
  /** Stores the job (inside the caller's transaction if there is one) and wakes the worker. */
  enqueue(kind: JobKind, document: ReceiptDocument): string;
  reprintLast(kind: JobKind): string | null;
  /** Runs due jobs now; resolves when the queue has nothing due. */
  drain(): Promise<void>;
  /**
   * Asks the printer how it is (DLE EOT) while nothing is printing, so the status bar shows paper
   * running out or the cover open before the next receipt; runs every `statusPollMs` by itself.
   */
  checkStatus(): Promise<PrinterState>;
  state(): PrinterState;
  stop(): void;
}

const MAX_BACKOFF_MS = 60_000;

/**
 * The print queue. Printing is its own world: it reads documents, never the ledger, so a reprint
 * can never stamp twice and a printer failure can never undo a sale. A job is marked printed only
 * after the printer took every byte; if the connection drops mid-job the whole job prints again.
 * A printer that says "paper out" or "cover open" keeps its jobs until the state clears.
 */
export function createPrintQueue(deps: {
  db: Db;
  clock: Clock;
  ids: IdSource;
  target: () => PrinterTarget | null;
  onState: (state: PrinterState) => void;
  setTimer?: (fn: () => void, ms: number) => { unref?(): void };
  clearTimer?: (timer: unknown) => void;
  /** How often to ask an idle printer for its status; 0 for never. Defaults to 20 s with real timers, never with injected ones. */
  statusPollMs?: number;
}): PrintQueue {
  const { db, clock, ids } = deps;
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  let state: PrinterState = { configured: deps.target() !== null, online: false, paperOut: false, paperNearEnd: false, coverOpen: false, queued: 0, lastError: null };
  let timer: unknown = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const queued = () => (prepared(db, "SELECT COUNT(*) AS n FROM print_jobs WHERE status = 'queued'").get() as { n: number }).n;
  const publish = (patch: Partial<PrinterState>) => {
    state = { ...state, ...patch, configured: deps.target() !== null, queued: queued() };
    deps.onState(state);
  };

  const schedule = () => {
    if (stopped) return;
    if (timer) clearTimer(timer);
    const next = prepared(db, "SELECT MIN(next_attempt_at) AS at FROM print_jobs WHERE status = 'queued'").get() as { at: number | null };
    if (next.at === null) return;
    const handle = setTimer(() => void drain(), Math.max(0, next.at - clock.now()));
    handle.unref?.();
    timer = handle;
  };

  async function runDue(): Promise<void> {
    const target = deps.target();
    if (!target) return publish({ online: false, lastError: 'printer.not_configured' });
    for (;;) {
      if (stopped) return;
      const job = prepared(
        db,
        "SELECT id, document, attempts FROM print_jobs WHERE status = 'queued' AND next_attempt_at <= ? ORDER BY created_at, rowid LIMIT 1",
      ).get(clock.now()) as { id: string; document: string; attempts: number } | undefined;
      if (!job) return;
      const status = await target.transport.status();
      if (stopped) return;
      const problem = !status.ok ? status.error.code : status.value.paperOut ? 'printer.paper_out' : status.value.coverOpen ? 'printer.cover_open' : null;
      if (problem) {
        postpone(job.id, job.attempts, problem);
        publish({ online: status.ok, paperOut: status.ok && status.value.paperOut, coverOpen: status.ok && status.value.coverOpen, lastError: problem });
        return;
      }
      if (stopped) return;
      const sent = await target.transport.send(encodeDocument(JSON.parse(job.document) as ReceiptDocument, target.profile));
      // Stopped mid-job: the job stays queued and prints again on the next start (never lost).
      if (stopped) return;
      if (!sent.ok) {
        postpone(job.id, job.attempts, sent.error.code);
        publish({ online: false, lastError: sent.error.code });
        return;
      }
      prepared(db, "UPDATE print_jobs SET status = 'printed', printed_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?").run(clock.now(), job.id);
      publish({ online: true, paperOut: false, coverOpen: false, paperNearEnd: status.ok && status.value.paperNearEnd, lastError: null });
    }
  }

  function postpone(id: string, attempts: number, error: string): void {
    // Exponential backoff for a printer that is away; paper and cover are checked every few seconds.
    const wait = error === 'printer.paper_out' || error === 'printer.cover_open' ? 3000 : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempts);
    prepared(db, 'UPDATE print_jobs SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?').run(clock.now() + wait, error, id);
  }

  function drain(): Promise<void> {
    // A closed terminal has closed its database too: nothing may touch it after stop().
    if (stopped) return Promise.resolve();
    if (!running) {
      running = runDue().finally(() => {
        running = null;
        schedule();
      });
    }
    return running;
  }

  function insert(kind: JobKind, document: string, reprintOf: string | null): string {
    const id = ids.newId();
    const now = clock.now();
    prepared(db, "INSERT INTO print_jobs (id, kind, document, status, next_attempt_at, reprint_of, created_at) VALUES (?, ?, ?, 'queued', ?, ?, ?)").run(
      id,
      kind,
      document,
      now,
      reprintOf,
      now,
    );
    return id;
  }

  async function checkStatus(): Promise<PrinterState> {
    if (stopped || running) return running ? running.then(() => state) : state;
    const target = deps.target();
    if (!target) {
      publish({ online: false, paperOut: false, paperNearEnd: false, coverOpen: false, lastError: null });
      return state;
    }
    const checking = target.transport.status();
    running = checking.then(() => {});
    let status: Awaited<typeof checking>;
    try {
      status = await checking;
    } finally {
      running = null;
      // A job enqueued while the printer was being asked waits for this timer, not for the next poll.
      schedule();
    }
    if (stopped) return state;
    if (!status.ok) publish({ online: false, lastError: status.error.code });
    else {
      const s = status.value;
      const problem = s.paperOut ? 'printer.paper_out' : s.coverOpen ? 'printer.cover_open' : !s.online ? 'printer.offline' : null;
      publish({ online: s.online, paperOut: s.paperOut, coverOpen: s.coverOpen, paperNearEnd: s.paperNearEnd, lastError: problem, checkedAt: clock.now() });
      // Paper back in or cover closed: whatever waits prints now rather than at its next retry.
      if (problem === null && queued() > 0) {
        prepared(db, "UPDATE print_jobs SET next_attempt_at = ? WHERE status = 'queued' AND next_attempt_at > ?").run(clock.now(), clock.now());
        void drain();
      }
    }
    return state;
  }

  const statusPollMs = deps.statusPollMs ?? (deps.setTimer ? 0 : 20_000);
  let statusTimer: ReturnType<typeof setInterval> | null = null;
  if (statusPollMs > 0) {
    statusTimer = setInterval(() => void checkStatus(), statusPollMs);
    statusTimer.unref();
  }

  // Jobs left by the last run (a restart, a crash) are due now.
  schedule();

  return {
    enqueue(kind, document) {
      const id = insert(kind, JSON.stringify(document), null);
      // After the caller's transaction commits: the timer runs on the next turn of the event loop.
      const handle = setTimer(() => void drain(), 0);
      handle.unref?.();
      return id;
    },
    reprintLast(kind) {
      const last = prepared(db, 'SELECT id, document FROM print_jobs WHERE kind = ? ORDER BY created_at DESC, rowid DESC LIMIT 1').get(kind) as
        | { id: string; document: string }
        | undefined;
      if (!last) return null;
      const id = insert(kind, last.document, last.id);
      const handle = setTimer(() => void drain(), 0);
      handle.unref?.();
      return id;
    },
    drain,
    checkStatus,
    state: () => ({ ...state, configured: deps.target() !== null, queued: queued() }),
    stop() {
      stopped = true;
      if (timer) clearTimer(timer);
      if (statusTimer) clearInterval(statusTimer);
    },
  };
}

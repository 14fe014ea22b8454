import type { Db } from './connection';

/**
 * Moves WAL checkpoints off the counter's path. SQLite's automatic checkpoint runs inside whichever
 * commit crosses 1000 pages, which made one stamp in a few hundred take several milliseconds; at a
 * counter there are idle seconds between customers, so we checkpoint then instead. A WAL that grows
 * past `maxPages` (160 MB) anyway, in a rush with no pause at all, is checkpointed right after the command that crossed it.
 */
export interface Checkpointer {
  /** Call after each write command. */
  touched(): void;
  stop(): void;
}

export function createCheckpointer(
  db: Db,
  options: { idleMs?: number; maxPages?: number; setTimer?: typeof setTimeout; clearTimer?: typeof clearTimeout } = {},
): Checkpointer {
  const idleMs = options.idleMs ?? 1500;
  const maxPages = options.maxPages ?? 40_000;
  const setTimer = options.setTimer ?? setTimeout;
  const clearTimer = options.clearTimer ?? clearTimeout;
  db.pragma('wal_autocheckpoint = 0');
  let timer: ReturnType<typeof setTimeout> | null = null;
  let writesSinceCheckpoint = 0;

  const checkpoint = () => {
    timer = null;
    writesSinceCheckpoint = 0;
    if (db.open) db.pragma('wal_checkpoint(PASSIVE)');
  };

  return {
    touched() {
      writesSinceCheckpoint++;
      if (timer) clearTimer(timer);
      // Each write adds a handful of pages; checking the WAL's size costs a pragma, so only now and then.
      if (writesSinceCheckpoint % 200 === 0) {
        const [status] = db.pragma('wal_checkpoint(NOOP)') as { log: number }[];
        if (status && status.log > maxPages) return checkpoint();
      }
      timer = setTimer(checkpoint, idleMs);
      timer.unref?.();
    },
    stop() {
      if (timer) clearTimer(timer);
      timer = null;
    },
  };
}

import type { Migration } from './index';

/** The persisted print queue: a job survives a restart and ends printed or still queued, never lost. */
export const m005PrintQueue: Migration = {
  version: 5,
  name: 'print queue',
  up(db) {
    db.exec(`
      CREATE TABLE print_jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('receipt', 'report', 'test', 'drawer')),
        document TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'printed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        last_error TEXT,
        reprint_of TEXT REFERENCES print_jobs (id),
        created_at INTEGER NOT NULL,
        printed_at INTEGER
      ) STRICT;
      CREATE INDEX print_jobs_due ON print_jobs (next_attempt_at) WHERE status = 'queued';
      CREATE INDEX print_jobs_created ON print_jobs (kind, created_at);
    `);
  },
};

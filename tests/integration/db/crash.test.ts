import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../../electron/db/connection';
import { verifyBalances } from '../../../electron/db/stores/ledger';

describe('a crash between statements', () => {
  it('leaves no half-written operation: every ledger operation has its outbox event and balances match', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'loyal-till-crash-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'crash-writer.ts'), dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((ready, fail) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready());
        child.on('exit', (code) => fail(new Error(`writer exited early with ${code}`)));
      });
      await new Promise((r) => setTimeout(r, 700 + Math.random() * 300));
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));

      const db = openDatabase(join(dataDir, 'till.db'));
      const operations = db.prepare("SELECT COUNT(DISTINCT operation_id) AS n FROM ledger").get() as { n: number };
      expect(operations.n).toBeGreaterThan(10);
      const orphans = db
        .prepare(
          `SELECT COUNT(*) AS n FROM (SELECT DISTINCT operation_id, terminal_seq FROM ledger) l
           LEFT JOIN outbox o ON o.seq = l.terminal_seq AND json_extract(o.payload, '$.operationId') = l.operation_id
           WHERE o.seq IS NULL`,
        )
        .get();
      expect(orphans).toEqual({ n: 0 });
      const eventsWithoutEntries = db
        .prepare(
          `SELECT COUNT(*) AS n FROM outbox o WHERE o.type = 'ledger.recorded'
           AND json_array_length(o.payload, '$.entries') <> (SELECT COUNT(*) FROM ledger WHERE operation_id = json_extract(o.payload, '$.operationId'))`,
        )
        .get();
      expect(eventsWithoutEntries).toEqual({ n: 0 });
      expect(verifyBalances(db)).toEqual([]);
      const answered = db.prepare("SELECT COUNT(*) AS n FROM idempotency WHERE command = 'stamp.add'").get() as { n: number };
      expect(answered.n).toBe(operations.n);
      db.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

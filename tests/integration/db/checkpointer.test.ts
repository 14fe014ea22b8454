import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../electron/db/connection';
import { createCheckpointer } from '../../../electron/db/checkpointer';

describe('the idle checkpointer', () => {
  it('keeps checkpoints out of commits and runs one when the counter goes idle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'loyal-till-ckpt-'));
    try {
      const db = openDatabase(join(dir, 'till.db'));
      let pending: (() => void) | null = null;
      const checkpointer = createCheckpointer(db, {
        setTimer: ((fn: () => void) => ((pending = fn), { unref() {} })) as unknown as typeof setTimeout,
        clearTimer: (() => (pending = null)) as unknown as typeof clearTimeout,
      });
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
      const insert = db.prepare("INSERT INTO settings (key, value) VALUES (?, ?)");
      for (let i = 0; i < 300; i++) {
        insert.run(`k${i}`, 'x'.repeat(2000));
        checkpointer.touched();
      }
      const walPages = () => (db.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[])[0]!;
      expect(walPages().log).toBeGreaterThan(100);
      expect(walPages().checkpointed).toBe(0);
      expect(pending).not.toBeNull();
      pending!();
      const after = walPages();
      expect(after.checkpointed).toBe(after.log);
      expect(statSync(join(dir, 'till.db')).size).toBeGreaterThan(300 * 2000);
      checkpointer.stop();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

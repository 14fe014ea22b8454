import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileSecretStore, createOsSecretStore } from '../../electron/sync/secrets';
import { verifyAllowance } from '../../electron/sync/allowance';
import { createFetchHqClient } from '../../electron/sync/client';
import { createSyncWorker } from '../../electron/sync/worker';
import { canonicalGrant, type AllowanceGrant } from '../../shared/sync/wire';
import { silentLogger } from '../../electron/app/logger';
import { openDatabase } from '../../electron/db/connection';
import { readSyncState } from '../../electron/sync/state';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'loyal-till-sync-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the HQ credential on the terminal', () => {
  it('falls back to a file only its owner can read (0600)', () => {
    const dir = tempDir();
    const store = createFileSecretStore(dir);
    expect(store.get()).toBeNull();
    store.set('s3cret-s3cret-s3cret');
    expect(store.get()).toBe('s3cret-s3cret-s3cret');
    expect(statSync(join(dir, 'hq-credential')).mode & 0o777).toBe(0o600);
    store.clear();
    expect(store.get()).toBeNull();
  });

  it('is encrypted by the OS (safeStorage) when available, and never written in clear', () => {
    const dir = tempDir();
    const cipher = {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
      decryptString: (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
    };
    const store = createOsSecretStore(dir, cipher);
    expect(store.kind).toBe('os');
    store.set('s3cret-s3cret-s3cret');
    expect(store.get()).toBe('s3cret-s3cret-s3cret');
    const file = join(dir, 'hq-credential.enc');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(createOsSecretStore(dir, { ...cipher, isEncryptionAvailable: () => false }).kind).toBe('file');
  });
});

describe('the offline allowance', () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const key = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
  const terminalId = '01a2027b-d680-7fea-8086-6dc19a63812d';
  const grant: AllowanceGrant = {
    terminalId,
    issuedAt: 1_000,
    expiresAt: 2_000,
    perCustomerPerDay: { rewards: 1, points: 200 },
    total: { rewards: 10, points: 2000 },
  };
  const signed = { grant, signature: sign(null, Buffer.from(canonicalGrant(grant)), privateKey).toString('base64') };

  it('is accepted only with HQ’s signature over exactly this grant, for this terminal', () => {
    expect(verifyAllowance(signed, key, terminalId)).toBe(true);
    expect(verifyAllowance({ ...signed, grant: { ...grant, total: { rewards: 1000, points: 2000 } } }, key, terminalId)).toBe(false);
    expect(verifyAllowance(signed, key, '01a2027b-d680-7fea-8086-000000000000')).toBe(false);
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    expect(verifyAllowance(signed, other, terminalId)).toBe(false);
    expect(verifyAllowance({ ...signed, signature: 'bm90IGEgc2lnbmF0dXJl' }, key, terminalId)).toBe(false);
  });
});

describe('the HQ client', () => {
  const connection = { url: 'http://hq.invalid', terminalId: '01a2027b-d680-7fea-8086-6dc19a63812d', secret: 'x'.repeat(32) };
  const answering = (status: number, body: string) => createFetchHqClient({ fetch: async () => new Response(body, { status, headers: { 'content-type': 'application/json' } }) });

  it('refuses an answer that is not JSON, or not the shape the wire format says, as a typed error', async () => {
    expect(await answering(200, '{"items": [').feed(connection, '0', 10)).toMatchObject({ ok: false, error: { code: 'sync.batch_invalid' } });
    expect(await answering(200, '{"items": [{"kind": "ledger", "cursor": "1"}], "next": "1", "more": false}').feed(connection, '0', 10)).toMatchObject({
      ok: false,
      error: { code: 'sync.batch_invalid' },
    });
    expect(await answering(200, '{"ackSeq": -1, "stored": 0, "conflicts": 0}').push(connection, { sentAt: 1, events: [] })).toMatchObject({
      ok: false,
      error: { code: 'sync.batch_invalid' },
    });
    expect(await answering(502, '<html>bad gateway</html>').allowance(connection)).toMatchObject({ ok: false, error: { code: 'sync.unavailable' } });
  });

  it('passes HQ’s own error codes through, and a network failure is sync.unavailable', async () => {
    expect(await answering(401, '{"ok": false, "error": {"code": "sync.unauthorized"}}').allowance(connection)).toEqual({ ok: false, error: { code: 'sync.unauthorized' } });
    expect(await answering(409, '{"ok": false, "error": {"code": "sync.sequence_gap", "params": {"ackSeq": 4}}}').push(connection, { sentAt: 1, events: [] })).toEqual({
      ok: false,
      error: { code: 'sync.sequence_gap', params: { ackSeq: 4 } },
    });
    const down = createFetchHqClient({ fetch: () => Promise.reject(new TypeError('fetch failed')) });
    expect(await down.feed(connection, '0', 10)).toEqual({ ok: false, error: { code: 'sync.unavailable' } });
  });

  it('leaves the feed cursor where it was when a page is malformed: nothing of it is applied', async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'till.db'));
    db.prepare("UPDATE sync_state SET hq_url = 'http://hq.invalid', enrolled_at = 1, feed_cursor = '41' WHERE id = 1").run();
    const secrets = createFileSecretStore(dir);
    secrets.set('y'.repeat(32));
    const worker = createSyncWorker({
      db,
      clock: { now: () => 10_000 },
      terminalId: connection.terminalId,
      client: { ...answering(200, '{"ackSeq": 0, "stored": 0, "conflicts": 0}'), feed: answering(200, '{"items": [{"kind": "customer", "cursor": "42", "customer": {"id": 1}}], "next": "42", "more": false}').feed },
      secrets,
      log: silentLogger,
      observeHlc: () => undefined,
      onProgramChanged: () => undefined,
      onStatus: () => undefined,
    });
    const status = await worker.syncNow();
    expect(status.lastError).toBe('sync.batch_invalid');
    expect(readSyncState(db).feedCursor).toBe('41');
    expect(db.prepare('SELECT COUNT(*) AS n FROM customers').get()).toEqual({ n: 0 });
    db.close();
  });
});

describe('retrying', () => {
  const worker = (random: () => number) =>
    createSyncWorker({
      db: openDatabase(join(tempDir(), 'till.db')),
      clock: { now: () => 0 },
      terminalId: '01a2027b-d680-7fea-8086-6dc19a63812d',
      client: createFetchHqClient(),
      secrets: createFileSecretStore(tempDir()),
      log: silentLogger,
      observeHlc: () => undefined,
      onProgramChanged: () => undefined,
      onStatus: () => undefined,
      random,
      backoffBaseMs: 1_000,
      backoffMaxMs: 60_000,
      intervalMs: 30_000,
    });

  it('backs off exponentially up to a ceiling, with jitter between half and all of it', () => {
    const low = worker(() => 0);
    const high = worker(() => 0.999999);
    expect([1, 2, 3, 4].map((n) => low.backoffDelay(n))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => high.backoffDelay(n))).toEqual([1000, 2000, 4000, 8000]);
    expect(high.backoffDelay(30)).toBe(60_000);
    expect(low.backoffDelay(30)).toBe(30_000);
    expect(low.backoffDelay(0)).toBe(30_000);
  });

  it('runs rounds on its timers only once started, and "sync now" resets the backoff', async () => {
    const scheduled: number[] = [];
    const dir = tempDir();
    const db = openDatabase(join(dir, 'till.db'));
    db.prepare("UPDATE sync_state SET hq_url = 'http://hq.invalid', enrolled_at = 1 WHERE id = 1").run();
    const secrets = createFileSecretStore(dir);
    secrets.set('z'.repeat(32));
    let fire: (() => void) | null = null;
    const down = createFetchHqClient({ fetch: () => Promise.reject(new TypeError('fetch failed')) });
    const w = createSyncWorker({
      db,
      clock: { now: () => 0 },
      terminalId: '01a2027b-d680-7fea-8086-6dc19a63812d',
      client: down,
      secrets,
      log: silentLogger,
      observeHlc: () => undefined,
      onProgramChanged: () => undefined,
      onStatus: () => undefined,
      random: () => 0,
      backoffBaseMs: 1_000,
      timers: {
        setTimeout: (fn, ms) => {
          scheduled.push(ms);
          fire = fn;
          return scheduled.length;
        },
        clearTimeout: () => undefined,
      },
    });
    expect(scheduled).toEqual([]);
    w.start();
    const tick = async () => {
      const f = fire!;
      fire = null;
      f();
      for (let i = 0; i < 20 && fire === null; i++) await new Promise((r) => setTimeout(r, 5));
    };
    await tick();
    await tick();
    await tick();
    expect(scheduled).toEqual([0, 500, 1000, 2000]);
    await w.syncNow();
    expect(scheduled.at(-1)).toBe(500);
    w.stop();
    db.close();
  });
});

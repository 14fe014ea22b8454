/**
 * Issue 5's HQ benchmark, on a real PostgreSQL server (PG_TEST_URL, or a throwaway one started here
 * from Debian's package as scripts/pg-throwaway.sh does):
 *  - ingest: HQ_BENCH_EVENTS (default 1 000 000) events pushed over HTTP by 50 concurrent terminals
 *    in batches of 500, to HQ running as its own process (`npm run hq` with DATABASE_URL), each event
 *    stored with everything derived from it (ledger, balances, customers, feed) in one transaction;
 *  - floor: the same event rows put into the same `events` table by `COPY ... FROM STDIN` (psql's
 *    \copy from a file written before timing, since pg-copy-streams is not installed);
 *  - feed: with HQ_BENCH_CUSTOMERS (default 1 000 000) customers at HQ, p99 of one feed page
 *    (GET /v1/feed, 1000 items) at random cursors, over HTTP.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { startHq } from '../hq/app';
import { FEED_PAGE, MAX_FEED_PAGE } from '../shared/sync/wire';
import { uuidV7 } from '../shared/ids';
import type { BenchFigure } from './figures';
import { nowMs, percentile, round } from './stats';

const EVENTS = Number(process.env['HQ_BENCH_EVENTS'] ?? 1_000_000);
const CUSTOMERS = Number(process.env['HQ_BENCH_CUSTOMERS'] ?? 1_000_000);
const TERMINALS = Number(process.env['HQ_BENCH_TERMINALS'] ?? 50);
const STORES = Math.min(10, TERMINALS);
const BATCH = 500;
const FEED_SAMPLES = 200;

export const title = 'HQ: ingest, COPY floor, change feed (issue 5)';
export const notes = [
  `${EVENTS.toLocaleString('en')} events (1 customer enrolment per 20, the rest one-entry ledger operations) pushed by ${TERMINALS} concurrent terminals in ${STORES} stores,`,
  `batches of ${BATCH}, over HTTP to HQ in its own process on PostgreSQL (throwaway server, fsync off for both ingest and floor);`,
  'the floor is psql `\\copy events FROM <file>` (COPY ... FROM STDIN) of the same rows into the same partitioned table (another organisation\'s partition);',
  'request bodies and COPY rows are written to files before either is timed;',
  'CPU per event and per row: user and system time of every PostgreSQL process and HQ\'s, from /proc, over each phase (the benchmark\'s own client and psql are not counted);',
  `feed: ${FEED_SAMPLES} pages at random cursors with ${CUSTOMERS.toLocaleString('en')} customers at HQ, timed from request to parsed JSON, of ${FEED_PAGE} items (what a terminal asks for: hq_feed_*) alternating with ${MAX_FEED_PAGE} (the most HQ sends: hq_feed_full_page_*); items/s is items over the summed page times.`,
  'Sizes: HQ_BENCH_EVENTS, HQ_BENCH_CUSTOMERS and HQ_BENCH_TERMINALS.',
].join(' ');

const root = resolve('.');
const id = (): string => uuidV7(Date.now(), randomBytes(10));

interface Server {
  url: string;
  stop(): void;
}

/** A throwaway PostgreSQL (as scripts/pg-throwaway.sh), unless PG_TEST_URL names one. */
function startPostgres(): Server {
  if (process.env['PG_TEST_URL']) return { url: process.env['PG_TEST_URL'], stop: () => undefined };
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(a) - Number(b)) : [];
  const bin = versions.length > 0 ? `/usr/lib/postgresql/${versions[versions.length - 1]}/bin` : null;
  if (!bin) throw new Error('bench hq: needs PostgreSQL (Debian package postgresql) or PG_TEST_URL');
  const dir = mkdtempSync(join(tmpdir(), 'hq-bench-pg-'));
  chmodSync(dir, 0o777);
  const port = 54_500 + Math.floor(Math.random() * 400);
  const asPg = (cmd: string) => {
    const r = process.getuid?.() === 0 ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', cmd], { stdio: 'pipe' }) : spawnSync('sh', ['-c', cmd], { stdio: 'pipe' });
    if (r.status !== 0) throw new Error(`bench hq: ${cmd}: ${r.stderr}`);
  };
  asPg(`${bin}/initdb -D ${dir}/data -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null`);
  asPg(`${bin}/pg_ctl -D ${dir}/data -l ${dir}/log -o '-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_wal_size=4GB -c shared_buffers=256MB' -w start >/dev/null`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        asPg(`${bin}/pg_ctl -D ${dir}/data -m fast -w stop >/dev/null`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

async function spawnHq(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  // HQ_BENCH_PROFILE=<dir>: HQ writes a V8 CPU profile there when it stops (where its time goes).
  const profile = process.env['HQ_BENCH_PROFILE'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['HQ_BENCH_PROFILE']}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', join(root, 'hq/server.ts'), '--port', '0'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, HQ_ADMIN_PASSWORD: 'bench' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /Loyal Till HQ serving on (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.on('exit', (code) => fail(new Error(`hq exited ${code}: ${out}`)));
  });
  return { url, child };
}

/** One terminal's outbox: every 20th event enrols a customer, the others stamp one of its customers. */
function makeEvents(terminalId: string, fromSeq: number, count: number, customers: string[]): unknown[] {
  const out: unknown[] = [];
  for (let seq = fromSeq; seq < fromSeq + count; seq++) {
    const now = Date.now();
    const hlc = `${String(now).padStart(15, '0')}-${String(seq % 100000).padStart(5, '0')}-b`;
    if (seq % 20 === 1 || customers.length === 0) {
      const customer = id();
      customers.push(customer);
      out.push({
        seq,
        id: id(),
        type: 'customer.enrolled',
        hlc,
        createdAt: now,
        payload: {
          type: 'customer.enrolled',
          customer: { id: customer, name: `Клиент ${seq}`, phone: null, email: null, birthday: null, language: 'bg', marketingConsent: false, marketingConsentAt: null, enrolledAt: now, enrolledBy: 'staff-1' },
        },
      });
      continue;
    }
    const customerId = customers[seq % customers.length]!;
    const operationId = id();
    out.push({
      seq,
      id: id(),
      type: 'ledger.recorded',
      hlc,
      createdAt: now,
      payload: {
        type: 'ledger.recorded',
        operationId,
        customerId,
        command: 'stamp.add',
        entries: [
          {
            id: id(),
            asset: 'stamps:coffee',
            delta: 1,
            kind: 'earn',
            rule: 'coffee',
            explanation: { key: 'loyalty.stamp', params: { count: 1 } },
            customerId,
            operationId,
            visitId: null,
            staffId: 'staff-1',
            terminalId,
            terminalSeq: seq,
            programVersion: 1,
            reason: null,
            createdAt: now,
          },
        ],
      },
    });
  }
  return out;
}

interface Prepared {
  dir: string;
  /** Per terminal, its batch files in order. */
  batches: string[][];
  copyFile: string;
}

/**
 * Writes every terminal's batches (the HTTP bodies) and the same rows as COPY text before anything
 * is timed, so both figures measure the server, not this process making UUIDs and JSON on a busy
 * 2-core machine.
 */
function prepare(terminals: { id: string }[], perTerminal: number, floorOrg: string, floorStore: string): Prepared {
  const dir = mkdtempSync(join(tmpdir(), 'hq-bench-data-'));
  const copyFile = join(dir, 'copy.tsv');
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
  const batches = terminals.map((t, ti) => {
    const customers: string[] = [];
    const files: string[] = [];
    for (let seq = 1; seq <= perTerminal; seq += BATCH) {
      const events = makeEvents(t.id, seq, Math.min(BATCH, perTerminal - seq + 1), customers) as { seq: number; id: string; type: string; hlc: string; createdAt: number; payload: Record<string, unknown> }[];
      const file = join(dir, `t${ti}-${seq}.json`);
      writeFileSync(file, JSON.stringify({ wire: 1, terminalId: t.id, sentAt: Date.now(), events }));
      files.push(file);
      const lines = events.map((e) => {
        const p = e.payload as { customerId?: string; customer?: { id: string } };
        const customer = p.customerId ?? p.customer?.id ?? '\\N';
        return [floorOrg, t.id, e.seq, e.id, floorStore, e.type, e.hlc, e.createdAt, Date.now(), customer, escape(JSON.stringify(e.payload))].join('\t');
      });
      appendFileSync(copyFile, `${lines.join('\n')}\n`);
    }
    return files;
  });
  return { dir, batches, copyFile };
}

/**
 * CPU seconds used so far by every PostgreSQL process and by `pids` (HQ), from /proc: on a shared
 * 2-core machine, CPU per event is a steadier comparison between two versions than wall-clock rates.
 * Backends that have exited are counted through the postmaster's reaped children (cutime, cstime).
 */
function cpuSeconds(pids: number[]): number {
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (comm !== 'postgres' && !pids.includes(Number(entry))) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime: fields 14 to 17 of /proc/<pid>/stat
      total += (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / ticks;
    } catch {
      // the process ended between the listing and the read
    }
  }
  return total;
}

function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function ingest(hqUrl: string, terminals: { id: string; secret: string }[], prepared: Prepared): Promise<number> {
  const started = nowMs();
  await Promise.all(
    terminals.map(async (t, ti) => {
      for (const file of prepared.batches[ti]!) {
        const res = await fetch(`${hqUrl}/v1/push`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${t.id}.${t.secret}` },
          body: readFileSync(file),
        });
        const body = (await res.json()) as { stored?: number };
        if (res.status !== 200 || !body.stored) throw new Error(`push ${res.status}: ${JSON.stringify(body)}`);
      }
    }),
  );
  return nowMs() - started;
}

/** The same rows through COPY FROM STDIN (psql \\copy) into the same `events` table, another organisation's partition. */
function copyFloor(databaseUrl: string, prepared: Prepared): number {
  const started = nowMs();
  const r = spawnSync('psql', [databaseUrl, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy events (organisation_id, terminal_id, seq, id, store_id, type, hlc, created_at, received_at, customer_id, payload) FROM '${prepared.copyFile}'`], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) throw new Error('bench hq: psql \\copy failed');
  return nowMs() - started;
}

/** Brings HQ to `total` customers with set-based SQL: customers, their home store, a card, and their feed rows. */
async function addCustomers(databaseUrl: string, organisationId: string, storeIds: string[], total: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM customers WHERE organisation_id = $1', [organisationId]);
    const missing = total - Number(rows[0]!.n);
    const stores = `ARRAY[${storeIds.map((s) => `'${s}'::uuid`).join(',')}]`;
    for (let from = 0; from < missing; from += 100_000) {
      const to = Math.min(missing, from + 100_000);
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO customers (organisation_id, id, home_store_id, name, phone, email, birthday, language, marketing_consent, marketing_consent_at, enrolled_at, enrolled_by)
         SELECT $1, gen_random_uuid(), (${stores})[1 + i % ${storeIds.length}], 'Клиент ' || i, '+359888' || lpad(i::text, 6, '0'), NULL, NULL, 'bg', false, NULL, 1700000000000 + i, 'staff-1'
           FROM generate_series($2::int, $3::int) i`,
        [organisationId, from + 1, to],
      );
      await client.query(
        `INSERT INTO store_customers (organisation_id, customer_id, store_id, since)
         SELECT organisation_id, id, home_store_id, enrolled_at FROM customers
          WHERE organisation_id = $1 AND enrolled_by = 'staff-1' AND name LIKE 'Клиент %' AND enrolled_at BETWEEN 1700000000000 + $2::bigint AND 1700000000000 + $3::bigint
         ON CONFLICT DO NOTHING`,
        [organisationId, from + 1, to],
      );
      await client.query(
        `INSERT INTO feed (organisation_id, store_id, origin_terminal_id, kind, item, created_at)
         SELECT c.organisation_id, c.home_store_id, NULL, 'customer',
                jsonb_build_object('kind', 'customer', 'customer', jsonb_build_object('id', c.id, 'name', c.name, 'phone', c.phone, 'email', NULL, 'birthday', NULL,
                  'language', 'bg', 'marketingConsent', false, 'marketingConsentAt', NULL, 'enrolledAt', c.enrolled_at, 'enrolledBy', c.enrolled_by,
                  'homeStoreId', c.home_store_id, 'cards', '[]'::jsonb)), c.enrolled_at
           FROM customers c WHERE c.organisation_id = $1 AND c.enrolled_at BETWEEN 1700000000000 + $2::bigint AND 1700000000000 + $3::bigint
          ORDER BY c.enrolled_at`,
        [organisationId, from + 1, to],
      );
      await client.query('COMMIT');
    }
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

/** Feed pages of `sizes`, taken in turn at random cursors: time per page, and items per second of page time. */
async function feedTimes(hqUrl: string, terminal: { id: string; secret: string }, maxCursor: number, sizes: number[]): Promise<Map<number, { times: number[]; itemsPerS: number }>> {
  const out = new Map(sizes.map((size) => [size, { times: [] as number[], items: 0 }]));
  for (let i = 0; i < (FEED_SAMPLES + 10) * sizes.length; i++) {
    const size = sizes[i % sizes.length]!;
    const cursor = Math.floor(Math.random() * maxCursor);
    const t0 = nowMs();
    const res = await fetch(`${hqUrl}/v1/feed?cursor=${cursor}&limit=${size}`, { headers: { authorization: `Bearer ${terminal.id}.${terminal.secret}` } });
    const page = (await res.json()) as { items: unknown[] };
    if (res.status !== 200 || !Array.isArray(page.items)) throw new Error(`feed ${res.status}`);
    if (i >= 10 * sizes.length) {
      out.get(size)!.times.push(nowMs() - t0);
      out.get(size)!.items += page.items.length;
    }
  }
  return new Map([...out].map(([size, r]) => [size, { times: r.times, itemsPerS: r.items / (r.times.reduce((a, b) => a + b, 0) / 1000) }]));
}

export async function run(): Promise<BenchFigure[]> {
  const server = startPostgres();
  const dbName = `hq_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(server.url);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  let hqProcess: ChildProcess | null = null;
  let prepared: Prepared | null = null;
  try {
    // Set up: one organisation with its stores and enrol codes (in-process), a second for the floor.
    const setup = await startHq({ databaseUrl, adminPassword: 'bench' });
    const { id: organisationId } = await setup.admin.createOrganisation({ name: 'Bench chain' });
    const storeIds: string[] = [];
    for (let i = 0; i < STORES; i++) storeIds.push((await setup.admin.createStore({ organisationId, name: `Store ${i}`, currency: 'EUR', timeZone: 'Europe/Sofia' })).id);
    const codes = [];
    for (let i = 0; i < TERMINALS; i++) codes.push((await setup.admin.createEnrolCode({ storeId: storeIds[i % STORES]! })).code);
    const { id: floorOrg } = await setup.admin.createOrganisation({ name: 'COPY floor' });
    const { id: floorStore } = await setup.admin.createStore({ organisationId: floorOrg, name: 'Floor', currency: 'EUR', timeZone: 'Europe/Sofia' });
    await setup.close();

    const hq = await spawnHq(databaseUrl);
    hqProcess = hq.child;
    const terminals = await Promise.all(
      codes.map(async (code, i) => {
        const terminalId = id();
        const res = await fetch(`${hq.url}/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ wire: 1, code, terminalId, name: `till ${i}` }) });
        const body = (await res.json()) as { secret: string };
        return { id: terminalId, secret: body.secret };
      }),
    );
    const perTerminal = Math.ceil(EVENTS / TERMINALS);
    const ingested = perTerminal * TERMINALS;
    prepared = prepare(terminals, perTerminal, floorOrg, floorStore);
    const cpu0 = cpuSeconds([hq.child.pid!]);
    const node0 = processCpuSeconds(hq.child.pid!);
    const ingestMs = await ingest(hq.url, terminals, prepared);
    const cpu1 = cpuSeconds([hq.child.pid!]);
    const node1 = processCpuSeconds(hq.child.pid!);
    const copyMs = copyFloor(databaseUrl, prepared);
    const cpu2 = cpuSeconds([hq.child.pid!]);
    const ingestRate = ingested / (ingestMs / 1000);
    const copyRate = ingested / (copyMs / 1000);

    await addCustomers(databaseUrl, organisationId, storeIds, CUSTOMERS);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ max: string }>('SELECT max(cursor) AS max FROM feed');
    await client.end();
    const feed = await feedTimes(hq.url, terminals[0]!, Number(rows[0]!.max), [FEED_PAGE, MAX_FEED_PAGE]);
    const page = feed.get(FEED_PAGE)!;
    const full = feed.get(MAX_FEED_PAGE)!;

    const size = `${ingested.toLocaleString('en')} events, ${TERMINALS} terminals`;
    const customers = `${CUSTOMERS.toLocaleString('en')} customers`;
    return [
      { name: 'hq_ingest_events_per_s', value: round(ingestRate, 0), unit: `events/s (${size})` },
      { name: 'pg_copy_rows_per_s', value: round(copyRate, 0), unit: `rows/s (COPY of the same ${ingested.toLocaleString('en')} rows)` },
      { name: 'hq_ingest_vs_copy_ratio', value: round(ingestRate / copyRate, 3), unit: 'ratio' },
      { name: 'hq_ingest_cpu_us_per_event', value: round(((cpu1 - cpu0) / ingested) * 1e6, 1), unit: 'µs of CPU per event (PostgreSQL and HQ processes)' },
      { name: 'hq_ingest_node_cpu_us_per_event', value: round(((node1 - node0) / ingested) * 1e6, 1), unit: 'µs of CPU per event in HQ\'s Node process (part of the above)' },
      { name: 'pg_copy_cpu_us_per_row', value: round(((cpu2 - cpu1) / ingested) * 1e6, 1), unit: 'µs of CPU per row (PostgreSQL processes)' },
      { name: 'hq_feed_p99_ms', value: round(percentile(page.times, 99), 1), unit: `ms (${FEED_PAGE}-item pages, ${customers})` },
      { name: 'hq_feed_p50_ms', value: round(percentile(page.times, 50), 1), unit: `ms (${FEED_PAGE}-item pages, ${customers})` },
      { name: 'hq_feed_items_per_s', value: round(page.itemsPerS, 0), unit: `items/s (${FEED_PAGE}-item pages)` },
      { name: 'hq_feed_full_page_p99_ms', value: round(percentile(full.times, 99), 1), unit: `ms (${MAX_FEED_PAGE}-item pages, ${customers})` },
      { name: 'hq_feed_full_page_items_per_s', value: round(full.itemsPerS, 0), unit: `items/s (${MAX_FEED_PAGE}-item pages)` },
    ];
  } finally {
    hqProcess?.kill('SIGTERM');
    if (prepared) rmSync(prepared.dir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    // HQ_BENCH_KEEP leaves the database behind on a PG_TEST_URL server, to study its queries after.
    if (process.env['HQ_BENCH_KEEP'] && process.env['PG_TEST_URL']) process.stderr.write(`bench hq: kept database ${dbName}\n`);
    else await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await c.end();
    server.stop();
  }
}

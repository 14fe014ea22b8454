import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/connection';
import { getSetting, setSetting } from '../db/stores/settings';
import { lastOutboxHlc } from '../db/stores/outbox';
import { createCheckpointer } from '../db/checkpointer';
import { createPrintQueue } from '../printing/queue';
import { createPrinterHost } from '../printing/target';
import { printerLight } from '../../shared/receipt/printer';
import { readPrinterConfig } from '../core/printing';
import { createDeviceManager, forwardDeviceEvents, deviceConfigListSchema, type DeviceManager, type DeviceManagerOptions } from '../devices';
import { createIdSource, systemClock, type Clock } from './clock';
import { createEventBus, type EventBus } from './events';
import { createConsoleLogger } from './logger';
import { seedDemo } from './demo';
import { createSessions } from '../core/sessions';
import { createDispatch, createHandlers, type Dispatch } from '../core/handlers';
import { noFiscalDevice, type FiscalDevicePort } from '../fiscal/port';
import type { CoreDeps, Logger } from '../core/context';
import type { CounterProgram } from '../../shared/domain/program';
import { toCounterProgram, validateProgram, type Program } from '../../shared/loyalty';
import type { Country } from '../../shared/domain/phone';
import { decodeHlc, encodeHlc, receiveHlc, tickHlc, type Hlc } from '../../shared/time/hlc';
import { createSyncWorker, type SyncWorker, type SyncWorkerOptions } from '../sync/worker';
import { loyaltyStatePort } from '../sync/loyalty-port';
import { createFetchHqClient, type HqClient } from '../sync/client';
import { createFileSecretStore, type SecretStore } from '../sync/secrets';
import { runLoyaltyDay, scheduleLoyaltyDay, type LoyaltyDayRun } from '../core/loyaltyDay';

export interface TerminalOptions {
  dataDir: string;
  clock?: Clock;
  log?: Logger;
  /** Device drivers; defaults to the real serialport and node-hid (loaded on first use). */
  devices?: Partial<DeviceManagerOptions>;
  /** Sync with HQ: the HQ client, where the secret lives (main.ts: safeStorage), timers and randomness. */
  sync?: { client?: HqClient; secrets?: SecretStore } & Partial<Pick<SyncWorkerOptions, 'random' | 'timers' | 'intervalMs' | 'backoffBaseMs' | 'backoffMaxMs' | 'feedPageSize' | 'pushBatchSize'>>;
  /** A certified fiscal device's driver (docs/fiscal.md); none by default. */
  fiscal?: FiscalDevicePort;
  /** The daily loyalty job (expiry, tier reviews): how often it checks for a new store day; false = not scheduled (call loyaltyDay()). */
  loyaltyDay?: { intervalMs?: number } | false;
}

/** One running terminal: what main.ts (Electron) and serve.ts (browser mode) both build and expose. */
export interface Terminal {
  dispatch: Dispatch;
  isSignedIn(token: string): boolean;
  events: EventBus;
  devices: DeviceManager;
  /** Opens the configured devices and starts watching for hot-plug. Not called by tests that need no hardware. */
  startDevices(): Promise<void>;
  sync: SyncWorker;
  /** Starts background sync rounds (main.ts and serve.ts; tests call sync.syncNow() instead). */
  startSync(): void;
  /** Runs the daily loyalty job for the current store day, once (also scheduled in the background). */
  loyaltyDay(): LoyaltyDayRun;
  db: Db;
  dataDir: string;
  close(): void;
}

/**
 * The composition root: opens the database (migrating it), seeds the demo café on a first start,
 * and wires the use cases. Nothing here loads customers: start-up cost does not grow with the store.
 */
export function createTerminal(options: TerminalOptions): Terminal {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createConsoleLogger();
  mkdirSync(options.dataDir, { recursive: true });
  const db = openDatabase(join(options.dataDir, 'till.db'));
  const ids = createIdSource(clock);

  let terminalId = getSetting(db, 'terminal.id');
  if (terminalId === null) {
    terminalId = ids.newId();
    const id = terminalId;
    db.transaction(() => {
      setSetting(db, 'terminal.id', id);
      seedDemo(db, ids, clock.now());
    })();
    log.info('first start: demo café seeded', { terminalId });
  }

  let hlc: Hlc = decodeHlc(lastOutboxHlc(db) ?? '') ?? { millis: 0, counter: 0, node: terminalId.replace(/-/g, '').slice(-16) };
  const nextHlc = () => {
    hlc = tickHlc(hlc, clock.now());
    return encodeHlc(hlc);
  };
  const observeHlc = (remote: string) => {
    const decoded = decodeHlc(remote);
    if (decoded) hlc = receiveHlc(hlc, decoded, clock.now());
  };

  let cached: { document: Program; publishedAt: number; counter: CounterProgram } | null = null;
  const load = () => {
    if (!cached) {
      const row = db.prepare('SELECT document, published_at FROM programs ORDER BY version DESC LIMIT 1').get() as
        | { document: string; published_at: number }
        | undefined;
      if (!row) throw new Error('no loyalty program is published on this terminal');
      const valid = validateProgram(JSON.parse(row.document));
      // Only validated documents are ever published, so this is a damaged database, not a user error.
      if (!valid.ok) throw new Error(`the program in force does not validate: ${valid.error[0]?.key ?? '?'}`);
      cached = { document: valid.value, publishedAt: row.published_at, counter: toCounterProgram(valid.value) };
    }
    return cached;
  };

  const devices = createDeviceManager({ log, ...options.devices });
  const events = createEventBus();
  const printers = createPrinterHost();
  void printers.prepare(readPrinterConfig({ db })).then(() => printQueue.drain());
  const printQueue = createPrintQueue({
    db,
    clock,
    ids,
    target: () => printers.target(readPrinterConfig({ db })),
    onState: (state) => {
      const { light, detail } = printerLight(state);
      events.publish({ type: 'device.status', deviceId: 'printer', kind: 'printer', status: light, ...(detail ? { detail } : {}) });
    },
  });
  const deps: CoreDeps = {
    db,
    clock,
    ids,
    terminalId,
    country: (getSetting(db, 'store.country') as Country | null) ?? 'BG',
    nextHlc,
    program: () => load().counter,
    programDocument: () => load(),
    invalidateProgram: () => {
      cached = null;
    },
    sessions: createSessions(clock),
    devices,
    printQueue,
    printers,
    sync: createSyncWorker({
      db,
      clock,
      terminalId,
      client: options.sync?.client ?? createFetchHqClient(),
      secrets: options.sync?.secrets ?? createFileSecretStore(options.dataDir),
      log,
      observeHlc,
      loyalty: loyaltyStatePort(() => deps),
      onProgramChanged: () => {
        cached = null;
      },
      onStatus: (s) => events.publish({ type: 'sync.status', online: s.online, waiting: s.waiting, lastSyncAt: s.lastSyncAt, lastError: s.lastError }),
      ...options.sync,
    }),
    log,
  };
  const checkpointer = createCheckpointer(db);
  const run = createDispatch(deps, createHandlers(deps, { fiscal: options.fiscal ?? noFiscalDevice }));
  const dispatch: Dispatch = (name, input, token) => {
    const reply = run(name, input, token);
    checkpointer.touched();
    return reply;
  };
  const stopForwarding = forwardDeviceEvents(devices, (event) => events.publish(event));
  const stopLoyaltyDay = options.loyaltyDay === false ? () => {} : scheduleLoyaltyDay(deps, options.loyaltyDay?.intervalMs);
  return {
    dispatch,
    devices,
    async startDevices() {
      const saved = deviceConfigListSchema.safeParse(JSON.parse(getSetting(db, 'devices') ?? '[]'));
      if (!saved.success) log.error('saved device configuration is invalid; starting with none');
      else await devices.configure(saved.data);
      await devices.start();
    },
    sync: deps.sync,
    startSync: () => deps.sync.start(),
    loyaltyDay: () => runLoyaltyDay(deps),
    isSignedIn: (token) => deps.sessions.get(token) !== null,
    events,
    db,
    dataDir: options.dataDir,
    close: () => {
      stopLoyaltyDay();
      deps.sync.stop();
      checkpointer.stop();
      printQueue.stop();
      void printers.close();
      stopForwarding();
      void devices.stop();
      db.close();
    },
  };
}

import type { Db } from '../db/connection';
import type { Clock, IdSource } from '../app/clock';
import type { CounterProgram } from '../../shared/domain/program';
import type { Program } from '../../shared/loyalty';
import type { Country } from '../../shared/domain/phone';
import type { Role } from '../../shared/contract/roles';
import type { Locale } from '../../shared/i18n/locale';
import type { DeviceManager } from '../devices';
import type { PrintQueue } from '../printing/queue';
import type { PrinterHost } from '../printing/target';
import type { SyncWorker } from '../sync/worker';

/** Everything a use case may touch, passed in by the composition root (no module-level state). */
export interface CoreDeps {
  db: Db;
  clock: Clock;
  ids: IdSource;
  terminalId: string;
  country: Country;
  /** The next hybrid-logical-clock timestamp for an outbox event. */
  nextHlc(): string;
  program(): CounterProgram;
  /** The full program document in force, and its version's publication time. */
  programDocument(): { document: Program; publishedAt: number };
  /** After a publish: the next read loads the new version. */
  invalidateProgram(): void;
  sessions: Sessions;
  devices: DeviceManager;
  printQueue: PrintQueue;
  printers: PrinterHost;
  /** Sync with HQ (idle on a terminal that was never enrolled). */
  sync: SyncWorker;
  log: Logger;
}

export interface Actor {
  staffId: string;
  name: string;
  role: Role;
  language: Locale;
  token: string;
}

export interface Sessions {
  create(actor: Omit<Actor, 'token'>): Actor;
  get(token: string): Actor | null;
  update(token: string, patch: Partial<Pick<Actor, 'language'>>): void;
  end(token: string): void;
}

/** Logs never carry PINs, card numbers or customer personal data: only codes and ids. */
export interface Logger {
  info(message: string, fields?: Record<string, string | number | boolean | null>): void;
  error(message: string, fields?: Record<string, string | number | boolean | null>): void;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTerminal, type Terminal } from '../../electron/app/terminal';
import { silentLogger } from '../../electron/app/logger';
import { demoStaff } from '../../electron/app/demo';
import type { CommandName, InputOf, OutputOf } from '../../shared/contract';
import type { AppError } from '../../shared/errors';
import type { Result } from '../../shared/result';

export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function testClock(start = Date.UTC(2026, 10, 22, 9, 0, 0)): TestClock {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

export interface TestTerminal {
  terminal: Terminal;
  clock: TestClock;
  dataDir: string;
  call<K extends CommandName>(name: K, input: InputOf<K>, token?: string | null): Result<OutputOf<K>, AppError>;
  callAsync<K extends CommandName>(name: K, input: InputOf<K>, token?: string | null): Promise<Result<OutputOf<K>, AppError>>;
  /** Calls and fails the test on an error answer. */
  must<K extends CommandName>(name: K, input: InputOf<K>, token?: string | null): OutputOf<K>;
  loginAs(role: 'manager' | 'cashier' | 'barista'): string;
  close(): void;
}

/** A real terminal on a real SQLite file in a fresh temp folder, with the demo café seeded. */
export function startTestTerminal(options: { dataDir?: string; clock?: TestClock } = {}): TestTerminal {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'loyal-till-test-'));
  const clock = options.clock ?? testClock();
  const terminal = createTerminal({ dataDir, clock, log: silentLogger });
  const call = <K extends CommandName>(name: K, input: InputOf<K>, token: string | null = null) => {
    const reply = terminal.dispatch(name, input, token);
    if (reply instanceof Promise) throw new Error(`${name} answers asynchronously: use callAsync`);
    return reply as Result<OutputOf<K>, AppError>;
  };
  const callAsync = async <K extends CommandName>(name: K, input: InputOf<K>, token: string | null = null) =>
    (await terminal.dispatch(name, input, token)) as Result<OutputOf<K>, AppError>;
  const must = <K extends CommandName>(name: K, input: InputOf<K>, token: string | null = null): OutputOf<K> => {
    const reply = call(name, input, token);
    if (!reply.ok) throw new Error(`${name} failed: ${JSON.stringify(reply.error)}`);
    return reply.value;
  };
  return {
    terminal,
    clock,
    dataDir,
    call,
    callAsync,
    must,
    loginAs(role) {
      const staff = must('staff.list', {}).find((s) => s.role === role);
      if (!staff) throw new Error(`no ${role} in demo staff`);
      const pin = demoStaff.find((s) => s.role === role)!.pin;
      return must('staff.login', { staffId: staff.id, pin }).token;
    },
    close() {
      terminal.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let keySeq = 0;
/** A fresh idempotency key, as the UI makes one per tap. */
export const tapKey = (): string => `tap-${process.pid}-${++keySeq}-${Math.random().toString(36).slice(2)}`;

import { DeviceManager } from '../../../electron/devices/manager';
import type { Timers } from '../../../electron/devices/timers';
import type { DeviceRead, DeviceStatus, DeviceError } from '../../../electron/devices/types';
import type { Discovery } from '../../../electron/devices/discovery';
import type { SerialPortFactory } from '../../../electron/devices/serialDevice';
import type { HidOpener } from '../../../electron/devices/hidDevice';
import type { Logger } from '../../../electron/core/context';

/** Timers the test moves by hand; `every` callbacks run only when the test calls `tick`. */
export function manualTimers(): Timers & { tick(ms: number): void; now(): number } {
  let now = 0;
  let nextId = 0;
  const pending = new Map<number, { at: number; fn: () => void; every: number | null }>();
  return {
    after(ms, fn) {
      const id = nextId++;
      pending.set(id, { at: now + ms, fn, every: null });
      return () => pending.delete(id);
    },
    every(ms, fn) {
      const id = nextId++;
      pending.set(id, { at: now + ms, fn, every: ms });
      return () => pending.delete(id);
    },
    tick(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        const [id, timer] = due;
        now = timer.at;
        if (timer.every === null) pending.delete(id);
        else timer.at += timer.every;
        timer.fn();
      }
      now = end;
    },
    now: () => now,
  };
}

/** Every line a logger was given, as JSON, to search for what must never be logged. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message, fields) => lines.push(JSON.stringify({ level: 'info', message, ...fields })),
    error: (message, fields) => lines.push(JSON.stringify({ level: 'error', message, ...fields })),
  };
}

export interface Recorder {
  reads: DeviceRead[];
  statuses: DeviceStatus[];
  errors: DeviceError[];
  /** Resolves once `count` reads have arrived in total, or rejects after `ms`. */
  waitForReads(count: number, ms?: number): Promise<DeviceRead[]>;
  waitForStatus(predicate: (s: DeviceStatus) => boolean, ms?: number): Promise<DeviceStatus>;
  /** Everything the manager emitted, serialised: what a UI or a log could ever see. */
  everything(): string;
}

export function record(manager: DeviceManager): Recorder {
  const reads: DeviceRead[] = [];
  const statuses: DeviceStatus[] = [];
  const errors: DeviceError[] = [];
  manager.on('data', (r) => reads.push(r));
  manager.on('status', (s) => statuses.push(s));
  manager.on('error', (e) => errors.push(e));
  const waitUntil = <T>(probe: () => T | undefined, ms: number, what: () => string) =>
    new Promise<T>((resolve, reject) => {
      const started = Date.now();
      const check = () => {
        const value = probe();
        if (value !== undefined) return resolve(value);
        if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what()}`));
        setTimeout(check, 5);
      };
      check();
    });
  return {
    reads,
    statuses,
    errors,
    waitForReads: (count, ms = 3000) => waitUntil(() => (reads.length >= count ? reads : undefined), ms, () => `${count} reads (have ${reads.length})`),
    waitForStatus: (predicate, ms = 3000) => waitUntil(() => statuses.find(predicate), ms, () => 'status'),
    everything: () => JSON.stringify({ reads, statuses, errors }),
  };
}

const nothing: Discovery = { listSerial: async () => [], listHid: async () => [] };
const noSerial: SerialPortFactory = () => {
  throw new Error('no serial ports in this test');
};
const noHid: HidOpener = async () => {
  throw new Error('no HID devices in this test');
};

export function testManager(overrides: Partial<ConstructorParameters<typeof DeviceManager>[0]> = {}) {
  const timers = manualTimers();
  const log = recordingLogger();
  const manager = new DeviceManager({
    discovery: nothing,
    openSerial: noSerial,
    openHid: noHid,
    timers,
    now: timers.now,
    log,
    ...overrides,
  });
  return { manager, timers, log, recorder: record(manager) };
}

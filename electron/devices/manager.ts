/**
 * The device manager: every configured scanner and card reader, whatever its driver, behind one
 * UnifiedPOS-style life cycle (open, claim, enable) and three events:
 *
 *   data    { deviceId, kind, result }   a read, as Result<ScannedCode, AppError>
 *   error   { deviceId, error }          a device failed or went away
 *   status  DeviceStatus                 any change of state or presence
 *
 * Hot-plug: `poll` (run every `pollMs` once started) lists HID devices and serial ports; a claimed
 * device that went away is marked offline, and claimed again as soon as it is back, resuming in
 * the state the app asked for. Reads carry no bank card numbers (those are card.bank_card errors
 * with no parameters), and nothing here logs what a device read.
 */
import { EventEmitter } from 'node:events';
import { err, ok, type Result } from '../../shared/result';
import { appError, type AppError } from '../../shared/errors';
import type { ScannedCode } from '../../shared/codes/classify';
import { interpretRead } from '../../shared/codes/read';
import type { Logger } from '../core/context';
import { deviceConfigSchema, type DeviceConfig, type DeviceConfigInput } from './config';
import { createSerialAdapter, type SerialPortFactory } from './serialDevice';
import { createHidAdapter, type HidOpener } from './hidDevice';
import { createSimulatedAdapter, type SimulatedAction, type SimulatedDevice } from './simulators';
import { describeDevices, snapshot, type Discovery, type DiscoveredDevice } from './discovery';
import { createRepeatFilter, type RepeatFilter } from './repeats';
import type { Timers } from './timers';
import type { AdapterSink, DeviceAdapter, DeviceEvents, DeviceState, DeviceStatus, DiscoverySnapshot } from './types';

export interface DeviceManagerDeps {
  discovery: Discovery;
  openSerial: SerialPortFactory;
  openHid: HidOpener;
  timers: Timers;
  /** Monotonic milliseconds, for the repeat window. */
  now(): number;
  log: Logger;
  /** How often to look for devices plugged in or out. */
  pollMs?: number;
}

interface Entry {
  config: DeviceConfig;
  adapter: DeviceAdapter;
  simulated: SimulatedDevice | null;
  /** What the app asked for. */
  state: DeviceState;
  /** Handle held right now. */
  held: boolean;
  error: AppError | null;
  repeats: RepeatFilter;
  /** Bumped on every claim and release, so a late read or loss from an old handle is ignored. */
  generation: number;
}

const RANK: Record<DeviceState, number> = { closed: 0, open: 1, claimed: 2, enabled: 3 };

export class DeviceManager extends EventEmitter<DeviceEvents> {
  private readonly entries = new Map<string, Entry>();
  private lastSnapshot: DiscoverySnapshot = { serial: [], hid: [] };
  private stopPolling: (() => void) | null = null;
  private polling: Promise<void> | null = null;

  constructor(private readonly deps: DeviceManagerDeps) {
    super();
  }

  /** Replaces the configured devices: new ones are added closed, removed ones closed and dropped. */
  async configure(inputs: readonly DeviceConfigInput[]): Promise<Result<DeviceStatus[], AppError>> {
    const configs: DeviceConfig[] = [];
    for (const input of inputs) {
      const parsed = deviceConfigSchema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const name = typeof input === 'object' && input !== null && typeof input.name === 'string' ? input.name : '?';
        return err(appError('device.invalid_config', { device: name, detail: issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid' }));
      }
      configs.push(parsed.data);
    }
    if (new Set(configs.map((c) => c.id)).size !== configs.length) {
      return err(appError('device.invalid_config', { device: '?', detail: 'device ids must be unique' }));
    }
    const wanted = new Set(configs.map((c) => c.id));
    for (const id of [...this.entries.keys()]) {
      if (!wanted.has(id)) {
        await this.close(id);
        this.entries.delete(id);
      }
    }
    for (const config of configs) {
      const existing = this.entries.get(config.id);
      if (existing && JSON.stringify(existing.config) === JSON.stringify(config)) continue;
      if (existing) await this.close(config.id);
      this.entries.set(config.id, this.createEntry(config));
      // Added or changed while running (from the settings screen): bring it up like start() would.
      if (this.stopPolling !== null && config.enabled) await this.enable(config.id);
    }
    return ok(this.list());
  }

  list(): DeviceStatus[] {
    return [...this.entries.values()].map((e) => this.statusOf(e));
  }

  /** The configuration in force, for the settings screen to edit. */
  configs(): DeviceConfig[] {
    return [...this.entries.values()].map((e) => e.config);
  }

  status(deviceId: string): DeviceStatus | null {
    const entry = this.entries.get(deviceId);
    return entry ? this.statusOf(entry) : null;
  }

  /** UnifiedPOS open: the device is known and reported; nothing is acquired yet. */
  async open(deviceId: string): Promise<Result<DeviceStatus, AppError>> {
    return this.raise(deviceId, 'open');
  }

  /** UnifiedPOS claim: acquire the handle. A missing device stays wanted and is claimed when it appears. */
  async claim(deviceId: string): Promise<Result<DeviceStatus, AppError>> {
    return this.raise(deviceId, 'claimed');
  }

  /** UnifiedPOS enable: deliver reads as data events. */
  async enable(deviceId: string): Promise<Result<DeviceStatus, AppError>> {
    return this.raise(deviceId, 'enabled');
  }

  async disable(deviceId: string): Promise<Result<DeviceStatus, AppError>> {
    return this.lower(deviceId, 'claimed');
  }

  async release(deviceId: string): Promise<Result<DeviceStatus, AppError>> {
    return this.lower(deviceId, 'open');
  }

  async close(deviceId: string): Promise<Result<DeviceStatus, AppError>> {
    return this.lower(deviceId, 'closed');
  }

  /** Opens, claims and enables every configured device that is enabled in settings, and starts polling. */
  async start(): Promise<DeviceStatus[]> {
    await this.poll();
    for (const entry of this.entries.values()) {
      if (entry.config.enabled) await this.enable(entry.config.id);
    }
    if (this.stopPolling === null) {
      this.stopPolling = this.deps.timers.every(this.deps.pollMs ?? 2000, () => {
        void this.poll();
      });
    }
    return this.list();
  }

  async stop(): Promise<void> {
    this.stopPolling?.();
    this.stopPolling = null;
    await this.polling;
    for (const id of this.entries.keys()) await this.close(id);
  }

  /** One discovery pass: marks vanished devices offline and claims returned ones. */
  async poll(): Promise<void> {
    if (this.polling) return this.polling;
    this.polling = (async () => {
      this.lastSnapshot = await snapshot(this.deps.discovery);
      for (const entry of this.entries.values()) {
        const present = entry.adapter.present(this.lastSnapshot);
        if (entry.held && !present) {
          // Some devices vanish without an error on the handle (a hub losing power): let go of it.
          await this.drop(entry);
          this.lost(entry);
        } else if (!entry.held && present && RANK[entry.state] >= RANK.claimed) {
          await this.acquire(entry);
        }
      }
    })();
    try {
      await this.polling;
    } finally {
      this.polling = null;
    }
  }

  /** What is plugged in now, for the settings screen. */
  async discover(): Promise<DiscoveredDevice[]> {
    this.lastSnapshot = await snapshot(this.deps.discovery);
    return describeDevices(this.lastSnapshot);
  }

  /** A scan typed by a wedge device, forwarded from the renderer or before-input-event. */
  keyboardRead(deviceId: string, text: string): Result<void, AppError> {
    const entry = this.entries.get(deviceId);
    if (entry?.config.driver !== 'keyboard') return err(appError('device.not_found', { device: deviceId }));
    const readOptions = { magstripeLrc: entry.config.magstripeLrc, ...(entry.config.uid ? { uid: entry.config.uid } : {}) };
    this.deliver(entry, entry.generation, interpretRead(text, readOptions));
    return ok(undefined);
  }

  /** Drives a simulator device ("test scan" in settings, and tests). */
  simulate(deviceId: string, action: SimulatedAction): Result<void, AppError> {
    const entry = this.entries.get(deviceId);
    if (entry?.simulated == null) return err(appError('device.not_found', { device: deviceId }));
    if (!entry.held || !entry.simulated.perform(action)) return err(appError('device.claimed', { device: entry.config.name }));
    return ok(undefined);
  }

  private createEntry(config: DeviceConfig): Entry {
    let adapter: DeviceAdapter;
    let simulated: SimulatedDevice | null = null;
    switch (config.driver) {
      case 'serial':
        adapter = createSerialAdapter(config, this.deps.openSerial, this.deps.timers);
        break;
      case 'hid':
        adapter = createHidAdapter(config, this.deps.openHid, () => this.lastSnapshot);
        break;
      case 'keyboard':
        adapter = { claim: async () => ok(undefined), release: async () => {}, present: () => true };
        break;
      case 'simulator':
        simulated = createSimulatedAdapter(config);
        adapter = simulated;
        break;
    }
    return {
      config,
      adapter,
      simulated,
      state: 'closed',
      held: false,
      error: null,
      repeats: createRepeatFilter(config.repeatWindowMs),
      generation: 0,
    };
  }

  private statusOf(entry: Entry): DeviceStatus {
    return {
      deviceId: entry.config.id,
      name: entry.config.name,
      kind: entry.config.kind,
      driver: entry.config.driver,
      state: entry.state,
      online: entry.held,
      error: entry.error,
    };
  }

  private emitStatus(entry: Entry): void {
    const status = this.statusOf(entry);
    this.deps.log.info('device status', {
      deviceId: status.deviceId,
      driver: status.driver,
      state: status.state,
      online: status.online,
      error: status.error?.code ?? null,
    });
    this.emit('status', status);
  }

  private async raise(deviceId: string, target: DeviceState): Promise<Result<DeviceStatus, AppError>> {
    const entry = this.entries.get(deviceId);
    if (!entry) return err(appError('device.not_found', { device: deviceId }));
    if (RANK[entry.state] < RANK[target]) {
      entry.state = target;
      if (RANK[target] >= RANK.claimed && !entry.held) {
        // HID devices are opened by the path discovery found: look again rather than trust an old list.
        if (entry.config.driver === 'hid') this.lastSnapshot = await snapshot(this.deps.discovery);
        const acquired = await this.acquire(entry);
        if (!acquired.ok) return acquired;
      } else {
        this.emitStatus(entry);
      }
    }
    return ok(this.statusOf(entry));
  }

  private async lower(deviceId: string, target: DeviceState): Promise<Result<DeviceStatus, AppError>> {
    const entry = this.entries.get(deviceId);
    if (!entry) return err(appError('device.not_found', { device: deviceId }));
    if (RANK[entry.state] > RANK[target]) {
      entry.state = target;
      if (RANK[target] < RANK.claimed) {
        await this.drop(entry);
        entry.error = null;
      }
      this.emitStatus(entry);
    }
    return ok(this.statusOf(entry));
  }

  private async acquire(entry: Entry): Promise<Result<void, AppError>> {
    const generation = ++entry.generation;
    const sink: AdapterSink = {
      read: (result) => this.deliver(entry, generation, result),
      lost: () => {
        if (entry.generation !== generation || !entry.held) return;
        entry.held = false;
        this.lost(entry);
      },
    };
    const claimed = await entry.adapter.claim(sink);
    if (!claimed.ok) {
      entry.error = claimed.error;
      this.emitStatus(entry);
      this.emitError(entry, claimed.error);
      return claimed;
    }
    entry.held = true;
    entry.error = null;
    entry.repeats.reset();
    this.emitStatus(entry);
    return ok(undefined);
  }

  private async drop(entry: Entry): Promise<void> {
    entry.generation++;
    const wasHeld = entry.held;
    entry.held = false;
    if (wasHeld) await entry.adapter.release();
  }

  private lost(entry: Entry): void {
    const error = appError('device.lost', { device: entry.config.name });
    entry.error = error;
    this.emitStatus(entry);
    this.emitError(entry, error);
  }

  /**
   * Node's EventEmitter throws an 'error' nobody listens to; a missing scanner must not bring the
   * till down, and its status event already says what is wrong.
   */
  private emitError(entry: Entry, error: AppError): void {
    if (this.listenerCount('error') > 0) this.emit('error', { deviceId: entry.config.id, error });
  }

  private deliver(entry: Entry, generation: number, result: Result<ScannedCode, AppError>): void {
    if (entry.generation !== generation || entry.state !== 'enabled') return;
    if (!entry.repeats.accept(result, this.deps.now())) return;
    this.emit('data', { deviceId: entry.config.id, kind: entry.config.kind, result });
  }
}

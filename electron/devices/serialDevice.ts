/**
 * Serial scanners and card readers (RS-232, or USB adapters that appear as a serial port): text
 * protocols framed by prefix and suffix (barcodes, magnetic stripe tracks, keyboard-style UID
 * readers) and RDM6300-style 125 kHz RFID frames.
 */
import { err, ok, type Result } from '../../shared/result';
import { appError, type AppError } from '../../shared/errors';
import { interpretRead } from '../../shared/codes/read';
import { createRdm6300Decoder } from '../../shared/codes/rfid';
import type { SerialDeviceConfig } from './config';
import { createFramer } from './framing';
import type { AdapterSink, DeviceAdapter, DiscoverySnapshot } from './types';
import type { Timers } from './timers';

/** What the adapter needs of a port: SerialPort and SerialPortMock from 'serialport' both fit. */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeAllListeners(): unknown;
}

export interface SerialOpenOptions {
  path: string;
  baudRate: number;
  dataBits: 5 | 6 | 7 | 8;
  parity: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits: 1 | 1.5 | 2;
  rtscts: boolean;
  autoOpen: false;
}

export type SerialPortFactory = (options: SerialOpenOptions) => SerialPortLike;

/** Text decoders turn chunks into reads; RDM6300 frames are binary with their own checksum. */
interface StreamDecoder {
  push(chunk: Uint8Array, sink: AdapterSink): void;
  reset(): void;
  dispose(): void;
}

function textDecoder(config: SerialDeviceConfig, timers: Timers): StreamDecoder {
  const framer = createFramer(config.framing);
  const readOptions = { magstripeLrc: config.magstripeLrc, ...(config.uid ? { uid: config.uid } : {}) };
  let idleTimer: (() => void) | null = null;
  return {
    push(chunk, sink) {
      for (const text of framer.push(chunk)) sink.read(interpretRead(text, readOptions));
      if (config.framing.suffix === '') {
        idleTimer?.();
        idleTimer = timers.after(config.framing.idleMs, () => {
          idleTimer = null;
          const text = framer.idle();
          if (text !== null) sink.read(interpretRead(text, readOptions));
        });
      }
    },
    reset() {
      framer.reset();
    },
    dispose() {
      idleTimer?.();
      idleTimer = null;
      framer.reset();
    },
  };
}

function rdm6300Decoder(): StreamDecoder {
  const decoder = createRdm6300Decoder();
  return {
    push(chunk, sink) {
      for (const reading of decoder.push(chunk)) {
        sink.read(reading.ok ? ok({ kind: 'loyalty', code: reading.value.tag }) : reading);
      }
    },
    reset: () => decoder.reset(),
    dispose: () => decoder.reset(),
  };
}

export function createSerialAdapter(config: SerialDeviceConfig, openPort: SerialPortFactory, timers: Timers): DeviceAdapter {
  let port: SerialPortLike | null = null;
  let decoder: StreamDecoder | null = null;

  const detach = () => {
    port?.removeAllListeners();
    port = null;
    decoder?.dispose();
    decoder = null;
  };

  return {
    async claim(sink) {
      if (port !== null) return err(appError('device.claimed', { device: config.name }));
      let opened: SerialPortLike;
      try {
        opened = openPort({ path: config.path, ...config.serial, autoOpen: false });
      } catch {
        // Invalid options make the constructor throw; the message could name the path only, but
        // the user sees a translated error instead.
        return err(appError('device.invalid_config', { device: config.name, detail: 'serial options' }));
      }
      const opening = await new Promise<Result<void, AppError>>((resolve) => {
        opened.open((error) => {
          if (error === null) resolve(ok(undefined));
          else resolve(err(appError(/not exist|no such file|ENOENT/i.test(error.message) ? 'device.not_found' : 'device.open_failed', { device: config.name })));
        });
      });
      if (!opening.ok) return opening;
      const streamDecoder = config.protocol === 'rdm6300' ? rdm6300Decoder() : textDecoder(config, timers);
      port = opened;
      decoder = streamDecoder;
      opened.on('data', (chunk) => {
        if (chunk instanceof Uint8Array) streamDecoder.push(chunk, sink);
      });
      // 'close' with an error is an unplugged device (or a pseudo-terminal whose other end went away).
      opened.on('close', (error) => {
        if (port !== opened) return;
        detach();
        if (error) sink.lost();
      });
      opened.on('error', () => {
        if (port !== opened) return;
        const stale = opened;
        detach();
        if (stale.isOpen) stale.close(() => {});
        sink.lost();
      });
      return ok(undefined);
    },

    async release() {
      const current = port;
      detach();
      if (current?.isOpen) await new Promise<void>((resolve) => current.close(() => resolve()));
    },

    present(snapshot: DiscoverySnapshot) {
      return snapshot.serial.some((p) => p.path === config.path);
    },
  };
}

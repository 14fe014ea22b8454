import { createRequire } from 'node:module';
import type { PrinterConfig } from '../../shared/receipt/printer';
import type { PrinterTarget } from './queue';
import { profileFor } from './profiles';
import { deviceFileTransport, serialTransport, tcpTransport, type SerialPrinterOpener } from './transports';
import { startSimulatedPrinter, type SimulatedPrinter } from './simulator/server';

/**
 * Where receipts go: the configured printer as a transport and a code-page profile. The simulated
 * printer runs in this process on a free loopback port once it is chosen.
 */
export interface PrinterHost {
  target(config: PrinterConfig): PrinterTarget | null;
  /** Starts the simulated printer if the configuration asks for it. */
  prepare(config: PrinterConfig): Promise<void>;
  simulator(): SimulatedPrinter | null;
  close(): Promise<void>;
}

// serialport is a native addon: loaded when a serial printer is first used, not at import.
const nativeRequire = createRequire(import.meta.url);
const systemSerial: SerialPrinterOpener = (options) => {
  const { SerialPort } = nativeRequire('serialport') as { SerialPort: new (o: typeof options) => ReturnType<SerialPrinterOpener> };
  return new SerialPort(options);
};

export function createPrinterHost(options: { openSerial?: SerialPrinterOpener } = {}): PrinterHost {
  let sim: SimulatedPrinter | null = null;
  const openSerial = options.openSerial ?? systemSerial;
  return {
    target(config) {
      if (config.transport === 'none') return null;
      const profile = profileFor(config);
      switch (config.transport) {
        case 'simulator':
          return sim ? { transport: tcpTransport('127.0.0.1', sim.port), profile } : null;
        case 'tcp':
          return { transport: tcpTransport(config.host, config.port), profile };
        case 'device':
          return { transport: deviceFileTransport(config.path), profile };
        case 'serial':
          return {
            transport: serialTransport({ path: config.path, baudRate: config.baudRate, parity: config.parity, stopBits: config.stopBits, rtscts: config.rtscts }, openSerial),
            profile,
          };
      }
    },
    async prepare(config) {
      if (config.transport === 'simulator' && !sim) sim = await startSimulatedPrinter({ width: config.width });
    },
    simulator: () => sim,
    async close() {
      await sim?.close();
      sim = null;
    },
  };
}

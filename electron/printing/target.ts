import type { PrinterConfig } from '../../shared/receipt/printer';
import type { PrinterTarget } from './queue';
import { printerProfiles } from './profiles';
import { deviceFileTransport, tcpTransport } from './transports';
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

export function createPrinterHost(): PrinterHost {
  let sim: SimulatedPrinter | null = null;
  return {
    target(config) {
      if (config.transport === 'none') return null;
      const profile = printerProfiles.find((p) => p.id === config.profileId) ?? printerProfiles[0]!;
      if (config.transport === 'simulator') return sim ? { transport: tcpTransport('127.0.0.1', sim.port), profile } : null;
      const transport = config.transport === 'tcp' ? tcpTransport(config.host, config.port) : deviceFileTransport(config.path);
      return { transport, profile };
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

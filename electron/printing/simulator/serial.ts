import type { Printed } from './interpreter';
import { createPrinterMechanism } from './server';
import type { PrinterStatus } from '../status';
import type { SerialPrinterOpener, SerialPrinterPort } from '../transports';

/**
 * A simulated serial receipt printer on the far end of a serial line (one end of a socat
 * pseudo-terminal pair in the tests): it reads what the till sends, answers DLE EOT, and decodes
 * the rest as paper.
 */
export interface SimulatedSerialPrinter {
  printed: Printed[];
  state: PrinterStatus;
  close(): Promise<void>;
}

export async function startSimulatedSerialPrinter(options: { path: string; width: number; baudRate?: number; open: SerialPrinterOpener }): Promise<SimulatedSerialPrinter> {
  const port: SerialPrinterPort = options.open({ path: options.path, baudRate: options.baudRate ?? 9600, parity: 'none', stopBits: 1, rtscts: false, dataBits: 8, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
  const sim: SimulatedSerialPrinter = {
    printed: [],
    state: { online: true, coverOpen: false, paperOut: false, paperNearEnd: false },
    close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
  const mechanism = createPrinterMechanism({ width: options.width, state: () => sim.state, printed: (p) => sim.printed.push(p) });
  port.on('data', (chunk: Buffer) => {
    const answer = mechanism.push(chunk);
    if (answer.length > 0) port.write(answer);
  });
  port.on('error', () => {});
  return sim;
}

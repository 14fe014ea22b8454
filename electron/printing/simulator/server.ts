import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { interpret, type Printed } from './interpreter';
import { statusBytes, type PrinterStatus } from '../status';

/**
 * A simulated network receipt printer (the one device kind the tests and a demo without hardware
 * use): a TCP server that answers DLE EOT like a real printer, prints what it receives by decoding
 * it, and can be told to fail the ways printers fail.
 */
export interface SimulatedPrinter {
  port: number;
  /** Complete jobs, decoded: what came out of the printer. */
  printed: Printed[];
  state: PrinterStatus;
  /** Drop the next job's connection after this many bytes (the cable pulled mid-receipt). */
  dropNextAfter: number | null;
  /** Stop accepting connections (switched off) or accept again. */
  setPower(on: boolean): Promise<void>;
  close(): Promise<void>;
}

export async function startSimulatedPrinter(options: { width: number; port?: number }): Promise<SimulatedPrinter> {
  const sim: SimulatedPrinter = {
    port: 0,
    printed: [],
    state: { online: true, coverOpen: false, paperOut: false, paperNearEnd: false },
    dropNextAfter: null,
    setPower: async () => {},
    close: async () => {},
  };
  const sockets = new Set<Socket>();

  const handle = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let dropAfter = sim.dropNextAfter;
    let received = 0;
    const mechanism = createPrinterMechanism({ width: options.width, state: () => sim.state, printed: (p) => sim.printed.push(p) });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (dropAfter !== null && received >= dropAfter) {
        sim.dropNextAfter = null;
        dropAfter = null;
        mechanism.discard();
        socket.destroy();
        return;
      }
      const answer = mechanism.push(chunk);
      if (answer.length > 0) socket.write(answer);
    });
    socket.on('end', () => {
      mechanism.finish();
      socket.end();
    });
  };

  let server: Server = createServer(handle);
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  await listen(options.port ?? 0);
  sim.port = (server.address() as AddressInfo).port;
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  sim.setPower = async (on) => {
    if (!on) await stop();
    else {
      server = createServer(handle);
      await listen(sim.port);
    }
  };
  sim.close = stop;
  return sim;
}

/**
 * What any simulated printer does with the bytes it receives, whatever the cable: a DLE EOT query
 * is answered at once from the current state, and everything received before it goes to paper
 * (decoded), unless the paper is out or the cover open, in which case the printer takes nothing.
 */
export function createPrinterMechanism(options: { width: number; state: () => PrinterStatus; printed: (p: Printed) => void }) {
  let job: number[] = [];
  let pending: number[] = [];
  const print = () => {
    const s = options.state();
    if (job.length > 0 && !s.paperOut && !s.coverOpen) options.printed(interpret(Uint8Array.from(job), options.width));
    job = [];
  };
  return {
    /** Takes a chunk; returns the status bytes to send back. */
    push(chunk: Uint8Array): Uint8Array {
      const bytes = [...pending, ...chunk];
      pending = [];
      const answers: number[] = [];
      for (let i = 0; i < bytes.length; i++) {
        if (bytes[i] === 0x10 && (i + 1 >= bytes.length || bytes[i + 1] === 0x04)) {
          // A query split across chunks waits for its last byte.
          if (i + 2 >= bytes.length) {
            pending = bytes.slice(i);
            break;
          }
          print();
          const [printer, offline, paper] = statusBytes(options.state());
          const n = bytes[i + 2];
          answers.push(n === 1 ? printer : n === 2 ? offline : paper);
          i += 2;
        } else job.push(bytes[i]!);
      }
      return Uint8Array.from(answers);
    },
    /** The host closed the connection: what came in prints. */
    finish: print,
    /** The connection broke: the half-received job is lost on the printer's side. */
    discard() {
      job = [];
      pending = [];
    },
  };
}

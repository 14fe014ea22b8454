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
    let job: number[] = [];
    let dropAfter = sim.dropNextAfter;
    let received = 0;
    // What the printer has taken in goes to paper; a status query after it is answered once it has.
    const print = () => {
      if (job.length > 0 && !sim.state.paperOut && !sim.state.coverOpen) sim.printed.push(interpret(Uint8Array.from(job), options.width));
      job = [];
    };
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (dropAfter !== null && received >= dropAfter) {
        sim.dropNextAfter = null;
        dropAfter = null;
        job = [];
        socket.destroy();
        return;
      }
      for (let i = 0; i < chunk.length; i++) {
        if (chunk[i] === 0x10 && chunk[i + 1] === 0x04 && i + 2 < chunk.length) {
          print();
          const [printer, offline, paper] = statusBytes(sim.state);
          const n = chunk[i + 2];
          socket.write(Uint8Array.of(n === 1 ? printer : n === 2 ? offline : paper));
          i += 2;
        } else job.push(chunk[i]!);
      }
    });
    socket.on('end', () => {
      print();
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

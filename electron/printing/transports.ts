import { Socket } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { err, ok, type Result } from '../../shared/result';
import type { AppError } from '../../shared/errors';
import { DLE_EOT, parseStatus, type PrinterStatus } from './status';

/** How bytes reach a printer: a network socket (port 9100), a serial port, or a USB printer device file. */
export interface PrinterTransport {
  /** DLE EOT status, or why the printer cannot be reached. */
  status(): Promise<Result<PrinterStatus, AppError>>;
  /** Sends a whole job. Ok only once every byte was handed over and the connection closed cleanly. */
  send(bytes: Uint8Array): Promise<Result<void, AppError>>;
}

export function tcpTransport(host: string, port: number, timeoutMs = 3000): PrinterTransport {
  const connect = () =>
    new Promise<Socket>((resolve, reject) => {
      const socket = new Socket();
      socket.setTimeout(timeoutMs, () => socket.destroy(new Error('timeout')));
      socket.once('error', reject);
      socket.connect(port, host, () => {
        socket.off('error', reject);
        resolve(socket);
      });
    });

  return {
    async status() {
      let socket: Socket;
      try {
        socket = await connect();
      } catch {
        return err({ code: 'printer.offline' });
      }
      try {
        const answers: number[] = [];
        for (const n of [1, 2, 4] as const) {
          const answer = new Promise<number>((resolve, reject) => {
            socket.once('data', (chunk: Buffer) => resolve(chunk[0]!));
            socket.once('error', reject);
            socket.once('close', () => reject(new Error('closed')));
          });
          socket.write(DLE_EOT(n));
          answers.push(await answer);
        }
        const status = parseStatus(answers[0]!, answers[1]!, answers[2]!);
        return status ? ok(status) : err({ code: 'printer.offline' });
      } catch {
        return err({ code: 'printer.offline' });
      } finally {
        socket.destroy();
      }
    },

    async send(bytes) {
      let socket: Socket;
      try {
        socket = await connect();
      } catch {
        return err({ code: 'printer.offline' });
      }
      // TCP says nothing about whether the printer took the bytes. A DLE EOT after the job is answered
      // only by a printer that read everything before it, so the answer is the receipt's delivery note.
      return new Promise((resolve) => {
        let settled = false;
        const finish = (result: Result<void, AppError>) => {
          if (settled) return;
          settled = true;
          if (result.ok) socket.end();
          else socket.destroy();
          resolve(result);
        };
        socket.once('data', () => finish(ok(undefined)));
        socket.once('error', () => finish(err({ code: 'printer.dropped' })));
        socket.once('close', () => finish(err({ code: 'printer.dropped' })));
        socket.write(Buffer.from(bytes));
        socket.write(DLE_EOT(1));
      });
    },
  };
}

/**
 * A USB printer on Linux is a character device (/dev/usb/lpN, the usblp driver) that takes the bytes
 * as they are. On Windows a USB receipt printer is reached through its driver's port instead: set it
 * up as a network or serial printer there.
 */
export function deviceFileTransport(path: string): PrinterTransport {
  return {
    async status() {
      // usblp gives no DLE EOT answers back through the file: the device being writable is all we know.
      try {
        await writeFile(path, new Uint8Array(0), { flag: 'a' });
        return ok({ online: true, coverOpen: false, paperOut: false, paperNearEnd: false });
      } catch {
        return err({ code: 'printer.offline' });
      }
    },
    async send(bytes) {
      try {
        await writeFile(path, bytes, { flag: 'a' });
        return ok(undefined);
      } catch {
        return err({ code: 'printer.offline' });
      }
    },
  };
}

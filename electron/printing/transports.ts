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

/** What the serial transport needs of a port: serialport's SerialPort fits (and so does its mock). */
export interface SerialPrinterPort {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  close(callback?: (error: Error | null) => void): void;
  write(data: Uint8Array): boolean;
  drain(callback: (error: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close' | 'error', listener: (error?: Error | null) => void): unknown;
  removeAllListeners(): unknown;
}

export interface SerialPrinterOptions {
  path: string;
  baudRate: number;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
  rtscts: boolean;
}

export type SerialPrinterOpener = (options: SerialPrinterOptions & { dataBits: 8; autoOpen: false }) => SerialPrinterPort;

/**
 * A serial receipt printer. The line carries both ways, so DLE EOT is answered as on the network:
 * status before a job, and one query after it whose answer says the printer read every byte. The
 * port is opened per job and closed after, so a printer unplugged between receipts is simply offline.
 */
export function serialTransport(options: SerialPrinterOptions, openPort: SerialPrinterOpener, timeoutMs = 3000): PrinterTransport {
  const session = async <T>(run: (port: SerialPrinterPort, answers: () => Promise<number>) => Promise<Result<T, AppError>>): Promise<Result<T, AppError>> => {
    let port: SerialPrinterPort;
    try {
      port = openPort({ ...options, dataBits: 8, autoOpen: false });
    } catch {
      return err({ code: 'printer.offline' });
    }
    const opened = await new Promise<boolean>((resolve) => port.open((error) => resolve(error === null)));
    if (!opened) return err({ code: 'printer.offline' });
    const received: number[] = [];
    const waiting: Array<(byte: number | null) => void> = [];
    let gone = false;
    port.on('data', (chunk: Buffer) => {
      for (const byte of chunk) {
        const next = waiting.shift();
        if (next) next(byte);
        else received.push(byte);
      }
    });
    const vanish = () => {
      gone = true;
      for (const next of waiting.splice(0)) next(null);
    };
    port.on('close', vanish);
    port.on('error', vanish);
    // The next byte the printer sends, or a rejection when it stays silent or the port goes away.
    const answer = () =>
      new Promise<number>((resolve, reject) => {
        const early = received.shift();
        if (early !== undefined) return resolve(early);
        if (gone) return reject(new Error('gone'));
        const timer = setTimeout(() => {
          const i = waiting.indexOf(settle);
          if (i >= 0) waiting.splice(i, 1);
          reject(new Error('timeout'));
        }, timeoutMs);
        const settle = (byte: number | null) => {
          clearTimeout(timer);
          if (byte === null) reject(new Error('gone'));
          else resolve(byte);
        };
        waiting.push(settle);
      });
    try {
      return await run(port, answer);
    } finally {
      port.removeAllListeners();
      if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    }
  };

  const write = (port: SerialPrinterPort, bytes: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      port.write(bytes);
      port.drain((error) => (error ? reject(error) : resolve()));
    });

  return {
    status: () =>
      session(async (port, answer) => {
        try {
          const bytes: number[] = [];
          for (const n of [1, 2, 4] as const) {
            await write(port, DLE_EOT(n));
            bytes.push(await answer());
          }
          const status = parseStatus(bytes[0]!, bytes[1]!, bytes[2]!);
          return status ? ok(status) : err({ code: 'printer.offline' });
        } catch {
          return err({ code: 'printer.offline' });
        }
      }),
    send: (bytes) =>
      session(async (port, answer) => {
        try {
          await write(port, bytes);
          await write(port, DLE_EOT(1));
        } catch {
          return err({ code: 'printer.dropped' });
        }
        try {
          await answer();
          return ok(undefined);
        } catch {
          return err({ code: 'printer.dropped' });
        }
      }),
  };
}

import type { Logger } from '../core/context';

/** One JSON line per event on stderr; the shell or service manager keeps it. Never pass PINs, card numbers or names. */
export function createConsoleLogger(stream: NodeJS.WritableStream = process.stderr): Logger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) =>
    stream.write(`${JSON.stringify({ t: new Date().toISOString(), level, message, ...fields })}\n`);
  return {
    info: (message, fields) => write('info', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

export const silentLogger: Logger = { info: () => {}, error: () => {} };

/**
 * Browser mode: the same terminal as the Electron app, served over HTTP + WebSocket on 127.0.0.1.
 * Usage: npm run serve -- [--port N] [--data DIR] [--host ADDR]
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { createTerminal } from './app/terminal';
import { createHttpTransport } from './transport/http';
import { defaultDataDir } from './app/paths';

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(argument('port') ?? process.env.PORT ?? 5174);
const host = argument('host') ?? '127.0.0.1';
const dataDir = resolve(argument('data') ?? process.env.LOYAL_TILL_DATA ?? defaultDataDir());
const staticDir = join(root, 'renderer', 'dist');

const terminal = createTerminal({ dataDir });
void terminal.startDevices();
terminal.startSync();
const server = createHttpTransport({ terminal, staticDir: existsSync(staticDir) ? staticDir : null });
server.listen(port, host, () => {
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(`Loyal Till serving on http://${host}:${actualPort}\n`);
  if (!existsSync(staticDir)) process.stdout.write('(API only: the renderer is not built; run npm run build:renderer)\n');
});

const shutdown = () => {
  server.close();
  terminal.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

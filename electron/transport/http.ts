import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { contract, commandNames } from '../../shared/contract';
import type { Terminal } from '../app/terminal';
import { httpStatus } from './status';

/** Longer bodies are refused before parsing: no command of the contract needs more. */
const MAX_BODY_BYTES = 64 * 1024;

export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface HttpTransportOptions {
  terminal: Terminal;
  /** The built renderer (renderer/dist); null serves the API only. */
  staticDir: string | null;
}

/**
 * Browser mode and the local API for other POS programs: the same contract as IPC.
 * POST /api/<command> with a JSON body -> {ok, value} | {ok:false, error}; GET /api/contract;
 * WebSocket /events?token=... for TillEvents.
 */
export function createHttpTransport({ terminal, staticDir }: HttpTransportOptions): Server {
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal' } });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/api/contract' && req.method === 'GET') return sendJson(res, 200, describeContract());
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'command.unknown', params: { command: url.pathname.slice(5) } } });
      // Only JSON: a foreign web page cannot send it to localhost without a CORS preflight we never grant.
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        return sendJson(res, 415, { ok: false, error: { code: 'input.invalid', params: { field: '(content-type)' } } });
      }
      const body = await readBody(req);
      if (body === null) return sendJson(res, 413, { ok: false, error: { code: 'input.invalid', params: { field: '(body)' } } });
      let input: unknown;
      try {
        input = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        return sendJson(res, 400, { ok: false, error: { code: 'input.invalid', params: { field: '(json)' } } });
      }
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Bearer ') ? auth.slice(7) : null;
      const reply = await terminal.dispatch(decodeURIComponent(url.pathname.slice(5)), input, token);
      return sendJson(res, reply.ok ? 200 : httpStatus(reply.error.code), reply);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed');
    return serveStatic(res, url.pathname);
  }

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    if (!staticDir) return sendText(res, 404, 'Not found');
    const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    let file = join(staticDir, relative);
    if (!file.startsWith(staticDir + sep) && file !== staticDir) return sendText(res, 403, 'Forbidden');
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    } catch {
      // A client-side route: the app's index serves it.
      file = join(staticDir, 'index.html');
    }
    try {
      const data = await readFile(file);
      res.writeHead(200, {
        'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
        'content-security-policy': contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
        'cache-control': file.endsWith('index.html') ? 'no-cache' : 'max-age=3600',
      });
      res.end(data);
    } catch {
      sendText(res, 404, 'The renderer is not built. Run: npm run build:renderer');
    }
  }

  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const token = url.searchParams.get('token');
    const authorised = url.pathname === '/events' && token !== null && terminal.isSignedIn(token);
    if (!authorised) {
      socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      const unsubscribe = terminal.events.subscribe((event) => ws.send(JSON.stringify(event)));
      ws.on('close', unsubscribe);
    });
  });

  server.on('close', () => sockets.close());
  return server;
}

export function describeContract() {
  return {
    commands: commandNames.map((name) => ({
      name,
      path: `/api/${name}`,
      summary: contract[name].summary,
      access: contract[name].access,
      input: z.toJSONSchema(contract[name].input, { io: 'input', unrepresentable: 'any' }),
    })),
  };
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}

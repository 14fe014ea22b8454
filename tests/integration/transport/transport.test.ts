import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestTerminal, tapKey, type TestTerminal } from '../../support/terminal';
import { listen, postJson } from '../../support/http';
import { createHttpTransport } from '../../../electron/transport/http';
import { bindIpc, channelOf, type IpcEventLike, type IpcMainLike } from '../../../electron/transport/ipc';
import { inStoreCardCode } from '../../../shared/codes/ean';
import { commandNames } from '../../../shared/contract';
import type { Server } from 'node:http';

/**
 * Electron's ipcMain cannot run here (no Electron binary), so this stands in for it with the same
 * handle/invoke semantics; the binding under test is the real one main.ts uses.
 */
function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcEventLike, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  const invoke = async (url: string, command: string, input: unknown, token: string | null) => {
    const handler = handlers.get(channelOf(command));
    if (!handler) throw new Error(`no handler for ${command}`);
    return handler({ senderFrame: { url } }, input, token);
  };
  return { ipcMain, invoke, handlers };
}

const appUrl = 'file:///opt/loyal-till/out/renderer/index.html';

let t: TestTerminal;
let server: Server;
let base: string;
let ipc: ReturnType<typeof fakeIpcMain>;
beforeEach(async () => {
  t = startTestTerminal();
  server = createHttpTransport({ terminal: t.terminal, staticDir: null });
  base = await listen(server);
  ipc = fakeIpcMain();
  bindIpc(ipc.ipcMain, t.terminal.dispatch, (url) => url === appUrl);
});
afterEach(async () => {
  await new Promise((r) => server.close(r));
  t.close();
});

describe('one contract, two transports', () => {
  it('binds one IPC channel per command and nothing else', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(commandNames.map(channelOf).sort());
  });

  it('gives the same answers through IPC and HTTP', async () => {
    const token = t.loginAs('cashier');
    const enrolled = await postJson(base, 'customer.enroll', { name: 'Мила', phone: '0877 111 222', language: 'bg', cardCode: inStoreCardCode(42) }, token);
    expect(enrolled.status).toBe(200);
    const viaHttp = await postJson(base, 'customer.identify', { code: inStoreCardCode(42) }, token);
    const viaIpc = await ipc.invoke(appUrl, 'customer.identify', { code: inStoreCardCode(42) }, token);
    expect(viaHttp.body).toEqual(viaIpc);
    expect(viaHttp.body.ok).toBe(true);

    const badHttp = await postJson(base, 'stamp.add', { customerId: 'nope', count: 1 }, token);
    const badIpc = await ipc.invoke(appUrl, 'stamp.add', { customerId: 'nope', count: 1 }, token);
    expect(badHttp.status).toBe(400);
    expect(badHttp.body).toEqual(badIpc);
    expect(badHttp.body.error?.code).toBe('input.invalid');
  });

  it('refuses a missing or insufficient role on both transports, changing nothing', async () => {
    const cashier = t.loginAs('cashier');
    const anna = t.must('customer.enroll', { name: 'Anna', phone: '0888 555 666', language: 'en' }, cashier);
    const barista = t.loginAs('barista');
    const stamp = { customerId: anna.customer.id, count: 1, visitId: 'visit-1234', idempotencyKey: tapKey() };
    expect(await postJson(base, 'stamp.add', stamp)).toEqual({ status: 401, body: { ok: false, error: { code: 'auth.required' } } });
    expect(await postJson(base, 'stamp.add', stamp, barista)).toEqual({ status: 403, body: { ok: false, error: { code: 'auth.forbidden' } } });
    expect(await ipc.invoke(appUrl, 'stamp.add', stamp, barista)).toEqual({ ok: false, error: { code: 'auth.forbidden' } });
    expect(t.terminal.db.prepare('SELECT COUNT(*) AS n FROM ledger').get()).toEqual({ n: 0 });
  });

  it('refuses IPC from a frame that is not the app', async () => {
    expect(await ipc.invoke('https://evil.example/', 'staff.list', {}, null)).toEqual({ ok: false, error: { code: 'auth.forbidden' } });
  });

  it('answers malformed JSON, a wrong content type and an unknown command with typed errors', async () => {
    expect(await postJson(base, 'staff.list', '{"oops":')).toEqual({ status: 400, body: { ok: false, error: { code: 'input.invalid', params: { field: '(json)' } } } });
    const text = await fetch(`${base}/api/staff.list`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(text.status).toBe(415);
    expect(await postJson(base, 'shop.burn', {})).toEqual({ status: 404, body: { ok: false, error: { code: 'command.unknown', params: { command: 'shop.burn' } } } });
  });

  it('lists every command with its JSON Schema and role', async () => {
    const response = await fetch(`${base}/api/contract`);
    const body = (await response.json()) as { commands: { name: string; access: unknown; input: { type: string; properties?: Record<string, unknown> } }[] };
    expect(body.commands.map((c) => c.name).sort()).toEqual([...commandNames].sort());
    const stamp = body.commands.find((c) => c.name === 'stamp.add')!;
    expect(stamp.access).toEqual(['cashier', 'manager']);
    expect(Object.keys(stamp.input.properties ?? {})).toEqual(expect.arrayContaining(['customerId', 'count', 'idempotencyKey']));
  });

  it('pushes events to signed-in WebSocket clients only', async () => {
    const token = t.loginAs('cashier');
    const wsBase = base.replace('http', 'ws');
    const refused = new WebSocket(`${wsBase}/events?token=wrong`);
    await expect(new Promise((resolve, reject) => { refused.on('open', resolve); refused.on('error', reject); })).rejects.toThrow(/401/);
    const socket = new WebSocket(`${wsBase}/events?token=${encodeURIComponent(token)}`);
    await new Promise((resolve) => socket.on('open', resolve));
    const received = new Promise((resolve) => socket.on('message', (data) => resolve(JSON.parse(String(data)))));
    t.terminal.events.publish({ type: 'sync.status', online: false, waiting: 3, lastSyncAt: null, lastError: null });
    expect(await received).toEqual({ type: 'sync.status', online: false, waiting: 3, lastSyncAt: null, lastError: null });
    socket.close();
  });
});

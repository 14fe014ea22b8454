import type { CommandName, InputOf, Reply, TillCommands } from '../../../shared/contract';
import type { TillEvent } from '../../../shared/contract/events';

/** What the preload exposes in Electron: one function per command, and an event subscription. */
type ElectronTill = TillCommands & { onEvent(listener: (event: TillEvent) => void): () => void };

declare global {
  interface Window {
    till?: ElectronTill;
  }
}

export interface Till {
  call<K extends CommandName>(name: K, input: InputOf<K>): Promise<Reply<K>>;
  setToken(token: string | null): void;
  token(): string | null;
  /** Events from the main process; `connected` says whether the channel is up (browser mode). */
  onEvent(listener: (event: TillEvent) => void): () => void;
  onConnection(listener: (connected: boolean) => void): () => void;
}

const TOKEN_KEY = 'loyal-till.token';

/**
 * The one client of the contract: Electron IPC through window.till, or HTTP + WebSocket in a
 * browser. Screens never know which. The session token survives a page reload (sessionStorage).
 */
export function createTill(): Till {
  let token: string | null = sessionStorage.getItem(TOKEN_KEY);
  const listeners = new Set<(event: TillEvent) => void>();
  const connectionListeners = new Set<(connected: boolean) => void>();
  const electron = window.till;

  const call = async <K extends CommandName>(name: K, input: InputOf<K>): Promise<Reply<K>> => {
    if (electron) return (electron[name] as (input: InputOf<K>, token: string | null) => Promise<Reply<K>>)(input, token);
    try {
      const response = await fetch(`./api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(input),
      });
      return (await response.json()) as Reply<K>;
    } catch {
      // The terminal's own server is on this machine: if it is gone, nothing was done.
      return { ok: false, error: { code: 'internal' } };
    }
  };

  let socket: WebSocket | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const connect = () => {
    if (electron || !token) return;
    const url = new URL('./events', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    socket = new WebSocket(url);
    socket.onopen = () => connectionListeners.forEach((l) => l(true));
    socket.onmessage = (message) => {
      const event = JSON.parse(String(message.data)) as TillEvent;
      listeners.forEach((l) => l(event));
    };
    socket.onclose = () => {
      connectionListeners.forEach((l) => l(false));
      socket = null;
      if (token) retry = setTimeout(connect, 2000);
    };
  };
  if (electron) electron.onEvent((event) => listeners.forEach((l) => l(event)));
  else connect();

  return {
    call,
    token: () => token,
    setToken(next) {
      token = next;
      if (next) sessionStorage.setItem(TOKEN_KEY, next);
      else sessionStorage.removeItem(TOKEN_KEY);
      if (retry) clearTimeout(retry);
      socket?.close();
      connect();
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
  };
}

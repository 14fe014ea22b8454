import { commandNames } from '../../shared/contract';
import type { Dispatch } from '../core/handlers';

/**
 * The Electron IPC binding of the contract, typed structurally so it runs and is tested under plain
 * Node: main.ts passes Electron's ipcMain. One channel per command (`till:<command>`), no generic one,
 * and every message's sender frame is checked before anything is parsed.
 */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface IpcEventLike {
  senderFrame: { url: string } | null;
}

export const channelOf = (command: string): string => `till:${command}`;

export function bindIpc(ipcMain: IpcMainLike, dispatch: Dispatch, isTrustedUrl: (url: string) => boolean): () => void {
  for (const name of commandNames) {
    ipcMain.handle(channelOf(name), (event, input, token) => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrustedUrl(url)) return { ok: false, error: { code: 'auth.forbidden' } };
      return dispatch(name, input, typeof token === 'string' ? token : null);
    });
  }
  return () => {
    for (const name of commandNames) ipcMain.removeHandler(channelOf(name));
  };
}

/** The app's own pages: the packaged renderer file, or the electron-vite dev server on localhost. */
export function appUrlChecker(rendererFile: string, devServerUrl: string | undefined): (url: string) => boolean {
  const fileUrl = new URL(`file://${rendererFile.startsWith('/') ? '' : '/'}${rendererFile.replace(/\\/g, '/')}`).href;
  return (url) => {
    if (url === fileUrl || url.startsWith(`${fileUrl}#`) || url.startsWith(`${fileUrl}?`)) return true;
    if (devServerUrl) {
      try {
        return new URL(url).origin === new URL(devServerUrl).origin;
      } catch {
        return false;
      }
    }
    return false;
  };
}

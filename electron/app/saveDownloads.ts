import { dirname, extname, join } from 'node:path';
import type { Logger } from '../core/context';

/**
 * Where a data export is saved in the Electron shell. The renderer hands the file over as a
 * download (renderer/src/components/ExportPanel.tsx); here the shell asks the manager where to put
 * it, with a filter for the file's type, starting in the folder chosen last time. Written against
 * the few members of Electron's session, DownloadItem and dialog it uses, so it runs and is tested
 * under plain Node with stand-ins (tests/unit/app/save-downloads.test.ts); electron/main.ts passes
 * the real ones.
 */
export interface DownloadItemLike {
  getFilename(): string;
  setSavePath(path: string): void;
  cancel(): void;
  once(event: 'done', listener: (event: unknown, state: 'completed' | 'cancelled' | 'interrupted') => void): unknown;
}

export interface DownloadSessionLike {
  on(event: 'will-download', listener: (event: unknown, item: DownloadItemLike) => void): unknown;
}

export interface SaveDialogOptions {
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
  properties: ['createDirectory', 'showOverwriteConfirmation'];
}

/**
 * Electron's `dialog.showSaveDialogSync` (bound to the app's window): synchronous, because a
 * download's save path must be set before the will-download handler returns, or Electron falls
 * back to its own dialog. Undefined when the manager cancels.
 */
export type SaveDialog = (options: SaveDialogOptions) => string | undefined;

const filters: Record<string, SaveDialogOptions['filters'][number]> = {
  '.csv': { name: 'CSV (Excel)', extensions: ['csv'] },
  '.json': { name: 'JSON', extensions: ['json'] },
};

export function saveDownloadsWith(session: DownloadSessionLike, showSaveDialog: SaveDialog, options: { startFolder: string; log: Logger }): void {
  let folder = options.startFolder;
  session.on('will-download', (_event, item) => {
    const fileName = item.getFilename();
    const type = filters[extname(fileName).toLowerCase()];
    const path = showSaveDialog({
      defaultPath: join(folder, fileName),
      filters: [...(type ? [type] : []), { name: '*', extensions: ['*'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (path === undefined) {
      // Cancelled: nothing is written (the export itself is already in the audit log).
      item.cancel();
      return;
    }
    item.setSavePath(path);
    // The next export starts where the manager put this one (a USB stick, a shared folder).
    folder = dirname(path);
    item.once('done', (_e, state) => {
      if (state === 'completed') options.log.info('export saved', { path });
      else options.log.error('export not saved', { path, state });
    });
  });
}

import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { saveDownloadsWith, type DownloadItemLike, type SaveDialog, type SaveDialogOptions } from '../../../electron/app/saveDownloads';
import type { Logger } from '../../../electron/core/context';

/**
 * Stand-ins for Electron, which cannot run here (no Electron binary on this machine): the session
 * that announces a download, the download itself, and the save dialog, which answers as the
 * manager would (a path, or cancel). What is tested is our wiring, not Electron.
 */
class FakeDownload extends EventEmitter implements DownloadItemLike {
  savePath: string | null = null;
  cancelled = false;
  constructor(private readonly fileName: string) {
    super();
  }
  getFilename() {
    return this.fileName;
  }
  setSavePath(path: string) {
    this.savePath = path;
  }
  cancel() {
    this.cancelled = true;
  }
  finish(state: 'completed' | 'cancelled' | 'interrupted') {
    this.emit('done', {}, state);
  }
}

function world(answers: (string | undefined)[]) {
  const session = new EventEmitter();
  const asked: SaveDialogOptions[] = [];
  const dialog: SaveDialog = (options) => {
    asked.push(options);
    return answers.shift();
  };
  const logged: { level: string; message: string; fields: unknown }[] = [];
  const log: Logger = { info: (message, fields) => logged.push({ level: 'info', message, fields }), error: (message, fields) => logged.push({ level: 'error', message, fields }) };
  saveDownloadsWith(session, dialog, { startFolder: '/home/maria/Documents', log });
  const download = (fileName: string) => {
    const item = new FakeDownload(fileName);
    session.emit('will-download', {}, item);
    return item;
  };
  return { asked, logged, download };
}

describe('saving a data export in the Electron shell (stand-in dialog)', () => {
  it('asks where to save the file, offering its name in Documents and a CSV filter, and saves it there', () => {
    const w = world(['/media/usb/customers.csv']);
    const item = w.download('loyal-till-customers-2026-11-24.csv');
    expect(w.asked).toEqual([
      {
        defaultPath: '/home/maria/Documents/loyal-till-customers-2026-11-24.csv',
        filters: [
          { name: 'CSV (Excel)', extensions: ['csv'] },
          { name: '*', extensions: ['*'] },
        ],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      },
    ]);
    expect(item.savePath).toBe('/media/usb/customers.csv');
    expect(item.cancelled).toBe(false);
    item.finish('completed');
    expect(w.logged).toEqual([{ level: 'info', message: 'export saved', fields: { path: '/media/usb/customers.csv' } }]);
  });

  it('starts the next export in the folder chosen last time, with a JSON filter for a JSON file', () => {
    const w = world(['/media/usb/customers.csv', '/media/usb/ledger.json']);
    w.download('loyal-till-customers-2026-11-24.csv');
    const second = w.download('loyal-till-ledger-2026-11-24.json');
    expect(w.asked[1]).toMatchObject({ defaultPath: '/media/usb/loyal-till-ledger-2026-11-24.json', filters: [{ name: 'JSON', extensions: ['json'] }, { name: '*', extensions: ['*'] }] });
    expect(second.savePath).toBe('/media/usb/ledger.json');
  });

  it('writes nothing when the manager cancels, and still asks in the same folder next time', () => {
    const w = world([undefined, '/home/maria/Documents/balances.csv']);
    const cancelled = w.download('loyal-till-balances-2026-11-24.csv');
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.savePath).toBeNull();
    w.download('loyal-till-balances-2026-11-24.csv');
    expect(w.asked[1]!.defaultPath).toBe('/home/maria/Documents/loyal-till-balances-2026-11-24.csv');
  });

  it('logs a save that did not complete (a stick pulled out mid-write)', () => {
    const w = world(['/media/usb/customers.csv']);
    w.download('loyal-till-customers-2026-11-24.csv').finish('interrupted');
    expect(w.logged).toEqual([{ level: 'error', message: 'export not saved', fields: { path: '/media/usb/customers.csv', state: 'interrupted' } }]);
  });
});

/**
 * The Electron shell, kept thin: it builds the terminal (electron/app), binds the contract to IPC,
 * and opens a locked-down window. Everything else runs, and is tested, under plain Node.
 */
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTerminal } from './app/terminal';
import { createOsSecretStore } from './sync/secrets';
import { appUrlChecker, bindIpc } from './transport/ipc';
import { contentSecurityPolicy } from './transport/http';
import { catchScannerBursts } from './devices/beforeInput';
import { classifyCode } from '../shared/codes/classify';
import { KEYBOARD_DEVICE_ID } from '../shared/devices/config';
import { saveDownloadsWith } from './app/saveDownloads';
import { createConsoleLogger } from './app/logger';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererFile = join(here, '../renderer/index.html');
const devServerUrl = process.env.ELECTRON_RENDERER_URL;

if (!app.requestSingleInstanceLock()) app.quit();

app.whenReady().then(() => {
  const dataDir = app.getPath('userData');
  // The HQ secret: encrypted by the OS keychain where safeStorage has one, else a 0600 file.
  const terminal = createTerminal({ dataDir, sync: { secrets: createOsSecretStore(dataDir, safeStorage) } });
  void terminal.startDevices();
  terminal.startSync();
  bindIpc(ipcMain, terminal.dispatch, appUrlChecker(rendererFile, devServerUrl));

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Loyal Till',
    webPreferences: {
      preload: join(here, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  // A data export arrives as a download: ask where to save it (tested with a stand-in dialog).
  saveDownloadsWith(session.defaultSession, (options) => dialog.showSaveDialogSync(window, options), { startFolder: app.getPath('documents'), log: createConsoleLogger() });
  const unsubscribe = terminal.events.subscribe((event) => window.webContents.send('till:event', event));
  // A keyboard-wedge scanner's burst, caught by physical key before the page sees it.
  catchScannerBursts(window.webContents, (text) => {
    if (!terminal.devices.keyboardRead(KEYBOARD_DEVICE_ID, text).ok) {
      terminal.events.publish({ type: 'device.scan', source: 'keyboard', result: classifyCode(text) });
    }
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.on('closed', unsubscribe);

  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(rendererFile);

  app.on('before-quit', () => terminal.close());
});

app.on('window-all-closed', () => app.quit());

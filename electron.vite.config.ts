import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

/**
 * Custom layout: main and preload from electron/, the renderer from renderer/. Native addons
 * (better-sqlite3, node-hid, serialport) stay external so electron-builder can rebuild them for
 * Electron. The preload runs sandboxed, so it is one self-contained CommonJS file.
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: { input: { main: resolve('electron/main.ts') } },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: resolve('electron/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('renderer'),
    plugins: [react()],
    build: {
      rollupOptions: { input: resolve('renderer/index.html') },
    },
  },
});

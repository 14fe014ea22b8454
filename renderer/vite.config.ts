import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** Browser-mode build of the renderer (served by electron/serve.ts); electron-vite builds the same root for Electron. */
export default defineConfig({
  root: resolve('renderer'),
  base: './',
  plugins: [react()],
  build: { outDir: resolve('renderer/dist'), emptyOutDir: true, chunkSizeWarningLimit: 1024 },
});

import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** HQ's admin UI, served by HQ under /admin (hq/api/admin.ts). */
export default defineConfig({
  root: resolve('hq/admin'),
  base: '/admin/',
  plugins: [react()],
  build: { outDir: resolve('hq/admin/dist'), emptyOutDir: true, chunkSizeWarningLimit: 1024 },
});

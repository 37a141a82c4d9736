import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is built once and served by either host: Electron loads it from disk,
// the browser shell serves it on 127.0.0.1.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  // Loaded from disk or loopback, never over a network: one chunk with the compliance engine's
  // zone tables and the talk tracks is fine, so the size warning is raised past them.
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 3000 },
  server: { host: '127.0.0.1' },
});

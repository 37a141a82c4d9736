import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is built once and served by either host: Electron loads it from disk,
// the browser shell serves it on 127.0.0.1.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true },
  server: { host: '127.0.0.1' },
});

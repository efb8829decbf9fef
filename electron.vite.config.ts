import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve('src/main/index.ts') } },
      // Optional dependencies are not external by default; keytar is native and may be absent.
      externalizeDeps: { include: ['keytar'] },
    },
  },
  preload: {
    // Sandboxed preloads must be a single CommonJS file.
    build: {
      rollupOptions: { input: { index: resolve('src/preload/index.ts') }, output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react()],
    build: {
      rollupOptions: {
        input: { index: resolve('src/renderer/index.html'), quick: resolve('src/renderer/quick.html') },
      },
    },
  },
});

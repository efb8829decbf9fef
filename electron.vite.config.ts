import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { contentSecurityPolicy } from './src/shared/csp.ts';

/** Writes the one Content-Security-Policy (src/shared/csp.ts) into both HTML pages, first in <head>. */
export function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'parley-csp',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy('meta') },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: { input: { index: resolve('src/main/index.ts') } },
      // Optional dependencies are not external by default; keytar is native and may be absent.
      externalizeDeps: { include: ['keytar'] },
    },
  },
  preload: {
    // Sandboxed preloads must be a single CommonJS file that requires nothing but `electron`:
    // a sandboxed preload cannot load zod (or any package) from node_modules, so bundle them.
    build: {
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve('src/preload/index.ts') }, output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [react(), contentSecurityPolicyMeta()],
    build: {
      rollupOptions: {
        input: { index: resolve('src/renderer/index.html'), quick: resolve('src/renderer/quick.html') },
      },
    },
  },
});

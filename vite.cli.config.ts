import { defineConfig } from 'vite';

/**
 * The `parley` command as one prebuilt bundle for Node (out/cli/main.js), so a cold start parses one
 * file instead of resolving and type-stripping hundreds. Each command, the history store, the keychain
 * and the tokenizer stay in chunks of their own, loaded only when used. bin/parley.js uses the bundle
 * when it is there and not older than the sources; `npm run build` makes it.
 */
export default defineConfig({
  build: {
    ssr: 'src/cli/main.ts',
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node22',
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    rollupOptions: {
      output: { format: 'esm', entryFileNames: 'main.js', chunkFileNames: '[name]-[hash].js' },
    },
  },
  ssr: { target: 'node', noExternal: true, external: ['keytar'] },
});

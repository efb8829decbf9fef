// `import path from './file.ts?modulePath'`: electron-vite bundles a worker as its own entry.
/// <reference types="electron-vite/node" />

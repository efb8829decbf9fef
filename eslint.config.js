// @ts-check
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * The layers of docs/ARCHITECTURE.md, checked on every lint (tests/unit/layering.test.ts proves
 * each rule bites on a probe import):
 * - layers are folders; `parley/layers` resolves every relative import and refuses one that
 *   reaches a layer this one may not use (the core never reaches the shell, the browser-edition
 *   host or the CLI; those two never reach each other; the renderer and the preload reach only
 *   src/shared);
 * - the renderer and src/shared (which the renderer loads) import no Node-only package;
 * - src/shared, the core, the browser-edition host and the CLI import neither Electron nor React;
 * - the preload uses only electron's contextBridge and ipcRenderer.
 */
const root = import.meta.dirname;

/** @param {string} file */
function layerOf(file) {
  const path = relative(root, file).split(sep).join('/');
  const folders = [
    ['src/shared/', 'shared'],
    ['src/main/core/', 'core'],
    ['src/main/', 'shell'],
    ['src/web/', 'web'],
    ['src/cli/', 'cli'],
    ['src/preload/', 'preload'],
    ['src/renderer/', 'renderer'],
  ];
  return folders.find(([folder]) => path.startsWith(folder))?.[1] ?? null;
}

/** @type {Record<string, string[]>} which layers each layer may import from */
const mayUse = {
  shared: ['shared'],
  core: ['shared', 'core'],
  shell: ['shared', 'core', 'shell'],
  web: ['shared', 'core', 'web'],
  cli: ['shared', 'core', 'cli'],
  preload: ['shared', 'preload'],
  renderer: ['shared', 'renderer'],
};
const names = {
  shared: 'src/shared',
  core: 'the core (src/main/core)',
  shell: 'the desktop shell (src/main)',
  web: 'the browser-edition host (src/web)',
  cli: 'the CLI (src/cli)',
  preload: 'the preload',
  renderer: 'the renderer',
};

/** Packages that need Node (or Electron's main process) and cannot run in a page. */
const nodeOnly = new Set([
  ...builtinModules,
  'electron-store',
  'conf',
  'undici',
  'keytar',
  'ws',
  'yauzl',
  'stream-json',
  'fetch-socks',
]);
/** @param {string} source */
function packageOf(source) {
  const parts = source.split('/');
  return source.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** @type {import('eslint').Rule.RuleModule} */
const layersRule = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const from = layerOf(context.filename);
    if (!from) return {};
    /** @param {any} node */
    const check = (node) => {
      const source = node.source;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const spec = source.value;
      if (spec.startsWith('.')) {
        const to = layerOf(resolve(dirname(context.filename), spec));
        if (to && !mayUse[from].includes(to)) {
          const message = `${names[from]} may not import ${names[to]} (it may use ${mayUse[from].map((l) => names[l]).join(', ')}).`;
          context.report({ node: source, message });
        }
      } else if (
        (from === 'renderer' || from === 'shared') &&
        (spec.startsWith('node:') || nodeOnly.has(packageOf(spec)))
      ) {
        const message = `"${spec}" needs Node: ${names[from]} runs in the page too, so it imports only browser-safe packages.`;
        context.report({ node: source, message });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

const electronAndUi = [
  { name: 'electron', message: 'Electron-free layer: take what you need as a parameter instead.' },
  { name: 'react', message: 'No React outside the renderer.' },
  { name: 'react-dom', message: 'No React outside the renderer.' },
];
const uiPatterns = [
  { group: ['electron/*', 'react-dom/*', 'react/*'], message: 'Electron-free, DOM-free layer.' },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/**'],
    plugins: { parley: { rules: { layers: layersRule } } },
    rules: { 'parley/layers': 'error' },
  },
  {
    files: ['src/shared/**', 'src/main/core/**', 'src/web/**', 'src/cli/**'],
    rules: { 'no-restricted-imports': ['error', { paths: electronAndUi, patterns: uiPatterns }] },
  },
  {
    files: ['src/renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { name: 'electron', message: 'The renderer is untrusted: reach main only through window.parley.' },
      ],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              allowImportNames: ['contextBridge', 'ipcRenderer'],
              message: 'The preload uses only contextBridge and ipcRenderer.',
            },
          ],
          patterns: [{ group: ['node:*'], message: 'The preload imports only src/shared.' }],
        },
      ],
    },
  },
);

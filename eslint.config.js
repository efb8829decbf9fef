// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * The layering of DESIGN.md, checked on every lint:
 * - src/shared and src/main/core are Electron-free and DOM-free (they run under plain Node);
 * - the renderer imports only src/shared and its own files;
 * - the preload imports only src/shared and electron's contextBridge/ipcRenderer;
 * - the browser-edition host and the CLI never import electron.
 */
const electronAndUi = [
  { name: 'electron', message: 'Electron-free layer: take what you need as a parameter instead.' },
  { name: 'react', message: 'No React outside the renderer.' },
  { name: 'react-dom', message: 'No React outside the renderer.' },
];
const uiPatterns = [
  { group: ['electron/*', 'react-dom/*', 'react/*'], message: 'Electron-free, DOM-free layer.' },
];
const mainSide = ['**/main/**', '**/preload/**', '**/web/**', '**/cli/**', 'node:*'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
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
    files: ['src/shared/**', 'src/main/core/**', 'src/web/**', 'src/cli/**'],
    rules: { 'no-restricted-imports': ['error', { paths: electronAndUi, patterns: uiPatterns }] },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: electronAndUi,
          patterns: [
            ...uiPatterns,
            {
              group: [...mainSide, '**/renderer/**'],
              message: 'src/shared is imported by every side: plain TypeScript and zod only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer is untrusted: reach main only through window.parley.',
            },
          ],
          patterns: [{ group: mainSide, message: 'The renderer imports only src/shared and its own files.' }],
        },
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
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**', '**/web/**', '**/cli/**', 'node:*'],
              message: 'The preload imports only src/shared.',
            },
          ],
        },
      ],
    },
  },
);

// Lint enforces the layering in DESIGN.md: a wrong import fails `npm test`.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'worker_threads', 'url', 'stream', 'events'];
const restrict = (patterns, message) => ({ group: patterns, message });

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(['**/electron/**', '**/renderer/**', '**/server/**', '**/scripts/**'], 'shared/ imports nothing from the other folders.'),
        restrict(nodeBuiltins, 'shared/ does no I/O: pass side effects in.'),
        restrict(['react', 'react-dom', 'electron', 'better-sqlite3', 'kysely', 'fastify', 'sip.js', 'ws'], 'shared/ is pure TypeScript.'),
      ] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(['**/electron/**', '**/server/**', '**/scripts/**'], 'renderer/ meets the core only through shared/api.'),
        restrict([...nodeBuiltins, 'electron', 'better-sqlite3', 'kysely', 'fastify', 'ws'], 'renderer/ is UI only.'),
      ] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/softphone/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(['**/electron/**', '**/server/**', '**/scripts/**'], 'renderer/ meets the core only through shared/api.'),
        restrict([...nodeBuiltins, 'electron', 'better-sqlite3', 'kysely', 'fastify', 'ws'], 'renderer/ is UI only.'),
        restrict(['sip.js', 'sip.js/*'], 'Only renderer/softphone/ imports sip.js.'),
      ] }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(['**/renderer/**', '**/server/**', '**/scripts/**'], 'electron/ meets the renderer only through shared/api and the server only over HTTP.'),
        restrict(['react', 'react-dom', 'sip.js'], 'electron/ has no UI code.'),
      ] }],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(['**/renderer/**', '**/server/**', '**/scripts/**', '**/hosts/**'], 'core/ is plain Node and knows no host.'),
        restrict(['electron', 'react', 'react-dom', 'sip.js'], 'core/ runs without Electron (browser shell, tests).'),
      ] }],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        restrict(['**/electron/**', '**/renderer/**', '**/scripts/**'], 'server/ shares only shared/ with the console.'),
        restrict(['electron', 'react', 'react-dom', 'sip.js'], 'server/ is a plain Node service.'),
      ] }],
    },
  },
);

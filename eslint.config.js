// Lint enforces the layering in DESIGN.md: a wrong import fails `npm test`
// (test/shared/layering.test.ts proves each rule bites).
import tseslint from 'typescript-eslint';

// Folder rules are gitignore-style patterns; packages and Node builtins are exact names
// (as patterns, 'electron' or 'events' would also match our own folders and files).
const builtins = ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'child_process', 'worker_threads', 'url', 'stream', 'events'];

function layer({ folders, foldersMessage, packages = [], packagesMessage, builtinsMessage }) {
  const patterns = [{ group: folders, message: foldersMessage }];
  if (builtinsMessage) patterns.push({ group: ['node:*'], message: builtinsMessage });
  const paths = [
    ...packages.map((name) => ({ name, message: packagesMessage })),
    ...(builtinsMessage ? builtins.map((name) => ({ name, message: builtinsMessage })) : []),
  ];
  return { 'no-restricted-imports': ['error', { patterns, paths }] };
}

const rendererRules = (extraPackages, extraMessage) => layer({
  folders: ['**/electron/**', '**/server/**', '**/scripts/**'],
  foldersMessage: 'renderer/ meets the core only through shared/api.',
  packages: ['electron', 'better-sqlite3', 'kysely', 'fastify', 'ws', ...extraPackages],
  packagesMessage: extraMessage ?? 'renderer/ is UI only.',
  builtinsMessage: 'renderer/ is UI only.',
});

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
    rules: layer({
      folders: ['**/electron/**', '**/renderer/**', '**/server/**', '**/scripts/**'],
      foldersMessage: 'shared/ imports nothing from the other folders.',
      packages: ['react', 'react-dom', 'electron', 'better-sqlite3', 'kysely', 'fastify', 'sip.js', 'ws'],
      packagesMessage: 'shared/ is pure TypeScript.',
      builtinsMessage: 'shared/ does no I/O: pass side effects in.',
    }),
  },
  { files: ['renderer/softphone/**/*.{ts,tsx}'], rules: rendererRules([]) },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/softphone/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/electron/**', '**/server/**', '**/scripts/**'], message: 'renderer/ meets the core only through shared/api.' },
          { group: ['node:*'], message: 'renderer/ is UI only.' },
          { group: ['sip.js/*'], message: 'Only renderer/softphone/ imports sip.js.' },
        ],
        paths: [
          ...['electron', 'better-sqlite3', 'kysely', 'fastify', 'ws', ...builtins].map((name) => ({ name, message: 'renderer/ is UI only.' })),
          { name: 'sip.js', message: 'Only renderer/softphone/ imports sip.js.' },
        ],
      }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/core/**'],
    rules: layer({
      folders: ['**/renderer/**', '**/server/**', '**/scripts/**'],
      foldersMessage: 'electron/ meets the renderer only through shared/api and the server only over HTTP.',
      packages: ['react', 'react-dom', 'sip.js'],
      packagesMessage: 'electron/ has no UI code.',
    }),
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: layer({
      folders: ['**/renderer/**', '**/server/**', '**/scripts/**', '**/hosts/**'],
      foldersMessage: 'core/ is plain Node and knows no host.',
      packages: ['electron', 'react', 'react-dom', 'sip.js'],
      packagesMessage: 'core/ runs without Electron (browser shell, tests).',
    }),
  },
  {
    files: ['server/**/*.ts'],
    rules: layer({
      folders: ['**/electron/**', '**/renderer/**', '**/scripts/**'],
      foldersMessage: 'server/ shares only shared/ with the console.',
      packages: ['electron', 'react', 'react-dom', 'sip.js'],
      packagesMessage: 'server/ is a plain Node service.',
    }),
  },
  {
    // The call lab (docs/lab.md) stands beside the product: it meets the console over SIP only.
    files: ['lab/**/*.ts'],
    rules: layer({
      folders: ['**/electron/**', '**/renderer/**', '**/server/**', '**/shared/**', '**/scripts/**'],
      foldersMessage: 'lab/ is standalone: it meets the console over SIP only.',
      packages: ['electron', 'react', 'react-dom', 'better-sqlite3', 'kysely', 'fastify'],
      packagesMessage: 'lab/ is standalone: it meets the console over SIP only.',
    }),
  },
);

// Lint is where the architecture's boundaries are checked (STYLE.md, "Do" 9).
import tseslint from 'typescript-eslint';

// Bare builtin names are matched exactly (as `paths`), so a module of ours named e.g. events.ts is not caught.
const bareBuiltins = ['fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'url', 'events', 'stream'];
const nodeBuiltins = ['node:*'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'renderer/dist/**', 'hq/admin/dist/**', 'test-results/**', 'bench-data/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: bareBuiltins.map((name) => ({ name, message: 'shared/ is pure: no Node modules.' })),
          patterns: [
            { group: nodeBuiltins, message: 'shared/ is pure: no Node modules.' },
            { group: ['electron', 'better-sqlite3', 'node-hid', 'serialport', 'ws', 'pg', '@electric-sql/*', 'react', 'react-dom'], message: 'shared/ is pure: no I/O, no UI.' },
            { group: ['**/electron/**', '**/renderer/**', '**/hq/**'], message: 'shared/ depends on nothing else in the repo.' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The domain gets time from its caller.' },
        { object: 'Math', property: 'random', message: 'The domain gets randomness (a seed) from its caller.' },
      ],
    },
  },
  {
    files: ['renderer/src/**/*.ts', 'renderer/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: bareBuiltins.map((name) => ({ name, message: 'The renderer runs sandboxed: no Node modules.' })),
          patterns: [
            { group: ['**/electron/**', 'electron', 'better-sqlite3', 'node-hid', 'serialport'], message: 'The renderer talks to the main process only through the contract.' },
            { group: nodeBuiltins, message: 'The renderer runs sandboxed: no Node modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['hq/**/*.ts'],
    ignores: ['hq/admin/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/electron/**', 'electron', '**/renderer/**'], message: 'HQ shares only shared/ with the terminal.' }] },
      ],
    },
  },
  {
    files: ['hq/admin/src/**/*.ts', 'hq/admin/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: bareBuiltins.map((name) => ({ name, message: 'The admin UI runs in a browser: no Node modules.' })),
          patterns: [
            { group: nodeBuiltins, message: 'The admin UI runs in a browser: no Node modules.' },
            { group: ['**/electron/**', 'electron', 'pg', '@electric-sql/*', 'fastify', '../../*.ts', '../../db/**', '../../sync/**'], message: 'The admin UI talks to HQ only over /admin/api.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only main.ts and preload.ts may import electron: the rest runs under plain Node.' }] }],
    },
  },
);

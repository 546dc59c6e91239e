// Flat config: typescript-eslint's recommended rules plus the import boundaries of DESIGN.md.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TFJS = { group: ['@tensorflow/*'], message: 'Only src/models/tfjs, src/training and src/workers import TF.js (DESIGN.md rule 3).' };
const UI = {
  group: ['react', 'react-dom', 'react-dom/*', 'd3', 'd3-*', 'zustand', 'zustand/*'],
  message: 'src/models is plain data and pure functions: no React, d3 or store imports (DESIGN.md).',
};

const URL_WRITE = { selector: 'MemberExpression[property.name=/^(pushState|replaceState)$/]', message: 'Only src/store/url.ts writes the URL: call replaceQuery or let syncWithUrl follow the store.' };

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', 'test-results', 'test-results-*', 'playwright-report', 'reports', '.gpubundle'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [TFJS] }],
    },
  },
  {
    // One module writes the URL (DESIGN.md rule 8): everything else calls its functions.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/store/url.ts', 'src/**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', URL_WRITE] },
  },
  {
    // One command path (DESIGN.md rule 8): components send registry actions and edits, never a spec function.
    files: ['src/components/**/*.{ts,tsx}'],
    rules: { 'no-restricted-syntax': ['error', URL_WRITE, { selector: "MemberExpression[property.name='editSpec']", message: 'Components edit the network through the action registry: runAction(id) or runEdit({ id, ... }).' }] },
  },
  {
    // The engine: no UI, no tfjs (its tfjs/ folder is the one exception, below).
    files: ['src/models/**/*.ts'],
    ignores: ['src/models/tfjs/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [TFJS, UI] }] },
  },
  {
    files: ['src/models/tfjs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [UI] }] },
  },
  {
    files: ['src/workers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [UI] }] },
  },
  {
    // The training core (DESIGN.md's src/training/): TF.js, but no DOM, no UI and no store.
    files: ['src/training/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [UI, { group: ['**/store/*', '**/store'], message: 'The training core knows no store: a run description in, events out.' }] }] },
  },
  {
    // Components talk to the store, never to a worker directly.
    files: ['src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [TFJS, { group: ['**/workers/*', '**/workers'], message: 'Components talk to the store, not to workers (DESIGN.md rule 4).' }] }],
    },
  },
  {
    // Benchmarks and tests may build TF.js models to check the engine against.
    files: ['bench/**/*.ts', 'src/**/*.test.ts', 'e2e/**/*.spec.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);

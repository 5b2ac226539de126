import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const tfjs = { group: ['@tensorflow/*'], message: 'tfjs runs only in the worker (src/model, src/worker).' };
const react = { group: ['react', 'react-dom', 'react-dom/*'], message: 'React belongs in src/ui.' };
const idb = { group: ['idb'], message: 'IndexedDB access lives in src/data/db*.ts, called from the worker.' };

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': ['error', {
        patterns: [tfjs, idb,
          { group: ['**/model/*', '**/data/db*', '**/data/parse*', '**/data/demo*', '**/worker/*.worker'],
            message: 'The UI reaches compute and storage only through src/worker/client.ts.' }],
      }],
    },
  },
  {
    files: ['src/math/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [tfjs, react, idb, { group: ['comlink', '**/data/*', '**/model/*', '**/worker/*', '**/ui/*'], message: 'src/math is pure: formulas only.' }],
      }],
    },
  },
  {
    files: ['src/data/**/*.ts'],
    ignores: ['src/data/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [tfjs, react,
          { group: ['**/model/*', '**/worker/*', '**/ui/*', '**/recommenders/*'], message: 'src/data does not depend on the model, methods, worker or UI.' },
          { group: ['**/evaluation/*'], allowTypeImports: true, message: 'src/data stores the evaluation records (types only); the evaluation code calls data, not the other way.' }],
      }],
    },
  },
  {
    files: ['src/data/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [tfjs, react, { group: ['**/worker/*', '**/ui/*'], message: 'src/data tests stay below the worker and UI.' }] }] },
  },
  {
    files: ['src/recommenders/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [react, idb, { group: ['**/ui/*', '**/worker/*', '**/evaluation/*'], message: 'A method depends on math, data types and model code only; the worker calls it.' }] }] },
  },
  {
    files: ['src/evaluation/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [tfjs, react, idb, { group: ['**/ui/*', '**/worker/*', '**/model/*'], message: 'src/evaluation measures fitted methods through the recommender contract; the worker calls it.' }] }] },
  },
  {
    files: ['src/simulation/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [tfjs, react, idb,
          { group: ['comlink', '**/worker/*', '**/ui/*', '**/model/*', '**/recommenders/*', '**/evaluation/*'], message: 'src/simulation is pure: the worker fits the world model and passes its arrays in.' },
          { group: ['**/data/*'], allowTypeImports: true, message: 'src/simulation reads data shapes (types only).' }],
      }],
    },
  },
  {
    files: ['src/model/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [react, idb, { group: ['**/ui/*', '**/worker/*'], message: 'src/model is called by the worker, not the other way.' }] }] },
  },
);

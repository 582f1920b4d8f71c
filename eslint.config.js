// Lints the TypeScript sources with the recommended rules of eslint and typescript-eslint.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Outside its workspace the SDK is the package: a relative import compiles a second copy, whose error classes `instanceof` does not recognise. */
const SDK_BY_PATH = { regex: '^(\\.\\./)+sdk/', message: 'import the SDK as @awe-dp/sdk' };
const STORE_ONLY = 'the database is reached through the Store (api/store/store.ts, opened by api/store/open-store.ts); drivers and back ends stay inside api/store/';
/** SQL statements start like this; a message that happens to begin with such a word in capitals is not likely. */
const SQL_TEXT = '/^\\s*(SELECT|INSERT INTO|UPDATE|DELETE FROM|BEGIN|COMMIT|PRAGMA|WITH RECURSIVE)\\b/';

export default tseslint.config(
  { ignores: ['**/dist/', 'node_modules/', 'examples/', 'sdk/openapi-types.ts', 'sdk/service-constants.ts', 'data/', '.tap/', 'clients/python/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // TypeScript already refuses undefined names, with Node's types.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['sdk/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [SDK_BY_PATH] }] },
  },
  {
    // The store is an interface, not a folder: only api/store/ and the store's own tests see drivers, back ends and SQL
    // (and the test runner and the benchmarks' PostgreSQL helper, which create and drop whole databases, as no store does).
    files: ['**/*.ts'],
    ignores: ['sdk/**', 'api/store/**', 'test/api/store/**', 'scripts/test.ts', 'scripts/bench/postgres.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'better-sqlite3', message: STORE_ONLY },
            { name: 'pg', message: STORE_ONLY },
          ],
          patterns: [SDK_BY_PATH, { regex: '(^|/)store/(sqlite|postgres)(/|$)', message: STORE_ONLY }],
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=${SQL_TEXT}]`, message: `SQL belongs in api/store/: ${STORE_ONLY}` },
        { selector: `TemplateElement[value.raw=${SQL_TEXT}]`, message: `SQL belongs in api/store/: ${STORE_ONLY}` },
      ],
    },
  },
  {
    // A store operation is a promise: one not awaited runs unordered, and one tested for truth is always true.
    files: ['api/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
    },
  },
  {
    // The site cache talks to the service over the wire only, like an agent: core/ and the SDK, nothing else of ours.
    files: ['cache/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+sdk/', message: 'import the SDK as @awe-dp/sdk' },
            { regex: '^\\.\\./(api|agent|cli|schemas|web)/', message: 'awe-cache imports only core/ and @awe-dp/sdk' },
          ],
        },
      ],
    },
  },
);

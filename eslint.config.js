// Lints the TypeScript sources with the recommended rules of eslint and typescript-eslint.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    // Outside its workspace the SDK is the package: a relative import compiles a second copy,
    // whose error classes `instanceof` does not recognise in answers of the package's client.
    files: ['**/*.ts'],
    ignores: ['sdk/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./)+sdk/', message: 'import the SDK as @awe-dp/sdk' }] }],
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

// ESLint for the whole repository (flat config), run by `npm test -- lint` (scripts/test.mjs).
//  - ESLint's and typescript-eslint's recommended sets on every file (syntax only: no type information);
//  - a few type-aware rules that find real bugs (promises nobody awaits, awaiting what is no promise,
//    throwing what is no Error), on the files of tsconfig.check.json, the program the `types` suite checks.
//    The whole recommended-type-checked set costs the same (one program) but is mostly noise here: the
//    no-unsafe-* rules flag every read of a test's JSON answer, unbound-method every callback prop;
//  - the React hooks rules on the extension;
//  - each folder's globals (node, browser, jest).
// Layout is Prettier's business (.prettierrc.json), never ESLint's.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import ts from 'typescript';

const root = import.meta.dirname;

/** The include and exclude globs of tsconfig.check.json (JSON with comments), so the typed files follow that file. */
function typeCheckedFiles() {
  const { config, error } = ts.readConfigFile(`${root}/tsconfig.check.json`, ts.sys.readFile);
  if (error) throw new Error(`tsconfig.check.json: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  return { files: config.include, ignores: config.exclude ?? [] };
}

// Code that is not ours to lint: build outputs, installed tools, data and test output (.gitignore names the same).
const notOurs = [
  '**/node_modules/',
  'lib/',
  'build/',
  'server/build/',
  'kernels/sdk/lib/',
  'contract/lib/',
  '.venv*/',
  '.mlportal*/',
  '**/test-results/',
  '**/playwright-report/',
  '.hypothesis/',
  '.schemathesis/'
];

export default defineConfig([
  globalIgnores(notOurs),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` marks a binding kept on purpose (a callback's position, a rest sibling that drops a key).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true
        }
      ]
    }
  },
  {
    ...typeCheckedFiles(),
    languageOptions: { parserOptions: { project: './tsconfig.check.json', tsconfigRootDir: root } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // Passing on what a catch caught (typed unknown or any) is allowed; making up a non-Error is not.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/no-array-delete': 'error',
      '@typescript-eslint/no-for-in-array': 'error'
    }
  },
  // Plain JavaScript that Node runs as CommonJS: require is how it imports.
  {
    files: ['**/*.cjs', 'jest.config.js', '**/jest.*.config.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  // Node: the backend, the contract, the SDK (notebooks and jobs run it in Node), scripts, benchmarks, the UI tests' drivers.
  {
    files: ['server/**', 'contract/**', 'kernels/**', 'scripts/**', 'bench/**', 'ui-tests/**', '*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node }
  },
  // The extension runs in the browser.
  {
    files: ['extension/**', 'style/**'],
    languageOptions: { globals: globals.browser }
  },
  {
    files: ['extension/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      // `namespace CommandIDs` is JupyterLab's own idiom (its extension template turns this rule off too).
      '@typescript-eslint/no-namespace': 'off'
    }
  },
  // Tests and their helpers run in jest. A JSON answer read by a test is `any` on purpose: the test's expect() is its type check.
  {
    files: ['**/*.test.{ts,tsx}', '**/testing/**', 'bench/**', 'ui-tests/**'],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: { '@typescript-eslint/no-explicit-any': 'off' }
  },
  // Playwright fixtures are named by destructuring, so a test that needs none destructures nothing: `async ({}, use) => …`.
  {
    files: ['ui-tests/**'],
    rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] }
  }
]);

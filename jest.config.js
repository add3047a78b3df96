/** Unit and integration tests (server, SDK, scripts). UI tests run with galata (ui-tests/). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/contract', '<rootDir>/server', '<rootDir>/kernels', '<rootDir>/scripts', '<rootDir>/extension'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/build/', '/lib/'],
  // The extension's tests import @mlportal/sdk/core; its package "exports" point at the compiled
  // kernels/sdk/lib/, which is missing on a fresh clone and stale after an edit: test the sources.
  moduleNameMapper: {
    '^@mlportal/contract$': '<rootDir>/contract/src/index.ts',
    '^@mlportal/sdk/core$': '<rootDir>/kernels/sdk/src/core.ts',
    '^@mlportal/sdk$': '<rootDir>/kernels/sdk/src/index.ts'
  },
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', diagnostics: { warnOnly: false } }]
  },
  testTimeout: 60000
};

/** Unit and integration tests (server, SDK, scripts). UI tests run with galata (ui-tests/). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/server', '<rootDir>/kernels', '<rootDir>/scripts', '<rootDir>/extension'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/build/', '/lib/'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json', diagnostics: { warnOnly: false } }]
  },
  testTimeout: 60000
};

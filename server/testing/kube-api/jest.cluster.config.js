/**
 * The opt-in run of the Kubernetes executor against a real cluster. The default jest run never collects it (its file
 * does not end in .test.ts); run it explicitly:
 *   MLPORTAL_TEST_KUBECONFIG=/path/to/kubeconfig npx jest -c server/testing/kube-api/jest.cluster.config.js
 */
const base = require('../../../jest.config.js');

module.exports = {
  ...base,
  rootDir: '../../..',
  roots: ['<rootDir>/server'],
  testMatch: ['**/*.cluster-test.ts'],
  testTimeout: 300000
};

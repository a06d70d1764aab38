import { defineConfig } from 'vitest/config';

// Two projects:
//  - unit: pure and in-process tests, next to the code (*.test.ts).
//  - contract: the Kubernetes API contract suite, run against the real testbed AND the sandbox.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'tools/*/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'contract',
          include: ['tools/kube-contract/src/**/*.contract.ts'],
          environment: 'node',
          globalSetup: ['tools/kube-contract/src/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

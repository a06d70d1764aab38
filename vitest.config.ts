import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

// Two projects:
//  - unit: pure and in-process tests, next to the code (*.test.ts).
//  - testbed: tests that need the real control plane (tools/testbed), started once per run:
//    the Kubernetes API contract suite (run against the testbed AND the sandbox) and the
//    integration tests named *.testbed.ts.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [vue()],
        test: {
          name: 'unit',
          include: ['{packages,apps,tools}/*/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'testbed',
          include: ['tools/kube-contract/src/**/*.contract.ts', '{packages,apps,tools}/*/src/**/*.testbed.ts'],
          environment: 'node',
          globalSetup: ['tools/testbed/src/vitest.global-setup.ts'],
          testTimeout: 30_000,
          // A cold machine builds kube-apiserver and etcd from Go modules first.
          hookTimeout: 45 * 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

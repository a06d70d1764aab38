// Vitest global setup for the `testbed` project: starts one real control plane for the whole
// run and hands its address and the users' tokens to the test workers (`inject('testbed')`).
import type { TestProject } from 'vitest/node';
import { startTestbed, type Testbed } from './testbed.service';

export interface TestbedInfo {
  name: 'testbed';
  server: string;
  caData: string;
  etcdEndpoint: string;
  tokens: Record<string, string>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    testbed: TestbedInfo;
  }
}

let testbed: Testbed | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  testbed = await startTestbed();
  project.provide('testbed', {
    name: 'testbed',
    server: testbed.server,
    caData: testbed.caData,
    etcdEndpoint: testbed.etcdEndpoint,
    tokens: Object.fromEntries(Object.entries(testbed.users).map(([user, u]) => [user, u.token])),
  });
  return async () => {
    await testbed?.stop();
  };
}

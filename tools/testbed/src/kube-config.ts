// A client-node KubeConfig for the testbed's admin, pointed at the testbed's API server or at
// another address in front of it (a fault proxy), with the testbed's CA.
import { KubeConfig } from '@kubernetes/client-node';
import type { Testbed } from './testbed.service';

export function adminKubeConfig(testbed: Pick<Testbed, 'server' | 'caData' | 'users'>, server = testbed.server): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'testbed', server, caData: Buffer.from(testbed.caData).toString('base64'), skipTLSVerify: false }],
    users: [{ name: 'admin', token: testbed.users.admin.token }],
    contexts: [{ name: 'admin', cluster: 'testbed', user: 'admin' }],
    currentContext: 'admin',
  });
  return kc;
}

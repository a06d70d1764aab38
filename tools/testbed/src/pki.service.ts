// Certificates and keys for one testbed run, made with the openssl CLI.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './go-run.service';

export interface TestbedPki {
  caCert: string;
  caKey: string;
  servingCert: string;
  servingKey: string;
  /** Service-account token signing key (private) and its public key. */
  serviceAccountKey: string;
  serviceAccountPub: string;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];

/** A CA, a serving certificate for 127.0.0.1/localhost/kubernetes.default, and SA keys. */
export async function createPki(dir: string): Promise<TestbedPki> {
  const pki: TestbedPki = {
    caCert: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    servingCert: join(dir, 'apiserver.crt'),
    servingKey: join(dir, 'apiserver.key'),
    serviceAccountKey: join(dir, 'sa.key'),
    serviceAccountPub: join(dir, 'sa.pub'),
  };
  const csr = join(dir, 'apiserver.csr');
  const ext = join(dir, 'apiserver.ext');
  await runCommand('openssl', [
    'req', '-x509', ...EC_KEY, '-nodes', '-keyout', pki.caKey, '-out', pki.caCert, '-days', '3650',
    '-subj', '/CN=fleet-dashboard-testbed-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
  ]);
  await runCommand('openssl', ['req', '-new', ...EC_KEY, '-nodes', '-keyout', pki.servingKey, '-out', csr, '-subj', '/CN=kube-apiserver']);
  await writeFile(
    ext,
    [
      'basicConstraints=CA:FALSE',
      'keyUsage=critical,digitalSignature,keyEncipherment',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local',
      '',
    ].join('\n'),
  );
  await runCommand('openssl', [
    'x509', '-req', '-in', csr, '-CA', pki.caCert, '-CAkey', pki.caKey, '-CAcreateserial',
    '-out', pki.servingCert, '-days', '365', '-extfile', ext,
  ]);
  await runCommand('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', pki.serviceAccountKey]);
  await runCommand('openssl', ['pkey', '-in', pki.serviceAccountKey, '-pubout', '-out', pki.serviceAccountPub]);
  return pki;
}

// GitRepo credentials: list secret names and types (never data), create ssh/basic-auth secrets
// labelled as Fleet-managed. Nothing read from a secret's data leaves this module.
import type { CreateSecretBody, SecretRow } from '@fleet-dashboard/contracts';
import { LABELS } from '@fleet-dashboard/fleet-model';
import type { KubeClient } from '../../k8s/kube-client';
import { toAppError } from '../../k8s/kube-errors';
import { RESOURCE_TYPES, resourcePath, type ResourceType } from '../../k8s/resource-types';
import { forbiddenFor, type ReadAccess } from '../auth/access-review.service';

export const SECRET: ResourceType = { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true };

export interface SecretsService {
  list(workspace: string): Promise<SecretRow[]>;
  create(workspace: string, body: CreateSecretBody): Promise<SecretRow>;
}

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

/** The Secret object for a credential (Fleet reads these keys). */
export function credentialSecret(workspace: string, body: CreateSecretBody): Record<string, unknown> {
  const data: Record<string, string> = {};
  let type: string;
  if (body.type === 'ssh') {
    type = 'kubernetes.io/ssh-auth';
    data['ssh-privatekey'] = b64(body.privateKey ?? '');
    if (body.knownHosts) data.known_hosts = b64(body.knownHosts);
  } else {
    type = 'kubernetes.io/basic-auth';
    data.username = b64(body.username ?? '');
    data.password = b64(body.password ?? '');
  }
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: body.name, namespace: workspace, labels: { [LABELS.managed]: 'true' } },
    type,
    data,
  };
}

export interface SecretsOptions {
  /** Creates credentials; in token mode the user's own client (RBAC decides). */
  kube: Pick<KubeClient, 'request' | 'create'>;
  /**
   * Token mode: secret names are listed with the server's own identity (`lister`), and only for a
   * user who may create GitRepos in the workspace (the people who pick a credential for one). The
   * data never leaves this module either way. Without it, `kube` lists.
   */
  names?: { lister: Pick<KubeClient, 'request'>; access: ReadAccess };
}

export function createSecretsService(options: SecretsOptions): SecretsService {
  return {
    async list(workspace) {
      let lister: Pick<KubeClient, 'request'> = options.kube;
      if (options.names) {
        if (!(await options.names.access.can({ verb: 'create', type: RESOURCE_TYPES.gitRepo, namespace: workspace }))) {
          throw forbiddenFor({ verb: 'list', type: SECRET, namespace: workspace });
        }
        lister = options.names.lister;
      }
      try {
        const list = await lister.request<{ items?: Array<{ metadata?: { name?: string }; type?: string }> }>({
          method: 'GET',
          path: resourcePath(SECRET, workspace),
          context: { verb: 'list', resource: 'secrets', namespace: workspace },
        });
        return (list.items ?? [])
          .map((s) => ({ name: s.metadata?.name ?? '', type: s.type ?? 'Opaque' }))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch (error) {
        throw toAppError(error);
      }
    },

    async create(workspace, body) {
      try {
        const created = await options.kube.create(SECRET, workspace, credentialSecret(workspace, body));
        return { name: created.metadata?.name ?? body.name, type: typeof created.type === 'string' ? created.type : '' };
      } catch (error) {
        throw toAppError(error);
      }
    },
  };
}

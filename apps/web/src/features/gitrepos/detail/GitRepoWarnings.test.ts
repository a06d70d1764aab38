// @vitest-environment happy-dom
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { createApiClient } from '../../../shared/api/api-client';
import { apiFailure, createFakeHttp, type FakeHandler } from '../../../shared/api/fake-http.testing';
import { API_CLIENT } from '../../../shared/api/injection-keys';
import GitRepoWarnings from './GitRepoWarnings.vue';

enableAutoUnmount(afterEach);
const flush = async () => {
  for (let i = 0; i < 5; i += 1) await nextTick();
};
const diagnostics = (missingSecrets: { gitRepo: string; field: string; secret: string }[]) => ({
  missingSecrets,
  modifiedBundles: [],
  staleClusters: [],
  agentStaleMinutes: 15,
  checkedAt: '2026-11-28T06:00:00Z',
});

function mountWarnings(handler: FakeHandler, props: { helmErrors?: string[]; specVersion?: string } = {}) {
  const fake = createFakeHttp(handler);
  const wrapper = mount(GitRepoWarnings, {
    props: { workspace: 'fleet-default', name: 'app', specVersion: props.specVersion ?? '1', helmErrors: props.helmErrors ?? [] },
    global: { provide: { [API_CLIENT as symbol]: createApiClient({ http: fake.http }) } },
  });
  return { wrapper, fake };
}

describe('GitRepoWarnings', () => {
  it('warns about a missing credentials secret of this GitRepo only, and asks again when the spec changes', async () => {
    let missing = [
      { gitRepo: 'app', field: 'spec.clientSecretName', secret: 'git-creds' },
      { gitRepo: 'other', field: 'spec.helmSecretName', secret: 'helm-creds' },
    ];
    const { wrapper, fake } = mountWarnings(() => diagnostics(missing));
    await flush();
    expect(fake.requests.map((r) => r.path)).toEqual(['/api/workspaces/fleet-default/diagnostics']);
    const alerts = wrapper.findAll('[role="alert"]');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text()).toContain('spec.clientSecretName names the secret git-creds, which does not exist in workspace fleet-default');
    expect(alerts[0]!.text()).toContain('clone the repository');
    missing = [];
    // The plain `tsc` program sees .vue files through a shim without their props.
    await wrapper.setProps({ specVersion: '2' } as never);
    await flush();
    expect(fake.requests).toHaveLength(2);
    expect(wrapper.findAll('[role="alert"]')).toHaveLength(0);
  });

  it('explains a missing Helm chart dependency with the helm dependency build advice', async () => {
    const error = 'found in Chart.yaml, but missing in charts/ directory: common';
    const { wrapper } = mountWarnings(() => diagnostics([]), { helmErrors: [error] });
    await flush();
    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toContain('A Helm chart dependency is missing.');
    expect(alert.get('li').text()).toBe(error);
    expect(alert.text()).toContain('Run helm dependency build');
    expect(alert.text()).toContain('commit the charts/ directory');
  });

  it('shows nothing when diagnostics are refused', async () => {
    const { wrapper } = mountWarnings(() => {
      throw apiFailure(403, 'cannot list secrets');
    });
    await flush();
    expect(wrapper.html()).not.toContain('role="alert"');
  });
});

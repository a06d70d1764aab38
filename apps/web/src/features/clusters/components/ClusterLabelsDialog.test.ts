// @vitest-environment happy-dom
import { enableAutoUnmount, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { createApiClient } from '../../../shared/api/api-client';
import { apiFailure, createFakeHttp, type FakeHandler } from '../../../shared/api/fake-http.testing';
import { API_CLIENT } from '../../../shared/api/injection-keys';
import ClusterLabelsDialog from './ClusterLabelsDialog.vue';
import { labelsOf, labelRow, validateRows } from './cluster-labels.model';

enableAutoUnmount(afterEach);

const flush = async () => {
  for (let i = 0; i < 5; i += 1) await nextTick();
};
const input = (label: string) => document.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`)!;
const type = async (label: string, value: string) => {
  const el = input(label);
  el.value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  await flush();
};
const saveButton = () => [...document.querySelectorAll<HTMLButtonElement>('[role="dialog"] button')].find((b) => b.textContent === 'Save')!;

function mountDialog(handler: FakeHandler) {
  const fake = createFakeHttp(handler);
  const wrapper = mount(ClusterLabelsDialog, {
    props: { workspace: 'fleet-default', name: 'c1', labels: { env: 'dev', team: 'a' }, resourceVersion: '10' },
    attachTo: document.body,
    global: { plugins: [createPinia()], provide: { [API_CLIENT as symbol]: createApiClient({ http: fake.http }) } },
  });
  return { wrapper, requests: fake.requests };
}

describe('cluster label rows', () => {
  it('validates keys and values as Kubernetes does and ignores blank rows', () => {
    const rows = [labelRow('env', 'prod'), labelRow('bad key', 'x'), labelRow('env', 'y'), labelRow('ok', '-bad'), labelRow('', '')];
    const errors = validateRows(rows);
    expect([...errors.keys()]).toEqual([rows[1]!.id, rows[2]!.id, rows[3]!.id]);
    expect(errors.get(rows[2]!.id)?.key).toBe('This key is already used above.');
    expect(errors.get(rows[3]!.id)?.value).toMatch(/Not a valid value/);
    expect(labelsOf([labelRow(' example.com/tier ', ' web '), labelRow('', '')])).toEqual({ 'example.com/tier': 'web' });
  });
});

describe('ClusterLabelsDialog', () => {
  it('blocks saving an invalid key and marks the field', async () => {
    const { requests } = mountDialog(() => ({ metadata: {} }));
    await flush();
    await type('Key 1', 'not valid!');
    expect(input('Key 1').getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input('Key 1').getAttribute('aria-describedby')!)?.textContent).toMatch(/Not a valid key/);
    expect(saveButton().disabled).toBe(true);
    expect(requests).toEqual([]);
  });

  it('sends the labels with the version it started from, and on 409 keeps the edits and shows the current labels', async () => {
    let calls = 0;
    const { wrapper, requests } = mountDialog(() => {
      calls += 1;
      if (calls === 1) {
        throw apiFailure(409, 'Cluster "c1" was changed since resourceVersion 10', {
          current: { metadata: { name: 'c1', resourceVersion: '11', labels: { env: 'dev', team: 'b', zone: 'eu' } } },
        });
      }
      return { metadata: { name: 'c1', resourceVersion: '12' } };
    });
    await flush();
    await type('Value 1', 'prod');
    saveButton().click();
    await flush();
    expect(requests[0]).toEqual({
      method: 'PUT',
      path: '/api/workspaces/fleet-default/clusters/c1/labels',
      body: { labels: { env: 'prod', team: 'a' }, resourceVersion: '10' },
    });
    const conflict = document.querySelector('[role="dialog"] [role="alert"]')!;
    expect(conflict.textContent).toContain('changed after you opened the form');
    expect(conflict.textContent).toContain('zone');
    expect(input('Value 1').value).toBe('prod');
    expect(wrapper.emitted('close')).toBeUndefined();
    saveButton().click();
    await flush();
    expect(requests[1]?.body).toEqual({ labels: { env: 'prod', team: 'a' }, resourceVersion: '11' });
    expect(wrapper.emitted('close')).toHaveLength(1);
  });
});

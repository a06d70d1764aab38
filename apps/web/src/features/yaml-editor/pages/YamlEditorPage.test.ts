// @vitest-environment happy-dom
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { apiFailure } from '../../../shared/api/fake-http.testing';
import { YAML_EDITOR_API, type YamlEditorApi } from '../yaml-editor.api';
import YamlEditorPage from './YamlEditorPage.vue';

// Monaco does not run in happy-dom: the editor is a textarea and the diff two read-only ones.
vi.mock('../components/YamlCodeEditor.vue', () => import('../components/yaml-code-editor-stub.testing'));
vi.mock('../components/YamlDiffView.vue', () => import('../components/yaml-diff-view-stub.testing'));

enableAutoUnmount(afterEach);
afterEach(() => vi.unstubAllGlobals());

const SERVER = `apiVersion: fleet.cattle.io/v1alpha1
kind: GitRepo
metadata:
  name: web
  namespace: fleet-default
  resourceVersion: "41"
  labels:
    app: web
spec:
  repo: https://example.com/web.git
`;
const THEIRS = { apiVersion: 'fleet.cattle.io/v1alpha1', kind: 'GitRepo', metadata: { name: 'web', namespace: 'fleet-default', resourceVersion: '42', labels: { app: 'theirs' } }, spec: { repo: 'https://example.com/web.git' } };
const MINE = SERVER.replace('app: web', 'app: mine');

function fakeApi(overrides: Partial<YamlEditorApi> = {}) {
  const api = {
    getYaml: vi.fn(async (_w: string, _r: string, _n: string) => SERVER),
    replace: vi.fn(async (_w: string, _r: string, _n: string, text: string) => text.replace('"41"', '"43"')),
    create: vi.fn(async (_w: string, _r: string, text: string, _o?: { dryRun?: boolean }) => text),
    schema: vi.fn(async () => ({ group: 'fleet.cattle.io', version: 'v1alpha1', kind: 'GitRepo', schema: { type: 'object' } })),
  };
  // Overrides replace a method; the test keeps the mock it passed in.
  return Object.assign(api, overrides) as typeof api;
}

async function mountAt(url: string, api: YamlEditorApi) {
  const page = { template: '<p>page</p>' };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/w/:workspace/gitrepos/create/yaml', name: 'gitrepo-create-yaml', component: YamlEditorPage, meta: { resource: 'gitrepos' } },
      { path: '/w/:workspace/gitrepos/:name/yaml', name: 'gitrepo-yaml', component: YamlEditorPage, meta: { resource: 'gitrepos' } },
      { path: '/w/:workspace/gitrepos/:name', name: 'gitrepo-detail', component: page },
      { path: '/w/:workspace/gitrepos', name: 'gitrepos', component: page },
      { path: '/login', name: 'login', component: page },
    ],
  });
  await router.push(url);
  await router.isReady();
  const wrapper = mount({ template: '<RouterView />' }, { attachTo: document.body, global: { plugins: [createPinia(), router], provide: { [YAML_EDITOR_API as symbol]: api } } });
  await flushPromises();
  return { wrapper, router };
}

const editorText = (wrapper: Awaited<ReturnType<typeof mountAt>>['wrapper']) => (wrapper.get('textarea').element as HTMLTextAreaElement).value;
const button = (wrapper: Awaited<ReturnType<typeof mountAt>>['wrapper'], name: string) => {
  const found = wrapper.findAll('button').find((b) => b.text() === name);
  if (!found) throw new Error(`no button named ${name}`);
  return found;
};

describe('YamlEditorPage (edit)', () => {
  it('loads the server YAML and saves the text with the resourceVersion it was loaded with', async () => {
    const api = fakeApi();
    const { wrapper } = await mountAt('/w/fleet-default/gitrepos/web/yaml', api);
    expect(api.getYaml).toHaveBeenCalledWith('fleet-default', 'gitrepos', 'web');
    expect(editorText(wrapper)).toBe(SERVER);
    await wrapper.get('textarea').setValue(MINE);
    expect(wrapper.text()).toContain('unsaved changes');
    await button(wrapper, 'Save').trigger('click');
    await flushPromises();
    expect(api.replace).toHaveBeenCalledWith('fleet-default', 'gitrepos', 'web', MINE);
    expect(wrapper.get('[role="status"]').text()).toContain('Saved web.');
    expect(editorText(wrapper)).toContain('resourceVersion: "43"');
    expect(wrapper.text()).not.toContain('unsaved changes');
  });

  it('on a conflict keeps the text, shows their version, and reloads only when confirmed', async () => {
    const api = fakeApi({ replace: vi.fn(async () => Promise.reject(apiFailure(409, 'the object has been modified', { current: THEIRS }))) });
    const { wrapper } = await mountAt('/w/fleet-default/gitrepos/web/yaml', api);
    await wrapper.get('textarea').setValue(MINE);
    await button(wrapper, 'Save').trigger('click');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('web was changed by someone else since you opened it');
    expect(editorText(wrapper)).toBe(MINE);

    await button(wrapper, 'Show their version').trigger('click');
    const diff = wrapper.get('[role="region"]');
    expect(diff.attributes('aria-label')).toBe('Their current version (left) and your text (right)');
    expect(diff.get('.original').text()).toContain('app: theirs');
    expect(diff.get('.modified').text()).toContain('app: mine');

    api.getYaml.mockResolvedValueOnce(SERVER.replace('"41"', '"42"').replace('app: web', 'app: theirs'));
    await button(wrapper, 'Reload').trigger('click');
    expect(document.body.textContent).toContain('Your text in the editor is discarded');
    const cancel = [...document.querySelectorAll('[role="dialog"] button')].find((b) => b.textContent === 'Cancel') as HTMLButtonElement;
    cancel.click();
    await flushPromises();
    expect(api.getYaml).toHaveBeenCalledTimes(1);
    await button(wrapper, 'Back to editor').trigger('click');
    expect(editorText(wrapper)).toBe(MINE);

    await button(wrapper, 'Reload').trigger('click');
    const discard = [...document.querySelectorAll('[role="dialog"] button')].find((b) => b.textContent === 'Discard and reload') as HTMLButtonElement;
    discard.click();
    await flushPromises();
    expect(api.getYaml).toHaveBeenCalledTimes(2);
    expect(editorText(wrapper)).toContain('app: theirs');
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
  });

  it('on 422 shows the server message, keeps the text and places field errors at their line', async () => {
    const invalid = apiFailure(422, 'GitRepo.fleet.cattle.io "web" is invalid', { fields: [{ path: 'spec.repo', message: 'must be a URL' }] });
    const api = fakeApi({ replace: vi.fn(async () => Promise.reject(invalid)) });
    const { wrapper } = await mountAt('/w/fleet-default/gitrepos/web/yaml', api);
    const text = MINE.replace('https://example.com/web.git', 'not a url');
    await wrapper.get('textarea').setValue(text);
    await button(wrapper, 'Save').trigger('click');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('GitRepo.fleet.cattle.io "web" is invalid');
    expect(editorText(wrapper)).toBe(text);
    const problems = wrapper.get('ul[aria-label="Problems"]').text();
    expect(problems).toContain('Line 10, column 3');
    expect(problems).toContain('spec.repo: must be a URL');
  });

  it('does not send text that does not parse and says where it breaks', async () => {
    const api = fakeApi();
    const { wrapper } = await mountAt('/w/fleet-default/gitrepos/web/yaml', api);
    const broken = MINE.replace('app: mine', 'app: [mine');
    await wrapper.get('textarea').setValue(broken);
    await button(wrapper, 'Save').trigger('click');
    await flushPromises();
    expect(api.replace).not.toHaveBeenCalled();
    expect(wrapper.get('[role="alert"]').text()).toMatch(/The YAML does not parse \(line \d+, column \d+/);
    expect(editorText(wrapper)).toBe(broken);
  });

  it('asks before leaving with unsaved changes', async () => {
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const { wrapper, router } = await mountAt('/w/fleet-default/gitrepos/web/yaml', fakeApi());
    await wrapper.get('textarea').setValue(MINE);
    await router.push({ name: 'gitrepo-detail', params: { workspace: 'fleet-default', name: 'web' } });
    expect(confirm).toHaveBeenCalledOnce();
    expect(router.currentRoute.value.name).toBe('gitrepo-yaml');
    confirm.mockReturnValue(true);
    await router.push({ name: 'gitrepo-detail', params: { workspace: 'fleet-default', name: 'web' } });
    expect(router.currentRoute.value.name).toBe('gitrepo-detail');
  });
});

describe('YamlEditorPage (create)', () => {
  it('starts from the template, dry-runs, creates and opens the new object', async () => {
    const api = fakeApi();
    const { wrapper, router } = await mountAt('/w/team-a/gitrepos/create/yaml', api);
    expect(api.getYaml).not.toHaveBeenCalled();
    expect(editorText(wrapper)).toContain('namespace: team-a');
    await wrapper.get('textarea').setValue(editorText(wrapper).replace('name: my-gitrepo', 'name: shop'));
    await button(wrapper, 'Create').trigger('click');
    await flushPromises();
    expect(api.create.mock.calls.map((c) => c[3])).toEqual([{ dryRun: true }, undefined]);
    expect(router.currentRoute.value.fullPath).toBe('/w/team-a/gitrepos/shop');
  });

  it('keeps the text when the dry run refuses it', async () => {
    const api = fakeApi({ create: vi.fn(async () => Promise.reject(apiFailure(400, 'metadata.name is invalid'))) });
    const { wrapper, router } = await mountAt('/w/team-a/gitrepos/create/yaml', api);
    const text = editorText(wrapper).replace('name: my-gitrepo', 'name: Bad_Name');
    await wrapper.get('textarea').setValue(text);
    await button(wrapper, 'Create').trigger('click');
    await flushPromises();
    expect(api.create).toHaveBeenCalledOnce();
    expect(wrapper.get('[role="alert"]').text()).toContain('metadata.name is invalid');
    expect(editorText(wrapper)).toBe(text);
    expect(router.currentRoute.value.name).toBe('gitrepo-create-yaml');
  });
});

// Flow: edit a GitRepo's YAML while someone else changes it. Saving is refused with a conflict that
// keeps the user's text and shows their version; Reload (after confirming) starts again from theirs
// and the next save goes through. A syntax error is reported with its line and column, text kept.
import { CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { createYamlEditorPage, lineOf } from '../pages/yaml-editor.page';
import type { KubeApi } from '../support/kube-api.service';
import { expect, test } from '../support/test.fixture';

const WORKSPACE = 'fleet-default';
const NAME = 'yaml-editor-e2e';

/** Another operator's change, straight to the API server: a merge patch of the labels. */
function labelGitRepo(kubeconfig: string, labels: Record<string, string>): Promise<unknown> {
  const config = new KubeConfig();
  config.loadFromFile(kubeconfig);
  return config
    .makeApiClient(CustomObjectsApi)
    .patchNamespacedCustomObject(
      { group: 'fleet.cattle.io', version: 'v1alpha1', namespace: WORKSPACE, plural: 'gitrepos', name: NAME, body: { metadata: { labels } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
}

/** Waits until the simulator has settled the GitRepo (its resourceVersion stops moving for 2 s). */
async function settled(kube: KubeApi): Promise<void> {
  let last = '';
  let since = Date.now();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const version = (await kube.getObject('gitrepos', WORKSPACE, NAME))?.metadata.resourceVersion ?? '';
    if (version !== last) {
      last = version;
      since = Date.now();
    } else if (Date.now() - since >= 2_000) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test('edit YAML with a conflict, reload, save; a syntax error keeps the text', async ({ page, adminKube, environment }) => {
  test.setTimeout(120_000);
  await adminKube.deleteObject('gitrepos', WORKSPACE, NAME);
  await adminKube.createObject('gitrepos', WORKSPACE, {
    metadata: { name: NAME, labels: { team: 'web' } },
    spec: { repo: 'https://github.com/rancher/fleet-examples', branch: 'master', paths: ['simple'], disablePolling: true },
  });
  page.on('dialog', (dialog) => void dialog.accept());
  const yaml = createYamlEditorPage(page, NAME);
  try {
    await settled(adminKube);
    await yaml.open(WORKSPACE, 'gitrepos', NAME);
    await expect(yaml.heading).toBeVisible();
    const loaded = await yaml.text();
    expect(loaded).toContain('team: web');
    expect(loaded).not.toContain('managedFields');

    // The user changes the label; meanwhile another operator changes the same object.
    await yaml.goToLineEnd(lineOf(loaded, 'team: web'));
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('api');
    await page.keyboard.press('Escape');
    await labelGitRepo(environment.kubeconfigs.admin, { team: 'ops' });

    await yaml.save.click();
    await expect(yaml.alert).toContainText(`${NAME} was changed by someone else since you opened it`);
    const kept = await yaml.text();
    expect(kept).toContain('team: api');
    expect(kept).not.toContain('team: ops');

    await yaml.showTheirVersion.click();
    await expect(yaml.diff('Their current version (left) and your text (right)')).toBeVisible();
    expect((await adminKube.getObject('gitrepos', WORKSPACE, NAME))?.metadata.labels?.team).toBe('ops');

    // Reload (confirmed) starts again from their version; the user's change then saves. The
    // simulator may still touch the object's status: then the save conflicts again and the user
    // reloads once more, as they would.
    for (let attempt = 0; attempt < 3; attempt++) {
      await settled(adminKube);
      await yaml.reload.click();
      await yaml.confirmReload();
      const theirs = await yaml.text();
      expect(theirs).toContain('team: ops');
      await yaml.goToLineEnd(lineOf(theirs, 'team: ops'));
      for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
      await page.keyboard.type('api');
      await page.keyboard.press('Escape');
      await yaml.save.click();
      await expect(yaml.status.or(yaml.alert)).toBeVisible();
      if (await yaml.status.isVisible()) break;
    }
    await expect(yaml.status).toHaveText(`Saved ${NAME}.`);
    expect((await adminKube.getObject('gitrepos', WORKSPACE, NAME))?.metadata.labels?.team).toBe('api');

    // A syntax error: reported with line and column, nothing sent, the text kept.
    const saved = await yaml.text();
    const line = lineOf(saved, 'team: api');
    await yaml.goToLineEnd(line);
    await page.keyboard.type(': broken');
    await page.keyboard.press('Escape');
    await yaml.save.click();
    await expect(yaml.alert).toContainText(/The YAML does not parse \(line \d+, column \d+/);
    await expect(yaml.problems).toContainText(`Line ${line}, column`);
    expect(await yaml.text()).toContain('team: api: broken');
    expect((await adminKube.getObject('gitrepos', WORKSPACE, NAME))?.metadata.labels?.team).toBe('api');
  } finally {
    await adminKube.deleteObject('gitrepos', WORKSPACE, NAME);
  }
});

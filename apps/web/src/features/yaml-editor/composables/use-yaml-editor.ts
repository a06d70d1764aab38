// The state of one YAML page: the text in the editor, the server's version it was loaded from,
// every problem (syntax, page checks, schema, server) and the save/create flow. A failed save
// never touches the user's text: a conflict keeps it and offers the current server version.
import { computed, ref, shallowRef } from 'vue';
import { isApiError } from '../../../shared/api/http';
import type { YamlEditorApi } from '../yaml-editor.api';
import {
  checkIdentity,
  createTemplate,
  nameOf,
  objectToYaml,
  parseYaml,
  problemsOfServerError,
  type YamlProblem,
  type YamlResource,
} from '../yaml-document.model';

export interface YamlEditorOptions {
  api: YamlEditorApi;
  resource: YamlResource;
  workspace: string;
  /** The object being edited; absent on Create from YAML. */
  name?: string | undefined;
}

export type YamlNotice = { kind: 'error' | 'success'; message: string } | { kind: 'conflict'; message: string; theirText: string };

const byPosition = (a: YamlProblem, b: YamlProblem) => a.line - b.line || a.column - b.column;

export function useYamlEditor(options: YamlEditorOptions) {
  const { api, resource, workspace, name } = options;
  const isCreate = name === undefined;
  const text = ref(isCreate ? createTemplate(resource, workspace) : '');
  /** What the server had when the text was loaded (the left side of "Review changes"). */
  const baseText = ref(text.value);
  const isLoading = ref(!isCreate);
  const loadError = ref<string>();
  const isSaving = ref(false);
  const notice = shallowRef<YamlNotice>();
  const serverProblems = shallowRef<YamlProblem[]>([]);
  /** Markers of the editor's schema validation. */
  const schemaProblems = shallowRef<YamlProblem[]>([]);

  const parsed = computed(() => parseYaml(text.value));
  const localProblems = computed(() => [...parsed.value.problems, ...checkIdentity(parsed.value, { resource, workspace, ...(isCreate ? {} : { name }) })]);
  /** Syntax errors make the editor's schema markers noise: they are left out until the text parses. */
  const problems = computed(() => {
    const schema = parsed.value.problems.length > 0 ? [] : schemaProblems.value;
    return [...localProblems.value, ...serverProblems.value, ...schema].sort(byPosition);
  });
  const isDirty = computed(() => text.value !== baseText.value);

  async function load(): Promise<void> {
    if (isCreate) return;
    isLoading.value = true;
    loadError.value = undefined;
    try {
      const yaml = await api.getYaml(workspace, resource, name);
      text.value = yaml;
      baseText.value = yaml;
      notice.value = undefined;
      serverProblems.value = [];
    } catch (error) {
      loadError.value = error instanceof Error ? error.message : String(error);
    } finally {
      isLoading.value = false;
    }
  }

  function failed(error: unknown, sent: string): void {
    if (!isApiError(error)) {
      notice.value = { kind: 'error', message: String(error) };
      return;
    }
    if (error.code === 'Conflict' && !isCreate) {
      const current = error.details?.current;
      notice.value = {
        kind: 'conflict',
        message: `${name} was changed by someone else since you opened it. Your text is kept: compare it with their version, or reload to start again from theirs.`,
        theirText: current === undefined ? '' : objectToYaml(current),
      };
      return;
    }
    serverProblems.value = problemsOfServerError(error, sent);
    notice.value = { kind: 'error', message: error.message };
  }

  /** Saves (edit) or dry-runs then creates (create). Resolves with the saved object's name, or undefined. */
  async function save(): Promise<string | undefined> {
    const sent = text.value;
    serverProblems.value = [];
    const blocking = localProblems.value;
    if (blocking.length > 0) {
      const first = blocking[0];
      const where = first ? `line ${first.line}, column ${first.column}: ${first.message}` : '';
      notice.value = { kind: 'error', message: `${parsed.value.problems.length > 0 ? 'The YAML does not parse' : 'The object does not fit this page'} (${where}). Nothing was sent.` };
      return undefined;
    }
    isSaving.value = true;
    try {
      if (isCreate) {
        await api.create(workspace, resource, sent, { dryRun: true });
        const created = await api.create(workspace, resource, sent);
        baseText.value = text.value;
        notice.value = { kind: 'success', message: 'Created.' };
        return nameOf(parseYaml(created).value) || nameOf(parsed.value.value);
      }
      const saved = await api.replace(workspace, resource, name, sent);
      // Saved: the editor now holds the stored object (with its new resourceVersion), unless typed on meanwhile.
      if (text.value === sent) text.value = saved;
      baseText.value = saved;
      notice.value = { kind: 'success', message: `Saved ${name}.` };
      return name;
    } catch (error) {
      failed(error, sent);
      return undefined;
    } finally {
      isSaving.value = false;
    }
  }

  return { isCreate, text, baseText, isLoading, loadError, isSaving, notice, problems, schemaProblems, isDirty, load, save };
}

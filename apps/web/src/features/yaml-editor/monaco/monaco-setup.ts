// Monaco with what the YAML pages use and nothing more: the editor API, the YAML grammar, a chosen
// set of editor features (find, hover, suggest, folding, diff…), the YAML language service of
// monaco-yaml and two workers bundled by Vite (no TypeScript/CSS/HTML/JSON services).
import * as monaco from 'monaco-editor/editor/editor.api';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/diffEditor/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/suggest/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/languages/definitions/yaml/register';
import { configureMonacoYaml, type JSONSchema, type MonacoYaml, type MonacoYamlOptions } from 'monaco-yaml';

export type MonacoApi = typeof monaco;

export interface SchemaRegistration {
  /** The model the schema applies to. */
  uri: string;
  schema: Record<string, unknown>;
}

export interface MonacoSetup {
  monaco: MonacoApi;
  /** Validates the model at `uri` against `schema` (replacing earlier registrations). */
  useSchema(registration: SchemaRegistration): void;
}

const newEditorWorker = () => new Worker(new URL('./editor.worker.ts', import.meta.url), { type: 'module', name: 'editor' });
const newYamlWorker = () => new Worker(new URL('./yaml.worker.ts', import.meta.url), { type: 'module', name: 'yaml' });

type WorkerOptions = Parameters<MonacoApi['editor']['createWebWorker']>[0];

/**
 * monaco-yaml asks Monaco for its worker by label and sends its settings as `createData`, which
 * Monaco 0.55+ no longer forwards. This gives it its worker with the two messages the worker
 * side still expects first: one it skips, then the settings.
 */
function createYamlWebWorker(opts: WorkerOptions & { createData?: unknown }) {
  if ('worker' in opts && opts.worker) return monaco.editor.createWebWorker(opts);
  const worker = newYamlWorker();
  worker.postMessage('skip');
  worker.postMessage(opts.createData);
  return monaco.editor.createWebWorker({ ...opts, worker });
}

export function setupMonaco(): MonacoSetup {
  globalThis.MonacoEnvironment = { getWorker: () => newEditorWorker() };
  const forYaml = { ...monaco, editor: { ...monaco.editor, createWebWorker: createYamlWebWorker } } as unknown as Parameters<typeof configureMonacoYaml>[0];
  let yaml: MonacoYaml | undefined;
  return {
    monaco,
    useSchema({ uri, schema }) {
      const options: MonacoYamlOptions = {
        enableSchemaRequest: false,
        validate: true,
        completion: true,
        hover: true,
        format: { enable: false },
        schemas: [{ uri: `${uri}.schema.json`, fileMatch: [uri], schema: schema as JSONSchema }],
      };
      if (yaml) void yaml.update(options);
      else yaml = configureMonacoYaml(forYaml, options);
    },
  };
}

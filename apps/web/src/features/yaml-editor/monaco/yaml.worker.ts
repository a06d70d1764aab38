// The YAML language service worker (validation, completion, hover) as its own bundle.
import 'monaco-yaml/yaml.worker.js';

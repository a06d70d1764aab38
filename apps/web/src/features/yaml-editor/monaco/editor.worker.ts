// Monaco's editor worker (diff computation, model sync) as its own bundle, served from 'self'.
import 'monaco-editor/editor/editor.worker';

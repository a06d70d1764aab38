// Browser globals for the plain `tsc` program of the repository (vue-tsc uses apps/web/tsconfig.json)
// and the module type of single-file components.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

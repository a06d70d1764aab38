// A classic script, so it runs before the app's (deferred) modules: zod takes its global config
// from this object when it loads and decides per schema, as the schema is built, whether to
// compile parsers with `new Function`. The Content-Security-Policy forbids that (and reports even
// the probe), so zod is told to stay jitless before any schema exists.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, { jitless: true });

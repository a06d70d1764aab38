import { describe, expect, it } from 'vitest';
import { initialAssetsOf } from './bundle-size.bench';

describe('initialAssetsOf', () => {
  it('finds the module entry, modulepreloads and stylesheets of a Vite index.html', () => {
    const html = `<!doctype html><html><head>
      <link rel="icon" href="/favicon.svg" />
      <script type="module" crossorigin src="/assets/index-abc.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/vendor-def.js">
      <link rel="stylesheet" crossorigin href="/assets/index-123.css">
    </head><body><div id="app"></div></body></html>`;
    expect(initialAssetsOf(html)).toEqual({ js: ['/assets/index-abc.js', '/assets/vendor-def.js'], css: ['/assets/index-123.css'] });
  });

  it('finds nothing in a page without assets', () => {
    expect(initialAssetsOf('<html><body></body></html>')).toEqual({ js: [], css: [] });
  });
});

/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Watches a page for any sign that hostile content ran or became active: the payloads' marker
// `window.__xss`, a JavaScript dialog, a Content-Security-Policy violation, an element carrying an
// inline event handler, an inline <script>, a `javascript:` link, or a request for the `src=x`
// image of an injected <img>. Installed before the page loads (init script + page listeners).
import { expect, type Page } from '@playwright/test';

interface GuardWindow {
  __xss?: unknown;
  e2eCspViolations?: Violation[];
}

interface Violation {
  directive: string;
  blockedURI: string;
  sample: string;
  source: string;
}

export interface ScriptGuard {
  /** Asserts that nothing of the above happened on the page so far (`where` names the page in failures). */
  check(where: string): Promise<void>;
  /** The Content-Security-Policy header of the last document loaded ('' when none). */
  contentSecurityPolicy(): string;
}

export async function installScriptGuard(page: Page): Promise<ScriptGuard> {
  const dialogs: string[] = [];
  const strayRequests: string[] = [];
  let csp = '';
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss().catch(() => undefined);
  });
  page.on('request', (req) => {
    if (/\/x$/.test(new URL(req.url()).pathname)) strayRequests.push(req.url());
  });
  page.on('response', (res) => {
    if (res.request().resourceType() === 'document') csp = res.headers()['content-security-policy'] ?? '';
  });
  await page.addInitScript(() => {
    const w = window as unknown as GuardWindow;
    w.e2eCspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      w.e2eCspViolations?.push({
        directive: event.violatedDirective,
        blockedURI: event.blockedURI,
        sample: event.sample,
        source: `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`,
      });
    });
  });

  return {
    contentSecurityPolicy: () => csp,
    async check(where) {
      const state = await page.evaluate(() => {
        const w = window as unknown as GuardWindow;
        const handlers = [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).map((el) => el.outerHTML.slice(0, 120));
        return {
          xss: w.__xss === undefined ? 'undefined' : String(w.__xss),
          cspViolations: w.e2eCspViolations ?? [{ directive: '(guard not installed)', blockedURI: '', sample: '', source: '' }],
          handlers,
          inlineScripts: [...document.scripts].filter((s) => !s.src).map((s) => s.textContent?.slice(0, 120) ?? ''),
        };
      });
      expect(state.xss, `window.__xss on ${where}`).toBe('undefined');
      expect(state.cspViolations, `CSP violations on ${where}`).toEqual([]);
      expect(state.handlers, `elements with inline event handlers on ${where}`).toEqual([]);
      expect(state.inlineScripts, `inline scripts on ${where}`).toEqual([]);
      const hrefs = await page.getByRole('link').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
      expect(
        hrefs.filter((href) => /^\s*(javascript|data|vbscript):/i.test(href)),
        `script links on ${where}`,
      ).toEqual([]);
      expect(dialogs, `dialogs opened on ${where}`).toEqual([]);
      expect(strayRequests, `requests for an injected image on ${where}`).toEqual([]);
    },
  };
}

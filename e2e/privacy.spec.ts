/**
 * Nothing leaves the browser (issue 10): the page carries a Content-Security-Policy whose
 * connect-src is 'self', and every request the page and its worker make — from load through the
 * demo, training, recommending, explaining, evaluating, simulating and importing a file — goes to
 * the page's own origin. No policy violation fires on the way.
 */
import { expect, test, type Page } from '@playwright/test';
import { parseCsp } from '../src/security/csp';
import { openApp, recommendations, status, trainAndWait } from './helpers';

/** What the page and its workers asked for, and what the policy refused. */
interface Recorder {
  requests: string[];
  serviceWorkers: string[];
  webSockets: string[];
  cspConsole: string[];
  /** securitypolicyviolation events seen by the document. */
  violations: () => Promise<{ directive: string; blocked: string }[]>;
}

/** Starts recording before the page loads: requests of the whole context (page and workers included). */
async function record(page: Page): Promise<Recorder> {
  const r = { requests: [] as string[], serviceWorkers: [] as string[], webSockets: [] as string[], cspConsole: [] as string[] };
  const context = page.context();
  context.on('request', (req) => r.requests.push(req.url()));
  context.on('serviceworker', (sw) => r.serviceWorkers.push(sw.url()));
  page.on('websocket', (ws) => r.webSockets.push(ws.url()));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) r.cspConsole.push(m.text());
  });
  await page.addInitScript(() => {
    const seen: { directive: string; blocked: string }[] = [];
    (window as unknown as { __cspViolations: typeof seen }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
  });
  return {
    ...r,
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations: { directive: string; blocked: string }[] }).__cspViolations),
  };
}

/** The origin of a URL, or its scheme for data:/blob: URLs (which never leave the page). */
function originOf(url: string): string {
  const u = new URL(url);
  return u.protocol === 'data:' || u.protocol === 'blob:' ? u.protocol : u.origin;
}

/** Demo, train, recommend, explain, evaluate, simulate, a CPU/WebAssembly run, an import, the worked examples. */
async function tour(page: Page): Promise<void> {
  await openApp(page);
  // two epochs: WebGL on a software GPU takes seconds per epoch
  await page.getByRole('spinbutton', { name: 'Epochs' }).fill('2');
  await trainAndWait(page);
  await expect(recommendations(page)).toHaveCount(10);
  const first = recommendations(page).first();
  await first.getByRole('button', { name: 'Explain' }).click();
  await expect(first.getByRole('region', { name: 'Explanation' })).toContainText('the same value');

  const evaluate = page.locator('section[aria-labelledby="evaluate-heading"]');
  await evaluate.getByRole('button', { name: 'Create split' }).click();
  await expect(evaluate.getByText(/random 20% · seed 42/).first()).toBeVisible();
  await evaluate.getByRole('button', { name: 'Run evaluation' }).click();
  await expect(status(page)).toContainText(/Evaluated 2 methods/, { timeout: 60_000 });

  const simulate = page.locator('section[aria-labelledby="simulate-heading"]');
  await simulate.getByLabel('Steps (users served)').fill('200');
  await simulate.getByLabel('Record a point every').fill('50');
  await simulate.getByRole('button', { name: 'Simulate' }).click();
  await expect(simulate.getByRole('table', { name: 'Results per policy' })).toBeVisible({ timeout: 120_000 });

  // The CPU path's per-rating SGD kernel is a .wasm file fetched from the page's origin.
  await page.getByRole('combobox', { name: /^Backend/ }).selectOption('cpu');
  await expect(status(page)).toContainText(/Backend: cpu/);
  await page.getByLabel('Optimizer').selectOption('sgd');
  await page.getByLabel('CPU kernel').selectOption('sgd-wasm');
  await page.getByRole('spinbutton', { name: 'Epochs' }).fill('2');
  await trainAndWait(page);

  await page.getByLabel('Ratings file').setInputFiles({ name: 'tiny.csv', mimeType: 'text/csv', buffer: Buffer.from('user,item,rating\nann,Heat,4\nbob,Heat,5\nbob,Alien,3\n') });
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByLabel('Selected dataset')).toContainText('tiny.csv');

  // The worked examples: KaTeX and its fonts.
  await page.getByRole('link', { name: /Worked examples/ }).click();
  await expect(page.getByRole('heading', { name: 'Worked examples' })).toBeVisible();
  await expect(page.locator('.katex:visible').first()).toBeVisible();
  await page.evaluate(() => document.fonts.ready);
}

for (const tag of ['', ' @webgl', ' @cpu']) {
  test(`every request from load to import stays on the page's origin, under a policy with connect-src 'self'${tag}`, async ({ page }) => {
    const rec = await record(page);
    const docResponse = page.waitForResponse((res) => res.request().resourceType() === 'document');
    const workerResponse = page.waitForResponse((res) => /lab\.worker[^/]*\.js/.test(res.url()));
    await tour(page);

    // The policy: as a header on the page and on the worker's script, and as a meta tag.
    const header = (await (await docResponse).allHeaders())['content-security-policy'] ?? '';
    expect(parseCsp(header)['connect-src']).toEqual(["'self'"]);
    expect(parseCsp(header)['frame-ancestors']).toEqual(["'none'"]);
    expect((await (await workerResponse).allHeaders())['content-security-policy']).toBe(header);
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(parseCsp(meta ?? '')['connect-src']).toEqual(["'self'"]);
    expect(parseCsp(meta ?? '')['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);

    const origin = new URL(page.url()).origin;
    expect(rec.requests.length).toBeGreaterThan(5);
    expect(rec.requests.some((u) => /\.wasm$/.test(u))).toBe(true);
    expect(rec.requests.some((u) => /lab\.worker[^/]*\.js$/.test(u))).toBe(true);
    expect(rec.requests.some((u) => /\/assets\/KaTeX_[\w-]+\.woff2$/.test(u))).toBe(true);
    expect(rec.requests.filter((u) => originOf(u) !== origin && originOf(u) !== 'data:' && originOf(u) !== 'blob:')).toEqual([]);
    expect(rec.serviceWorkers).toEqual([]);
    expect(rec.webSockets).toEqual([]);
    expect(await rec.violations()).toEqual([]);
    expect(rec.cspConsole).toEqual([]);
  });
}

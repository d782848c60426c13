// The shared start-up of a browser end-to-end file: serves the production
// build (web-demo/dist) with `vite preview` on 127.0.0.1, launches Debian's
// headless Chromium through playwright-core, aborts and records any request
// that leaves the page's origin, collects console errors, and gives
// `test(name, fn)`, `assert`, `shot` (screenshots under web-demo/artifacts/)
// and `axe(state)` (no serious or critical violations). `finish()` prints
// "N passed, N failed" and sets the exit code. `start` gives one page (run.mjs,
// analytics.mjs, over-time.mjs); `launch` gives the browser alone, for a file
// that opens its own contexts (resilience.mjs). A start-up that fails counts
// as a failed "setup" test.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..');
export const artifacts = join(root, 'artifacts');
mkdirSync(artifacts, { recursive: true });
const require = createRequire(import.meta.url);
export const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

async function waitForServer(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server at ${url} did not start`);
}

/**
 * Starts the server and the browser; returns the browser with `guard(context)`
 * (aborts and records requests that leave the origin), `test(name, fn, onFail)`,
 * `clean(ignore)` (no foreign request, no console error but those `ignore`
 * accepts) and `finish()`.
 */
export async function launch(port) {
  const BASE = `http://127.0.0.1:${port}`;
  const results = [];
  const foreign = [];
  const consoleErrors = [];
  const server = spawn(join(root, 'node_modules/.bin/vite'), ['preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stderr.on('data', (d) => process.stderr.write(d));
  let browser;
  const finish = async () => {
    await browser?.close();
    server.kill();
    const passed = results.filter((r) => r.ok).length;
    const failed = results.length - passed;
    console.log(`${passed} passed, ${failed} failed`);
    process.exitCode = failed ? 1 : 0;
  };
  async function test(name, fn, onFail) {
    const t = Date.now();
    try {
      await fn();
      results.push({ name, ok: true });
      console.log(`ok   ${name} (${Date.now() - t} ms)`);
    } catch (e) {
      results.push({ name, ok: false });
      console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
      await onFail?.(name);
    }
  }
  try {
    await waitForServer(BASE, 20000);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (e) {
    await test('setup', () => {
      throw e;
    });
    await finish();
    process.exit(1);
  }
  // Any request that leaves the page's own origin is aborted and fails the run.
  const guard = async (context) => {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(BASE + '/') || url === BASE) return route.continue();
      foreign.push(url);
      return route.abort();
    });
    context.on('request', (req) => {
      const url = req.url();
      if (!url.startsWith(BASE) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
    });
  };
  const clean = (ignore = () => false) => {
    assert(foreign.length === 0, `requests to other origins: ${[...new Set(foreign)].join(', ')}`);
    const real = consoleErrors.filter((t) => !ignore(t));
    assert(real.length === 0, `console errors: ${real.join(' | ')}`);
  };
  return { BASE, browser, guard, test, clean, finish, consoleErrors };
}

/**
 * Starts the server and the browser with one page (default timeout `timeout`
 * ms); returns the page and the helpers.
 */
export async function start(port, { timeout = 120000 } = {}) {
  const { BASE, browser, guard, test: run, clean, finish, consoleErrors } = await launch(port);
  const axeStates = [];
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1360, height: 900 } });
  await guard(context);
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.setDefaultTimeout(timeout);
  const shot = (name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  const test = (name, fn) => run(name, fn, () => shot(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined));
  async function axe(state) {
    if (!(await page.evaluate(() => !!globalThis.axe))) await page.evaluate(axeSource);
    const bad = await page.evaluate(async () => {
      const r = await globalThis.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes[0]?.target?.join(' ')})`);
    });
    axeStates.push({ state, bad });
    assert(bad.length === 0, `axe in state "${state}": ${bad.join(', ')}`);
  }
  return { BASE, page, test, shot, axe, axeStates, clean, finish, tid: (id) => page.getByTestId(id) };
}

// Nothing lost in the browser (issue 10): a solver worker killed in the middle
// of a run, a storage quota exceeded while saving, and a very large CSV
// import. Started by harness.mjs (`launch`): Debian's headless Chromium driven
// by playwright-core, the production build served by `vite preview`, requests
// to other origins aborted. Each test opens a fresh browser context (its own
// IndexedDB). Prints "N passed, N failed" and exits non-zero on failure.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, assert, launch } from './harness.mjs';

const { BASE, browser, guard, test: run, clean, finish } = await launch(Number(process.env.E2E_RESILIENCE_PORT ?? 4184));

/**
 * A fresh context and page on the tool, ready. With `quota`, IndexedDB writes
 * fail with the browser's QuotaExceededError while `globalThis.quotaFull` is true.
 */
async function open({ quota = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  if (quota) {
    await context.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (...args) {
        if (globalThis.quotaFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.apply(this, args);
      };
    });
  }
  await guard(context);
  const page = await context.newPage();
  page.setDefaultTimeout(60000);
  await page.goto(BASE + '/');
  await page.waitForSelector('body[data-ready="true"]');
  return { context, page };
}

const scenarios = (page) => page.locator('#scenario-select option').count();
const saveStatus = (page) => page.locator('#save-status').innerText();

/** Waits until the debounced autosave has written the workspace. */
async function saved(page) {
  await page.waitForFunction(() => /^Saved in this browser/.test(document.querySelector('#save-status')?.textContent ?? ''));
}

/** A test whose body opens its own context and returns it, to be closed. */
const test = (name, fn) =>
  run(name, async () => {
    const context = await fn();
    await context?.close();
  });

try {
  await test('worker killed mid-run, then reload: the last saved workspace comes back and the user is told', async () => {
    const { context, page } = await open();
    await page.getByTestId('scenario-new').click(); // a change only the saved copy can bring back
    await saved(page);
    const before = await scenarios(page);
    assert(before === 2, `two scenarios before the run: ${before}`);
    await page.getByTestId('run-rounds').click();
    await page.waitForFunction(() => !document.querySelector('#cancel')?.disabled);
    // Kill the solver worker in the middle of the run, as the browser does when it runs out of memory.
    await page.evaluate(() => globalThis.carematchSolver.worker.terminate());
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    assert((await scenarios(page)) === before, 'the saved scenarios are back');
    const status = await page.locator('#status').innerText();
    assert(/did not finish/.test(status) && /restored/.test(status), `the user is told: ${status}`);
    assert(/restored/i.test(await saveStatus(page)), 'restored from this browser');
    // The solver works again.
    await page.getByTestId('run-matching').click();
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('Matching done'));
    await page.screenshot({ path: join(artifacts, 'resilience-1-restored.png'), fullPage: true });
    return context;
  });

  await test('storage quota exceeded: the person is told, the saved copy is kept and the work is saved once there is room', async () => {
    const { context, page } = await open({ quota: true });
    await saved(page);
    const before = await scenarios(page);
    await page.evaluate(() => (globalThis.quotaFull = true));
    await page.getByTestId('scenario-new').click();
    await page.waitForFunction(() => document.querySelector('#save-status')?.dataset.failed === 'true');
    const message = await saveStatus(page);
    assert(/storage for this site is full/.test(message) && /Nothing is lost/.test(message), `message: ${message}`);
    assert((await scenarios(page)) === before + 1, 'the change stays open in the tab');
    await page.screenshot({ path: join(artifacts, 'resilience-2-quota.png'), fullPage: true });
    // A reload brings back the last saved copy, intact.
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    assert((await scenarios(page)) === before, 'the saved copy is intact');
    // Make the change again; once there is room the retry saves it without any action.
    await page.evaluate(() => (globalThis.quotaFull = true));
    await page.getByTestId('scenario-new').click();
    await page.waitForFunction(() => document.querySelector('#save-status')?.dataset.failed === 'true');
    await page.evaluate(() => (globalThis.quotaFull = false));
    await page.waitForFunction(() => document.querySelector('#save-status')?.dataset.failed === 'false', null, { timeout: 15000 });
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    assert((await scenarios(page)) === before + 1, 'the change was saved after the retry');
    return context;
  });

  await test('a very large CSV import is read in the worker: the page stays responsive and the limit is named', async () => {
    const { context, page } = await open();
    const header = 'id,name,age,gender,needs,support_level,home_lat,home_lon,district,travel_mode,arrangement,smokes,interests\n';
    const rows = (n) => {
      const parts = [header];
      for (let i = 0; i < n; i++) parts.push(`P${i},Person number ${i},${20 + (i % 60)},female,learning_disability;autism,moderate,53.${1000 + (i % 8999)},-1.${1000 + (i % 8999)},Bassetlaw,car,long_term,no,gardening;music;walking\n`);
      return Buffer.from(parts.join(''));
    };
    const cases = [
      // 30,000 people: read in the worker, then refused by the engine's people limit. The
      // page itself receives and passes on 30,000 records here, so no pause bound is set.
      { n: 30000, expect: /at most 20000/, maxGap: Infinity },
      // 60,000 rows (about 7 MB): parsed and refused by the row limit in the worker; the
      // page only waits.
      { n: 60000, expect: /at most 50000/, maxGap: 1000 },
    ];
    for (const { n, expect, maxGap } of cases) {
      // A heartbeat on the page's thread: the longest gap between ticks while importing.
      await page.evaluate(() => {
        document.querySelector('#status').textContent = '';
        globalThis.__gap = 0;
        let last = performance.now();
        globalThis.__beat = setInterval(() => {
          const now = performance.now();
          globalThis.__gap = Math.max(globalThis.__gap, now - last);
          last = now;
        }, 20);
      });
      // Given as a file on disk: the browser reads it itself (a buffer would be decoded by
      // the test harness on the page's thread and freeze it, whatever the tool does).
      const file = join(artifacts, 'people.csv');
      writeFileSync(file, rows(n));
      await page.getByTestId('import-file').setInputFiles(file);
      await page.waitForFunction(() => /Import failed/.test(document.querySelector('#status')?.textContent ?? ''), null, { timeout: 120000 });
      const gap = await page.evaluate(() => {
        clearInterval(globalThis.__beat);
        return globalThis.__gap;
      });
      const errors = await page.locator('#error-list').innerText();
      assert(expect.test(errors), `${n} rows: ${errors.slice(0, 300)}`);
      assert(gap < maxGap, `${n} rows: the page froze for ${Math.round(gap)} ms`);
      console.log(`     ${n} rows: longest pause of the page ${Math.round(gap)} ms`);
    }
    assert((await scenarios(page)) === 1, 'nothing was changed');
    return context;
  });

  await test('no request left the page’s origin', async () => clean());
} catch (e) {
  await run('setup', () => {
    throw e;
  });
} finally {
  await finish();
}

// End-to-end tests of the web tool in Debian's headless Chromium, driven by
// playwright-core (no browser download), started by harness.mjs: serves the
// production build (web-demo/dist) with `vite preview` on 127.0.0.1, blocks and
// fails on any request to another origin, runs axe-core, and saves screenshots
// under web-demo/artifacts/. Prints "N passed, N failed" and exits non-zero on failure.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, assert, axeSource, start } from './harness.mjs';
import { issue11Tests } from './issue11.mjs';

const { BASE, page, test, shot, clean, finish, tid } = await start(Number(process.env.E2E_PORT ?? 4183), { timeout: 60000 });
const rows = (id) => page.locator(`[data-testid="${id}"] tbody tr[data-key]`);

try {
  await test('opens on the Nottinghamshire sample', async () => {
    await page.goto(BASE + '/');
    await page.waitForSelector('body[data-ready="true"]');
    const summary = await page.locator('#summary').innerText();
    assert(/120\s*people referred/.test(summary), `summary: ${summary}`);
    assert((await page.locator('[data-testid="map"] circle.person').count()) === 120, 'map shows 120 people');
    assert(/carematch \d+\.\d+\.\d+/.test(await page.locator('#version').innerText()), 'version shown');
    await shot('01-opened');
  });

  await test('load sample, run matching: results and explanations appear', async () => {
    await tid('load-sample').click();
    await page.waitForFunction(() => document.querySelector('#scenario-select')?.children.length === 2);
    await tid('run-matching').click();
    await rows('results-table').first().waitFor();
    const placed = await rows('results-table').count();
    const unplaced = await rows('unplaced-list').count();
    const summary = await page.locator('#summary').innerText();
    assert(placed > 0, 'some placements');
    assert(summary.includes(`${placed}\nproposed placements`) || summary.includes(`${placed} proposed`) || summary.includes(String(placed)), 'summary counts placements');
    // People ready to move on who keep their place (the realistic sample has some) are counted apart.
    const staying = Number(/(\d+) stay where they are/.exec(await page.locator('[data-figure="chains"]').innerText())?.[1]);
    assert(placed + unplaced + staying === 120, `every person placed, explained or staying: ${placed} + ${unplaced} + ${staying}`);
    // Explanation of a placed person.
    await rows('results-table').first().getByRole('button', { name: 'Explain' }).click();
    let text = await tid('explanation').innerText();
    assert(text.includes('Score breakdown') && /Weekly cost/.test(text), `placed explanation: ${text.slice(0, 200)}`);
    // And of an unplaced one, if any.
    if (unplaced > 0) {
      await rows('unplaced-list').first().getByRole('button', { name: 'Explain' }).click();
      text = await tid('explanation').innerText();
      assert(/options considered/.test(text), `unplaced explanation: ${text.slice(0, 200)}`);
    }
    // Every placed and unplaced row has an explanation (check them all through the page's data).
    const missing = await page.evaluate(async () => {
      const buttons = [...document.querySelectorAll('[data-testid="results-table"] tbody tr[data-key] button, [data-testid="unplaced-list"] tbody tr[data-key] button')];
      let bad = 0;
      for (const b of buttons.slice(0, 40)) {
        b.click();
        await new Promise((r) => setTimeout(r, 0));
        const t = document.querySelector('[data-testid="explanation"]').textContent || '';
        if (!(t.includes('Score breakdown') || t.includes('options considered'))) bad++;
      }
      return bad;
    });
    assert(missing === 0, `${missing} rows without an explanation`);
    // Sorting and filtering.
    await page.locator('[data-testid="results-table"] thead button', { hasText: 'Score' }).click();
    await page.locator('[data-testid="results-table"] thead button', { hasText: 'Score' }).click();
    const scores = await page.locator('[data-testid="results-table"] tbody tr[data-key] td:nth-child(6)').allInnerTexts();
    const nums = scores.map(Number);
    assert(nums.every((v, i) => i === 0 || nums[i - 1] >= v), 'sorted by score, descending');
    assert((await page.locator('#cost-chart svg rect.bar-after').count()) > 0, 'cost chart drawn');
    assert((await page.locator('[data-testid="map"] line.link').count()) === placed, 'a map line per placement');
    await shot('02-matching');
  });

  await test('run rounds with progress: the Gantt timeline appears', async () => {
    await page.selectOption('#budget', '1000');
    await tid('run-rounds').click();
    assert(await tid('cancel').isEnabled(), 'cancel enabled while running');
    assert(await tid('progress').isVisible(), 'progress visible');
    await page.locator('[data-testid="gantt"] rect.visit').first().waitFor({ timeout: 60000 });
    const visits = await page.locator('[data-testid="gantt"] rect.visit').count();
    assert(visits > 10, `gantt has ${visits} visits`);
    assert(!(await tid('cancel').isEnabled()), 'cancel disabled after the run');
    assert((await page.locator('[data-testid="map"] path.route').count()) > 0, 'rounds on the map');
    await shot('03-rounds');
  });

  await test('cancel stops a long run and the tool stays usable', async () => {
    await page.selectOption('#budget', '30000');
    await tid('run-rounds').click();
    await page.waitForTimeout(700);
    await tid('cancel').click();
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('Cancelled'));
    assert(await tid('run-rounds').isEnabled(), 'run enabled again');
    assert((await page.locator('[data-testid="gantt"] rect.visit').count()) > 0, 'previous plan kept');
    await page.selectOption('#budget', '1000');
  });

  await test('a solver panic becomes a readable error and the worker restarts', async () => {
    const message = await page.evaluate(() => globalThis.carematchSolver.call('selfTestPanic', ['from e2e']).then(() => 'no error', (e) => e.message));
    assert(message.includes('carematch internal error') && message.includes('self-test panic: from e2e'), `message: ${message}`);
    const version = await page.evaluate(() => globalThis.carematchSolver.call('version', []));
    assert(/\d+\.\d+\.\d+/.test(version), 'worker answers after the panic');
  });

  await test('importing a bad CSV lists errors by row and field', async () => {
    const csv = [
      'id,age,needs,home_lat,home_lon',
      'P1,34,learning_disability,53.30,-1.00',
      'P2,abc,autism,53.10,-1.20',
      'P3,40,learning_disability,95,-1.10',
      'P1,50,dementia,53.00,-1.10',
    ].join('\n');
    const before = await page.locator('#scenario-select option').count();
    await tid('import-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await tid('error-list').waitFor({ state: 'visible' });
    let text = await tid('error-list').innerText();
    assert(text.includes('people.csv row 3') && text.includes('age'), `row 3 age error: ${text}`);
    // Fix the cell error; the core's own checks then name their rows too.
    await tid('import-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv.replace('P2,abc', 'P2,29')) });
    await page.waitForFunction(() => !document.querySelector('[data-testid="error-list"]')?.textContent?.includes('"abc"'));
    text = await tid('error-list').innerText();
    assert(/people\.csv row 4.*home_lat/.test(text), `row 4 latitude error: ${text}`);
    assert(/people\.csv row 5/.test(text) || /duplicate/i.test(text), `duplicate id error: ${text}`);
    assert((await page.locator('#scenario-select option').count()) === before, 'nothing imported');
    await shot('04-import-errors');
  });

  await test('a downloaded template imports cleanly', async () => {
    await page.locator('details.templates summary').click();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download households.csv' }).click()]);
    const text = readFileSync(await dl.path(), 'utf8');
    assert(text.startsWith('id,name,lat,lon'), `template header: ${text.slice(0, 40)}`);
    await tid('import-file').setInputFiles({ name: 'households.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.waitForFunction(() => document.querySelector('#scenario-select option:checked')?.textContent?.startsWith('Imported: households.csv'));
    assert(await tid('error-list').isHidden(), 'no errors');
    assert(/1\s*Shared Lives households/.test(await page.locator('#summary').innerText()), 'one household imported');
    await page.locator('details.templates summary').click();
  });

  await test('scenarios: duplicate, add 15 carers in Bassetlaw, re-run, compare side by side', async () => {
    await page.selectOption('#scenario-select', { index: 1 });
    const base = await page.locator('#scenario-select option:checked').innerText();
    await tid('scenario-new').click();
    await page.fill('#add-n', '15');
    await page.selectOption('#add-district', 'Bassetlaw');
    await page.getByRole('button', { name: 'Add carers' }).click();
    assert((await page.locator('#changes').innerText()).includes('added 15 carer household(s) in Bassetlaw'), 'change recorded');
    await page.selectOption('#compare-select', { label: base });
    await tid('scenario-compare').click();
    await page.locator('[data-testid="compare-table"]').waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="compare-table"]')?.textContent?.includes('not run'));
    const cmp = await page.locator('[data-testid="compare-table"]').innerText();
    const placedRow = cmp.split('\n').find((l) => l.startsWith('People placed')) ?? '';
    const [before, after] = placedRow.split('\t').slice(1, 3).map(Number);
    assert(after >= before, `more carers place at least as many people: ${placedRow}`);
    assert((await rows('results-table').count()) > 0, 'the new scenario was run');
    await page.locator('#compare-heading').scrollIntoViewIfNeeded();
    await shot('05-compare');
  });

  await test('export CSV', async () => {
    const [dl] = await Promise.all([page.waitForEvent('download'), tid('export-csv').click()]);
    const text = readFileSync(await dl.path(), 'utf8');
    const lines = text.trim().split(/\r?\n/);
    assert(lines[0].startsWith('person,name,district,outcome'), 'header');
    assert(lines.length > 100, `${lines.length} lines`);
    writeFileSync(join(artifacts, 'export.csv'), text);
  });

  await test('reload restores the workspace from IndexedDB', async () => {
    const name = await page.locator('#scenario-select option:checked').innerText();
    const placed = await rows('results-table').count();
    const scenarios = await page.locator('#scenario-select option').count();
    await page.waitForTimeout(400); // let the debounced autosave run
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    assert((await page.locator('#scenario-select option:checked').innerText()) === name, 'same scenario active');
    assert((await page.locator('#scenario-select option').count()) === scenarios, 'all scenarios kept');
    assert((await rows('results-table').count()) === placed, 'results kept without re-running');
    assert((await page.locator('[data-testid="compare-table"]').count()) === 1, 'comparison kept');
    await shot('06-restored');
  });

  await test('keyboard: controls are reachable and operable', async () => {
    await page.focus('#run-matching');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('Matching done'));
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.id);
    assert(focused === 'run-rounds', `tab order: ${focused}`);
  });

  await issue11Tests({ page, test, tid, rows, shot, assert, artifacts, axeSource });

  await test('accessibility: axe-core finds no serious or critical violations', async () => {
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const r = await globalThis.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0]?.target?.join(' ') }));
    });
    writeFileSync(join(artifacts, 'axe.json'), JSON.stringify(violations, null, 2));
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    for (const v of violations) console.log(`     axe ${v.impact}: ${v.id} (${v.nodes} nodes, e.g. ${v.target})`);
    assert(bad.length === 0, `${bad.length} serious/critical: ${bad.map((v) => v.id).join(', ')}`);
  });

  await test('no request left the page’s origin and no console errors', async () => clean((t) => t.includes('self-test panic') || t.includes('carematch internal error')));
} catch (e) {
  await test('setup', () => {
    throw e;
  });
} finally {
  await finish();
}

// End-to-end tests of the commissioning analytics pages (district table,
// recruitment brief, flow simulation with its chart, table and cancel), in
// the shared harness (harness.mjs): Debian's headless Chromium via
// playwright-core, the production build (web-demo/dist) served with `vite
// preview` on 127.0.0.1, any request to another origin blocked and failing
// the run; runs axe-core and saves screenshots under web-demo/artifacts/.
// Prints "N passed, N failed" and exits non-zero on failure.
import { assert, axeSource, start } from './harness.mjs';

const { BASE, page, test, shot, clean, finish, tid } = await start(Number(process.env.E2E_ANALYTICS_PORT ?? 4184), { timeout: 60000 });

try {
  await test('opens with the analytics section', async () => {
    await page.goto(BASE + '/');
    await page.waitForSelector('body[data-ready="true"]');
    assert(await tid('districts-run').isVisible(), 'district button');
    assert(await tid('recruit-run').isVisible(), 'recruit button');
    assert(await tid('simulate-run').isVisible(), 'simulate button');
  });

  await test('district table: one row per district, rates and the inequality figure', async () => {
    await tid('districts-run').click();
    await page.locator('[data-testid="districts-table"] tbody tr').first().waitFor();
    const n = await page.locator('[data-testid="districts-table"] tbody tr').count();
    assert(n === 8, `8 Nottinghamshire districts, got ${n}`);
    const text = await tid('districts-table').innerText();
    assert(text.includes('Bassetlaw') && text.includes('Newark & Sherwood'), 'district names');
    const referrals = await page.$$eval('[data-testid="districts-table"] tbody tr', (trs) => trs.reduce((a, tr) => a + Number(tr.children[1].textContent), 0));
    assert(referrals === 120, `referrals add up to the 120 people: ${referrals}`);
    assert(/Worst to best placement rate/.test(await tid('inequality').innerText()), 'inequality figure');
    // Primary care networks within each district: their referrals add up to the 120 too.
    const pcnRows = await page.$$eval('[data-testid="districts-pcn-table"] tbody tr', (trs) => trs.map((tr) => [tr.children[0].textContent, tr.children[1].textContent, Number(tr.children[2].textContent)]));
    assert(pcnRows.length > 8, `more networks than districts, got ${pcnRows.length}`);
    assert(pcnRows.reduce((a, r) => a + r[2], 0) === 120, 'network referrals add up to 120');
    assert(pcnRows.every((r) => /PCN$/.test(r[1])), 'network names');
    await shot('analytics-01-districts');
  });

  await test('recruitment brief: K lines, verified total and bound', async () => {
    await page.fill('#recruit-k', '5');
    await tid('recruit-run').click();
    await page.locator('[data-testid="recruit-brief"] li').first().waitFor();
    const lines = await page.locator('[data-testid="recruit-brief"] li').count();
    assert(lines === 5, `5 additions, got ${lines}`);
    const summary = await tid('recruit-summary').innerText();
    const m = /(\d+) more people placed.*more than (\d+) more/.exec(summary);
    assert(m && Number(m[1]) <= Number(m[2]), `summary: ${summary}`);
    await shot('analytics-02-brief');
  });

  await test('simulation: chart with bands and the same figures as a table', async () => {
    // On the realistic sample the tool opens on: movers holding places,
    // people ready for their own tenancy, dated short breaks, day sessions.
    await page.fill('#sim-weeks', '104');
    await page.fill('#sim-reps', '5');
    await tid('simulate-run').click();
    await tid('simulation-chart').waitFor({ timeout: 120000 });
    assert((await page.locator('[data-testid="simulation-chart"] path.band').count()) === 2, 'two bands');
    assert((await page.locator('[data-testid="simulation-chart"] title').count()) === 1, 'chart has a title');
    const rowsN = await page.locator('[data-testid="simulation-table"] tbody tr').count();
    assert(rowsN === 8, `quarterly rows for 104 weeks, got ${rowsN}`);
    const last = await page.locator('[data-testid="simulation-table"] tbody tr').last().innerText();
    assert(/^104\b/.test(last.trim()), `last row is week 104: ${last}`);
    // Same seed, same figures.
    const first = await tid('simulation-table').innerText();
    await tid('simulate-run').click();
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('Simulation: done'));
    assert((await tid('simulation-table').innerText()) === first, 'same seed gives the same table');
    await shot('analytics-03-simulation');
  });

  await test('cancel mid-simulation keeps the tool usable', async () => {
    await page.fill('#sim-weeks', '2600');
    await page.fill('#sim-reps', '200');
    await tid('simulate-run').click();
    await page.waitForTimeout(800);
    assert(await tid('analytics-cancel').isEnabled(), 'cancel enabled while running');
    await tid('analytics-cancel').click();
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('cancelled'));
    assert((await page.locator('[data-testid="simulation-table"] tbody tr').count()) === 8, 'previous table kept');
    await page.fill('#sim-weeks', '26');
    await page.fill('#sim-reps', '2');
    await tid('simulate-run').click();
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('Simulation: done'));
    assert((await page.locator('[data-testid="simulation-table"] tbody tr').count()) === 2, 'runs again after cancel');
  });

  await test('policies over time: two policies as series with bands, their table and totals', async () => {
    await page.fill('#sim-weeks', '52');
    await page.fill('#sim-reps', '3');
    await tid('compare-run').click();
    await tid('compare-chart').waitFor({ timeout: 120000 });
    assert((await page.locator('[data-testid="compare-chart"] path.band').count()) === 2, 'one band per policy');
    assert((await page.locator('[data-testid="compare-chart"] path.line').count()) === 2, 'one median line per policy');
    assert((await page.locator('[data-testid="compare-chart"] title').count()) === 1, 'chart has a title');
    const head = await page.locator('[data-testid="compare-table"] thead th').allInnerTexts();
    assert(head.length === 5 && head.some((t) => t.includes('county-wide')) && head.some((t) => t.includes('Bassetlaw')), `table columns: ${head.join(' | ')}`);
    const rowsN = await page.locator('[data-testid="compare-table"] tbody tr').count();
    assert(rowsN === 4, `quarterly rows for 52 weeks, got ${rowsN}`);
    const totals = await page.locator('[data-testid="compare-totals"] tbody tr').allInnerTexts();
    assert(totals.length === 2, `one totals row per policy, got ${totals.length}`);
    // The table's last row agrees with the totals (placed, median).
    const lastRow = await page.locator('[data-testid="compare-table"] tbody tr').last().locator('td').allInnerTexts();
    const placedTotals = await page.$$eval('[data-testid="compare-totals"] tbody tr', (trs) => trs.map((tr) => tr.children[1].textContent.split(' ')[0]));
    assert(lastRow[0].split(' ')[0] === placedTotals[0] && lastRow[2].split(' ')[0] === placedTotals[1], `series end ${lastRow.join(' | ')} against totals ${placedTotals.join(' | ')}`);
    await shot('analytics-04-policies');
  });

  await test('cancel mid-comparison keeps the last comparison', async () => {
    await page.fill('#sim-weeks', '2600');
    await page.fill('#sim-reps', '200');
    await tid('compare-run').click();
    await page.waitForTimeout(800);
    assert(await tid('analytics-cancel').isEnabled(), 'cancel enabled while running');
    await tid('analytics-cancel').click();
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('Comparison: cancelled'));
    assert((await page.locator('[data-testid="compare-totals"] tbody tr').count()) === 2, 'previous totals kept');
    await page.fill('#sim-weeks', '26');
    await page.fill('#sim-reps', '2');
  });

  await test('accessibility: axe-core finds no serious or critical violations', async () => {
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const r = await globalThis.axe.run(document.getElementById('analytics'), { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: v.nodes[0]?.target?.join(' ') }));
    });
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

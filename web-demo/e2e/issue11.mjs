// End-to-end checks of the web tool as a daily tool (issue 11): the
// homecare board, the matching-meeting pack (keyboard only, print, CSV),
// safe scenarios, complete import with a postcode lookup, the real map,
// commissioner wording, non-text contrast and layouts at 390/1366/1920 px.
// Every state reached is checked with axe-core (no serious or critical
// violations). Called from run.mjs with its page and helpers, after the
// rounds and matching tests have run.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export async function issue11Tests({ page, test, tid, rows, shot, assert, artifacts, axeSource }) {
  const axeStates = [];
  async function axe(state) {
    if (!(await page.evaluate(() => !!globalThis.axe))) await page.evaluate(axeSource);
    const bad = await page.evaluate(async () => {
      const r = await globalThis.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes[0]?.target?.join(' ')})`);
    });
    axeStates.push({ state, bad });
    assert(bad.length === 0, `axe in state "${state}": ${bad.join(', ')}`);
  }
  const text = (sel) => page.locator(sel).innerText();
  const sample = () => page.evaluate(() => globalThis.carematchSolver.call('sampleRounds', [120, 20, 42]));

  await test('homecare board: unallocated row, every worker shift, labels, linked partners, sticky axis, details', async () => {
    await page.selectOption('#budget', '1000');
    if ((await page.locator('[data-testid="gantt"] rect.visit').count()) === 0) {
      await tid('run-rounds').click();
      await page.locator('[data-testid="gantt"] rect.visit').first().waitFor();
    }
    const day = await sample();
    const shifts = day.workers.reduce((n, w) => n + w.shifts.length, 0);
    assert((await page.locator('[data-testid="gantt"] .worker-row').count()) === shifts, `a row for each of the ${shifts} worker shifts, idle or not`);
    const row = page.locator('[data-testid="unallocated-row"]');
    assert((await row.count()) === 1, 'unallocated row present');
    const listed = await page.locator('#unplanned-visits li').count();
    const bars = await row.locator('.unplanned-visit').count();
    assert(bars === listed, `every unplanned visit on the board: ${bars} bars, ${listed} listed`);
    // Labels: each bar wide enough carries its client's id.
    const labelled = await page.locator('[data-testid="gantt"] .stop text.bar-label').count();
    assert(labelled > 10, `labels on bars: ${labelled}`);
    // Double-handed: both workers' bars exist and a link joins each pair; the bar is patterned.
    const links = await page.locator('[data-testid="gantt"] .partner-link').evaluateAll((ls) => ls.map((l) => l.getAttribute('data-visit')));
    const doubles = await page.locator('[data-testid="gantt"] .stop.double').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-visit')));
    for (const v of links) assert(doubles.filter((d) => d === v).length === 2, `visit ${v} has two linked bars`);
    assert(doubles.length === 2 * links.length, `every double-handed visit linked: ${doubles.length} bars, ${links.length} links`);
    if (doubles.length) {
      const fill = await page.locator('[data-testid="gantt"] rect.visit.double').first().evaluate((r) => getComputedStyle(r).fill);
      assert(fill.includes('url('), `double-handed bars are patterned: ${fill}`);
    }
    // Sticky axis: scroll the board; the axis stays at the top of the box.
    const box = page.locator('.gantt-box');
    await box.evaluate((b) => (b.scrollTop = 200));
    const [boxTop, axisTop] = await Promise.all([box.evaluate((b) => b.getBoundingClientRect().top), page.locator('.gantt-axis-holder').evaluate((a) => a.getBoundingClientRect().top)]);
    assert(Math.abs(boxTop - axisTop) <= 2, `axis stays in view: box ${boxTop}, axis ${axisTop}`);
    await box.evaluate((b) => (b.scrollTop = 0));
    // Details by keyboard: focus a visit, press Enter.
    await page.locator('[data-testid="gantt"] .stop').first().focus();
    await page.keyboard.press('Enter');
    const detail = await tid('gantt-detail').innerText();
    assert(/Visit .* for /.test(detail) && /starts/.test(detail), `visit details: ${detail.slice(0, 120)}`);
    if (bars) {
      await row.locator('.unplanned-visit').first().click();
      const d = await tid('gantt-detail').innerText();
      const visit = await row.locator('.unplanned-visit').first().getAttribute('data-visit');
      const li = await page.locator('#unplanned-visits li', { hasText: `${visit} (` }).innerText();
      const reason = li.split(': ').slice(1).join(': ').split('; ')[0];
      assert(d.includes('not planned') && d.includes(reason), `unplanned details give the reason "${reason}": ${d.slice(0, 200)}`);
    }
    await page.locator('#page-rounds').scrollIntoViewIfNeeded();
    await shot('11-board');
    await axe('homecare board with details');
  });

  await test('meeting pack by keyboard: every option with verdict, failed rules, km and minutes; print A4; CSV', async () => {
    const summary = await text('#summary');
    const households = Number(/(\d+)\s*Shared Lives households/.exec(summary)[1]);
    const vacancies = Number(/(\d+) vacancy/.exec(summary)[1]);
    // Keyboard only: Explain on the first unplaced person (or placed), then Tab to the pack button.
    const explain = (await rows('unplaced-list').count()) ? rows('unplaced-list').first().getByRole('button', { name: 'Explain' }) : rows('results-table').first().getByRole('button', { name: 'Explain' });
    await explain.focus();
    await page.keyboard.press('Enter');
    let found = false;
    for (let i = 0; i < 40 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'open-meeting-pack');
    }
    assert(found, 'the meeting pack button is reached with Tab');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="pack-options"]').waitFor();
    assert(await page.evaluate(() => document.activeElement?.id === 'pack-heading'), 'focus moves to the pack');
    const packRows = page.locator('[data-testid="pack-options"] tbody tr');
    const n = await packRows.count();
    assert(n === households + vacancies, `every option listed: ${n} rows for ${households} households + ${vacancies} vacancies`);
    const cells = await packRows.evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())));
    for (const c of cells) {
      const [, , verdict, km, minutes, score, , rules] = c;
      assert(Number(km) >= 0 && Number(minutes) >= 2, `km and minutes: ${c.join(' | ')}`);
      // Minutes follow the stated estimate: 1.3 × km at 40 km/h + 2.
      assert(Math.abs(Number(minutes) - (Number(km) * 1.3 * 60) / 40 - 2) <= 1.1, `minutes from km: ${km} km, ${minutes} min`);
      if (verdict === 'ruled out') assert(rules.length > 0 && score === '—', `a ruled-out option names its rules: ${c.join(' | ')}`);
      else {
        assert(/rank \d+/.test(verdict) && Number.isFinite(Number(score)), `a possible option has a rank and score: ${c.join(' | ')}`);
        // Its score's parts add up to the score.
        const parts = [...rules.matchAll(/([+-]?\d+)(?= ·|$)/g)].map((m) => Number(m[1]));
        assert(rules === 'no points' ? Number(score) === 0 : parts.reduce((a, b) => a + b, 0) === Number(score), `score parts add up: ${score} = ${rules}`);
      }
    }
    const possible = cells.filter((c) => c[2] !== 'ruled out').length;
    assert((await page.locator('[data-testid="meeting-pack"] table.breakdown').count()) === Math.min(5, possible), 'the five best options have their breakdown in full');
    assert(!/re_solve|free_place|[a-z]+_[a-z]+/.test(await tid('meeting-pack').innerText()), 'no internal codes in the pack');
    // CSV.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#pack-csv').click()]);
    const csv = readFileSync(await dl.path(), 'utf8').trim().split(/\r?\n/);
    assert(csv.length === n + 1 && csv[0].startsWith('person,option,kind,verdict'), `pack CSV: ${csv.length} lines`);
    // Print: only the pack, no buttons, on A4.
    await page.evaluate(() => document.body.classList.add('print-pack'));
    await page.emulateMedia({ media: 'print' });
    try {
    const visible = await page.evaluate(() => {
      const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => e.getClientRects().length > 0);
      return { pack: shown('[data-testid="meeting-pack"]'), map: shown('#page-map'), buttons: shown('button'), header: shown('header.top'), results: shown('[data-testid="results-table"]') };
    });
    assert(visible.pack && !visible.map && !visible.buttons && !visible.header && !visible.results, `print shows the pack only: ${JSON.stringify(visible)}`);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(artifacts, 'meeting-pack.pdf'), pdf);
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert(pages >= 1 && pages <= 12, `the pack prints on ${pages} A4 page(s)`);
    } finally {
      await page.emulateMedia({ media: 'screen' });
      await page.evaluate(() => document.body.classList.remove('print-pack'));
    }
    await page.locator('#page-pack').scrollIntoViewIfNeeded();
    await shot('12-meeting-pack');
    await axe('meeting pack');
  });

  await test('household meeting pack from a map marker, by keyboard', async () => {
    await page.locator('[data-testid="map"] .markers [tabindex="0"]').focus();
    await page.keyboard.press('Home');
    const first = await page.evaluate(() => document.activeElement?.getAttribute('data-household'));
    assert(first, 'Home reaches the first household marker');
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.querySelector('[data-testid="pack-options"] caption')?.textContent?.includes(`for ${id}`), first);
    const cap = await page.locator('[data-testid="pack-options"] caption').innerText();
    assert(cap.includes(first), `household pack for ${first}: ${cap}`);
    const summary = await text('#summary');
    const people = Number(/(\d+)\s*people referred/.exec(summary)[1]);
    assert((await page.locator('[data-testid="pack-options"] tbody tr').count()) === people, 'every person listed for the household');
    await axe('household pack');
  });

  await test('Explain keeps the table filter, sort and focus', async () => {
    const table = page.locator('[data-testid="results-table"]');
    const filter = page.locator('#placements input[type="search"]');
    await page.locator('#placements thead button', { hasText: 'Score' }).click();
    const firstKey = await rows('results-table').first().getAttribute('data-key');
    await filter.fill(firstKey);
    await rows('results-table').first().getByRole('button', { name: 'Explain' }).click();
    assert((await filter.inputValue()) === firstKey, 'filter kept');
    assert((await table.locator('th[aria-sort]').count()) === 1, 'sort kept');
    assert((await rows('results-table').count()) >= 1, 'rows kept');
    await tid('explain-back').click();
    assert(await page.evaluate((k) => document.activeElement?.closest('tr')?.getAttribute('data-key') === k, firstKey), 'focus returns to the row');
    await filter.fill('');
  });

  await test('safe scenarios: copy on change, undo, rename, no twins, confirm delete, notes, locked during a run, comparison in words', async () => {
    // The comparison made earlier (the sample against a copy with 15 more carers in Bassetlaw):
    // newly placed apart from reshuffles, and the assumptions of added capacity in words.
    const cs = await tid('compare-summary').innerText();
    const newly = Number(/(\d+) newly placed/.exec(cs)[1]);
    const newlyRows = await page.locator('#compare tbody tr', { hasText: 'newly placed' }).count();
    assert(newly === newlyRows, `newly placed count matches the table: ${newly} vs ${newlyRows}`);
    const moved = Number(/(\d+) moved to another option/.exec(cs)[1]);
    assert(moved === (await page.locator('#compare tbody tr', { hasText: 'reshuffle' }).count()), 'reshuffles counted apart');
    assert(/Cost per extra placement|no cost per extra placement/i.test(cs), `comparison in words: ${cs}`);
    assert((await tid('compare-assumptions').first().innerText()).includes('no one living there yet'), 'added capacity assumptions stated');
    await page.locator('#compare-heading').scrollIntoViewIfNeeded();
    await shot('13-compare-words');
    await axe('comparison');
    // Work on an original (loaded) scenario: the change must go to a named copy.
    await tid('load-sample').click();
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.startsWith('Loaded'));
    const names = await page.locator('#scenario-select option').allInnerTexts();
    assert(new Set(names).size === names.length, `no two scenarios share a name: ${names.join(' / ')}`);
    const original = await page.locator('#scenario-select option:checked').innerText();
    const hhBefore = Number(/(\d+)\s*Shared Lives households/.exec(await text('#summary'))[1]);
    await page.fill('#add-n', '4');
    await page.selectOption('#add-district', 'Mansfield');
    await page.getByRole('button', { name: 'Add carers' }).click();
    const copy = await page.locator('#scenario-select option:checked').innerText();
    assert(copy !== original && copy.includes('+4 carers in Mansfield'), `change went to a named copy: ${copy}`);
    assert(Number(/(\d+)\s*Shared Lives households/.exec(await text('#summary'))[1]) === hhBefore + 4, 'copy has 4 more households');
    // Undo restores.
    await tid('scenario-undo').click();
    assert(Number(/(\d+)\s*Shared Lives households/.exec(await text('#summary'))[1]) === hhBefore, 'undo restores the households');
    assert(await tid('scenario-undo').isDisabled(), 'nothing more to undo');
    await page.getByRole('button', { name: 'Add carers' }).click();
    // Rename; a twin name is refused.
    await page.fill('#scenario-name', 'Recruit in Mansfield');
    await tid('scenario-rename').click();
    assert((await page.locator('#scenario-select option:checked').innerText()) === 'Recruit in Mansfield', 'renamed');
    await page.fill('#scenario-name', original);
    await tid('scenario-rename').click();
    assert((await page.locator('#scenario-select option:checked').innerText()) === 'Recruit in Mansfield', 'twin name refused');
    assert((await text('#status')).includes('already called'), 'says why');
    await page.fill('#scenario-notes', 'Assumes the autumn recruitment drive.');
    await page.locator('.scenario-list-box summary').click();
    assert((await text('#scenario-list')).includes('autumn recruitment'), 'notes in the scenario list');
    await page.locator('.scenario-list-box summary').click();
    // Locked during a run; the result belongs to this scenario.
    await page.selectOption('#budget', '10000');
    await tid('run-rounds').click();
    for (const sel of ['#scenario-select', '#scenario-delete', '[data-testid="scenario-rename"]', '[data-testid="scenario-undo"]', '#add-carers-form button', '#close-scheme-form button', '[data-testid="load-sample"]', '[data-testid="import-file"]']) {
      assert(await page.locator(sel).isDisabled(), `${sel} locked during a run`);
    }
    assert((await text('#status')).includes('Recruit in Mansfield'), 'the status names the scenario being run');
    await axe('run in progress');
    await tid('cancel').click();
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('Cancelled'));
    await page.selectOption('#budget', '1000');
    // Delete asks first.
    const count = await page.locator('#scenario-select option').count();
    page.once('dialog', (d) => d.dismiss());
    await page.locator('#scenario-delete').click();
    assert((await page.locator('#scenario-select option').count()) === count, 'dismissed: nothing deleted');
    page.once('dialog', (d) => d.accept());
    await page.locator('#scenario-delete').click();
    assert((await page.locator('#scenario-select option').count()) === count - 1, 'accepted: deleted');
  });

  await test('import: semicolons, postcodes from a lookup file, short-break dates, occupants, every error in one pass', async () => {
    const lookup = ['pcds,lat,long', 'NG1 5FS,52.9536,-1.1505', 'NG18 1AA,53.1430,-1.1960', 'S80 2AA,53.3050,-1.1230', 'ZZ9 9ZZ,99.999999,0'].join('\n');
    await tid('postcode-lookup').setInputFiles({ name: 'onspd-extract.csv', mimeType: 'text/csv', buffer: Buffer.from(lookup) });
    await page.waitForFunction(() => document.querySelector('#postcode-status')?.textContent?.includes('3 postcodes'));
    // One pass: a cell error, a latitude typed as 5.31, an unknown postcode, and a duplicate id.
    const bad = [
      'id;age;needs;home_lat;home_lon;postcode;arrangement;break_start;break_end',
      'Q1;abc;autism;;;NG1 5FS;long_term;;',
      'Q2;40;autism;5.31;-1.1;;long_term;;',
      'Q3;40;autism;;;AB1 2CD;long_term;;',
      'Q4;40;autism;;;NG18 1AA;long_term;;',
      'Q4;41;autism;;;S80 2AA;long_term;;',
    ].join('\n');
    await page.check('#import-empty');
    await tid('import-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await tid('error-list').waitFor({ state: 'visible' });
    const errs = await tid('error-list').innerText();
    assert(/people\.csv row 2.*age/.test(errs), `row 2 age: ${errs}`);
    assert(/people\.csv row 3.*home_lat.*not in England/.test(errs), `row 3 latitude 5.31: ${errs}`);
    assert(/people\.csv row 4.*postcode.*AB1 2CD/.test(errs), `row 4 unknown postcode: ${errs}`);
    assert(/people\.csv row 6/.test(errs) || /duplicate/i.test(errs), `row 6 duplicate id in the same pass: ${errs}`);
    await axe('import errors');
    // A good semicolon file with postcodes, lists with "|", short-break dates; then occupants.
    const good = [
      'id;age;needs;postcode;arrangement;break_start;break_end',
      'Q1;30;autism|learning_disability;NG1 5FS;long_term;;',
      'Q2;45;learning_disability;NG18 1AA;short_break;2026-07-01;2026-07-14',
    ].join('\n');
    const hh = ['id,lat,lon,approvals,places,offers,unavailable', 'HX1,53.31,-0.98,learning_disability;autism,2,long_term;short_break,2026-08-01/2026-08-14'].join('\n');
    const occ = ['lives_at,id,age,gender,needs', 'HX1,R1,60,female,learning_disability'].join('\n');
    await tid('import-file').setInputFiles([
      { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(good) },
      { name: 'households.csv', mimeType: 'text/csv', buffer: Buffer.from(hh) },
      { name: 'occupants.csv', mimeType: 'text/csv', buffer: Buffer.from(occ) },
    ]);
    await page.waitForFunction(() => document.querySelector('#scenario-select option:checked')?.textContent?.startsWith('Imported: people.csv'));
    assert(await tid('error-list').isHidden(), 'no errors');
    const s = await text('#summary');
    assert(/2\s*people referred/.test(s) && /1\s*Shared Lives households/.test(s) && /1 free place/.test(s), `imported with the occupant: ${s}`);
    await tid('run-matching').click();
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('Matching done'));
    // The postcode placed Q1 in Nottingham: the map marker sits inside the district.
    await page.selectOption('[data-testid="district-shading"]', 'referred');
    const t = await page.locator('[data-testid="district-shading-table"]').innerText();
    const value = (d) => Number(t.split('\n').find((l) => l.startsWith(d))?.split('\t').pop());
    assert(value('Nottingham City') === 1 && value('Mansfield') === 1 && value('Bassetlaw') === 0, `postcode positions land in their districts: ${t}`);
    await page.selectOption('[data-testid="district-shading"]', 'none');
    // Replacing people in the synthetic sample warns about mixing.
    await page.selectOption('#scenario-select', { index: 0 });
    await page.check('#import-replace');
    await tid('import-file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.waitForFunction(() => document.querySelector('#scenario-select option:checked')?.textContent?.startsWith('Imported into'));
    assert(/Warning/.test(await text('#status')) && /synthetic/.test(await text('#changes')), 'mixing real and sample records is warned');
    await page.check('#import-empty');
    await axe('after import');
  });

  await test('map: real boundaries with attribution, zoom and pan, labels apart, markers by keyboard, district shading', async () => {
    // The sample loaded in the first tests, matched and planned there.
    await page.selectOption('#scenario-select', { index: 1 });
    if ((await rows('results-table').count()) === 0) {
      await tid('run-matching').click();
      await rows('results-table').first().waitFor();
    }
    if ((await page.locator('[data-testid="gantt"] rect.visit').count()) === 0) {
      await tid('run-rounds').click();
      await page.locator('[data-testid="gantt"] rect.visit').first().waitFor();
    }
    const map = tid('map');
    assert((await map.locator('path.district').count()) === 8, 'eight districts');
    assert((await map.innerText()).includes('Crown copyright'), 'attribution shown');
    const vb0 = await map.locator('svg.map').getAttribute('viewBox');
    await tid('map-zoom-in').click();
    const vb1 = await map.locator('svg.map').getAttribute('viewBox');
    assert(Number(vb1.split(' ')[2]) < Number(vb0.split(' ')[2]), `zoomed in: ${vb0} → ${vb1}`);
    await map.getByRole('button', { name: 'Pan left' }).click();
    assert(Number((await map.locator('svg.map').getAttribute('viewBox')).split(' ')[0]) < Number(vb1.split(' ')[0]), 'panned');
    await map.getByRole('button', { name: 'Show the whole county' }).click();
    const boxes = await map.locator('text.district-label').evaluateAll((ts) => ts.map((t) => t.getBBox()).map((b) => ({ x: b.x, y: b.y, w: b.width, h: b.height })));
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i];
        const b = boxes[j];
        assert(a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y, `labels ${i} and ${j} overlap`);
      }
    // Keyboard: Tab into the markers, arrow to a person, Enter explains them.
    await page.locator('[data-testid="district-shading"]').focus();
    let onMarker = false;
    await page.locator('#layer-rounds').focus();
    await page.keyboard.press('Shift+Tab');
    for (let i = 0; i < 30 && !onMarker; i++) {
      onMarker = await page.evaluate(() => !!document.activeElement?.closest('.markers'));
      if (!onMarker) await page.keyboard.press('Shift+Tab');
    }
    assert(onMarker, 'markers reached with the keyboard');
    await page.keyboard.press('End');
    const person = await page.evaluate(() => document.activeElement?.getAttribute('data-person'));
    assert(person, 'End reaches the last marker, a person');
    await page.keyboard.press('Enter');
    assert((await page.locator('#explanation-heading').innerText()).startsWith(person), 'Enter on a marker explains that person');
    // Shading by unmet need agrees with the list of people without an option.
    await page.selectOption('[data-testid="district-shading"]', 'unplaced');
    const t = await page.locator('[data-testid="district-shading-table"] tbody').innerText();
    const total = t.split('\n').map((l) => Number(l.split('\t').pop())).reduce((a, b) => a + b, 0);
    const unplaced = await rows('unplaced-list').count();
    assert(total <= unplaced && total >= unplaced - 3, `shading counts ${total} of ${unplaced} unplaced people`);
    await shot('14-map-shading');
    await axe('map with shading');
  });

  await test('words a commissioner uses: yearly figures, plan quality, synthetic sample, help, no internal codes', async () => {
    const s = await text('#summary');
    assert(/saving a year/.test(s) && /cost a year/.test(s) && /synthetic/.test(s), `summary: ${s}`);
    assert(/best possible plan for these rules|best plan found/.test(s), 'plan quality in words');
    assert(!/objective/.test(s), 'no objective value');
    for (const id of ['summary', 'explanation', 'placements', 'unplaced', 'compare']) {
      const t = await page.locator(`#${id}`).innerText();
      assert(!/re_solve|free_place|carer_gender|\(proposed\)|shared_lives|supported_living/.test(t), `internal code in #${id}: ${t.match(/re_solve|free_place|carer_gender|\(proposed\)|shared_lives|supported_living/)}`);
    }
    assert((await page.locator('#page-help dt').count()) >= 10, 'a glossary');
    await axe('help page');
  });

  await test('non-text contrast ≥ 3:1: focus ring, board, chart, map lines', async () => {
    const ratios = await page.evaluate(() => {
      const rgb = (c) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
      const lum = ([r, g, b]) => [r, g, b].map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
      const ratio = (a, b) => {
        const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p);
        return (x + 0.05) / (y + 0.05);
      };
      const st = (sel, prop) => (document.querySelector(sel) ? getComputedStyle(document.querySelector(sel))[prop] : 'rgb(0,0,0)');
      const btn = document.querySelector('#run-matching');
      btn.focus({ focusVisible: true });
      const out = {
        'gantt wait edge': ratio(st('[data-testid="gantt"] rect.wait', 'stroke'), 'rgb(255,255,255)'),
        'gantt visit': ratio(st('[data-testid="gantt"] rect.visit:not(.double)', 'fill'), 'rgb(255,255,255)'),
        'gantt double-handed edge': ratio(st('[data-testid="gantt"] rect.visit.double', 'stroke'), 'rgb(255,255,255)'),
        'gantt break': ratio(st('[data-testid="gantt"] rect.break', 'fill'), 'rgb(255,255,255)'),
        'chart before bar': ratio(st('#cost-chart rect.bar-before', 'fill'), 'rgb(255,255,255)'),
        'placement line': ratio(st('[data-testid="map"] line.link', 'stroke'), 'rgb(238,243,246)'),
        'district edge': ratio(st('[data-testid="map"] path.district', 'stroke'), 'rgb(247,248,244)'),
      };
      return out;
    });
    // The focus ring: its outline colour against white.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineColor);
    const ringRatio = await page.evaluate((c) => {
      const [r, g, b] = c.match(/\d+/g).slice(0, 3).map(Number).map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
    }, ring);
    ratios['focus ring'] = ringRatio;
    writeFileSync(join(artifacts, 'contrast.json'), JSON.stringify(ratios, null, 2));
    for (const [k, v] of Object.entries(ratios)) assert(v >= 3, `${k}: ${v.toFixed(2)}:1`);
  });

  await test('layouts at 390, 1366 and 1920 px: no sideways scroll, map never fills the screen', async () => {
    for (const [w, hgt] of [
      [390, 844],
      [1366, 768],
      [1920, 1080],
    ]) {
      await page.setViewportSize({ width: w, height: hgt });
      await page.waitForTimeout(100);
      const m = await page.evaluate(() => ({
        sw: document.documentElement.scrollWidth,
        cw: document.documentElement.clientWidth,
        map: document.querySelector('svg.map').getBoundingClientRect().height,
        vh: innerHeight,
        wide: [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > innerWidth + 1 && !e.parentElement.closest('.scroll, .pack-wrap, svg'))
          .slice(0, 3)
          .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className?.baseVal ?? e.className}`),
      }));
      assert(m.sw <= m.cw + 1, `${w} px: page scrolls sideways (${m.sw} > ${m.cw}): ${m.wide.join(', ')}`);
      assert(m.map <= m.vh * 0.75, `${w} px: map ${m.map} px tall in a ${m.vh} px window`);
      await page.screenshot({ path: join(artifacts, `layout-${w}.png`), fullPage: true });
      await axe(`layout ${w} px`);
    }
    await page.setViewportSize({ width: 1360, height: 900 });
    writeFileSync(join(artifacts, 'axe-states.json'), JSON.stringify(axeStates, null, 2));
  });
}

// End-to-end tests of placements over time in the web tool (issue 7): the
// tool opens on the realistic sample (the generous one on request), move-on
// chains listed and drawn on the map (keyboard path included), the place
// calendar of a household and a scheme, and the new totals in words, each
// figure recomputed here from the exported placements (never by the
// function that made it). Every state reached is checked with axe-core.
// Prints "N passed, N failed" and exits non-zero on failure.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifacts, assert, start } from './harness.mjs';

const { BASE, page, test, shot, axe, axeStates, clean, finish, tid } = await start(Number(process.env.E2E_OVER_TIME_PORT ?? 4186));

/** Whole pounds as the page writes them (pence in). */
const pounds = (p) => (p < 0 ? '−£' : '£') + Math.round(Math.abs(p) / 100).toLocaleString('en-GB');
const day = (iso) => (iso ? Date.parse(`${iso}T00:00:00Z`) / 86400000 : undefined);
let exported; // { scenario, result } from the page's "Export JSON"

async function exportJson() {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
  return JSON.parse(readFileSync(await dl.path(), 'utf8'));
}

try {
  await test('opens on the realistic sample; the generous one loads on request', async () => {
    await page.goto(BASE + '/');
    await page.waitForSelector('body[data-ready="true"]');
    assert(/realistic/.test(await page.locator('#status').innerText()), 'status says realistic');
    // The scenario on screen is the one `carematch sample` gives (realistic, seed 1).
    const county = await page.evaluate(() => globalThis.carematchSolver.call('sampleCounty', [{}]));
    const summary = await page.locator('#summary').innerText();
    const held = county.people.filter((p) => p.holds?.household).length;
    const free = county.households.reduce((n, h) => n + h.places - (h.occupants?.length ?? 0), 0) - held;
    assert(new RegExp(`${county.people.length}\\s*people referred`).test(summary), summary);
    assert(new RegExp(`${county.households.length}\\s*Shared Lives households\\s*${free} free place\\(s\\); ${held} more held by people ready to move on`).test(summary), `free places: ${summary}`);
    assert(new RegExp(`${county.schemes.length}\\s*supported-living schemes`).test(summary), summary);
    assert(county.people.some((p) => p.holds) && county.households.some((h) => h.bookings?.length), 'the realistic sample has movers and bookings');
    await page.selectOption('#sample-profile', 'generous');
    await tid('load-sample').click();
    await page.waitForFunction(() => document.querySelector('#scenario-select option:checked')?.textContent?.includes('generous'));
    const generous = await page.evaluate(() => globalThis.carematchSolver.call('sampleCounty', [{ profile: 'generous', people: 120, households: 66, seed: 42 }]));
    const gs = await page.locator('#summary').innerText();
    assert(new RegExp(`${generous.schemes.length}\\s*supported-living schemes`).test(gs) && generous.schemes.length !== county.schemes.length, `generous: ${gs}`);
    await page.selectOption('#scenario-select', { index: 0 });
    await page.selectOption('#sample-profile', 'realistic');
  });

  await test('run matching on the realistic sample', async () => {
    await tid('run-matching').click();
    await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('Matching done'), null, { timeout: 600000 });
    exported = await exportJson();
    assert(exported.result && exported.result.chains.length > 0, 'the plan has chains');
    writeFileSync(join(artifacts, 'over-time-result.json'), JSON.stringify(exported.result));
  });

  await test('chains listed: ordered moves, people helped, weekly and annual saving, the sentence', async () => {
    const { result } = exported;
    const rows = page.locator('[data-testid="chains-list"] tbody tr');
    assert((await rows.count()) === result.chains.length, `${await rows.count()} rows for ${result.chains.length} chains`);
    for (const [i, ch] of result.chains.entries()) {
      const cells = await rows.nth(i).locator('th, td').allInnerTexts();
      const moves = await rows.nth(i).locator('ol.moves li').allInnerTexts();
      assert(moves.length === ch.moves.length, `chain ${i + 1}: ${moves.length} moves shown of ${ch.moves.length}`);
      ch.moves.forEach((m, k) => assert(moves[k].startsWith(`${m.person} moves from`), `move ${k + 1} in order: ${moves[k]}`));
      assert(Number(cells[2]) === ch.people_helped && ch.people_helped === ch.moves.length, `people helped: ${cells[2]}`);
      assert(cells[3] === pounds(ch.weekly_saving) && cells[4] === pounds(ch.annual_saving), `savings: ${cells[3]} ${cells[4]}`);
      assert(cells[5] === ch.text && !/[a-z]+_[a-z]+/.test(ch.text), `sentence: ${cells[5]}`);
      // Independent check of the chain: each move takes the place the move before it left.
      for (let k = 1; k < ch.moves.length; k++) {
        const left = ch.moves[k - 1].frees;
        const taken = ch.moves[k].to;
        assert(left && (left.household ? left.household === taken.household : left.vacancy === taken.vacancy), `chain ${i + 1} move ${k + 1} takes the place just left`);
      }
    }
    const placed = new Map(result.placements.map((p) => [p.person, p]));
    for (const ch of result.chains) for (const m of ch.moves) assert(placed.has(m.person), `${m.person} of a chain is placed`);
    // The explanation of someone in a chain says the chain in words.
    const mover = result.chains[0].moves[0].person;
    await page.locator(`[data-testid="results-table"] tbody tr[data-key="${mover}"] button`, { hasText: 'Explain' }).click();
    assert((await tid('explanation-chain').innerText()) === `Move-on chain 1: ${result.chains[0].text}`, 'chain in the explanation');
    const brk = result.placements.find((p) => !p.cost.recurring);
    if (brk) {
      await page.locator(`[data-testid="results-table"] tbody tr[data-key="${brk.person}"] button`, { hasText: 'Explain' }).click();
      assert((await tid('explanation').innerText()).includes(`one-off saving of ${pounds(brk.cost.one_off_saving)}`), 'short break costed as one-off');
    }
    await axe('chains listed');
  });

  await test('chains drawn on the map from the place left to the place taken, with names', async () => {
    const { result, scenario } = exported;
    const arrows = page.locator('[data-testid="chains-map"] .chain-move');
    const moves = result.chains.flatMap((c, ci) => c.moves.map((m, mi) => ({ m, ci, mi })));
    assert((await arrows.count()) === moves.length, `${await arrows.count()} arrows for ${moves.length} moves`);
    const centre = async (sel) => page.locator(sel).evaluate((el) => {
      const b = el.getBBox();
      return [b.x + b.width / 2, b.y + b.height / 2];
    });
    let checked = 0;
    for (const { m, ci, mi } of moves) {
      const arrow = page.locator(`[data-testid="chains-map"] .chain-move[data-chain="${ci}"][data-move="${mi}"]`);
      const name = await arrow.getAttribute('aria-label');
      assert(name.startsWith(`Chain ${ci + 1}, move ${mi + 1} of`) && name.includes(m.person), `name: ${name}`);
      const d = await arrow.locator('path.chain-line').getAttribute('d');
      const [x1, y1] = d.slice(1).split(/[La]/)[0].split(',').map(Number);
      const from = m.frees?.household ? `rect[data-household="${m.frees.household}"]` : m.frees?.scheme && scenario.schemes.some((s) => s.id === m.frees.scheme) ? `path[data-scheme="${m.frees.scheme}"]` : `circle[data-person="${m.person}"]`;
      const [cx, cy] = await centre(`[data-testid="map"] ${from}`);
      assert(Math.hypot(cx - x1, cy - y1) < 1, `move ${m.person} starts at the place left (${from}): ${x1},${y1} vs ${cx},${cy}`);
      if (m.to.household && d.includes('L')) {
        const [x2, y2] = d.split('L')[1].split(',').map(Number);
        const [hx, hy] = await centre(`[data-testid="map"] rect[data-household="${m.to.household}"]`);
        assert(Math.hypot(hx - x2, hy - y2) < 1, `move ${m.person} ends at household ${m.to.household}`);
        checked++;
      }
    }
    assert(checked > 0 || !moves.some((x) => x.m.to.household), 'some arrows checked at both ends');
    await shot('over-time-chains-map');
  });

  await test('chains map by keyboard: one Tab stop, arrow keys, Enter shows the chain; the list leads back', async () => {
    await page.getByRole('button', { name: 'Show the whole county' }).focus();
    await page.keyboard.press('Tab');
    const at = () => page.evaluate(() => ({ chain: document.activeElement?.getAttribute('data-chain'), move: document.activeElement?.getAttribute('data-move'), row: document.activeElement?.tagName }));
    let a = await at();
    assert(a.chain === '0' && a.move === '0', `Tab lands on the first chain arrow: ${JSON.stringify(a)}`);
    await page.keyboard.press('ArrowRight');
    a = await at();
    assert(a.chain !== null && !(a.chain === '0' && a.move === '0'), `arrow key moves: ${JSON.stringify(a)}`);
    await page.keyboard.press('End');
    a = await at();
    const last = exported.result.chains.length - 1;
    assert(a.chain === String(last), `End goes to the last chain: ${JSON.stringify(a)}`);
    await page.keyboard.press('Enter');
    a = await at();
    assert(a.row === 'TR' && a.chain === String(last), `Enter shows the chain's row: ${JSON.stringify(a)}`);
    assert(await page.locator(`[data-testid="chains-list"] tr[data-chain="${last}"]`).evaluate((el) => el.classList.contains('chosen')), 'row marked');
    await page.getByRole('button', { name: 'Show on map: chain 1', exact: true }).focus();
    await page.keyboard.press('Enter');
    a = await at();
    assert(a.chain === '0' && a.move === '0', `"Show on map" moves focus to the chain's first arrow: ${JSON.stringify(a)}`);
    // Only one arrow is in the Tab order at a time.
    assert((await page.locator('[data-testid="chains-map"] [tabindex="0"]').count()) === 1, 'one Tab stop');
    await axe('chains map focused');
  });

  await test('household calendar: every place by date, no place double-booked, every stay of the plan with its dates', async () => {
    const { result, scenario } = exported;
    const people = new Map(scenario.people.map((p) => [p.id, p]));
    const homes = [...new Set(result.placements.filter((p) => p.option.household).map((p) => p.option.household))];
    assert(homes.length > 0, 'the plan places someone with a household');
    const withBooking = scenario.households.find((h) => h.bookings?.length && h.unavailable?.length);
    if (withBooking && !homes.includes(withBooking.id)) homes.push(withBooking.id);
    for (const id of homes) {
      await page.selectOption('#calendar-home', id);
      await tid('household-calendar').waitFor();
      const hh = scenario.households.find((h) => h.id === id);
      const rows = await page.locator('[data-testid="calendar-table"] tbody tr').evaluateAll((trs) => trs.map((tr) => ({ place: tr.querySelector('th').textContent, who: tr.children[1].textContent, kind: tr.dataset.kind, from: tr.dataset.from, to: tr.dataset.to })));
      const stays = rows.filter((r) => r.kind !== 'away');
      const places = new Set(stays.map((r) => r.place));
      assert(![...places].includes('Over capacity') && places.size <= hh.places, `${id}: ${places.size} places used of ${hh.places}`);
      // No place holds two stays on one date (checked date by date).
      for (const p of places) {
        const on = stays.filter((r) => r.place === p).map((r) => [day(r.from) ?? -1e9, day(r.to) ?? 1e9]);
        for (let i = 0; i < on.length; i++) for (let j = i + 1; j < on.length; j++) assert(on[i][0] > on[j][1] || on[j][0] > on[i][1], `${id} ${p} double-booked`);
      }
      for (const o of hh.occupants ?? []) assert(stays.some((r) => r.who === o.id && r.kind === 'occupant' && !r.to), `${id}: occupant ${o.id}`);
      for (const b of hh.bookings ?? []) assert(stays.some((r) => r.who === b.person && r.kind === 'booking' && r.from === b.dates.start && r.to === b.dates.end), `${id}: booking ${b.person}`);
      assert(rows.filter((r) => r.kind === 'away').length === (hh.unavailable ?? []).length, `${id}: time off`);
      for (const pl of result.placements.filter((p) => p.option.household === id)) {
        const person = people.get(pl.person);
        if (person.arrangement === 'day_support') {
          const sessions = await tid('calendar-sessions').innerText();
          for (const s of person.sessions) assert(new RegExp(`${s.day}[^\\n]*${pl.person} \\(${s.hours} hours`, 'i').test(sessions), `${id}: ${pl.person} on ${s.day}`);
          continue;
        }
        const row = stays.find((r) => r.who === pl.person);
        assert(row && row.kind === (pl.status === 'proposed' ? 'added' : 'kept'), `${id}: ${pl.person} on the calendar`);
        if (person.arrangement === 'short_break') assert(row.from === person.dates.start && row.to === person.dates.end, `${id}: short break dates of ${pl.person}`);
        else if (person.arrangement === 'emergency') assert(row.from === scenario.as_of && !row.to, `${id}: emergency from today`);
        else if (!person.holds) assert(row.from === (person.needed_by ?? scenario.as_of) && !row.to, `${id}: long-term of ${pl.person} from ${row.from}`);
      }
    }
    await shot('over-time-calendar');
    await axe('household calendar');
  });

  await test('scheme calendar: a room left in a chain goes to the next person', async () => {
    const { result, scenario } = exported;
    const move = result.chains.flatMap((c) => c.moves).find((m) => m.frees?.scheme && scenario.schemes.some((s) => s.id === m.frees.scheme));
    assert(move, 'a chain frees a scheme room');
    await page.selectOption('#calendar-home', move.frees.scheme);
    const rows = await page.locator('[data-testid="calendar-table"] tbody tr').evaluateAll((trs) => trs.map((tr) => ({ place: tr.querySelector('th').textContent, who: tr.children[1].textContent, kind: tr.dataset.kind })));
    const room = `room ${move.frees.vacancy}`;
    assert(rows.some((r) => r.place === room && r.who === move.person && r.kind === 'leaves'), `${move.person} leaves ${room}: ${JSON.stringify(rows)}`);
    const next = result.placements.find((p) => p.option.vacancy === move.frees.vacancy);
    if (next) assert(rows.some((r) => r.place === room && r.who === next.person && r.kind === 'added'), `${next.person} takes ${room}`);
    await axe('scheme calendar');
  });

  await test('totals in commissioner words, recomputed from the exported placements', async () => {
    const { result, scenario } = exported;
    const figure = (f) => page.locator(`[data-figure="${f}"] .big`).innerText();
    const [dl] = await Promise.all([page.waitForEvent('download'), tid('export-csv').click()]);
    const lines = readFileSync(await dl.path(), 'utf8').trim().split(/\r?\n/);
    const header = lines[0].split(',');
    const col = (name) => header.indexOf(name);
    // The export has no commas inside the numeric columns; split the quoted explanation out first.
    const rows = lines.slice(1).map((l) => {
      const cells = [];
      let cur = '';
      let q = false;
      for (const ch of l) {
        if (ch === '"') q = !q;
        else if (ch === ',' && !q) {
          cells.push(cur);
          cur = '';
        } else cur += ch;
      }
      cells.push(cur);
      return cells;
    }).filter((r) => r[col('outcome')] !== 'unplaced');
    assert(rows.length === result.placements.length, `${rows.length} placement rows exported`);
    const pence = (r, c) => Math.round(Number(r[col(c)]) * 100);
    const people = new Map(scenario.people.map((p) => [p.id, p]));
    let weekly = 0;
    let oneOff = 0;
    for (const r of rows) {
      const person = people.get(r[col('person')]);
      const recurring = r[col('recurring')] === 'yes';
      assert(recurring === (person.arrangement !== 'short_break'), `${person.id}: only short breaks are one-off`);
      if (recurring) weekly += pence(r, 'counterfactual_weekly_cost_gbp') - pence(r, 'weekly_cost_gbp');
      else {
        const nights = (day(person.dates.end) - day(person.dates.start) + 1);
        assert(Number(r[col('nights')]) === nights || Number(r[col('nights')]) === nights - 1, `${person.id}: nights ${r[col('nights')]} for ${person.dates.start}..${person.dates.end}`);
        assert(pence(r, 'weekly_cost_gbp') === 0, `${person.id}: a short break costs nothing weekly`);
      }
      oneOff += pence(r, 'one_off_counterfactual_gbp') - pence(r, 'one_off_cost_gbp');
    }
    // Supported-living rooms a mover leaves and no placement takes still cost the council (the
    // engine's default empty-room cost, £350 a week): they come off the recurring saving.
    const room = (o) => `${o.scheme}/${o.vacancy}`;
    const taken = new Set(result.placements.filter((p) => p.option.scheme).map((p) => room(p.option)));
    const leftEmpty = new Set(result.placements.map((p) => p.moves_from).filter((o) => o?.scheme && !o.scheme.startsWith('own-tenancy/') && !taken.has(room(o))).map(room));
    assert(result.totals.rooms_left_empty_by_moves === leftEmpty.size, `rooms left empty: ${result.totals.rooms_left_empty_by_moves} vs ${leftEmpty.size}`);
    weekly -= 35000 * leftEmpty.size;
    assert((await figure('weekly-recurring-saving')) === pounds(weekly), `weekly recurring: ${await figure('weekly-recurring-saving')} vs ${pounds(weekly)}`);
    assert((await figure('one-off-saving')) === pounds(oneOff), `one-off: ${await figure('one-off-saving')} vs ${pounds(oneOff)}`);
    assert((await figure('annual-saving')) === pounds(52 * weekly + oneOff), `annual: ${await figure('annual-saving')} vs ${pounds(52 * weekly + oneOff)}`);
    // Shared Lives target: people with a learning disability newly placed long term (or in an emergency) with a household.
    const t = scenario.learning_disability_population;
    assert(t > 0, 'the realistic sample gives the population with a learning disability');
    const added = result.placements.filter((p) => p.status === 'proposed' && p.option.household && people.get(p.person).needs.includes('learning_disability') && ['long_term', 'emergency'].includes(people.get(p.person).arrangement)).length;
    const before = scenario.shared_lives_ld_current;
    const target = await page.locator('[data-figure="shared-lives-target"]').innerText();
    const pct = (n) => `${((n / t) * 100).toFixed(1)}%`;
    assert(target.includes(`${pct(before)} → ${pct(before + added)}`) && target.includes(`adds ${added} (${before + added} in all)`), `target: ${target} (recomputed ${pct(before)} → ${pct(before + added)}, +${added})`);
    const s = await page.locator('#summary').innerText();
    assert(!/[a-z]+_[a-z]+/.test(s), 'no codes in the summary');
    await axe('totals');
  });

  await test('import by CSV: held places, bookings and important places, every problem in one pass by file, row and column', async () => {
    const csv = (rows) => Buffer.from(rows.map((r) => r.join(',')).join('\n'));
    const people = (places) => ({
      name: 'people.csv',
      mimeType: 'text/csv',
      buffer: csv([
        ['id', 'age', 'needs', 'home_lat', 'home_lon', 'arrangement', 'holds_household', 'break_start', 'break_end'],
        ['P1', '40', 'learning_disability', '53.10', '-1.20', 'long_term', 'H1', '', ''],
        ['P2', '30', 'autism', '53.12', '-1.18', 'short_break', '', '2025-06-01', '2025-06-05'],
      ]),
      places,
    });
    const households = (bookingsH1, bookingsH2) => ({
      name: 'households.csv',
      mimeType: 'text/csv',
      buffer: csv([
        ['id', 'lat', 'lon', 'approvals', 'places', 'offers', 'bookings'],
        ['H1', '53.11', '-1.19', 'learning_disability;autism', '2', 'long_term;short_break', bookingsH1],
        ['H2', '53.13', '-1.15', 'learning_disability;autism', '1', 'long_term;short_break', bookingsH2],
      ]),
    });
    const places = (rows) => ({ name: 'important-places.csv', mimeType: 'text/csv', buffer: csv([['person', 'kind', 'name', 'lat', 'lon', 'max_travel_minutes'], ...rows]) });
    const before = await page.locator('#scenario-select option').count();
    await page.check('#import-empty');
    await tid('import-file').setInputFiles([
      people(),
      households('B1@2025-05-01/2025-05-04;B2@soon', 'B3@2025-06-10/2025-06-01'),
      places([
        ['P1', 'family', 'Mum', '53.09', '-1.21', '45'],
        ['P9', 'work', '', '53.09', '-1.21', '30'],
        ['P2', 'pub', '', '53.09', '-1.21', '30'],
        ['P2', 'college', '', '53.09', '-1.21', '0'],
      ]),
    ]);
    await tid('error-list').waitFor({ state: 'visible' });
    const errs = await tid('error-list').innerText();
    for (const [re, what] of [
      [/households\.csv row 2.*bookings.*person@YYYY-MM-DD/, 'a bad booking cell'],
      [/households\.csv row 3.*bookings/, 'booking dates in the wrong order (the core’s check, mapped back to the cell)'],
      [/important-places\.csv row 3.*person.*P9/, 'an unknown person'],
      [/important-places\.csv row 4.*kind/, 'a bad kind'],
      [/important-places\.csv row 5.*max_travel_minutes/, 'a zero journey time (the core’s check, mapped back to its own file and row)'],
    ]) assert(re.test(errs), `${what}: ${errs}`);
    assert((await page.locator('#scenario-select option').count()) === before, 'nothing imported');
    await axe('import errors for holds, bookings and places');
    // Fixed: everything imports, with its held place, bookings and important places.
    await tid('import-file').setInputFiles([
      people(),
      households('B1@2025-05-01/2025-05-04;B2@2025-07-01/2025-07-03', 'B3@2025-06-01/2025-06-10'),
      places([
        ['P1', 'family', 'Mum', '53.09', '-1.21', '45'],
        ['P2', 'college', '', '53.09', '-1.21', '30'],
        ['P2', 'work', '', '53.14', '-1.17', '20'],
      ]),
    ]);
    await page.waitForFunction(() => document.querySelector('#scenario-select option:checked')?.textContent?.startsWith('Imported:'));
    assert(await tid('error-list').isHidden(), 'no errors');
    const { scenario } = await exportJson();
    const p1 = scenario.people.find((p) => p.id === 'P1');
    const p2 = scenario.people.find((p) => p.id === 'P2');
    assert(p1.holds?.household === 'H1', `P1 holds H1: ${JSON.stringify(p1.holds)}`);
    assert(p1.important_places.length === 1 && p1.important_places[0].name === 'Mum' && p1.important_places[0].max_travel_minutes === 45, JSON.stringify(p1.important_places));
    assert(p2.important_places.map((x) => x.kind).join() === 'college,work', JSON.stringify(p2.important_places));
    const h1 = scenario.households.find((h) => h.id === 'H1');
    assert(JSON.stringify(h1.bookings) === JSON.stringify([{ person: 'B1', dates: { start: '2025-05-01', end: '2025-05-04' } }, { person: 'B2', dates: { start: '2025-07-01', end: '2025-07-03' } }]), JSON.stringify(h1.bookings));
    // The templates offer the new columns and file.
    await page.locator('details.templates summary').click();
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download important-places.csv' }).click()]);
    assert(readFileSync(await dl.path(), 'utf8').startsWith('person,kind,name,lat,lon,postcode,max_travel_minutes'), 'important places template');
    await page.locator('details.templates summary').click();
  });

  await test('no request left the page’s origin and no console errors', async () => clean());
} catch (e) {
  console.log(`FAIL setup: ${e.message}`);
  await test('setup', () => {
    throw e;
  });
} finally {
  writeFileSync(join(artifacts, 'axe-over-time.json'), JSON.stringify(axeStates, null, 2));
  await finish();
}

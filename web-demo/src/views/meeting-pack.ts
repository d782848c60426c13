// The matching-meeting pack: for one person (or one Shared Lives
// household), every option with its verdict; for each option ruled out, the
// rules it fails; the score breakdown of the feasible ones; distance in km
// and minutes; the proposal and its backup. Printable on A4 (print
// stylesheet: only the pack is printed) and exportable as CSV.
import { active, slug, solver, state } from '../app';
import { toCsv } from '../csv';
import { $, clear, download, h, pounds } from '../dom';
import type { Page } from '../pages';
import type { Entry } from '../scenarios';
import { showError, status } from '../status';
import type { HouseholdShortlist, Shortlist } from '../types';
import { arrangementWords, carMinutes, km, kindWords, statusWords, words } from '../words';

type Row = (string | number)[];

interface Pack {
  title: string;
  file: string;
  csv: Row[];
  body: HTMLElement[];
}

const ALL = 100000;
/** Options (or people) whose score breakdown is printed in full; the others have it in one line. */
const TOP = 5;

/** The score's parts in one line: "near home 30 · shared interests 12 · …" (parts worth 0 left out). */
const inline = (comps: Shortlist['options'][number]['score']['components']) =>
  comps
    .filter((c) => c.points !== 0)
    .map((c) => `${words(c.name)} ${c.points > 0 ? '+' : ''}${c.points}`)
    .join(' · ') || 'no points';

/** A table in a box that scrolls sideways on a narrow screen (and can be scrolled by keyboard). */
function wrap(label: string, table: HTMLElement): HTMLElement {
  return h('div', { class: 'pack-wrap', tabindex: '0', role: 'region', 'aria-label': label }, table);
}

function breakdownTable(caption: string, comps: Shortlist['options'][number]['score']['components']) {
  return h(
    'table',
    { class: 'compact breakdown' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Part of the score'), h('th', { scope: 'col', class: 'num' }, 'Points'), h('th', { scope: 'col' }, 'Why'))),
    h('tbody', {}, ...comps.map((c) => h('tr', {}, h('th', { scope: 'row' }, words(c.name)), h('td', { class: 'num' }, c.points), h('td', {}, c.note)))),
  );
}

function personPack(e: Entry, list: Shortlist): Pack {
  const person = e.scenario.people.find((p) => p.id === list.person);
  const who = `${list.person}${person?.name ? ` (${person.name})` : ''}`;
  const placed = e.result?.placements.find((p) => p.person === list.person);
  const unplaced = e.result?.unplaced.find((u) => u.person === list.person);
  const ruledOut = list.ruled_out ?? [];
  const facts = person
    ? `Age ${person.age}; needs: ${person.needs.map(words).join(', ')}; wants ${arrangementWords(person.arrangement)}; now in ${words(person.current_setting)}${person.district ? `; lives in ${person.district}` : ''}.`
    : '';
  const plan = placed
    ? `In this plan: ${placed.option.label}, ${statusWords(placed.status)}. Backup if the introduction fails: ${placed.backup ? placed.backup.option.label : 'none free in this plan'}.`
    : unplaced
      ? `In this plan: no option. ${unplaced.explanation.summary}`
      : 'Matching has not been run for this scenario: the verdicts below are from the rules alone.';
  const csv: Row[] = [['person', 'option', 'kind', 'verdict', 'rank', 'km', 'minutes_by_car', 'score', 'weekly_cost_gbp', 'weekly_saving_gbp', 'rules_failed', 'score_breakdown']];
  const trs: HTMLElement[] = [];
  for (const o of list.options) {
    const verdict = placed && placed.option.label === o.option.label ? 'proposed in the plan' : placed?.backup?.option.label === o.option.label ? 'possible (the backup)' : 'possible';
    const kms = o.distance_m / 1000;
    trs.push(
      h(
        'tr',
        { class: 'ok' },
        h('th', { scope: 'row' }, o.option.label),
        h('td', {}, kindWords(o.option.kind)),
        h('td', {}, `${verdict}, rank ${o.rank}`),
        h('td', { class: 'num' }, km(o.distance_m)),
        h('td', { class: 'num' }, carMinutes(kms)),
        h('td', { class: 'num' }, o.score.total),
        h('td', { class: 'num' }, pounds(o.cost.weekly_cost)),
        h('td', { class: 'inline-breakdown' }, inline(o.score.components)),
      ),
    );
    csv.push([String(list.person), o.option.label, kindWords(o.option.kind), verdict, o.rank, km(o.distance_m), carMinutes(kms), o.score.total, o.cost.weekly_cost / 100, o.cost.weekly_saving / 100, '', o.score.components.map((c) => `${words(c.name)} ${c.points}`).join('; ')]);
  }
  for (const r of ruledOut) {
    const kms = r.distance_m / 1000;
    const failed = r.failed.map((f) => f.reason);
    trs.push(
      h(
        'tr',
        { class: 'no' },
        h('th', { scope: 'row' }, r.option.label),
        h('td', {}, kindWords(r.option.kind)),
        h('td', {}, 'ruled out'),
        h('td', { class: 'num' }, km(r.distance_m)),
        h('td', { class: 'num' }, carMinutes(kms)),
        h('td', { class: 'num' }, '—'),
        h('td', { class: 'num' }, '—'),
        h('td', {}, failed.join('; ')),
      ),
    );
    csv.push([String(list.person), r.option.label, kindWords(r.option.kind), 'ruled out', '', km(r.distance_m), carMinutes(kms), '', '', '', failed.join('; '), '']);
  }
  const body = [
    h('p', {}, facts),
    h('p', { class: 'pack-plan' }, plan),
    wrap(
      `Every option for ${who}`,
      h(
      'table',
      { class: 'pack-table', 'data-testid': 'pack-options' },
      h('caption', {}, `Every option for ${who}: ${list.feasible_options} possible, ${ruledOut.length} ruled out`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Option', 'Kind', 'Verdict', 'Km', 'Minutes by car', 'Score', 'Weekly cost', 'Rules failed, or the score’s parts'].map((t, i) => h('th', { scope: 'col', class: i >= 3 && i <= 6 ? 'num' : null }, t)),
        ),
      ),
      h('tbody', {}, ...trs),
      ),
    ),
    h('h4', {}, 'Score breakdown of the best options, in full'),
    list.options.length ? h('div', { class: 'breakdowns' }, ...list.options.slice(0, TOP).map((o) => breakdownTable(`${o.rank}. ${o.option.label}: score ${o.score.total}; ${pounds(o.cost.weekly_cost)} a week against ${pounds(o.cost.counterfactual_weekly_cost)} now`, o.score.components))) : h('p', {}, 'No option passes every rule.'),
  ];
  return { title: `Matching-meeting pack: ${who}`, file: `pack-${slug(String(list.person))}`, csv, body };
}

function householdPack(e: Entry, list: HouseholdShortlist): Pack {
  const hh = e.scenario.households.find((x) => x.id === list.household);
  const who = `${list.household}${hh?.name ? ` (${hh.name})` : ''}`;
  const living = e.result?.placements.filter((p) => p.option.household === list.household).map((p) => String(p.person)) ?? [];
  const csv: Row[] = [['household', 'person', 'verdict', 'rank', 'km', 'minutes_by_car', 'score', 'weekly_cost_gbp', 'rules_failed', 'score_breakdown']];
  const trs: HTMLElement[] = [];
  for (const p of list.people) {
    const verdict = living.includes(String(p.person)) ? 'proposed in the plan' : 'possible';
    trs.push(h('tr', { class: 'ok' }, h('th', { scope: 'row' }, String(p.person)), h('td', {}, `${verdict}, rank ${p.rank}`), h('td', { class: 'num' }, km(p.distance_m)), h('td', { class: 'num' }, carMinutes(p.distance_m / 1000)), h('td', { class: 'num' }, p.score.total), h('td', { class: 'num' }, pounds(p.cost.weekly_cost)), h('td', { class: 'inline-breakdown' }, inline(p.score.components))));
    csv.push([String(list.household), String(p.person), verdict, p.rank, km(p.distance_m), carMinutes(p.distance_m / 1000), p.score.total, p.cost.weekly_cost / 100, '', p.score.components.map((c) => `${words(c.name)} ${c.points}`).join('; ')]);
  }
  for (const r of list.ruled_out ?? []) {
    const failed = r.failed.map((f) => f.reason);
    trs.push(h('tr', { class: 'no' }, h('th', { scope: 'row' }, String(r.person)), h('td', {}, 'ruled out'), h('td', { class: 'num' }, km(r.distance_m)), h('td', { class: 'num' }, carMinutes(r.distance_m / 1000)), h('td', { class: 'num' }, '—'), h('td', { class: 'num' }, '—'), h('td', {}, failed.join('; '))));
    csv.push([String(list.household), String(r.person), 'ruled out', '', km(r.distance_m), carMinutes(r.distance_m / 1000), '', '', failed.join('; '), '']);
  }
  const body = [
    h('p', {}, hh ? `${hh.places} place(s), ${hh.occupants?.length ?? 0} lived in now; approved for ${hh.approvals.map(words).join(', ')}; offers ${(hh.offers ?? []).map(arrangementWords).join(', ')}${hh.district ? `; in ${hh.district}` : ''}.` : ''),
    h('p', { class: 'pack-plan' }, e.result ? (living.length ? `In this plan: ${living.join(', ')}.` : 'In this plan: nobody new.') : 'Matching has not been run for this scenario.'),
    wrap(
      `Every person for ${who}`,
      h(
      'table',
      { class: 'pack-table', 'data-testid': 'pack-options' },
      h('caption', {}, `Every person for ${who}: ${list.feasible_people} possible, ${(list.ruled_out ?? []).length} ruled out`),
      h('thead', {}, h('tr', {}, ...['Person', 'Verdict', 'Km', 'Minutes by car', 'Score', 'Weekly cost', 'Rules failed, or the score’s parts'].map((t, i) => h('th', { scope: 'col', class: i >= 2 && i <= 5 ? 'num' : null }, t)))),
      h('tbody', {}, ...trs),
      ),
    ),
    h('h4', {}, 'Score breakdown of the best-matched people, in full'),
    h('div', { class: 'breakdowns' }, ...list.people.slice(0, TOP).map((p) => breakdownTable(`${p.rank}. ${p.person}: score ${p.score.total}`, p.score.components))),
  ];
  return { title: `Matching-meeting pack: household ${who}`, file: `pack-${slug(String(list.household))}`, csv, body };
}

let current: Pack | undefined;
/** The scenario the pack on screen was made from. */
let madeFrom = '';

function show(pack: Pack, e: Entry) {
  current = pack;
  madeFrom = e.id;
  const host = $('meeting-pack');
  clear(host);
  const heading = h('h3', { id: 'pack-heading', tabindex: '-1' }, pack.title);
  host.append(
    heading,
    h('p', { class: 'muted small' }, `Scenario “${e.name}”${e.sample ? ' — synthetic sample data, not real people' : ''}. Distances are straight-line km; minutes are a car estimate (roads about 1.3 × the straight line at 40 km/h, plus 2 minutes).`),
    ...pack.body,
  );
  ($('print-pack') as HTMLButtonElement).disabled = false;
  ($('pack-csv') as HTMLButtonElement).disabled = false;
  heading.focus();
}

export async function showMeetingPack(personId: string) {
  const e = active();
  try {
    const list = await solver.call<Shortlist>('shortlist', [e.scenario, null, personId, ALL]);
    show(personPack(e, list), e);
    status(`Meeting pack ready for ${personId}.`);
  } catch (err) {
    showError('Meeting pack failed', err);
  }
}

export async function showHouseholdPack(householdId: string) {
  const e = active();
  try {
    const list = await solver.call<HouseholdShortlist>('shortlistForHousehold', [e.scenario, null, householdId, ALL]);
    show(householdPack(e, list), e);
    status(`Meeting pack ready for household ${householdId}.`);
  } catch (err) {
    showError('Meeting pack failed', err);
  }
}

function printPack() {
  if (!current) return;
  document.body.classList.add('print-pack');
  const done = () => {
    document.body.classList.remove('print-pack');
    removeEventListener('afterprint', done);
  };
  addEventListener('afterprint', done);
  print();
}

export const packPage: Page = {
  id: 'pack',
  title: 'Matching-meeting pack',
  mount(section) {
    const personSel = h('select', { id: 'pack-person' });
    const hhSel = h('select', { id: 'pack-household' });
    section.append(
      h(
        'div',
        { class: 'row no-print' },
        h('label', { for: 'pack-person' }, 'Person'),
        personSel,
        h('button', { type: 'button', id: 'pack-for-person', onclick: () => personSel.value && void showMeetingPack(personSel.value) }, 'Make pack'),
        h('label', { for: 'pack-household' }, 'or Shared Lives household'),
        hhSel,
        h('button', { type: 'button', id: 'pack-for-household', onclick: () => hhSel.value && void showHouseholdPack(hhSel.value) }, 'Make pack'),
      ),
      h(
        'div',
        { class: 'row no-print' },
        h('button', { type: 'button', id: 'print-pack', 'data-testid': 'print-pack', disabled: true, onclick: printPack }, 'Print pack (A4)'),
        h('button', { type: 'button', id: 'pack-csv', disabled: true, onclick: () => current && download(`${current.file}.csv`, toCsv(current.csv), 'text/csv') }, 'Export pack CSV'),
      ),
      h('div', { id: 'meeting-pack', 'data-testid': 'meeting-pack', class: 'meeting-pack' }, h('p', { class: 'muted' }, 'Choose a person or a household, or “Meeting pack” in an explanation.')),
    );
  },
  render(e) {
    if (current && madeFrom !== e.id) {
      // A pack belongs to its scenario: another scenario on screen clears it.
      current = undefined;
      const host = $('meeting-pack');
      clear(host);
      host.append(h('p', { class: 'muted' }, 'The scenario changed: make the pack again for this one.'));
      ($('print-pack') as HTMLButtonElement).disabled = true;
      ($('pack-csv') as HTMLButtonElement).disabled = true;
    }
    for (const [id, ids] of [
      ['pack-person', e.scenario.people.map((p) => String(p.id))],
      ['pack-household', e.scenario.households.map((x) => String(x.id))],
    ] as const) {
      const sel = $(id) as HTMLSelectElement;
      const keep = sel.value || (id === 'pack-person' ? (state.ws.selected ?? '') : '');
      clear(sel);
      for (const x of ids) sel.append(h('option', { value: x, selected: x === keep }, x));
    }
  },
};

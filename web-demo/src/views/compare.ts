// The side-by-side comparison of two scenarios.
import { active, changed, state } from '../app';
import { $, clear, h, pounds } from '../dom';
import type { Page } from '../pages';
import { runMatching, runRounds } from '../runs';
import type { Entry } from '../scenarios';
import { status } from '../status';
import { costByDistrict, renderCostChart } from './chart';
import { renderTable } from './table';

function renderCompare() {
  const host = $('compare');
  clear(host);
  const a = active();
  const b = state.ws.entries.find((x) => x.id === state.ws.compare && x.id !== a.id);
  if (!b) {
    host.append(h('p', { class: 'muted' }, 'Duplicate the scenario, change it (add carers, close a scheme), then choose “Compare side by side”.'));
    return;
  }
  type Fig = { label: string; get: (e: Entry) => number | undefined; fmt: (n: number) => string; better: 'up' | 'down' };
  const figs: Fig[] = [
    { label: 'People placed', get: (e) => e.result?.totals.placed, fmt: String, better: 'up' },
    { label: 'Without an option', get: (e) => e.result?.totals.unplaced, fmt: String, better: 'down' },
    { label: 'Weekly cost of placements', get: (e) => e.result?.totals.weekly_cost, fmt: pounds, better: 'down' },
    { label: 'Yearly cost of placements', get: (e) => (e.result ? e.result.totals.weekly_cost * 52 : undefined), fmt: pounds, better: 'down' },
    { label: 'Weekly saving', get: (e) => e.result?.totals.weekly_saving, fmt: pounds, better: 'up' },
    { label: 'Yearly saving', get: (e) => (e.result ? e.result.totals.weekly_saving * 52 : undefined), fmt: pounds, better: 'up' },
    { label: 'Average match score of the people placed (higher is a better fit)', get: (e) => (e.result && e.result.totals.placed ? Math.round(e.result.totals.total_score / e.result.totals.placed) : undefined), fmt: String, better: 'up' },
    { label: 'Visits planned', get: (e) => e.plan?.summary.visits_planned, fmt: String, better: 'up' },
    { label: 'Travel (hours)', get: (e) => (e.plan ? e.plan.summary.travel_minutes / 60 : undefined), fmt: (n) => n.toFixed(1), better: 'down' },
  ];
  // The scenario compared with comes first (usually the original), the current one second.
  const [x, y] = [b, a];
  const table = h(
    'table',
    { class: 'compact', 'data-testid': 'compare-table' },
    h('caption', {}, `${y.name} compared with ${x.name}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Figure'), h('th', { scope: 'col', class: 'num' }, x.name), h('th', { scope: 'col', class: 'num' }, y.name), h('th', { scope: 'col', class: 'num' }, 'Change'))),
    h(
      'tbody',
      {},
      ...figs.map((f) => {
        const vx = f.get(x);
        const vy = f.get(y);
        let diff: Node | string = '—';
        if (vx !== undefined && vy !== undefined) {
          const d = vy - vx;
          const good = f.better === 'up' ? d > 0 : d < 0;
          diff = h('span', { class: d === 0 ? '' : good ? 'better' : 'worse' }, `${d > 0 ? '+' : d < 0 ? '−' : ''}${f.fmt(Math.abs(d))}`);
        }
        return h('tr', {}, h('th', { scope: 'row' }, f.label), h('td', { class: 'num' }, vx === undefined ? 'not run' : f.fmt(vx)), h('td', { class: 'num' }, vy === undefined ? 'not run' : f.fmt(vy)), h('td', { class: 'num' }, diff));
      }),
    ),
  );
  const cols = h('div', { class: 'compare-grid' });
  for (const e of [x, y]) {
    const box = h(
      'div',
      {},
      h('h3', {}, e.name),
      h('p', { class: 'muted' }, e.changes.length ? e.changes.join('; ') : 'unchanged'),
      ...(e.assumptions ?? []).map((t) => h('p', { class: 'small', 'data-testid': 'compare-assumptions' }, h('strong', {}, 'Assumed: '), t)),
      e.sample ? h('p', { class: 'small' }, 'Synthetic sample data, not real people.') : '',
    );
    const chart = h('div');
    renderCostChart(chart, e.result ? costByDistrict(e.scenario, e.result) : [], `Weekly cost by district — ${e.name}`);
    box.append(chart);
    cols.append(box);
  }
  host.append(
    h('div', { class: 'pack-wrap', tabindex: '0', role: 'region', 'aria-label': 'Figures compared' }, table),
    h('p', { class: 'muted small' }, 'Matching is exact: the same scenario always gives the same plan. Rounds are searched for the chosen time, so two runs of the same day can differ slightly; compare rounds with the same search time.'),
  );
  if (a.result && b.result) {
    const outcome = (e: Entry, id: string) => {
      const p = e.result?.placements.find((x) => x.person === id);
      return p ? p.option.label : e.result?.unplaced.some((x) => x.person === id) ? 'no option' : 'not in scenario';
    };
    const ids = [...new Set([...x.scenario.people, ...y.scenario.people].map((p) => String(p.id)))];
    const placedIn = (e: Entry, id: string) => !!e.result?.placements.some((p) => p.person === id);
    const what = (id: string) => {
      const before = placedIn(x, id);
      const after = placedIn(y, id);
      if (!before && after) return 'newly placed';
      if (before && !after) return 'loses their option';
      return 'moved to another option (reshuffle)';
    };
    const diffs = ids.map((id) => ({ id, a: outcome(x, id), b: outcome(y, id), what: what(id) })).filter((r) => r.a !== r.b);
    const newly = diffs.filter((r) => r.what === 'newly placed').length;
    const lost = diffs.filter((r) => r.what === 'loses their option').length;
    const moved = diffs.length - newly - lost;
    const extraCost = (y.result?.totals.weekly_cost ?? 0) - (x.result?.totals.weekly_cost ?? 0);
    const extraPlaced = (y.result?.totals.placed ?? 0) - (x.result?.totals.placed ?? 0);
    host.append(
      h(
        'p',
        { 'data-testid': 'compare-summary' },
        `${newly} newly placed, ${moved} moved to another option (a reshuffle, not a new placement), ${lost} lose their option. `,
        extraPlaced > 0
          ? `Cost per extra placement: ${pounds(extraCost / extraPlaced)} a week (${pounds((extraCost * 52) / extraPlaced)} a year), counting the whole change in the cost of placements.`
          : 'No extra placements, so there is no cost per extra placement.',
      ),
    );
    const holder = h('div');
    renderTable(holder, {
      caption: `${diffs.length} people whose proposal differs`,
      rows: diffs,
      columns: [
        { label: 'Person', value: (r) => r.id },
        { label: 'What changes', value: (r) => r.what },
        { label: x.name, value: (r) => r.a },
        { label: y.name, value: (r) => r.b },
      ],
      emptyText: 'Nobody’s proposal changes.',
    });
    host.append(holder);
  }
  host.append(cols);
}

export async function compare() {
  const sel = ($('compare-select') as HTMLSelectElement).value;
  state.ws.compare = sel;
  const a = active();
  const b = state.ws.entries.find((x) => x.id === sel);
  if (!b || b.id === a.id) {
    status('Choose a different scenario to compare with.');
    changed();
    return;
  }
  // Run what is missing so the comparison is like for like.
  for (const e of [a, b]) if (!e.result && !(await runMatching(e))) return;
  for (const e of [a, b]) if (e.rounds && !e.plan && (a.plan || b.plan) && !(await runRounds(e))) return;
  changed();
  document.getElementById('compare-heading')?.scrollIntoView();
}

export const comparePage: Page = {
  id: 'compare',
  title: 'Comparison',
  mount() {
    $('scenario-compare').addEventListener('click', () => void compare());
  },
  render: renderCompare,
};

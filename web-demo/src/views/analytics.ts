// Commissioning analytics: the district table, the recruitment brief and the
// flow simulation over years (chart with bands, and the same figures as a
// table). Mounted into its own section; every call goes through the solver
// worker, so long runs report progress and the Cancel button stops them.
import type { DistrictLens, RecruitmentBrief, Simulation, WeekBands } from 'carematch-wasm';
import { clear, download, h, pounds, s } from '../dom';
import { policies, renderComparison } from './policies';
import type { Solver } from '../solver';
import { SolverError } from '../solver';
import type { Scenario } from '../types';

export interface AnalyticsHost {
  solver: Solver;
  scenario: () => Scenario | undefined;
  status: (text: string) => void;
  error: (title: string, e: unknown) => void;
}

const pct = (x: number) => `${Math.round(100 * x)}%`;

function districtTable(lens: DistrictLens): HTMLElement {
  const head = ['District', 'Referrals', 'Placed', 'Unplaced', 'Placement rate', 'Free places', 'Travel (min)', 'Saving a week', 'Main reason not placed'];
  return h(
    'table',
    { class: 'compact', 'data-testid': 'districts-table' },
    h('caption', {}, 'Placements by district (people referred from each district)'),
    h('thead', {}, h('tr', {}, ...head.map((t, i) => h('th', { scope: 'col', class: i > 0 && i < 8 ? 'num' : '' }, t)))),
    h(
      'tbody',
      {},
      ...lens.districts.map((d) =>
        h(
          'tr',
          { class: d.district === lens.inequality?.worst ? 'worst' : '' },
          h('th', { scope: 'row' }, d.district),
          h('td', { class: 'num' }, d.referrals),
          h('td', { class: 'num' }, d.placed),
          h('td', { class: 'num' }, d.unplaced),
          h('td', { class: 'num' }, h('meter', { min: 0, max: 1, value: d.placement_rate, 'aria-label': `${d.district} placement rate` }), ` ${pct(d.placement_rate)}`),
          h('td', { class: 'num' }, d.free_places),
          h('td', { class: 'num' }, d.mean_travel_minutes == null ? '–' : Math.round(d.mean_travel_minutes)),
          h('td', { class: 'num' }, pounds(d.weekly_saving)),
          h('td', {}, d.top_reasons[0] ? `${d.top_reasons[0].reason} (${d.top_reasons[0].people})` : ''),
        ),
      ),
    ),
  );
}

/** Rows per primary care network (neighbourhood) within each district, when the data names them. */
function pcnTable(lens: DistrictLens): HTMLElement | string {
  const rows = lens.districts.flatMap((d) => (d.by_pcn ?? []).map((n) => ({ district: d.district, ...n })));
  if (rows.length === 0) return '';
  const head = ['District', 'Primary care network', 'Referrals', 'Placed', 'Unplaced', 'Placement rate', 'Placed within the network', 'Saving a week'];
  return h(
    'details',
    { open: true },
    h('summary', {}, 'By primary care network'),
    h(
      'table',
      { class: 'compact', 'data-testid': 'districts-pcn-table' },
      h('caption', {}, 'Placements by primary care network or neighbourhood, within each district'),
      h('thead', {}, h('tr', {}, ...head.map((t, i) => h('th', { scope: 'col', class: i > 1 ? 'num' : '' }, t)))),
      h(
        'tbody',
        {},
        ...rows.map((n) =>
          h(
            'tr',
            {},
            h('td', {}, n.district),
            h('th', { scope: 'row' }, n.pcn),
            h('td', { class: 'num' }, n.referrals),
            h('td', { class: 'num' }, n.placed),
            h('td', { class: 'num' }, n.unplaced),
            h('td', { class: 'num' }, pct(n.placement_rate)),
            h('td', { class: 'num' }, n.placed_in_pcn),
            h('td', { class: 'num' }, pounds(n.weekly_saving)),
          ),
        ),
      ),
    ),
  );
}

function renderDistricts(host: HTMLElement, lens: DistrictLens) {
  clear(host);
  const gap = lens.inequality;
  host.append(
    districtTable(lens),
    pcnTable(lens),
    gap ? h('p', { 'data-testid': 'inequality' }, h('strong', {}, `Worst to best placement rate: ${gap.ratio == null ? 'n/a' : gap.ratio.toFixed(2)}. `), gap.explanation) : '',
    h(
      'details',
      {},
      h('summary', {}, 'By need group'),
      h(
        'table',
        { class: 'compact' },
        h('caption', {}, 'Placements by need group (a person with several needs counts in each)'),
        h('thead', {}, h('tr', {}, ...['Need', 'Referrals', 'Placed', 'Unplaced', 'Rate'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ...lens.by_need.map((n) => h('tr', {}, h('th', { scope: 'row' }, n.label), h('td', { class: 'num' }, n.referrals), h('td', { class: 'num' }, n.placed), h('td', { class: 'num' }, n.unplaced), h('td', { class: 'num' }, pct(n.placement_rate))))),
      ),
    ),
  );
}

function renderBrief(host: HTMLElement, brief: RecruitmentBrief) {
  clear(host);
  host.append(
    h('ol', { 'data-testid': 'recruit-brief' }, ...brief.additions.map((a) => h('li', {}, a.text.replace(/^\d+\.\s*/, '')))),
    h(
      'p',
      { 'data-testid': 'recruit-summary' },
      `${brief.households} household${brief.households === 1 ? '' : 's'}: ${brief.extra_placed} more people placed (from ${brief.base_placed} to ${brief.placed_with_additions}, checked by solving with all of them). `,
      `No choice of ${brief.households} households of these profiles places more than ${brief.bound} more.`,
    ),
    h('button', { type: 'button', onclick: () => download('recruitment-brief.json', JSON.stringify(brief, null, 2), 'application/json') }, 'Export brief (JSON)'),
  );
}

/** Line and band paths of a series over weeks. */
function series(weeks: WeekBands[], get: (w: WeekBands) => { p10: number; median: number; p90: number }, x: (i: number) => number, y: (v: number) => number) {
  const line = weeks.map((w, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(get(w).median).toFixed(1)}`).join('');
  const up = weeks.map((w, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(get(w).p90).toFixed(1)}`).join('');
  const down = weeks.map((_, k) => {
    const i = weeks.length - 1 - k;
    return `L${x(i).toFixed(1)},${y(get(weeks[i]).p10).toFixed(1)}`;
  });
  return { line, band: `${up}${down.join('')}Z` };
}

function renderSimulation(host: HTMLElement, sim: Simulation) {
  clear(host);
  const weeks = sim.weeks;
  const width = 640;
  const height = 260;
  const left = 50;
  const bottom = 30;
  const max = Math.max(1, ...weeks.map((w) => Math.max(w.placed.p90, w.waiting.p90, w.target_placed)));
  const x = (i: number) => left + ((width - left - 10) * i) / Math.max(1, weeks.length - 1);
  const y = (v: number) => height - bottom - ((height - bottom - 10) * v) / max;
  const placed = series(weeks, (w) => w.placed, x, y);
  const waiting = series(weeks, (w) => w.waiting, x, y);
  const target = weeks.map((w, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(w.target_placed).toFixed(1)}`).join('');
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'sim-title', class: 'chart', 'data-testid': 'simulation-chart' });
  svg.append(
    s('title', { id: 'sim-title' }, `People placed and waiting over ${weeks.length} weeks, median with 10–90% bands over ${sim.config.replications} replications; the same figures are in the table that follows.`),
    s('path', { d: placed.band, class: 'band band-placed' }),
    s('path', { d: waiting.band, class: 'band band-waiting' }),
    s('path', { d: placed.line, class: 'line line-placed' }),
    s('path', { d: waiting.line, class: 'line line-waiting' }),
    s('path', { d: target, class: 'line line-target' }),
    s('line', { x1: left, y1: height - bottom, x2: width - 10, y2: height - bottom, class: 'axis' }),
    s('text', { x: left, y: height - 8, class: 'bar-label' }, 'week 1'),
    s('text', { x: width - 60, y: height - 8, class: 'bar-label' }, `week ${weeks.length}`),
    s('text', { x: 4, y: 16, class: 'bar-label' }, String(Math.round(max))),
  );
  const rows = weeks.filter((w) => w.week % 13 === 0 || w.week === weeks.length);
  const band = (b: { p10: number; median: number; p90: number }) => `${Math.round(b.median)} (${Math.round(b.p10)}–${Math.round(b.p90)})`;
  const table = h(
    'table',
    { class: 'compact', 'data-testid': 'simulation-table' },
    h('caption', {}, 'Simulation by quarter: median (10–90% band)'),
    h('thead', {}, h('tr', {}, ...['Week', 'Waiting', 'Placed so far', 'Target', 'Arrangements running', 'Saving so far', 'Blocked days so far'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      ...rows.map((w) =>
        h('tr', {}, h('th', { scope: 'row' }, w.week), h('td', { class: 'num' }, band(w.waiting)), h('td', { class: 'num' }, band(w.placed)), h('td', { class: 'num' }, Math.round(w.target_placed)), h('td', { class: 'num' }, band(w.active)), h('td', { class: 'num' }, `£${Math.round(w.saving_pounds.median).toLocaleString('en-GB')}`), h('td', { class: 'num' }, band(w.blocked_days))),
      ),
    ),
  );
  const t = sim.totals;
  host.append(
    svg,
    h('ul', { class: 'legend' }, h('li', {}, h('span', { class: 'key key-sim-placed', 'aria-hidden': 'true' }), 'people placed so far'), h('li', {}, h('span', { class: 'key key-sim-waiting', 'aria-hidden': 'true' }), 'people waiting'), h('li', {}, h('span', { class: 'key key-sim-target', 'aria-hidden': 'true' }), 'target: +15 placements a year')),
    h('p', { 'data-testid': 'simulation-summary' }, `After ${weeks.length} weeks (median of ${sim.config.replications}): ${Math.round(t.placed.median)} placed, ${Math.round(t.waiting_end.median)} waiting, ${Math.round(t.blocked_days.median)} days blocked waiting for homecare. ${sim.solves} weekly plans solved, ${sim.skipped_solves} skipped by the warm start.`),
    table,
  );
}

function numberInput(id: string, label: string, value: number, min: number, max: number) {
  return [h('label', { for: id }, label), h('input', { id, type: 'number', min, max, value, inputmode: 'numeric' })];
}

const num = (host: HTMLElement, id: string) => Number((host.querySelector(`#${id}`) as HTMLInputElement).value);

/** Builds the analytics section inside `host`. */
export function mountAnalytics(host: HTMLElement, app: AnalyticsHost) {
  const districtsOut = h('div', { id: 'districts-out' });
  const briefOut = h('div', { id: 'recruit-out' });
  const simOut = h('div', { id: 'simulate-out' });
  const compareOut = h('div', { id: 'compare-out' });
  const progress = h('progress', { id: 'analytics-progress', max: 100, value: 0, 'aria-label': 'Analytics progress' });
  const cancel = h('button', { type: 'button', id: 'analytics-cancel', 'data-testid': 'analytics-cancel', disabled: true }, 'Cancel');
  cancel.addEventListener('click', () => app.solver.cancel());

  async function run<T>(what: string, method: string, args: (sc: Scenario) => unknown[], done: (value: T) => void) {
    const sc = app.scenario();
    if (!sc) {
      app.status('Load a scenario first.');
      return;
    }
    cancel.disabled = false;
    progress.value = 0;
    app.status(`${what}…`);
    try {
      const value = await app.solver.call<T>(method, args(sc), {
        onProgress: (d, t) => {
          progress.value = t > 0 ? (100 * d) / t : 0;
        },
      });
      done(value);
      progress.value = 100;
      app.status(`${what}: done.`);
    } catch (e) {
      if (e instanceof SolverError && e.kind === 'cancelled') app.status(`${what}: cancelled.`);
      else app.error(what, e);
    } finally {
      cancel.disabled = true;
    }
  }

  host.append(
    h('h2', { id: 'analytics-heading' }, 'Commissioning analytics'),
    h('div', { class: 'row' }, h('button', { type: 'button', 'data-testid': 'districts-run', onclick: () => run<DistrictLens>('District lens', 'districtLens', (sc) => [sc, null], (v) => renderDistricts(districtsOut, v)) }, 'Show districts'), progress, cancel),
    districtsOut,
    h(
      'div',
      { class: 'row' },
      ...numberInput('recruit-k', 'Households to recruit', 15, 1, 200),
      h('button', { type: 'button', 'data-testid': 'recruit-run', onclick: () => run<RecruitmentBrief>('Recruitment brief', 'recruitmentBrief', (sc) => [sc, null, { households: num(host, 'recruit-k') }], (v) => renderBrief(briefOut, v)) }, 'Recruitment brief'),
    ),
    briefOut,
    h(
      'div',
      { class: 'row' },
      ...numberInput('sim-weeks', 'Weeks', 260, 1, 2600),
      ...numberInput('sim-reps', 'Replications', 20, 1, 1000),
      ...numberInput('sim-seed', 'Seed', 1, 0, 1_000_000),
      h(
        'button',
        {
          type: 'button',
          'data-testid': 'simulate-run',
          onclick: () =>
            run<Simulation>(
              'Simulation',
              'simulateFlow',
              (sc) => [sc, null, { weeks: num(host, 'sim-weeks'), replications: num(host, 'sim-reps'), seed: num(host, 'sim-seed') }],
              (v) => renderSimulation(simOut, v),
            ),
        },
        'Simulate years',
      ),
    ),
    simOut,
    h('h3', {}, 'Policies over time'),
    h(
      'div',
      { class: 'row' },
      h('label', { for: 'compare-districts' }, 'Recruit only in (districts, comma-separated)'),
      h('input', { id: 'compare-districts', type: 'text', value: 'Bassetlaw, Newark & Sherwood', size: 34 }),
      h(
        'button',
        {
          type: 'button',
          'data-testid': 'compare-run',
          onclick: () => {
            const config = { weeks: num(host, 'sim-weeks'), replications: num(host, 'sim-reps'), seed: num(host, 'sim-seed') };
            const targeted = (host.querySelector('#compare-districts') as HTMLInputElement).value;
            const variants = policies(targeted).map((p) => ({ name: p.name, config: { ...config, recruit_districts: p.recruit_districts } }));
            return run<{ runs: [string, Simulation][] }>('Comparison', 'compareSimulations', (sc) => [sc, null, variants], (v) => renderComparison(compareOut, v.runs));
          },
        },
        'Compare policies (same seeds, weeks and replications as above)',
      ),
    ),
    compareOut,
  );
}

// Scenarios over time: two or more recruitment policies simulated with the
// same seeds (compareSimulations), shown as time series with bands and as
// totals. Each chart has a table with the same figures (a11y).
import type { Simulation, WeekBands } from 'carematch-wasm';
import { clear, h, s } from '../dom';

/** One policy to compare: a name and where carers are recruited (none: county-wide). */
export interface Policy {
  name: string;
  recruit_districts: string[] | null;
}

type Band = { p10: number; median: number; p90: number };
const band = (b: Band) => `${Math.round(b.median)} (${Math.round(b.p10)}–${Math.round(b.p90)})`;
const money = (x: number) => `£${Math.round(x).toLocaleString('en-GB')}`;

function path(weeks: WeekBands[], get: (w: WeekBands) => number, x: (i: number) => number, y: (v: number) => number) {
  return weeks.map((w, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(get(w)).toFixed(1)}`).join('');
}

/** Policies from the form: county-wide, and recruiting only in the named districts. */
export function policies(targeted: string): Policy[] {
  const names = targeted
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return [
    { name: 'recruiting county-wide', recruit_districts: null },
    { name: `recruiting in ${names.join(' and ') || 'no district'}`, recruit_districts: names },
  ];
}

/** Renders runs (`[name, simulation]`, same seeds) as a chart, its table and the totals. */
export function renderComparison(host: HTMLElement, runs: [string, Simulation][]) {
  clear(host);
  if (runs.length === 0) return;
  const width = 640;
  const height = 260;
  const left = 50;
  const bottom = 30;
  const weeksN = Math.max(...runs.map(([, sim]) => sim.weeks.length));
  const max = Math.max(1, ...runs.flatMap(([, sim]) => sim.weeks.map((w) => w.placed.p90)));
  const x = (i: number) => left + ((width - left - 10) * i) / Math.max(1, weeksN - 1);
  const y = (v: number) => height - bottom - ((height - bottom - 10) * v) / max;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'compare-title', class: 'chart', 'data-testid': 'compare-chart' });
  svg.append(s('title', { id: 'compare-title' }, `People placed so far under ${runs.length} policies over ${weeksN} weeks: median with 10–90% bands; the same figures are in the table that follows.`));
  runs.forEach(([, sim], k) => {
    const up = path(sim.weeks, (w) => w.placed.p90, x, y);
    const down = sim.weeks
      .map((_, j) => {
        const i = sim.weeks.length - 1 - j;
        return `L${x(i).toFixed(1)},${y(sim.weeks[i].placed.p10).toFixed(1)}`;
      })
      .join('');
    svg.append(s('path', { d: `${up}${down}Z`, class: `band band-policy-${k % 4}` }), s('path', { d: path(sim.weeks, (w) => w.placed.median, x, y), class: `line line-policy-${k % 4}` }));
  });
  svg.append(
    s('line', { x1: left, y1: height - bottom, x2: width - 10, y2: height - bottom, class: 'axis' }),
    s('text', { x: left, y: height - 8, class: 'bar-label' }, 'week 1'),
    s('text', { x: width - 60, y: height - 8, class: 'bar-label' }, `week ${weeksN}`),
    s('text', { x: 4, y: 16, class: 'bar-label' }, String(Math.round(max))),
  );
  const legend = h('ul', { class: 'legend' }, ...runs.map(([name], k) => h('li', {}, h('span', { class: `key key-policy-${k % 4}`, 'aria-hidden': 'true' }), name)));
  // Quarterly rows, one column pair per policy.
  const quarters = runs[0][1].weeks.filter((w) => w.week % 13 === 0 || w.week === weeksN).map((w) => w.week);
  const at = (sim: Simulation, week: number) => sim.weeks.find((w) => w.week === week);
  const series = h(
    'table',
    { class: 'compact', 'data-testid': 'compare-table' },
    h('caption', {}, 'Policies by quarter: people placed so far and people waiting, median (10–90% band)'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Week'), ...runs.flatMap(([name]) => [h('th', { scope: 'col' }, `Placed, ${name}`), h('th', { scope: 'col' }, `Waiting, ${name}`)]))),
    h(
      'tbody',
      {},
      ...quarters.map((week) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, week),
          ...runs.flatMap(([, sim]) => {
            const w = at(sim, week);
            return [h('td', { class: 'num' }, w ? band(w.placed) : '–'), h('td', { class: 'num' }, w ? band(w.waiting) : '–')];
          }),
        ),
      ),
    ),
  );
  const totals = h(
    'table',
    { class: 'compact', 'data-testid': 'compare-totals' },
    h('caption', {}, `Totals after ${weeksN} weeks, median (10–90% band) over the same replications`),
    h('thead', {}, h('tr', {}, ...['Policy', 'Placed', 'Waiting at the end', 'Withdrawn', 'Days blocked waiting for homecare', 'Saving'].map((t) => h('th', { scope: 'col' }, t)))),
    h(
      'tbody',
      {},
      ...runs.map(([name, sim]) => {
        const t = sim.totals;
        return h('tr', {}, h('th', { scope: 'row' }, name), h('td', { class: 'num' }, band(t.placed)), h('td', { class: 'num' }, band(t.waiting_end)), h('td', { class: 'num' }, band(t.withdrawn)), h('td', { class: 'num' }, band(t.blocked_days)), h('td', { class: 'num' }, money(t.saving_pounds.median)));
      }),
    ),
  );
  host.append(svg, legend, series, totals);
}

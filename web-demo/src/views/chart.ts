// Weekly cost against the counterfactual, per district, as paired bars.
import { clear, h, pounds, s } from '../dom';
import { nearestDistrict } from '../geo';
import type { MatchResult, Scenario } from '../types';

export interface CostRow {
  label: string;
  proposed: number;
  counterfactual: number;
}

export function costByDistrict(sc: Scenario, result: MatchResult): CostRow[] {
  const byId = new Map(sc.people.map((p) => [p.id as unknown as string, p]));
  const rows = new Map<string, CostRow>();
  for (const pl of result.placements) {
    const person = byId.get(pl.person as unknown as string);
    const d = person?.district ?? (person ? nearestDistrict(person.home.lat, person.home.lon).name : 'unknown');
    const r = rows.get(d) ?? { label: d, proposed: 0, counterfactual: 0 };
    r.proposed += pl.cost.weekly_cost;
    r.counterfactual += pl.cost.counterfactual_weekly_cost;
    rows.set(d, r);
  }
  return [...rows.values()].sort((a, b) => a.label.localeCompare(b.label));
}

export function renderCostChart(host: HTMLElement, rows: CostRow[], title: string) {
  clear(host);
  if (rows.length === 0) {
    host.append(h('p', { class: 'muted' }, 'Run matching to compare weekly costs.'));
    return;
  }
  const width = 640;
  const barH = 12;
  const gap = 10;
  const left = 150;
  const top = 10;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.proposed, r.counterfactual)));
  const w = (v: number) => ((width - left - 90) * v) / max;
  const height = top + rows.length * (2 * barH + gap) + 4;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'cost-title', class: 'chart' });
  svg.append(s('title', { id: 'cost-title' }, `${title}; the same figures are in the table that follows.`));
  rows.forEach((r, i) => {
    const y = top + i * (2 * barH + gap);
    svg.append(s('text', { x: left - 6, y: y + barH + 4, class: 'bar-label' }, r.label));
    svg.append(s('rect', { x: left, y, width: w(r.counterfactual), height: barH, class: 'bar-before' }));
    svg.append(s('text', { x: left + w(r.counterfactual) + 4, y: y + barH - 2, class: 'bar-value' }, pounds(r.counterfactual)));
    svg.append(s('rect', { x: left, y: y + barH, width: w(r.proposed), height: barH, class: 'bar-after' }));
    svg.append(s('text', { x: left + w(r.proposed) + 4, y: y + 2 * barH - 2, class: 'bar-value' }, pounds(r.proposed)));
  });
  const table = h(
    'table',
    { class: 'compact' },
    h('caption', {}, title),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'District'), h('th', { scope: 'col', class: 'num' }, 'Without these placements'), h('th', { scope: 'col', class: 'num' }, 'With them'), h('th', { scope: 'col', class: 'num' }, 'Saving a week'))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.label), h('td', { class: 'num' }, pounds(r.counterfactual)), h('td', { class: 'num' }, pounds(r.proposed)), h('td', { class: 'num' }, pounds(r.counterfactual - r.proposed))))),
  );
  host.append(
    svg,
    h('ul', { class: 'legend' }, h('li', {}, h('span', { class: 'key key-before', 'aria-hidden': 'true' }), 'weekly cost without these placements (current or counterfactual setting)'), h('li', {}, h('span', { class: 'key key-after', 'aria-hidden': 'true' }), 'weekly cost of the proposed placements')),
    h('details', {}, h('summary', {}, 'Show the figures as a table'), table),
  );
}

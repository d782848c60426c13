// The map: approximate district areas, people, carer households, schemes,
// proposed placements and homecare rounds, drawn on SVG from lat/lon. No tile
// server, no network.
import { clear, h, s } from '../dom';
import { districtAreas, outline, Projection, type Pt } from '../geo';
import type { MatchResult, RoundsInput, RoundsPlan, Scenario } from '../types';

export interface MapData {
  scenario?: Scenario;
  result?: MatchResult;
  rounds?: RoundsInput;
  plan?: RoundsPlan;
  selected?: string;
}

const ROUTE_COLOURS = ['#1b6ca8', '#b3470f', '#2e7d32', '#7b1fa2', '#a0640b', '#00695c', '#c2185b', '#455a64', '#5d4037', '#283593'];

const path = (pts: Pt[]) => pts.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join('') + 'Z';

export function renderMap(host: HTMLElement, data: MapData, onSelect: (personId: string) => void) {
  const layers = (host.dataset.layers ?? 'placements,rounds').split(',');
  const p = new Projection(640);
  const svg = s('svg', {
    viewBox: `0 0 ${p.width} ${p.height}`,
    role: 'img',
    'aria-labelledby': 'map-title map-desc',
    class: 'map',
  });
  const sc = data.scenario;
  const placedIds = new Set(data.result?.placements.map((x) => x.person as unknown as string) ?? []);
  const unplacedIds = new Set(data.result?.unplaced.map((x) => x.person as unknown as string) ?? []);
  svg.append(
    s('title', { id: 'map-title' }, 'Map of Nottinghamshire'),
    s(
      'desc',
      { id: 'map-desc' },
      `Approximate district areas with ${sc?.people.length ?? 0} people, ${sc?.households.length ?? 0} Shared Lives households and ${sc?.schemes.length ?? 0} supported-living schemes` +
        (data.result ? `; ${placedIds.size} proposed placements, ${unplacedIds.size} people without an option` : '') +
        (data.plan ? `; ${data.plan.rounds.length} homecare rounds` : '') +
        '. The same information is in the tables below.',
    ),
  );
  const g = s('g');
  for (const { district, poly } of districtAreas(p)) {
    if (poly.length < 3) continue;
    g.append(s('path', { d: path(poly), class: 'district' }, s('title', {}, district.name)));
  }
  g.append(s('path', { d: path(outline(p)), class: 'county' }));
  for (const { district, poly } of districtAreas(p)) {
    if (poly.length < 3) continue;
    const [x, y] = p.xy(district.lat, district.lon);
    g.append(s('text', { x: x.toFixed(1), y: (y - 8).toFixed(1), class: 'district-label' }, district.name));
  }
  svg.append(g);

  if (sc) {
    const where = new Map<string, Pt>();
    for (const hh of sc.households) where.set(`h:${hh.id}`, p.xy(hh.location.lat, hh.location.lon));
    for (const sch of sc.schemes) where.set(`s:${sch.id}`, p.xy(sch.location.lat, sch.location.lon));
    // Placement lines first, so the markers sit on top.
    if (data.result && layers.includes('placements')) {
      const lines = s('g', { class: 'links' });
      for (const pl of data.result.placements) {
        const person = sc.people.find((x) => x.id === pl.person);
        const key = pl.option.household ? `h:${pl.option.household}` : `s:${pl.option.scheme}`;
        const to = where.get(key);
        if (!person || !to) continue;
        const [x1, y1] = p.xy(person.home.lat, person.home.lon);
        lines.append(s('line', { x1, y1, x2: to[0], y2: to[1], class: pl.person === data.selected ? 'link selected' : 'link' }));
      }
      svg.append(lines);
    }
    const marks = s('g');
    for (const hh of sc.households) {
      const [x, y] = where.get(`h:${hh.id}`)!;
      marks.append(s('rect', { x: x - 4, y: y - 4, width: 8, height: 8, class: 'household' }, s('title', {}, `Shared Lives household ${hh.id}${hh.name ? ` (${hh.name})` : ''}: ${hh.places} place(s)`)));
    }
    for (const sch of sc.schemes) {
      const [x, y] = where.get(`s:${sch.id}`)!;
      marks.append(s('path', { d: `M${x},${y - 6}L${x + 6},${y}L${x},${y + 6}L${x - 6},${y}Z`, class: 'scheme' }, s('title', {}, `Supported-living scheme ${sch.id}${sch.name ? ` (${sch.name})` : ''}: ${sch.vacancies.length} vacancy(ies)`)));
    }
    for (const person of sc.people) {
      const [x, y] = p.xy(person.home.lat, person.home.lon);
      const cls = placedIds.has(person.id) ? 'person placed' : unplacedIds.has(person.id) ? 'person unplaced' : 'person';
      const dot = s('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: person.id === data.selected ? 6 : 3.5, class: person.id === data.selected ? `${cls} selected` : cls }, s('title', {}, `${person.id}${person.name ? ` ${person.name}` : ''}`));
      dot.addEventListener('click', () => onSelect(person.id));
      marks.append(dot);
    }
    svg.append(marks);
  }

  if (data.rounds && data.plan && layers.includes('rounds')) {
    const visitAt = new Map(data.rounds.visits.map((v) => [v.id, p.xy(v.location.lat, v.location.lon)]));
    const workerAt = new Map(data.rounds.workers.map((w) => [w.id, p.xy(w.start.lat, w.start.lon)]));
    const routes = s('g', { class: 'routes' });
    data.plan.rounds.forEach((r, i) => {
      const start = workerAt.get(r.worker);
      const pts = [start, ...r.stops.map((st) => visitAt.get(st.visit)), start].filter((x): x is Pt => !!x);
      if (pts.length < 2) return;
      const d = pts.map(([x, y], k) => `${k ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join('');
      routes.append(s('path', { d, class: 'route', stroke: ROUTE_COLOURS[i % ROUTE_COLOURS.length] }, s('title', {}, `Round of ${r.worker}: ${r.stops.length} visits`)));
    });
    svg.append(routes);
  }

  const legend = h(
    'ul',
    { class: 'legend' },
    h('li', {}, h('span', { class: 'key key-placed', 'aria-hidden': 'true' }), 'person with a proposed placement'),
    h('li', {}, h('span', { class: 'key key-unplaced', 'aria-hidden': 'true' }), 'person without an option'),
    h('li', {}, h('span', { class: 'key key-household', 'aria-hidden': 'true' }), 'Shared Lives household'),
    h('li', {}, h('span', { class: 'key key-scheme', 'aria-hidden': 'true' }), 'supported-living scheme'),
    h('li', {}, h('span', { class: 'key key-route', 'aria-hidden': 'true' }), 'homecare round'),
  );
  const toggles = h('fieldset', { class: 'toggles' }, h('legend', {}, 'Show'));
  for (const [key, label] of [['placements', 'placement lines'], ['rounds', 'rounds']] as const) {
    const id = `layer-${key}`;
    const box = h('input', { type: 'checkbox', id, checked: layers.includes(key) });
    box.addEventListener('change', () => {
      const set = new Set(layers);
      if ((box as HTMLInputElement).checked) set.add(key);
      else set.delete(key);
      host.dataset.layers = [...set].join(',');
      renderMap(host, data, onSelect);
      document.getElementById(id)?.focus();
    });
    toggles.append(h('span', {}, box, h('label', { for: id }, label)));
  }
  clear(host);
  host.append(svg, h('div', { class: 'map-side' }, legend, toggles, h('p', { class: 'muted small' }, 'District areas are approximate (nearest district centre). Click a person to see their explanation.')));
}

// The map: real district boundaries (see boundaries.ts), people, carer
// households, schemes, proposed placements and homecare rounds, drawn on SVG
// from lat/lon with no tile server and no network. Zoom and pan with the
// buttons, the arrow keys on the map, the wheel or by dragging; markers are
// reached with Tab (one stop) and the arrow keys, and chosen with Enter.
// Districts can be shaded by a measure; labels are moved apart so they never
// overlap.
import { ATTRIBUTION, BOUNDARIES, districtAt, labelPoint } from '../boundaries';
import { clear, h, s } from '../dom';
import type { MatchResult, RoundsInput, RoundsPlan, Scenario } from '../types';
import { chainLayer } from './chain-layer';
import { H, W, xy, type Pt } from './projection';

export interface MapData {
  scenario?: Scenario;
  result?: MatchResult;
  rounds?: RoundsInput;
  plan?: RoundsPlan;
  selected?: string;
}

export interface MapActions {
  onPerson: (personId: string) => void;
  onHousehold?: (householdId: string) => void;
  /** Shows a move-on chain (0-based) in the chains list. */
  onChain?: (chain: number) => void;
}

const ROUTE_COLOURS = ['#1b6ca8', '#b3470f', '#2e7d32', '#7b1fa2', '#a0640b', '#00695c', '#c2185b', '#455a64', '#5d4037', '#283593'];
/** Light to dark; the darkest three take white labels' halo well and each step differs in lightness. */
const SHADES = ['#f1f5f8', '#c9dcea', '#93bad6', '#5a93bd', '#2d6a99'];

const ringPath = (ring: [number, number][]) => ring.map(([lon, lat], i) => `${i ? 'L' : 'M'}${xy(lat, lon)[0].toFixed(1)},${xy(lat, lon)[1].toFixed(1)}`).join('') + 'Z';

export type Measure = 'none' | 'placement_rate' | 'unplaced' | 'referred';
const MEASURES: [Measure, string][] = [
  ['none', 'no shading'],
  ['placement_rate', 'share of people placed'],
  ['unplaced', 'people without an option (unmet need)'],
  ['referred', 'people referred'],
];

/** Per district: people referred, placed and without an option (by where they live). */
export function districtCounts(data: MapData): Map<string, { referred: number; placed: number; unplaced: number }> {
  const out = new Map(BOUNDARIES.map((b) => [b.name, { referred: 0, placed: 0, unplaced: 0 }]));
  const placed = new Set(data.result?.placements.map((x) => String(x.person)) ?? []);
  const unplaced = new Set(data.result?.unplaced.map((x) => String(x.person)) ?? []);
  for (const p of data.scenario?.people ?? []) {
    const d = districtAt(p.home.lat, p.home.lon)?.name ?? p.district ?? '';
    const c = out.get(d);
    if (!c) continue;
    c.referred++;
    if (placed.has(String(p.id))) c.placed++;
    if (unplaced.has(String(p.id))) c.unplaced++;
  }
  return out;
}

/** Labels at district centres, pushed apart vertically until no two boxes overlap. */
function placeLabels(): { name: string; at: Pt; anchor: Pt }[] {
  const items = BOUNDARIES.map((b) => {
    const [lon, lat] = labelPoint(b);
    const p = xy(lat, lon);
    return { name: b.name, at: [p[0], p[1]] as Pt, anchor: p, w: b.name.length * 6.6 + 6, h: 14 };
  }).sort((a, b) => a.at[1] - b.at[1]);
  const overlaps = (a: (typeof items)[number], b: (typeof items)[number]) => Math.abs(a.at[0] - b.at[0]) < (a.w + b.w) / 2 && Math.abs(a.at[1] - b.at[1]) < (a.h + b.h) / 2;
  for (let round = 0; round < 50; round++) {
    let moved = false;
    for (let i = 0; i < items.length; i++)
      for (let j = i + 1; j < items.length; j++) {
        if (!overlaps(items[i], items[j])) continue;
        const [up, down] = items[i].at[1] <= items[j].at[1] ? [items[i], items[j]] : [items[j], items[i]];
        up.at[1] -= 4;
        down.at[1] += 4;
        moved = true;
      }
    if (!moved) break;
  }
  return items;
}

/** Keeps the zoom and pan of each map host between redraws. */
const views = new WeakMap<HTMLElement, { x: number; y: number; w: number }>();

export function renderMap(host: HTMLElement, data: MapData, actions: MapActions | ((personId: string) => void)) {
  const act: MapActions = typeof actions === 'function' ? { onPerson: actions } : actions;
  const layers = (host.dataset.layers ?? 'placements,chains,rounds').split(',');
  const measure = (host.dataset.measure ?? 'none') as Measure;
  const view = views.get(host) ?? { x: 0, y: 0, w: W };
  views.set(host, view);
  const sc = data.scenario;
  const placedIds = new Set(data.result?.placements.map((x) => String(x.person)) ?? []);
  const unplacedIds = new Set(data.result?.unplaced.map((x) => String(x.person)) ?? []);

  const svg = s('svg', { class: 'map', role: 'group', 'aria-labelledby': 'map-title', 'aria-describedby': 'map-desc' });
  const setView = () => svg.setAttribute('viewBox', `${view.x.toFixed(1)} ${view.y.toFixed(1)} ${view.w.toFixed(1)} ${((view.w * H) / W).toFixed(1)}`);
  setView();
  svg.append(
    s('title', { id: 'map-title' }, 'Map of Nottinghamshire districts'),
    s(
      'desc',
      { id: 'map-desc' },
      `District boundaries with ${sc?.people.length ?? 0} people, ${sc?.households.length ?? 0} Shared Lives households and ${sc?.schemes.length ?? 0} supported-living schemes` +
        (data.result ? `; ${placedIds.size} proposed placements, ${unplacedIds.size} people without an option, ${data.result.chains.length} move-on chain(s) drawn as arrows from the place left to the place taken` : '') +
        (data.plan ? `; ${data.plan.rounds.length} homecare rounds` : '') +
        '. Tab to the markers and use the arrow keys to move between them; Enter shows the explanation. The same information is in the tables below.',
    ),
  );

  const counts = districtCounts(data);
  const value = (name: string): number | undefined => {
    const c = counts.get(name);
    if (!c) return undefined;
    if (measure === 'placement_rate') return c.referred && data.result ? c.placed / c.referred : undefined;
    if (measure === 'unplaced') return data.result ? c.unplaced : undefined;
    if (measure === 'referred') return c.referred;
    return undefined;
  };
  const vals = BOUNDARIES.map((b) => value(b.name)).filter((v): v is number => v !== undefined);
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  const shade = (v: number | undefined) => (v === undefined ? SHADES[0] : SHADES[hi > lo ? Math.min(4, Math.floor(((v - lo) / (hi - lo)) * 4.999)) : 2]);
  const fmt = (v: number | undefined) => (v === undefined ? 'not run' : measure === 'placement_rate' ? `${Math.round(v * 100)}%` : String(v));

  const g = s('g', { class: 'districts' });
  for (const b of BOUNDARIES) {
    const d = b.polygons.map((poly) => poly.map(ringPath).join('')).join('');
    const v = value(b.name);
    g.append(s('path', { d, class: 'district', fill: measure === 'none' ? '#f7f8f4' : shade(v), 'fill-rule': 'evenodd' }, s('title', {}, measure === 'none' ? b.name : `${b.name}: ${fmt(v)}`)));
  }
  svg.append(g);

  if (sc) {
    const where = new Map<string, Pt>();
    for (const hh of sc.households) where.set(`h:${hh.id}`, xy(hh.location.lat, hh.location.lon));
    for (const sch of sc.schemes) where.set(`s:${sch.id}`, xy(sch.location.lat, sch.location.lon));
    if (data.result && layers.includes('placements')) {
      const lines = s('g', { class: 'links', 'aria-hidden': 'true' });
      const people = new Map(sc.people.map((p) => [String(p.id), p]));
      const placeOf = (o: { household?: string | null; scheme?: string | null }) => where.get(o.household ? `h:${o.household}` : `s:${o.scheme}`);
      for (const pl of data.result.placements) {
        const person = people.get(String(pl.person));
        if (!person) continue;
        // From where the person lives now (the place a mover leaves) to the new place;
        // an own tenancy has no address in the scenario and is drawn at the person's home.
        const home = xy(person.home.lat, person.home.lon);
        const to = placeOf(pl.option) ?? home;
        const [x1, y1] = (pl.moves_from && placeOf(pl.moves_from)) || home;
        lines.append(s('line', { x1, y1, x2: to[0], y2: to[1], class: pl.person === data.selected ? 'link selected' : 'link' }));
      }
      svg.append(lines);
    }
    if (data.result?.chains.length && layers.includes('chains')) svg.append(chainLayer(sc, data.result, act.onChain ?? (() => undefined)));
    if (data.rounds && data.plan && layers.includes('rounds')) {
      const visitAt = new Map(data.rounds.visits.map((v) => [v.id, xy(v.location.lat, v.location.lon)]));
      const workerAt = new Map(data.rounds.workers.map((w) => [w.id, xy(w.start.lat, w.start.lon)]));
      const routes = s('g', { class: 'routes', 'aria-hidden': 'true' });
      data.plan.rounds.forEach((r, i) => {
        const start = workerAt.get(r.worker);
        const pts = [start, ...r.stops.map((st) => visitAt.get(st.visit)), start].filter((x): x is Pt => !!x);
        if (pts.length < 2) return;
        routes.append(s('path', { d: pts.map(([x, y], k) => `${k ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`).join(''), class: 'route', stroke: ROUTE_COLOURS[i % ROUTE_COLOURS.length] }));
      });
      svg.append(routes);
    }
    const marks = s('g', { class: 'markers' });
    const markers: SVGElement[] = [];
    const marker = (el: SVGElement, name: string, choose: () => void) => {
      el.setAttribute('role', 'button');
      el.setAttribute('tabindex', '-1');
      el.setAttribute('aria-label', name);
      el.addEventListener('click', choose);
      el.addEventListener('keydown', (ev) => {
        const k = (ev as KeyboardEvent).key;
        if (k === 'Enter' || k === ' ') {
          ev.preventDefault();
          choose();
        }
      });
      markers.push(el);
      marks.append(el);
    };
    for (const hh of sc.households) {
      const [x, y] = where.get(`h:${hh.id}`)!;
      marker(s('rect', { x: x - 4, y: y - 4, width: 8, height: 8, class: 'household', 'data-household': String(hh.id) }), `Shared Lives household ${hh.id}${hh.name ? ` (${hh.name})` : ''}: ${hh.places} place(s)${act.onHousehold ? '; Enter for its meeting pack' : ''}`, () => act.onHousehold?.(String(hh.id)));
    }
    for (const sch of sc.schemes) {
      const [x, y] = where.get(`s:${sch.id}`)!;
      marker(s('path', { d: `M${x},${y - 6}L${x + 6},${y}L${x},${y + 6}L${x - 6},${y}Z`, class: 'scheme', 'data-scheme': String(sch.id) }), `Supported-living scheme ${sch.id}${sch.name ? ` (${sch.name})` : ''}: ${sch.vacancies.length} vacancy(ies)`, () => undefined);
    }
    for (const person of sc.people) {
      const [x, y] = xy(person.home.lat, person.home.lon);
      const id = String(person.id);
      const state = placedIds.has(id) ? 'placed' : unplacedIds.has(id) ? 'unplaced' : '';
      const sel = id === data.selected;
      marker(
        s('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: sel ? 6 : 3.5, class: `person ${state}${sel ? ' selected' : ''}`, 'data-person': id }),
        `${id}${person.name ? ` ${person.name}` : ''}: ${state === 'placed' ? 'proposed placement' : state === 'unplaced' ? 'no option' : 'not matched yet'}; Enter to explain`,
        () => act.onPerson(id),
      );
    }
    // One Tab stop for all markers (the selected person's, else the first); arrows move between them.
    const first = markers.find((m) => m.classList.contains('selected')) ?? markers[0];
    first?.setAttribute('tabindex', '0');
    marks.addEventListener('keydown', (ev) => {
      const k = (ev as KeyboardEvent).key;
      const i = markers.indexOf(ev.target as SVGElement);
      if (i < 0) return;
      const step = k === 'ArrowRight' || k === 'ArrowDown' ? 1 : k === 'ArrowLeft' || k === 'ArrowUp' ? -1 : k === 'Home' ? -i : k === 'End' ? markers.length - 1 - i : 0;
      if (!step) return;
      ev.preventDefault();
      const next = markers[(i + step + markers.length) % markers.length];
      markers[i].setAttribute('tabindex', '-1');
      next.setAttribute('tabindex', '0');
      (next as unknown as HTMLElement).focus();
    });
    svg.append(marks);
  }

  const labels = s('g', { class: 'labels', 'aria-hidden': 'true' });
  for (const l of placeLabels()) {
    if (Math.hypot(l.at[0] - l.anchor[0], l.at[1] - l.anchor[1]) > 10) labels.append(s('line', { x1: l.anchor[0], y1: l.anchor[1], x2: l.at[0], y2: l.at[1] + (l.at[1] > l.anchor[1] ? -9 : 3), class: 'label-leader' }));
    labels.append(s('text', { x: l.at[0].toFixed(1), y: (l.at[1] + 4).toFixed(1), class: 'district-label' }, l.name));
  }
  svg.append(labels);

  // Zoom and pan.
  const zoom = (f: number, cx = view.x + view.w / 2, cy = view.y + (view.w * H) / W / 2) => {
    const w = Math.min(W, Math.max(W / 8, view.w * f));
    view.x = cx - ((cx - view.x) * w) / view.w;
    view.y = cy - ((cy - view.y) * w) / view.w;
    view.w = w;
    setView();
  };
  const pan = (dx: number, dy: number) => {
    view.x += dx * view.w;
    view.y += dy * view.w;
    setView();
  };
  svg.addEventListener('wheel', (ev) => {
    const e = ev as WheelEvent;
    e.preventDefault();
    const r = svg.getBoundingClientRect();
    zoom(e.deltaY > 0 ? 1.25 : 0.8, view.x + ((e.clientX - r.left) / r.width) * view.w, view.y + ((e.clientY - r.top) / r.height) * ((view.w * H) / W));
  });
  let drag: { x: number; y: number } | undefined;
  svg.addEventListener('pointerdown', (ev) => {
    if ((ev.target as Element).closest('[role="button"]')) return;
    drag = { x: ev.clientX, y: ev.clientY };
  });
  svg.addEventListener('pointermove', (ev) => {
    if (!drag) return;
    const r = svg.getBoundingClientRect();
    pan(-(ev.clientX - drag.x) / r.width, -(ev.clientY - drag.y) / r.width);
    drag = { x: ev.clientX, y: ev.clientY };
  });
  for (const t of ['pointerup', 'pointerleave']) svg.addEventListener(t, () => (drag = undefined));
  const btn = (label: string, text: string, f: () => void, testid?: string) => h('button', { type: 'button', class: 'small', 'aria-label': label, 'data-testid': testid ?? null, onclick: f }, text);
  const zoomBar = h(
    'div',
    { class: 'row map-zoom', role: 'group', 'aria-label': 'Zoom and pan the map' },
    btn('Zoom in', '+', () => zoom(0.7), 'map-zoom-in'),
    btn('Zoom out', '−', () => zoom(1 / 0.7), 'map-zoom-out'),
    btn('Pan left', '←', () => pan(-0.15, 0)),
    btn('Pan right', '→', () => pan(0.15, 0)),
    btn('Pan up', '↑', () => pan(0, -0.15)),
    btn('Pan down', '↓', () => pan(0, 0.15)),
    btn('Show the whole county', 'Whole county', () => {
      Object.assign(view, { x: 0, y: 0, w: W });
      setView();
    }),
  );

  const shadeSel = h('select', { id: 'district-shading', 'data-testid': 'district-shading' }, ...MEASURES.map(([v, t]) => h('option', { value: v, selected: v === measure }, t)));
  shadeSel.addEventListener('change', () => {
    host.dataset.measure = shadeSel.value;
    renderMap(host, data, act);
    document.getElementById('district-shading')?.focus();
  });
  const shadeKey =
    measure === 'none'
      ? ''
      : h(
          'table',
          { class: 'compact shade-table', 'data-testid': 'district-shading-table' },
          h('caption', {}, `Districts by ${MEASURES.find((m) => m[0] === measure)?.[1]}`),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'District'), h('th', { scope: 'col' }, 'Shade'), h('th', { scope: 'col', class: 'num' }, 'Value'))),
          h('tbody', {}, ...BOUNDARIES.map((b) => h('tr', {}, h('th', { scope: 'row' }, b.name), h('td', {}, h('span', { class: `key shade-${SHADES.indexOf(shade(value(b.name)))}`, 'aria-hidden': 'true' })), h('td', { class: 'num' }, fmt(value(b.name)))))),
        );

  const legend = h(
    'ul',
    { class: 'legend' },
    h('li', {}, h('span', { class: 'key key-placed', 'aria-hidden': 'true' }), 'person with a proposed placement'),
    h('li', {}, h('span', { class: 'key key-unplaced', 'aria-hidden': 'true' }), 'person without an option'),
    h('li', {}, h('span', { class: 'key key-household', 'aria-hidden': 'true' }), 'Shared Lives household'),
    h('li', {}, h('span', { class: 'key key-scheme', 'aria-hidden': 'true' }), 'supported-living scheme'),
    h('li', {}, h('span', { class: 'key key-chain', 'aria-hidden': 'true' }), 'move-on chain: arrow from the place left to the place taken'),
    h('li', {}, h('span', { class: 'key key-route', 'aria-hidden': 'true' }), 'homecare round'),
  );
  const toggles = h('fieldset', { class: 'toggles' }, h('legend', {}, 'Show'));
  for (const [key, label] of [['placements', 'placement lines'], ['chains', 'move-on chains'], ['rounds', 'rounds']] as const) {
    const id = `layer-${key}`;
    const box = h('input', { type: 'checkbox', id, checked: layers.includes(key) });
    box.addEventListener('change', () => {
      const set = new Set(layers);
      if ((box as HTMLInputElement).checked) set.add(key);
      else set.delete(key);
      host.dataset.layers = [...set].join(',');
      renderMap(host, data, act);
      document.getElementById(id)?.focus();
    });
    toggles.append(h('span', {}, box, h('label', { for: id }, label)));
  }
  clear(host);
  host.append(
    zoomBar,
    h('div', { class: 'map-frame' }, svg),
    h('p', { class: 'attribution small' }, ATTRIBUTION),
    h('div', { class: 'map-side' }, h('div', { class: 'row' }, h('label', { for: 'district-shading' }, 'Shade districts by'), shadeSel), legend, toggles),
    shadeKey,
  );
}

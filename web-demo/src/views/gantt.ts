// The homecare board: one row per worker shift (idle shifts included), an
// "unallocated" row at the top with the visits no one could do, labelled
// bars, double-handed visits striped and linked to the partner's bar, a time
// axis that stays in view while the rows scroll, and details of any visit on
// click or Enter.
import { clear, h, hhmm, minutesOf, s } from '../dom';
import type { RoundsInput, RoundsPlan } from '../types';

type Stop = RoundsPlan['rounds'][number]['stops'][number];
type Unplanned = RoundsPlan['unplanned'][number];

/** Words for one unplanned-visit reason: plain text, or the text and facts of a structured reason. */
export function reasonWords(r: unknown): string {
  if (typeof r === 'string') return r;
  if (r && typeof r === 'object') {
    const o = r as Record<string, unknown>;
    const main = [o.text, o.message, o.reason, o.words].find((x) => typeof x === 'string') as string | undefined;
    const facts = Object.entries(o)
      .filter(([k, v]) => !['text', 'message', 'reason', 'words', 'code', 'kind', 'rule'].includes(k) && v !== null && v !== undefined && typeof v !== 'object')
      .map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`);
    const list = Object.entries(o)
      .filter(([, v]) => Array.isArray(v) && v.length && v.every((x) => typeof x !== 'object'))
      .map(([k, v]) => `${k.replace(/_/g, ' ')}: ${(v as unknown[]).join(', ')}`);
    return [main ?? '', ...facts, ...list].filter(Boolean).join('; ') || 'no reason given';
  }
  return String(r);
}

export const reasonsOf = (u: Unplanned): string[] => ((u as unknown as { reasons?: unknown[] }).reasons ?? []).map(reasonWords);

interface Row {
  key: string;
  label: string;
  worker: string;
  shift: number;
  from: number;
  to: number;
  round?: RoundsPlan['rounds'][number];
}

/** Rows for every shift of every worker, planned or idle, in input order. */
function rowsOf(plan: RoundsPlan, day: RoundsInput | undefined): Row[] {
  const byKey = new Map(plan.rounds.map((r) => [`${r.worker}#${r.shift}`, r]));
  const rows: Row[] = [];
  const workers = day?.workers ?? [];
  const seen = new Set<string>();
  for (const w of workers) {
    (w.shifts ?? []).forEach((sh, i) => {
      const key = `${w.id}#${i}`;
      seen.add(key);
      const round = byKey.get(key);
      rows.push({
        key,
        label: `${w.id}${w.shifts.length > 1 ? ` shift ${i + 1}` : ''}`,
        worker: w.id,
        shift: i,
        from: round ? minutesOf(round.departure) : minutesOf(sh.start as unknown as string),
        to: round ? minutesOf(round['return']) : minutesOf(sh.end as unknown as string),
        round,
      });
    });
  }
  // Rounds whose worker is not in the day given (should not happen): still shown.
  for (const r of plan.rounds) {
    const key = `${r.worker}#${r.shift}`;
    if (seen.has(key)) continue;
    rows.push({ key, label: `${r.worker}${r.shift ? ` shift ${r.shift + 1}` : ''}`, worker: r.worker, shift: r.shift, from: minutesOf(r.departure), to: minutesOf(r['return']), round: r });
  }
  return rows;
}

interface Placed {
  u: Unplanned;
  start: number;
  end: number;
  lane: number;
}

/** Unplanned visits at their earliest allowed start, in as few lanes as needed so none overlap. */
function unplannedLanes(plan: RoundsPlan, day: RoundsInput | undefined): Placed[] {
  const visits = new Map((day?.visits ?? []).map((v) => [v.id, v]));
  const items = plan.unplanned
    .map((u) => {
      const v = visits.get(u.visit);
      const start = v?.windows?.length ? minutesOf(v.windows[0].earliest as unknown as string) : NaN;
      return { u, start, end: start + (v?.duration ?? 30), lane: 0 };
    })
    .filter((x) => Number.isFinite(x.start))
    .sort((a, b) => a.start - b.start || a.u.visit.localeCompare(b.u.visit));
  const laneEnd: number[] = [];
  for (const it of items) {
    let lane = laneEnd.findIndex((e) => e <= it.start);
    if (lane < 0) lane = laneEnd.push(0) - 1;
    laneEnd[lane] = it.end;
    it.lane = lane;
  }
  return items;
}

function stopDetails(row: Row, st: Stop, day: RoundsInput | undefined): (string | Node)[] {
  const v = day?.visits.find((x) => x.id === st.visit);
  return [
    h('h4', {}, `Visit ${st.visit} for ${st.client}`),
    h(
      'ul',
      {},
      h('li', {}, `Worker: ${row.label}${st.with ? `, with ${st.with} (double-handed)` : ''}`),
      h('li', {}, `Arrives ${st.arrival}, starts ${st.start}, ends ${st.end}`),
      h('li', {}, `Travel before: ${st.travel} min; waiting: ${st.wait} min`),
      v ? h('li', {}, `Allowed start: ${v.windows.map((w) => `${w.earliest}–${w.latest}`).join(' or ')}; ${v.duration} min`) : '',
      v && v.skills?.length ? h('li', {}, `Skills needed: ${v.skills.map((x) => x.replace(/_/g, ' ')).join(', ')}`) : '',
      v && v.preferred_workers?.length ? h('li', {}, `Workers the client knows: ${v.preferred_workers.join(', ')}${v.preferred_workers.includes(row.worker) ? '' : ' (this worker is new to the client)'}`) : '',
    ),
  ];
}

function unplannedDetails(u: Unplanned, day: RoundsInput | undefined): (string | Node)[] {
  const v = day?.visits.find((x) => x.id === u.visit);
  const reasons = reasonsOf(u);
  return [
    h('h4', {}, `Visit ${u.visit} for ${u.client}: not planned`),
    v ? h('p', {}, `Allowed start: ${v.windows.map((w) => `${w.earliest}–${w.latest}`).join(' or ')}; ${v.duration} min; ${(v.carers ?? 1) > 1 ? 'two carers' : 'one carer'}.`) : '',
    h('p', {}, 'Why no worker could take it:'),
    h('ul', {}, ...(reasons.length ? reasons : ['no reason given']).map((r) => h('li', {}, r))),
  ];
}

export function renderGantt(host: HTMLElement, plan: RoundsPlan | undefined, day?: RoundsInput) {
  clear(host);
  if (!plan) {
    host.append(h('p', { class: 'muted' }, 'Run rounds to see each worker’s day.'));
    return;
  }
  const rows = rowsOf(plan, day);
  const unplanned = unplannedLanes(plan, day);
  if (rows.length === 0 && unplanned.length === 0) {
    host.append(h('p', {}, 'No round was planned.'));
    return;
  }
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const r of rows) {
    t0 = Math.min(t0, r.from);
    t1 = Math.max(t1, r.to);
  }
  for (const u of unplanned) {
    t0 = Math.min(t0, u.start);
    t1 = Math.max(t1, u.end);
  }
  t0 = Math.floor(t0 / 60) * 60;
  t1 = Math.ceil(t1 / 60) * 60;
  const left = 130;
  const width = 1200;
  const rowH = 26;
  const x = (m: number) => left + ((m - t0) / Math.max(1, t1 - t0)) * (width - left - 10);
  const lanes = Math.max(1, ...unplanned.map((u) => u.lane + 1));
  const unH = lanes * rowH + 6;
  const height = unH + rows.length * rowH + 8;

  const detail = h('div', { class: 'gantt-detail', id: 'gantt-detail', 'aria-live': 'polite', 'data-testid': 'gantt-detail' }, h('p', { class: 'muted' }, 'Choose a visit to see its details: click it, or Tab to the board, move with the arrow keys and press Enter.'));
  const show = (content: (string | Node)[], bar: Element) => {
    clear(detail);
    detail.append(...content);
    host.querySelectorAll('.gantt .chosen').forEach((e) => e.classList.remove('chosen'));
    bar.classList.add('chosen');
  };
  const bars: SVGElement[] = [];
  const interactive = (el: SVGElement, name: string, content: () => (string | Node)[]) => {
    el.setAttribute('tabindex', bars.length ? '-1' : '0');
    bars.push(el);
    el.setAttribute('role', 'button');
    el.setAttribute('aria-label', name);
    el.addEventListener('click', () => show(content(), el));
    el.addEventListener('keydown', (ev) => {
      const k = (ev as KeyboardEvent).key;
      if (k === 'Enter' || k === ' ') {
        ev.preventDefault();
        show(content(), el);
      }
    });
    return el;
  };

  // The axis: its own SVG, sticky at the top of the scrolling box.
  const axis = s('svg', { viewBox: `0 0 ${width} 22`, class: 'gantt gantt-axis', 'aria-hidden': 'true' });
  for (let m = t0; m <= t1; m += 60) axis.append(s('text', { x: x(m), y: 15, class: 'tick' }, hhmm(m)));

  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'gantt', 'data-testid': 'gantt', role: 'group', 'aria-label': `Homecare board: ${rows.length} worker shifts from ${hhmm(t0)} to ${hhmm(t1)} and ${plan.unplanned.length} visits not planned; the table below lists every stop.` });
  svg.append(
    s(
      'defs',
      {},
      s('pattern', { id: 'pat-double', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, s('rect', { width: 6, height: 6, fill: '#003f5f' }), s('rect', { width: 2.5, height: 6, fill: '#ffffff' })),
      s('pattern', { id: 'pat-unplanned', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(-45)' }, s('rect', { width: 6, height: 6, fill: '#fdeceb' }), s('rect', { width: 2, height: 6, fill: '#b3261e' })),
    ),
  );
  for (let m = t0; m <= t1; m += 60) svg.append(s('line', { x1: x(m), x2: x(m), y1: 0, y2: height - 4, class: 'grid' }));

  // Unallocated row.
  const un = s('g', { 'data-testid': 'unallocated-row', class: 'unallocated', role: 'group', 'aria-label': `Not planned: ${plan.unplanned.length} visit(s)` });
  un.append(s('rect', { x: 0, y: 0, width, height: unH - 2, class: 'unallocated-bg' }), s('text', { x: 4, y: 17, class: 'row-label unallocated-label' }, `Not planned (${plan.unplanned.length})`));
  for (const p of unplanned) {
    const y = 3 + p.lane * rowH;
    const w = Math.max(3, x(p.end) - x(p.start));
    const reasons = reasonsOf(p.u);
    const g = s('g', { class: 'unplanned-visit', 'data-visit': p.u.visit });
    g.append(s('rect', { x: x(p.start), y, width: w, height: rowH - 6, rx: 2, class: 'unplanned-bar' }));
    if (fits(p.u.client, w)) g.append(s('text', { x: x(p.start) + 3, y: y + 14, class: 'bar-label on-light' }, p.u.client));
    interactive(g, `${p.u.client}: visit ${p.u.visit}, not planned: ${reasons[0] ?? 'no reason given'}`, () => unplannedDetails(p.u, day));
    un.append(g);
  }
  if (plan.unplanned.length === 0) un.append(s('text', { x: left, y: 17, class: 'row-label' }, 'every visit is planned'));
  svg.append(un);

  // Worker rows.
  const barAt = new Map<string, { x: number; y: number; w: number }>();
  const links: [string, string, string][] = [];
  rows.forEach((r, i) => {
    const y = unH + i * rowH;
    const g = s('g', { class: r.round ? 'worker-row' : 'worker-row idle', 'data-worker': r.worker });
    g.append(s('text', { x: 4, y: y + 17, class: 'row-label' }, r.round ? r.label : `${r.label} (no visits)`));
    g.append(s('line', { x1: x(r.from), x2: x(r.to), y1: y + 13, y2: y + 13, class: r.round ? 'shift' : 'shift idle' }));
    for (const st of r.round?.stops ?? []) {
      const arrival = minutesOf(st.arrival);
      const start = minutesOf(st.start);
      const end = minutesOf(st.end);
      if (st.travel > 0) g.append(s('line', { x1: x(arrival - st.travel), x2: x(arrival), y1: y + 13, y2: y + 13, class: 'travel' }));
      if (start > arrival) g.append(s('rect', { x: x(arrival), y: y + 8, width: Math.max(1, x(start) - x(arrival)), height: 10, class: 'wait' }));
      const w = Math.max(3, x(end) - x(start));
      const bar = s('g', { class: st.with ? 'stop double' : 'stop', 'data-visit': st.visit, 'data-with': st.with ?? null });
      bar.append(s('rect', { x: x(start), y: y + 3, width: w, height: rowH - 6, rx: 2, class: st.with ? 'visit double' : 'visit' }));
      if (fits(st.client, w)) bar.append(s('text', { x: x(start) + 3, y: y + 17, class: st.with ? 'bar-label on-pattern' : 'bar-label' }, st.client));
      interactive(bar, `${st.client}: visit ${st.visit} by ${r.label}, ${st.start} to ${st.end}${st.with ? `, double-handed with ${st.with}` : ''}`, () => stopDetails(r, st, day));
      g.append(bar);
      barAt.set(`${r.worker}|${st.visit}`, { x: x(start), y: y + 3, w });
      if (st.with && r.worker < st.with) links.push([st.visit, r.worker, st.with]);
    }
    for (const b of r.round?.breaks ?? []) {
      g.append(s('rect', { x: x(minutesOf(b.start)), y: y + 6, width: Math.max(2, x(minutesOf(b.end)) - x(minutesOf(b.start))), height: rowH - 12, class: 'break' }));
    }
    svg.append(g);
  });
  // Double-handed partners: a connector from one worker's bar to the other's.
  const linkLayer = s('g', { class: 'partner-links', 'aria-hidden': 'true' });
  for (const [visit, a, b] of links) {
    const p = barAt.get(`${a}|${visit}`);
    const q = barAt.get(`${b}|${visit}`);
    if (!p || !q) continue;
    const [top, bottom] = p.y < q.y ? [p, q] : [q, p];
    linkLayer.append(s('line', { x1: top.x + 2, x2: bottom.x + 2, y1: top.y + rowH - 6, y2: bottom.y, class: 'partner-link', 'data-visit': visit }));
  }
  svg.append(linkLayer);
  // One Tab stop for the board; the arrow keys move between visits (row by row).
  svg.addEventListener('keydown', (ev) => {
    const k = (ev as KeyboardEvent).key;
    const i = bars.indexOf(ev.target as SVGElement);
    if (i < 0) return;
    const step = k === 'ArrowRight' || k === 'ArrowDown' ? 1 : k === 'ArrowLeft' || k === 'ArrowUp' ? -1 : k === 'Home' ? -i : k === 'End' ? bars.length - 1 - i : 0;
    if (!step) return;
    ev.preventDefault();
    const next = bars[(i + step + bars.length) % bars.length];
    bars[i].setAttribute('tabindex', '-1');
    next.setAttribute('tabindex', '0');
    (next as unknown as HTMLElement).focus();
  });

  host.append(
    h('div', { class: 'scroll gantt-box', tabindex: '0', role: 'region', 'aria-label': 'Homecare board (scrolls; the time axis stays at the top)' }, h('div', { class: 'gantt-axis-holder' }, axis), svg),
    h(
      'ul',
      { class: 'legend' },
      h('li', {}, h('span', { class: 'key key-visit', 'aria-hidden': 'true' }), 'visit (client shown on the bar)'),
      h('li', {}, h('span', { class: 'key key-double', 'aria-hidden': 'true' }), 'double-handed visit (striped; a line joins the two workers)'),
      h('li', {}, h('span', { class: 'key key-unplanned', 'aria-hidden': 'true' }), 'visit not planned (top row, at its earliest start)'),
      h('li', {}, h('span', { class: 'key key-travel', 'aria-hidden': 'true' }), 'travel'),
      h('li', {}, h('span', { class: 'key key-wait', 'aria-hidden': 'true' }), 'waiting'),
      h('li', {}, h('span', { class: 'key key-break', 'aria-hidden': 'true' }), 'break'),
      h('li', {}, h('span', { class: 'key key-idle', 'aria-hidden': 'true' }), 'shift with no visits'),
    ),
    detail,
  );
}

/** Whether a label fits in `w` SVG units (about 6 units a character); labels are never cut short. */
const fits = (text: string, w: number) => text.length * 6 + 6 <= w;

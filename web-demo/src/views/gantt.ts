// The rounds timeline: one row per worker shift, visits as bars, travel as a
// thin line before each visit, waiting as a hatched gap and breaks in grey.
import { clear, h, hhmm, minutesOf, s } from '../dom';
import type { RoundsPlan } from '../types';

export function renderGantt(host: HTMLElement, plan: RoundsPlan | undefined) {
  clear(host);
  if (!plan) {
    host.append(h('p', { class: 'muted' }, 'Run rounds to see each worker’s day.'));
    return;
  }
  const rounds = plan.rounds;
  if (rounds.length === 0) {
    host.append(h('p', {}, 'No round was planned.'));
    return;
  }
  let t0 = Infinity;
  let t1 = -Infinity;
  for (const r of rounds) {
    t0 = Math.min(t0, minutesOf(r.departure));
    t1 = Math.max(t1, minutesOf(r['return']));
  }
  t0 = Math.floor(t0 / 60) * 60;
  t1 = Math.ceil(t1 / 60) * 60;
  const left = 110;
  const width = 900;
  const rowH = 22;
  const top = 24;
  const x = (m: number) => left + ((m - t0) / Math.max(1, t1 - t0)) * (width - left - 10);
  const height = top + rounds.length * rowH + 8;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'gantt-title', class: 'gantt', 'data-testid': 'gantt' });
  svg.append(s('title', { id: 'gantt-title' }, `Timeline of ${rounds.length} rounds from ${hhmm(t0)} to ${hhmm(t1)}; the table below lists every stop.`));
  for (let m = t0; m <= t1; m += 60) {
    svg.append(s('line', { x1: x(m), x2: x(m), y1: top - 4, y2: height - 4, class: 'grid' }));
    svg.append(s('text', { x: x(m), y: 14, class: 'tick' }, hhmm(m)));
  }
  rounds.forEach((r, i) => {
    const y = top + i * rowH;
    svg.append(s('text', { x: 4, y: y + 15, class: 'row-label' }, `${r.worker}${r.shift ? ` #${r.shift + 1}` : ''}`));
    svg.append(s('line', { x1: x(minutesOf(r.departure)), x2: x(minutesOf(r['return'])), y1: y + 11, y2: y + 11, class: 'shift' }));
    for (const st of r.stops) {
      const arrival = minutesOf(st.arrival);
      const start = minutesOf(st.start);
      const end = minutesOf(st.end);
      if (st.travel > 0) svg.append(s('line', { x1: x(arrival - st.travel), x2: x(arrival), y1: y + 11, y2: y + 11, class: 'travel' }));
      if (start > arrival) svg.append(s('rect', { x: x(arrival), y: y + 6, width: Math.max(1, x(start) - x(arrival)), height: 10, class: 'wait' }));
      svg.append(
        s(
          'rect',
          { x: x(start), y: y + 3, width: Math.max(2, x(end) - x(start)), height: 16, rx: 2, class: st.with ? 'visit double' : 'visit' },
          s('title', {}, `${st.visit} for ${st.client}: ${st.start}–${st.end}${st.with ? `, with ${st.with}` : ''}${st.wait ? `, waited ${st.wait} min` : ''}, ${st.travel} min travel before`),
        ),
      );
    }
    for (const b of r.breaks ?? []) {
      svg.append(s('rect', { x: x(minutesOf(b.start)), y: y + 3, width: Math.max(2, x(minutesOf(b.end)) - x(minutesOf(b.start))), height: 16, class: 'break' }, s('title', {}, `break ${b.start}–${b.end}`)));
    }
  });
  host.append(
    h('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Rounds timeline' }, svg),
    h(
      'ul',
      { class: 'legend' },
      h('li', {}, h('span', { class: 'key key-visit', 'aria-hidden': 'true' }), 'visit'),
      h('li', {}, h('span', { class: 'key key-double', 'aria-hidden': 'true' }), 'double-handed visit'),
      h('li', {}, h('span', { class: 'key key-travel', 'aria-hidden': 'true' }), 'travel'),
      h('li', {}, h('span', { class: 'key key-wait', 'aria-hidden': 'true' }), 'waiting'),
      h('li', {}, h('span', { class: 'key key-break', 'aria-hidden': 'true' }), 'break'),
    ),
  );
}

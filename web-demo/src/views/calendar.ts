// The place calendar of one household or scheme: a timeline of each place by
// date (who lives there, bookings, held places, carers' time off, and the
// stays the plan adds), a table with the same stays (the text alternative),
// and day-support sessions by weekday. Built by calendar-model.ts.
import { buildCalendar, isoDate, OVER, type Calendar, type Stay } from '../calendar-model';
import { $, clear, h, s } from '../dom';
import type { Page } from '../pages';
import type { Entry } from '../scenarios';

/** The home on show, kept across redraws. */
let chosen: string | undefined;

const KIND_WORDS: Record<Stay['kind'], string> = {
  occupant: 'lives here now',
  held: 'held place (stays)',
  leaves: 'held place (moves on)',
  booking: 'already booked',
  added: 'added by this plan',
  kept: 'kept from an introduction',
};
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

const dateText = (d: number | undefined, open: string) => (d === undefined ? open : new Date(d * 86_400_000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }));

/** The home to show first: the chosen one, else the first household the plan adds a stay to. */
function defaultHome(e: Entry): string | undefined {
  const ids = [...e.scenario.households.map((x) => String(x.id)), ...e.scenario.schemes.map((x) => String(x.id))];
  if (chosen && ids.includes(chosen)) return chosen;
  const withStay = e.result?.placements.find((p) => p.option.household)?.option.household;
  return withStay ? String(withStay) : ids[0];
}

function timeline(c: Calendar): SVGElement {
  const W = 900;
  const LEFT = 150;
  const ROW = 22;
  const TOP = 22;
  const days = c.to - c.from + 1;
  const x = (d: number | undefined, open: number) => LEFT + ((Math.min(Math.max(d ?? open, c.from), c.to + 1) - c.from) / days) * (W - LEFT - 6);
  const height = TOP + ROW * (c.places.length + (c.timeOff.length ? 1 : 0)) + 4;
  const svg = s('svg', { class: 'calendar', viewBox: `0 0 ${W} ${height}`, role: 'img', 'aria-label': `Timeline of ${c.places.length} place(s) from ${isoDate(c.from)} to ${isoDate(c.to)}; the same stays are listed in the table below.` });
  // Month ticks.
  for (let d = c.from; d <= c.to; d++) {
    const iso = isoDate(d);
    if (!iso.endsWith('-01') && d !== c.from) continue;
    svg.append(s('line', { x1: x(d, 0), x2: x(d, 0), y1: TOP - 4, y2: height, class: 'cal-tick' }), s('text', { x: x(d, 0) + 2, y: TOP - 8, class: 'cal-month' }, new Date(d * 86_400_000).toLocaleDateString('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' })));
  }
  c.places.forEach((place, i) => {
    const y = TOP + i * ROW;
    svg.append(s('text', { x: 4, y: y + 15, class: place === OVER ? 'cal-place cal-over' : 'cal-place' }, place.length > 22 ? `${place.slice(0, 21)}…` : place));
    svg.append(s('line', { x1: LEFT, x2: W, y1: y + ROW, y2: y + ROW, class: 'cal-rule' }));
    for (const st of c.stays.filter((t) => t.place === place)) {
      if ((st.end ?? Infinity) < c.from || (st.start ?? -Infinity) > c.to) continue;
      const x1 = x(st.start, c.from);
      const x2 = Math.max(x1 + 3, x(st.end === undefined ? undefined : st.end + 1, c.to + 1));
      const g = s('g', { class: `cal-stay cal-${st.kind}` }, s('rect', { x: x1, y: y + 3, width: x2 - x1, height: ROW - 6, rx: 2 }), s('title', {}, `${st.who}: ${st.what}, ${dateText(st.start, 'now')} to ${dateText(st.end, 'open-ended')}`));
      if (x2 - x1 > st.who.length * 6.5 + 6) g.append(s('text', { x: x1 + 4, y: y + 15, class: 'cal-label' }, st.who));
      svg.append(g);
    }
  });
  if (c.timeOff.length) {
    const y = TOP + c.places.length * ROW;
    svg.append(s('text', { x: 4, y: y + 15, class: 'cal-place' }, 'Carers away'));
    for (const r of c.timeOff) {
      if (r.end < c.from || r.start > c.to) continue;
      const x1 = x(r.start, c.from);
      const x2 = Math.max(x1 + 3, x(r.end + 1, c.to + 1));
      svg.append(s('rect', { x: x1, y: TOP, width: x2 - x1, height: y + ROW - 3 - TOP, class: 'cal-away' }, s('title', {}, `Carers away ${dateText(r.start, '')} to ${dateText(r.end, '')}`)));
    }
  }
  return svg;
}

function stayTable(c: Calendar): HTMLElement {
  const rows = [
    ...c.stays.map((st) => ({ place: st.place, who: st.who, kind: KIND_WORDS[st.kind], what: st.what, from: dateText(st.start, 'now'), to: dateText(st.end, 'open-ended'), start: st.start ?? -Infinity, code: st.kind, iso: [st.start, st.end] })),
    ...c.timeOff.map((r) => ({ place: 'every place', who: 'carers', kind: 'time off (unavailable)', what: 'no stays may start or run on these dates without cover', from: dateText(r.start, ''), to: dateText(r.end, ''), start: r.start, code: 'away', iso: [r.start, r.end] })),
  ].sort((a, b) => c.places.indexOf(a.place) - c.places.indexOf(b.place) || a.start - b.start);
  return h(
    'table',
    { class: 'compact', 'data-testid': 'calendar-table' },
    h('caption', {}, `Stays at ${c.kind === 'household' ? 'household' : 'scheme'} ${c.home}, place by place`),
    h('thead', {}, h('tr', {}, ...['Place', 'Who', 'Kind', 'What', 'From', 'To'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, ...rows.map((r) => h('tr', { 'data-kind': r.code, 'data-from': r.iso[0] === undefined ? '' : isoDate(r.iso[0]), 'data-to': r.iso[1] === undefined ? '' : isoDate(r.iso[1]) }, h('th', { scope: 'row' }, r.place), h('td', {}, r.who), h('td', {}, r.kind), h('td', {}, r.what), h('td', {}, r.from), h('td', {}, r.to)))),
  );
}

function sessionTable(c: Calendar): HTMLElement | string {
  if (c.kind !== 'household') return '';
  const days = c.dayDays ?? WEEKDAYS.slice(0, 5);
  const by = (d: string) => c.sessions.filter((x) => x.day === d);
  if (!c.sessions.length) return h('p', { class: 'muted' }, `No day support at this household in this plan${c.dayPlaces ? ` (${c.dayPlaces} day place(s) on ${days.map(cap).join(', ')})` : ''}.`);
  return h(
    'table',
    { class: 'compact', 'data-testid': 'calendar-sessions' },
    h('caption', {}, `Day support by weekday (takes no bedroom)${c.dayPlaces ? `: ${c.dayPlaces} day place(s)` : ''}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col' }, 'Sessions'))),
    h('tbody', {}, ...WEEKDAYS.filter((d) => days.includes(d) || by(d).length).map((d) => h('tr', {}, h('th', { scope: 'row' }, cap(d)), h('td', {}, by(d).map((x) => `${x.who} (${x.hours} hours, ${x.kind === 'added' ? 'added by this plan' : 'kept'})`).join('; ') || '—')))),
  );
}

function renderCalendar(host: HTMLElement, e: Entry) {
  clear(host);
  const home = defaultHome(e);
  const sel = h(
    'select',
    { id: 'calendar-home', 'data-testid': 'calendar-home' },
    h('optgroup', { label: 'Shared Lives households' }, ...e.scenario.households.map((x) => h('option', { value: String(x.id), selected: String(x.id) === home }, `${x.id}${x.name ? ` (${x.name})` : ''}`))),
    h('optgroup', { label: 'Supported-living schemes' }, ...e.scenario.schemes.map((x) => h('option', { value: String(x.id), selected: String(x.id) === home }, `${x.id}${x.name ? ` (${x.name})` : ''}`))),
  );
  sel.addEventListener('change', () => {
    chosen = sel.value;
    renderCalendar(host, e);
    document.getElementById('calendar-home')?.focus();
  });
  host.append(h('div', { class: 'row' }, h('label', { for: 'calendar-home' }, 'Household or scheme'), sel));
  const c = home ? buildCalendar(e.scenario, e.result, home) : undefined;
  if (!c) {
    host.append(h('p', { class: 'muted' }, 'No household or scheme in this scenario.'));
    return;
  }
  const added = c.stays.filter((x) => x.kind === 'added').length + c.sessions.filter((x) => x.kind === 'added').length;
  host.append(
    h(
      'div',
      { 'data-testid': 'household-calendar', class: 'calendar-box' },
      h('p', {}, `${c.places.filter((p) => p !== OVER).length} place(s). ${e.result ? `This plan adds ${added} stay(s) here.` : 'Run matching to see the stays a plan adds.'}${c.places.includes(OVER) ? ' More stays than places on some dates: see the “Over capacity” row.' : ''}`),
      h('ul', { class: 'legend' }, ...(['occupant', 'held', 'booking', 'added', 'kept'] as const).map((k) => h('li', {}, h('span', { class: `key cal-key-${k}`, 'aria-hidden': 'true' }), KIND_WORDS[k])), h('li', {}, h('span', { class: 'key cal-key-away', 'aria-hidden': 'true' }), 'carers away (time off)')),
      h('div', { class: 'pack-wrap', tabindex: '0', role: 'region', 'aria-label': `Timeline of the places at ${c.home}` }, timeline(c)),
      h('div', { class: 'pack-wrap', tabindex: '0', role: 'region', 'aria-label': `Stays at ${c.home}, place by place` }, stayTable(c)),
      sessionTable(c),
    ),
  );
}

export const calendarPage: Page = {
  id: 'calendar',
  title: 'Places by date',
  render(e) {
    renderCalendar($('calendar'), e);
  },
};

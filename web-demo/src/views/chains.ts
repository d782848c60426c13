// Move-on chains: the list (ordered moves, people helped, weekly and annual
// saving, the chain in words) and the link between a row and its arrows on
// the map (chain-layer.ts). The table is the text alternative of the arrows.
import { $, clear, h, pounds } from '../dom';
import type { Page } from '../pages';
import type { Entry } from '../scenarios';
import { moveWords } from './chain-words';

/** The chain shown in the list and on the map (0-based), kept across redraws. */
let chosen: number | undefined;

function mark(i: number) {
  chosen = i;
  for (const el of document.querySelectorAll('[data-testid="chains-list"] tr[data-chain], [data-testid="chains-map"] [data-chain]')) {
    el.classList.toggle('chosen', (el as HTMLElement | SVGElement).dataset.chain === String(i));
  }
}

/** Shows chain `i` in the list and moves focus to its row (from the map). */
export function showChain(i: number) {
  mark(i);
  const row = document.querySelector<HTMLElement>(`[data-testid="chains-list"] tr[data-chain="${i}"]`);
  row?.scrollIntoView({ block: 'nearest' });
  row?.focus();
}

/** Moves focus to the first arrow of chain `i` on the map (from the list). */
function showOnMap(i: number) {
  mark(i);
  const arrows = [...document.querySelectorAll<SVGElement>('[data-testid="chains-map"] .chain-move')];
  const first = arrows.find((a) => a.dataset.chain === String(i));
  if (!first) return;
  for (const a of arrows) a.setAttribute('tabindex', a === first ? '0' : '-1');
  first.scrollIntoView?.({ block: 'nearest' });
  (first as unknown as HTMLElement).focus();
}

function renderChains(host: HTMLElement, e: Entry) {
  clear(host);
  const r = e.result;
  if (!r) {
    host.append(h('p', { class: 'muted' }, 'Run matching to see move-on chains.'));
    return;
  }
  const helped = r.chains.reduce((n, c) => n + c.people_helped, 0);
  const weekly = r.chains.reduce((n, c) => n + c.weekly_saving, 0);
  const yearly = r.chains.reduce((n, c) => n + c.annual_saving, 0);
  host.append(
    h(
      'p',
      {},
      r.chains.length
        ? `${r.chains.length} chain(s): someone ready to move on takes a new place, and the place they leave goes to someone else in the same plan. They help ${helped} people and save ${pounds(weekly)} a week, ${pounds(yearly)} a year. ${r.totals.staying} person(s) who could move stay where they are.`
        : `No move-on chains in this plan. ${r.totals.staying} person(s) who could move stay where they are.`,
    ),
  );
  if (!r.chains.length) return;
  const row = (c: Entry['result'] & object, i: number) => {
    const ch = c.chains[i];
    return h(
      'tr',
      { 'data-chain': String(i), tabindex: '-1', class: chosen === i ? 'chosen' : null },
      h('th', { scope: 'row' }, `Chain ${i + 1}`),
      h('td', {}, h('ol', { class: 'moves' }, ...ch.moves.map((m) => h('li', {}, moveWords(m))))),
      h('td', { class: 'num' }, ch.people_helped),
      h('td', { class: 'num' }, pounds(ch.weekly_saving)),
      h('td', { class: 'num' }, pounds(ch.annual_saving)),
      h('td', {}, ch.text),
      h('td', {}, h('button', { type: 'button', class: 'small', 'aria-label': `Show on map: chain ${i + 1}`, onclick: () => showOnMap(i) }, 'Show on map')),
    );
  };
  host.append(
    h(
      'div',
      { class: 'pack-wrap', tabindex: '0', role: 'region', 'aria-label': 'Move-on chains, moves in order' },
      h(
        'table',
        { 'data-testid': 'chains-list' },
        h('caption', {}, `${r.chains.length} move-on chain(s), moves in order`),
        h(
          'thead',
          {},
          h('tr', {}, ...['Chain', 'Moves, in order', 'People helped', 'Saving a week', 'Saving a year', 'In words', 'Map'].map((t) => h('th', { scope: 'col', class: /People|Saving/.test(t) ? 'num' : null }, t))),
        ),
        h('tbody', {}, ...r.chains.map((_, i) => row(r, i))),
      ),
    ),
  );
}

export const chainsPage: Page = {
  id: 'chains',
  title: 'Move-on chains',
  render(e) {
    renderChains($('chains'), e);
  },
};

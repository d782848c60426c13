// The summary cards: the scenario's size and its latest results.
import { $, clear, h, pounds } from '../dom';
import type { Page } from '../pages';
import type { Entry } from '../scenarios';
import { planQuality } from '../words';

function card(title: string, value: string | number, note = '') {
  return h('div', { class: 'card' }, h('span', { class: 'big' }, String(value)), title, note ? h('div', { class: 'muted small' }, note) : '');
}

function summaryCards(e: Entry): HTMLElement[] {
  const sc = e.scenario;
  const places = sc.households.reduce((n, x) => n + x.places - (x.occupants?.length ?? 0), 0);
  const vacancies = sc.schemes.reduce((n, x) => n + x.vacancies.length, 0);
  const cards = [
    card('people referred', sc.people.length, e.sample ? 'synthetic sample, not real people' : ''),
    card('Shared Lives households', sc.households.length, `${places} free place(s)`),
    card('supported-living schemes', sc.schemes.length, `${vacancies} vacancy(ies)`),
  ];
  if (e.result) {
    const t = e.result.totals;
    cards.push(
      card('proposed placements', t.placed, `${t.kept} kept from accepted introductions`),
      card('without an option', t.unplaced),
      card('saving a year', pounds(t.weekly_saving * 52), `${pounds(t.weekly_saving)} a week: ${pounds(t.weekly_cost)} a week for these placements against ${pounds(t.counterfactual_weekly_cost)} for the settings they replace`),
      card('cost a year', pounds(t.weekly_cost * 52), `${pounds(t.weekly_cost)} a week for the proposed placements`),
      card('plan quality', e.result.proven_optimal ? 'best possible' : 'best found', planQuality(e.result.proven_optimal, e.result.method)),
    );
  }
  if (e.rounds) cards.push(card('homecare visits', e.rounds.visits.length, `${e.rounds.workers.length} workers`));
  if (e.plan) {
    const s = e.plan.summary;
    cards.push(card('visits planned', s.visits_planned, `${s.visits_unplanned} not planned`), card('travel', `${(s.travel_minutes / 60).toFixed(1)} h`, `${pounds(s.cost)} pay for the day`));
  }
  return cards;
}

export const summaryPage: Page = {
  id: 'summary',
  title: 'Summary',
  render(e) {
    const summary = $('summary');
    clear(summary);
    summary.append(...summaryCards(e));
  },
};

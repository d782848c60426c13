// The summary cards: the scenario's size and its latest results.
import { $, clear, h, pounds } from '../dom';
import type { Page } from '../pages';
import type { Entry } from '../scenarios';
import { planQuality } from '../words';

function card(title: string, value: string | number, note = '', figure?: string) {
  return h('div', { class: 'card', 'data-figure': figure ?? null }, h('span', { class: 'big' }, String(value)), title, note ? h('div', { class: 'muted small' }, note) : '');
}

const pct = (x: number) => `${x.toFixed(1)}%`;

/** Progress toward the Shared Lives target for people with a learning disability, in words. */
function targetCard(t: NonNullable<NonNullable<Entry['result']>['shared_lives_target']>) {
  const years = t.still_needed === 0 ? 'the target is reached' : `${t.still_needed} more placement(s) needed, about ${t.years_at_15_a_year.toFixed(1)} years at 15 more a year`;
  return card(
    'Shared Lives target (learning disability)',
    `${pct(t.rate_before_pct)} → ${pct(t.rate_after_pct)}`,
    `${t.before} of ${t.population.toLocaleString('en-GB')} adults with a learning disability live in Shared Lives; this plan adds ${t.added} (${t.after} in all). Target ${pct(t.target_pct)}: ${years}.`,
    'shared-lives-target',
  );
}

function summaryCards(e: Entry): HTMLElement[] {
  const sc = e.scenario;
  // People ready to move on hold a place without being listed as occupants: it is not free until they move.
  const held = sc.people.filter((p) => p.holds?.household).length;
  const places = sc.households.reduce((n, x) => n + x.places - (x.occupants?.length ?? 0), 0) - held;
  const vacancies = sc.schemes.reduce((n, x) => n + x.vacancies.length, 0);
  const cards = [
    card('people referred', sc.people.length, e.sample ? 'synthetic sample, not real people' : ''),
    card('Shared Lives households', sc.households.length, `${places} free place(s)${held ? `; ${held} more held by people ready to move on` : ''}`),
    card('supported-living schemes', sc.schemes.length, `${vacancies} vacancy(ies)`),
  ];
  if (e.result) {
    const t = e.result.totals;
    cards.push(
      card('proposed placements', t.placed, `${t.kept} kept from accepted introductions`),
      card('without an option', t.unplaced),
      card('move-on chains', t.chains, `${t.moved_on} person(s) move on and free their place for someone else; ${t.staying} stay where they are`, 'chains'),
      card('saving a year', pounds(t.annual_saving), `52 weeks of the recurring saving plus the one-off saving of short breaks`, 'annual-saving'),
      card('recurring saving a week', pounds(t.weekly_recurring_saving), recurringDetail(t), 'weekly-recurring-saving'),
      card('one-off saving', pounds(t.one_off_saving), 'short breaks, costed for their nights against residential respite; does not recur', 'one-off-saving'),
      card('cost a year', pounds(t.weekly_cost * 52), `${pounds(t.weekly_cost)} a week for the proposed placements`),
      ...(e.result.shared_lives_target ? [targetCard(e.result.shared_lives_target)] : []),
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

/** How the recurring saving is made up, in words. */
function recurringDetail(t: NonNullable<Entry['result']>['totals']): string {
  const base = `long-term, emergency and day-support arrangements: ${pounds(t.weekly_cost)} a week for these placements against ${pounds(t.counterfactual_weekly_cost)} for the settings they replace`;
  const rooms = t.rooms_left_empty_by_moves ?? 0;
  if (rooms === 0) return base;
  const voids = t.counterfactual_weekly_cost - t.weekly_cost - t.weekly_recurring_saving;
  return `${base}, less ${pounds(voids)} a week for ${rooms} supported-living room(s) that people move out of and nobody takes`;
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

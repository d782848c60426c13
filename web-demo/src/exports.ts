// Downloads: placements, rounds and the whole scenario, built in the page.
import { active, slug } from './app';
import { toCsv } from './csv';
import { download } from './dom';
import { status } from './status';
import { reasonsOf } from './views/gantt';
import { arrangementWords, statusWords, whyWords } from './words';

export function exportCsv() {
  const e = active();
  if (!e.result) {
    status('Run matching first: there is nothing to export yet.');
    return;
  }
  const people = new Map(e.scenario.people.map((p) => [String(p.id), p]));
  const rows: (string | number)[][] = [['person', 'name', 'district', 'outcome', 'option', 'score', 'weekly_cost_gbp', 'counterfactual_weekly_cost_gbp', 'weekly_saving_gbp', 'explanation', 'arrangement', 'recurring', 'nights', 'sessions_per_week', 'one_off_cost_gbp', 'one_off_counterfactual_gbp', 'one_off_saving_gbp', 'annual_saving_gbp', 'moves_from']];
  for (const p of e.result.placements) {
    const person = people.get(String(p.person));
    rows.push([String(p.person), person?.name ?? '', person?.district ?? '', statusWords(p.status), p.option.label, p.score.total, p.cost.weekly_cost / 100, p.cost.counterfactual_weekly_cost / 100, p.cost.weekly_saving / 100, whyWords(p.score.components), arrangementWords(person?.arrangement ?? ''), p.cost.recurring ? 'yes' : 'no', p.cost.nights ?? '', p.cost.sessions_per_week ?? '', p.cost.one_off_cost / 100, p.cost.one_off_counterfactual / 100, p.cost.one_off_saving / 100, p.cost.annual_saving / 100, p.moves_from?.label ?? '']);
  }
  for (const u of e.result.unplaced) {
    const person = people.get(String(u.person));
    rows.push([String(u.person), person?.name ?? '', person?.district ?? '', 'unplaced', '', '', '', '', '', u.explanation.summary]);
  }
  download(`${slug(e.name)}-placements.csv`, toCsv(rows), 'text/csv');
}

export function exportJson() {
  const e = active();
  download(`${slug(e.name)}.json`, JSON.stringify({ name: e.name, changes: e.changes, scenario: e.scenario, result: e.result ?? null, rounds: e.rounds ?? null, plan: e.plan ?? null }, null, 2), 'application/json');
}

export function exportRoundsCsv() {
  const e = active();
  if (!e.plan) {
    status('Run rounds first: there is nothing to export yet.');
    return;
  }
  const rows: (string | number)[][] = [['worker', 'shift', 'visit', 'client', 'arrival', 'start', 'end', 'wait_min', 'travel_min', 'with']];
  for (const r of e.plan.rounds) for (const st of r.stops) rows.push([r.worker, r.shift + 1, st.visit, st.client, st.arrival, st.start, st.end, st.wait, st.travel, st.with ?? '']);
  for (const u of e.plan.unplanned) rows.push(['', '', u.visit, u.client, '', '', '', '', '', `unplanned: ${reasonsOf(u).join('; ')}`]);
  download(`${slug(e.name)}-rounds.csv`, toCsv(rows), 'text/csv');
}

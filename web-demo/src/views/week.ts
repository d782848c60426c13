// A week of rounds and Discharge to Assess: plans a sample week (care plans
// by weekday, rest, weekly hours, continuity) in the solver worker, shows
// it as a date × worker grid (`week-view`), and asks for ranked options to
// take on a new care package within 48 hours (`discharge-run`,
// `discharge-options`). Everything is built node by node (no HTML strings).
import { clear, h } from '../dom';
import type { Solver } from '../solver';

// The wire shapes used here (generated types live in carematch-wasm).
interface Stop { visit: string; client: string; start: string }
interface Round { worker: string; stops: Stop[] }
interface DayPlan { date: string; plan: { rounds: Round[]; unplanned: { visit: string; reasons: string[] }[] } }
interface WeekPlan {
  days: DayPlan[];
  summary: { visits: number; planned: number; unplanned: number; late: number; travel_minutes: number; workers_used: number; continuity: number; clients_over_aim: number; method: string };
  week?: { start_date: string; clients: { id: string; location: { lat: number; lon: number } }[] };
}
interface Option {
  rank: number;
  start_date: string;
  earliest_start?: { date: string; time: string } | null;
  planned: number;
  unplanned: { visit: string; reasons: string[] }[];
  workers: string[];
  continuity: number;
  extra_cost: number;
  moved: unknown[];
  displaced: number;
  extra_shift?: { text: string } | null;
}

const pounds = (pence: number) => `£${(pence / 100).toFixed(2)}`;

function weekGrid(plan: WeekPlan): HTMLElement {
  const workers = [...new Set(plan.days.flatMap((d) => d.plan.rounds.map((r) => r.worker)))].sort();
  const head = h('tr', {}, h('th', { scope: 'col' }, 'Worker'), ...plan.days.map((d) => h('th', { scope: 'col' }, d.date)));
  const rows = workers.map((w) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, w),
      ...plan.days.map((d) => {
        const r = d.plan.rounds.find((x) => x.worker === w);
        return h('td', { class: 'num' }, r ? `${r.stops.length} visits from ${r.stops[0]?.start ?? ''}` : '—');
      }),
    ),
  );
  const unplanned = h('tr', {}, h('th', { scope: 'row' }, 'Not planned'), ...plan.days.map((d) => h('td', { class: 'num' }, d.plan.unplanned.length)));
  const s = plan.summary;
  return h(
    'div',
    { 'data-testid': 'week-view' },
    h('p', {}, `${s.planned} of ${s.visits} visits planned over ${plan.days.length} days; ${s.late} started late; ${s.workers_used} workers; ${s.continuity.toFixed(2)} distinct workers per client (${s.clients_over_aim} above the aim).`),
    h('p', { class: 'muted' }, `Method: ${s.method}.`),
    h('div', { class: 'scroll', tabindex: '0', 'aria-label': 'Week grid' }, h('table', {}, h('thead', {}, head), h('tbody', {}, ...rows, unplanned))),
  );
}

function optionList(options: Option[]): HTMLElement {
  if (options.length === 0) return h('p', { 'data-testid': 'discharge-options' }, 'No option starts within 48 hours.');
  return h(
    'ol',
    { 'data-testid': 'discharge-options' },
    ...options.map((o) =>
      h(
        'li',
        {},
        h('strong', {}, `Start ${o.earliest_start ? `${o.earliest_start.date} ${o.earliest_start.time}` : o.start_date}`),
        `: ${o.planned} visits planned by ${o.workers.join(', ') || 'nobody'}; extra pay ${pounds(o.extra_cost)}; ${o.moved.length} existing visits move, ${o.displaced} displaced; ${o.continuity} carers for the new client.`,
        ...o.unplanned.map((u) => h('div', { class: 'muted' }, `Not fitted: ${u.visit} (${u.reasons.join('; ')})`)),
        o.extra_shift ? h('div', {}, `What would fit: ${o.extra_shift.text}`) : null,
      ),
    ),
  );
}

/** Mounts the week and Discharge to Assess panel into `host`. */
export function mountWeekPanel(host: HTMLElement, solver: Solver, status: (text: string) => void) {
  let plan: WeekPlan | null = null;
  const out = h('div', {});
  const options = h('div', {});
  const discharge = h('button', { type: 'button', 'data-testid': 'discharge-run', disabled: true }, 'Find Discharge to Assess options');
  const planWeek = h('button', { type: 'button', 'data-testid': 'week-run' }, 'Plan a sample week');
  planWeek.addEventListener('click', async () => {
    planWeek.disabled = true;
    status('Planning a sample week…');
    try {
      const week = await solver.call<unknown>('sampleWeek', [7, 40, 6, 1]);
      plan = await solver.call<WeekPlan>('planWeek', [week, { seed: 1, maxIterations: 60 }], { budgetMs: 60000 });
      clear(out);
      out.append(weekGrid(plan));
      discharge.disabled = false;
      status(`Week planned: ${plan.summary.planned} of ${plan.summary.visits} visits.`);
    } catch (e) {
      status(`Planning the week failed: ${String((e as Error).message ?? e)}`);
    } finally {
      planWeek.disabled = false;
    }
  });
  discharge.addEventListener('click', async () => {
    if (!plan?.week) return;
    discharge.disabled = true;
    status('Looking for Discharge to Assess options…');
    const home = plan.week.clients[0]?.location ?? { lat: 53.14, lon: -1.2 };
    const visit = (id: string, from: string, to: string) => ({ id, windows: [{ earliest: from, latest: to }], duration: 30 });
    const pkg = {
      client: { id: 'NEW-DISCHARGE', location: home, visits: [visit('am', '08:00', '10:00'), visit('lunch', '12:00', '13:30'), visit('tea', '16:00', '18:00'), visit('bed', '20:00', '21:30')] },
      discharge: { date: plan.week.start_date, time: '11:00' },
    };
    try {
      const res = await solver.call<{ options: Option[] }>('dischargeOptions', [plan, pkg, 48, { seed: 1, maxIterations: 30 }], { budgetMs: 60000 });
      clear(options);
      options.append(optionList(res.options));
      status(`${res.options.length} option(s) found.`);
    } catch (e) {
      status(`Discharge to Assess failed: ${String((e as Error).message ?? e)}`);
    } finally {
      discharge.disabled = false;
    }
  });
  host.append(
    h('p', {}, 'A week of rounds: care plans by weekday, 11 hours’ rest between shifts, contracted hours and continuity across the week. Then fit a new client discharged from hospital, four calls a day, starting within 48 hours.'),
    h('div', { class: 'row' }, planWeek, discharge),
    out,
    options,
  );
}

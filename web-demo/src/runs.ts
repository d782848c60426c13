// Runs: matching and rounds for one scenario, and loading the sample. A run
// belongs to the scenario it started on; its result is stored on that
// scenario only, and the status line names it.
import { $ } from './dom';
import { active, changed, SAMPLE, solver, state } from './app';
import { newId, uniqueName, type Entry } from './scenarios';
import { busy, showError, showIssues, status } from './status';
import type { MatchResult, RoundsInput, RoundsPlan, Scenario } from './types';

export async function runMatching(entry = active()): Promise<boolean> {
  busy(true, `Matching ${entry.scenario.people.length} people in “${entry.name}”`);
  showIssues('', []);
  const t = performance.now();
  try {
    const result = await solver.call<MatchResult>('matchPlacements', [entry.scenario, null]);
    entry.result = result;
    entry.matchMs = performance.now() - t;
    const ws = state.ws;
    if (!ws.selected || ![...result.placements, ...result.unplaced].some((p) => p.person === ws.selected)) {
      ws.selected = (result.unplaced[0]?.person ?? result.placements[0]?.person) as string | undefined;
    }
    status(`Matching done in ${(entry.matchMs / 1000).toFixed(1)} s for “${entry.name}”: ${result.totals.placed} placed, ${result.totals.unplaced} without an option.`);
    return true;
  } catch (e) {
    showError('Matching failed', e);
    return false;
  } finally {
    busy(false);
    changed();
  }
}

export async function runRounds(entry = active()): Promise<boolean> {
  if (!entry.rounds) {
    showIssues('No homecare day', [{ code: 'no_rounds', record: '', path: '', message: 'this scenario has no visits and workers', hint: 'load the sample or import visits.csv and workers.csv' }]);
    return false;
  }
  const budgetMs = Number(($('budget') as HTMLSelectElement).value) || 3000;
  busy(true, `Planning ${entry.rounds.visits.length} visits for ${entry.rounds.workers.length} workers in “${entry.name}”`);
  showIssues('', []);
  const bar = $('progress') as HTMLProgressElement;
  const t = performance.now();
  let iterations = 0;
  const timer = setInterval(() => {
    const pct = Math.min(99, ((performance.now() - t) / budgetMs) * 100);
    bar.value = pct;
    bar.setAttribute('aria-valuetext', `${Math.round(pct)}%`);
    status(`Planning rounds for “${entry.name}”… ${Math.round(pct)}% (${iterations} improvement rounds tried)`);
  }, 200);
  try {
    const plan = await solver.call<RoundsPlan>('planRounds', [entry.rounds, { seed: SAMPLE.seed }], {
      budgetMs,
      onProgress: (done) => {
        iterations = done;
      },
    });
    entry.plan = plan;
    entry.roundsMs = performance.now() - t;
    status(`Rounds planned in ${(entry.roundsMs / 1000).toFixed(1)} s for “${entry.name}”: ${plan.summary.visits_planned} visits planned, ${plan.summary.visits_unplanned} not.`);
    return true;
  } catch (e) {
    showError('Planning rounds failed', e);
    return false;
  } finally {
    clearInterval(timer);
    busy(false);
    changed();
  }
}

export const SAMPLE_NAME = 'Nottinghamshire sample (synthetic)';
export const GENEROUS_NAME = 'Nottinghamshire generous sample (synthetic, many free places)';

/** Which built-in sample: the county as it is (default) or the old generous one (many free places). */
export type SampleProfile = 'realistic' | 'generous';

const sampleProfile = (): SampleProfile => ((document.getElementById('sample-profile') as HTMLSelectElement | null)?.value === 'generous' ? 'generous' : 'realistic');

export async function sampleEntry(name = SAMPLE_NAME, profile: SampleProfile = 'realistic'): Promise<Entry> {
  const seed = profile === 'realistic' ? SAMPLE.countySeed : SAMPLE.seed;
  const scenario = await solver.call<Scenario>('sampleCounty', [{ profile, people: SAMPLE.people, households: SAMPLE.households, seed }]);
  const rounds = await solver.call<RoundsInput>('sampleRounds', [SAMPLE.visits, SAMPLE.workers, SAMPLE.seed]);
  return { id: newId(), name, changes: [], scenario, rounds, updated: new Date().toISOString(), sample: true };
}

export async function loadSample() {
  busy(true, 'Loading the Nottinghamshire sample');
  try {
    const ws = state.ws;
    const profile = sampleProfile();
    const base = profile === 'generous' ? GENEROUS_NAME : SAMPLE_NAME;
    const e = await sampleEntry(uniqueName(base, ws.entries.map((x) => x.name)), profile);
    ws.entries.push(e);
    ws.active = e.id;
    ws.selected = undefined;
    showIssues('', []);
    status(`Loaded the ${profile === 'generous' ? 'generous' : 'realistic'} Nottinghamshire sample as “${e.name}”.`);
  } catch (e) {
    showError('Could not load the sample', e);
  } finally {
    busy(false);
    changed();
  }
}

// The carematch web tool: registers the pages, restores the workspace from
// IndexedDB (or opens on the sample) and draws. Each page lives in its own
// file under views/; to add one, import it and add it to PAGES.
import { active, saver, solver, state } from './app';
import { $ } from './dom';
import { registerPages, renderPages, type Page } from './pages';
import { sampleEntry } from './runs';
import type { Workspace } from './scenarios';
import { busy, showError, status } from './status';
import { loadWorkspace, takeInterruptedRun } from './store';
import { calendarPage } from './views/calendar';
import { chainsPage } from './views/chains';
import { comparePage } from './views/compare';
import { costPage } from './views/costs';
import { packPage } from './views/meeting-pack';
import { helpPage } from './views/help';
import { mapPage } from './views/overview';
import { placementsPage, unplacedPage } from './views/placements';
import { roundsPage } from './views/rounds';
import { runPage } from './views/run-panel';
import { scenarioPage } from './views/scenario-panel';
import { summaryPage } from './views/summary';
import { mountAnalytics } from './views/analytics';
import { mountWeekPanel } from './views/week';

/** A week of rounds and Discharge to Assess (its controls draw their own results). */
const weekPage: Page = { id: 'week', title: 'A week of rounds and Discharge to Assess', mount: () => mountWeekPanel($('week-panel'), solver, status) };

/** Commissioning analytics: district lens, value of capacity, recruitment brief, flow simulation. */
const analyticsPage: Page = {
  id: 'analytics',
  title: 'Analytics',
  mount: () => mountAnalytics($('analytics'), { solver, scenario: () => (state.ws ? active().scenario : undefined), status, error: showError }),
};

/** Every page, in the order of the menu. */
const PAGES: Page[] = [scenarioPage, runPage, summaryPage, mapPage, packPage, costPage, placementsPage, chainsPage, calendarPage, unplacedPage, roundsPage, weekPage, comparePage, analyticsPage, helpPage];

async function boot() {
  registerPages(PAGES);
  saver.onStatus((s, failed) => {
    $('save-status').textContent = s;
    $('save-status').dataset.failed = String(failed);
  });
  // Save at once when the page is hidden or closed.
  addEventListener('pagehide', () => void saver.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void saver.flush();
  });
  solver
    .version()
    .then((v) => ($('version').textContent = `carematch ${v}.`))
    .catch((e) => showError('The solver could not start', e));
  // A run that was going when the page was last closed (or the solver stopped).
  const interrupted = takeInterruptedRun();
  let saved: Workspace | undefined;
  try {
    saved = await loadWorkspace<Workspace>();
  } catch {
    saved = undefined;
  }
  if (saved && saved.version === 1 && saved.entries?.length) {
    state.ws = saved;
    $('save-status').textContent = 'Workspace restored from this browser.';
    if (interrupted) status(`“${interrupted}” did not finish: the page was closed or the solver stopped. Your last saved workspace was restored; run it again when ready.`);
  } else {
    busy(true, 'Loading the Nottinghamshire sample');
    try {
      const e = await sampleEntry();
      state.ws = { version: 1, entries: [e], active: e.id };
      status('Opened on the realistic Nottinghamshire sample (synthetic people and households; most places already lived in). Run matching or rounds.');
    } catch (e) {
      showError('The solver could not start', e);
      return;
    } finally {
      busy(false);
    }
    saver.schedule(state.ws);
  }
  renderPages(active(), state.ws);
  document.body.dataset.ready = 'true';
}

void boot();

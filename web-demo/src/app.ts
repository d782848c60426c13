// The page's shared state: the solver facade, the workspace (every
// scenario with its results) and the one way to say "something changed"
// (autosave, then redraw every registered page).
import { debounced, saveWorkspace } from './store';
import { h } from './dom';
import { renderPages } from './pages';
import type { Entry, Workspace } from './scenarios';
import { Solver } from './solver';

/**
 * The built-in sample: Nottinghamshire, sized like the county's Shared Lives scheme (66 households).
 * The placements sample is the realistic county (`carematch sample`, seed 1: most places lived in,
 * more referrals than places); `seed` is for the homecare day and the generous placements sample.
 */
export const SAMPLE = { people: 120, households: 66, visits: 120, workers: 20, seed: 42, countySeed: 1 };

export const solver = new Solver();
// Exposed for the end-to-end tests (they check that a solver panic is
// reported readably and the worker restarts). Calls stay inside this page.
(globalThis as unknown as { carematchSolver: Solver }).carematchSolver = solver;

export const saver = debounced((w: Workspace) => saveWorkspace(w), 250);

/** The workspace; set once at boot, mutated in place afterwards. */
export const state = { ws: undefined as unknown as Workspace };

export const active = (): Entry => state.ws.entries.find((e) => e.id === state.ws.active) ?? state.ws.entries[0];

/** Saves (debounced) and redraws every page. */
export function changed() {
  saver.schedule(state.ws);
  renderPages(active(), state.ws);
}

/** Shows one person's explanation and moves focus to it. */
export function selectPerson(id: string) {
  const from = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
  state.ws.selected = id;
  saver.schedule(state.ws);
  // Only the map and the explanation change: the tables keep their filter,
  // sort order and the button that was pressed.
  renderPages(active(), state.ws, ['map']);
  if (from && from.isConnected && !from.closest('#map')) {
    const back = h('button', { type: 'button', class: 'small', 'data-testid': 'explain-back', onclick: () => from.focus() }, 'Back to where you were');
    document.getElementById('explanation')?.append(back);
  }
  document.getElementById('explanation-heading')?.focus();
}

export const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scenario';

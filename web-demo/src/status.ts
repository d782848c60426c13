// The status line, the error list and the busy state (progress bar,
// controls locked while a run is in progress).
import { $, clear, h } from './dom';
import type { IssueDto } from './protocol';
import { SolverError, describeErrorKind } from './solver';
import { clearRunning, markRunning } from './store';

export function status(text: string) {
  $('status').textContent = text;
}

export function showIssues(title: string, issues: IssueDto[]) {
  const box = $('error-list');
  clear(box);
  if (issues.length === 0) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.append(
    h('h3', {}, `${title}: ${issues.length} problem${issues.length === 1 ? '' : 's'}`),
    h(
      'ul',
      {},
      ...issues.slice(0, 500).map((i) =>
        h(
          'li',
          {},
          h('span', { class: 'issue-where' }, [i.record, i.path ? `field ${i.path}` : ''].filter(Boolean).join(', ') || 'whole input'),
          `: ${i.message}`,
          i.hint ? h('span', { class: 'muted' }, ` — ${i.hint}`) : '',
        ),
      ),
    ),
    issues.length > 500 ? h('p', {}, `…and ${issues.length - 500} more.`) : '',
  );
}

export function showError(title: string, e: unknown) {
  if (e instanceof SolverError) {
    if (e.kind === 'cancelled') {
      status('Cancelled.');
      showIssues('', []);
      return;
    }
    const words = describeErrorKind(e.kind);
    const issues = e.issues.length ? e.issues : [{ code: e.kind, record: '', path: '', message: `${words.title}: ${e.message}`, hint: words.hint }];
    showIssues(title, issues);
  } else showIssues(title, [{ code: 'error', record: '', path: '', message: String(e), hint: '' }]);
  status(`${title}.`);
}

let running = false;

/** True while a run is in progress: scenario edits wait until it ends. */
export const isBusy = () => running;

export function busy(on: boolean, what = '') {
  running = on;
  document.body.toggleAttribute('data-busy', on);
  // Every control that runs or edits a scenario is locked during a run, so
  // a result is always that of the scenario on screen.
  for (const el of document.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('[data-lock]')) el.disabled = on;
  ($('cancel') as HTMLButtonElement).disabled = !on;
  // Noted outside IndexedDB, so a reload after a crash can say the run did not finish.
  if (on) markRunning(what);
  else clearRunning();
  const bar = $('progress') as HTMLProgressElement;
  if (on) {
    bar.removeAttribute('value');
    bar.setAttribute('aria-valuetext', `${what}…`);
    status(`${what}…`);
  } else {
    bar.value = 0;
    bar.removeAttribute('aria-valuetext');
  }
}

// The scenario panel: choose, duplicate, delete, import, and the what-if
// edits (add carers, close a scheme).
import { active, changed, saver, state } from '../app';
import { COLUMNS, FILE_OF, template, templateHelp, type Kind } from '../csv';
import { $, clear, download, h } from '../dom';
import { DISTRICTS } from '../geo';
import { placeProblem } from '../boundaries';
import { importFiles } from '../importer';
import { lookupSize, parseLookup, restoreLookup, setLookup, type Lookup } from '../postcodes';
import { renderPages, type Page } from '../pages';
import { loadSample } from '../runs';
import { addCarers, closeScheme, duplicate, remember, undo, uniqueName, type Entry } from '../scenarios';
import { isBusy, showIssues, status } from '../status';
import { renderTable } from './table';
import { clearWorkspace } from '../store';

function showLookup() {
  const n = lookupSize();
  $('postcode-status').textContent = n ? `${n.toLocaleString('en-GB')} postcodes loaded (kept in this browser only).` : 'No postcode lookup loaded: records need latitude and longitude.';
}

/**
 * The scenario a what-if change goes to: the one on screen if it is already
 * a copy made for changes, else a new named copy (a loaded or imported
 * scenario is never edited in place). Undefined while a run is in progress.
 */
function editable(what: string): Entry | undefined {
  if (isBusy()) {
    status('A run is in progress: wait for it to finish (or cancel it) before changing the scenario.');
    return undefined;
  }
  const e = active();
  if (e.derived) return e;
  const copy = duplicate(e, state.ws.entries.map((x) => x.name));
  copy.name = uniqueName(`${e.name}: ${what}`, state.ws.entries.map((x) => x.name));
  state.ws.entries.push(copy);
  state.ws.active = copy.id;
  state.ws.compare = e.id;
  return copy;
}

function mount() {
  const ws = () => state.ws;
  $('load-sample').addEventListener('click', () => void loadSample());
  $('scenario-select').addEventListener('change', (ev) => {
    ws().active = (ev.target as HTMLSelectElement).value;
    ws().selected = undefined;
    showIssues('', []);
    changed();
  });
  $('scenario-new').addEventListener('click', () => {
    const copy = duplicate(active(), ws().entries.map((x) => x.name));
    ws().compare = ws().active;
    ws().entries.push(copy);
    ws().active = copy.id;
    status(`Created “${copy.name}”. Change it, run it, and compare.`);
    changed();
  });
  $('scenario-delete').addEventListener('click', () => {
    if (ws().entries.length <= 1) {
      status('This is the only scenario; load the sample or import data first.');
      return;
    }
    const e = active();
    if (!confirm(`Delete the scenario “${e.name}”? Its changes, notes and results are lost. This cannot be undone.`)) {
      status('Nothing deleted.');
      return;
    }
    ws().entries = ws().entries.filter((x) => x.id !== e.id);
    ws().active = ws().entries[0].id;
    if (ws().compare === e.id) ws().compare = undefined;
    status(`Deleted “${e.name}”.`);
    changed();
  });
  $('scenario-rename').addEventListener('click', () => {
    const input = $('scenario-name') as HTMLInputElement;
    const name = input.value.trim();
    const e = active();
    if (!name) {
      status('Type a name first.');
      input.focus();
      return;
    }
    if (ws().entries.some((x) => x.id !== e.id && x.name === name)) {
      status(`Another scenario is already called “${name}”; choose a different name.`);
      input.focus();
      return;
    }
    const old = e.name;
    e.name = name;
    status(`Renamed “${old}” to “${name}”.`);
    changed();
  });
  ($('scenario-name') as HTMLInputElement).addEventListener('keydown', (ev) => {
    if ((ev as KeyboardEvent).key === 'Enter') $('scenario-rename').click();
  });
  $('scenario-undo').addEventListener('click', () => {
    const what = undo(active());
    status(what ? `Undone: ${what}. Run matching again to see the effect.` : 'Nothing to undo.');
    changed();
    $('scenario-undo').focus();
  });
  $('scenario-notes').addEventListener('input', (ev) => {
    active().notes = (ev.target as HTMLTextAreaElement).value;
    saver.schedule(state.ws);
    renderPages(active(), state.ws, ['scenario']);
  });
  $('add-carers-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const n = Math.max(1, Math.min(200, Number(($('add-n') as HTMLInputElement).value) || 0));
    const d = ($('add-district') as HTMLSelectElement).value;
    const e = editable(`+${n} carers in ${d}`);
    if (!e) return;
    remember(e, `added ${n} carer household(s) in ${d}`);
    status(`“${e.name}” changed: ${addCarers(e, n, d)}. Run matching to see the effect.`);
    changed();
  });
  $('close-scheme-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const id = ($('close-scheme') as HTMLSelectElement).value;
    const e = editable(`scheme ${id} closed`);
    if (!e) return;
    remember(e, `closed scheme ${id}`);
    const c = closeScheme(e, id);
    if (c) status(`“${e.name}” changed: ${c}. Run matching to see the effect.`);
    else e.history?.pop();
    changed();
  });
  const pcFile = $('postcode-file') as HTMLInputElement;
  pcFile.addEventListener('change', async () => {
    const f = pcFile.files?.[0];
    pcFile.value = '';
    if (!f) return;
    if (f.size > 512 * 1024 * 1024) {
      showIssues('Postcode lookup not loaded', [{ code: 'input_too_large', record: f.name, path: '', message: `the file is ${(f.size / 1e6).toFixed(0)} MB; the limit is 512 MB`, hint: 'use the county extract of the ONS Postcode Directory, or Code-Point Open files for your postcode areas' }]);
      return;
    }
    status(`Reading the postcode lookup ${f.name}…`);
    const parsed = parseLookup(await f.text());
    if (parsed.error || parsed.lookup.size === 0) {
      showIssues('Postcode lookup not loaded', [{ code: 'bad_lookup', record: f.name, path: '', message: parsed.error ?? 'no usable postcode in the file', hint: 'use an ONS Postcode Directory CSV (pcds, lat, long), Code-Point Open CSV, or a file with columns postcode, lat, lon' }]);
      status('Postcode lookup not loaded.');
      return;
    }
    // Keep only postcodes in or near the districts: a national file stays small in the browser.
    const near: Lookup = new Map([...parsed.lookup].filter(([, [lat, lon]]) => placeProblem(lat, lon, 60) === ''));
    await setLookup(near);
    showIssues('', []);
    showLookup();
    status(`Postcode lookup loaded from ${f.name} (${parsed.format}): ${near.size.toLocaleString('en-GB')} postcodes in or near the districts kept in this browser${parsed.skipped ? `; ${parsed.skipped} rows without a usable postcode or position skipped` : ''}. Imported records may now give a postcode.`);
  });
  void restoreLookup().then(showLookup);
  const file = $('import-file') as HTMLInputElement;
  file.addEventListener('change', () => {
    const files = [...(file.files ?? [])];
    file.value = '';
    if (files.length) void importFiles(files);
  });
  $('reset').addEventListener('click', async () => {
    if (!confirm(`Start again? This clears all ${state.ws.entries.length} scenario(s), their notes and results from this browser. Export anything you want to keep first.`)) {
      status('Nothing cleared.');
      return;
    }
    await clearWorkspace();
    location.reload();
  });
  const dsel = $('add-district') as HTMLSelectElement;
  for (const d of DISTRICTS) dsel.append(h('option', { value: d.name, selected: d.name === 'Bassetlaw' }, d.name));
  const tpl = $('templates');
  for (const kind of Object.keys(COLUMNS) as Kind[]) {
    const help = templateHelp(kind);
    tpl.append(
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'button', class: 'small', onclick: () => download(FILE_OF[kind], template(kind), 'text/csv') }, `Download ${FILE_OF[kind]}`),
        h('span', { class: 'muted small' }, `Required: ${help.filter((x) => x.required).map((x) => x.name).join(', ')}. Lists use “;”.`),
      ),
    );
  }
}

export const scenarioPage: Page = {
  id: 'scenario',
  title: 'Scenario',
  mount,
  render(e, ws) {
    for (const [id, current] of [['scenario-select', ws.active], ['compare-select', ws.compare]] as const) {
      const sel = $(id) as HTMLSelectElement;
      clear(sel);
      for (const x of ws.entries) sel.append(h('option', { value: x.id, selected: x.id === current }, x.name));
    }
    const closeSel = $('close-scheme') as HTMLSelectElement;
    clear(closeSel);
    for (const sch of e.scenario.schemes) closeSel.append(h('option', { value: String(sch.id) }, `${sch.id}${sch.name ? ` — ${sch.name}` : ''} (${sch.vacancies.length} vacancies)`));
    $('changes').textContent = e.changes.length ? `Changes in this scenario: ${e.changes.join('; ')}.` : e.derived ? 'A copy, not changed yet.' : 'The scenario as loaded, unchanged. What-if changes go to a new named copy.';
    $('sample-note').hidden = !e.sample;
    const name = $('scenario-name') as HTMLInputElement;
    if (document.activeElement !== name) name.value = e.name;
    const notes = $('scenario-notes') as HTMLTextAreaElement;
    if (document.activeElement !== notes) notes.value = e.notes ?? '';
    const last = e.history?.[e.history.length - 1];
    const undoBtn = $('scenario-undo') as HTMLButtonElement;
    undoBtn.textContent = last ? `Undo: ${last.change}` : 'Undo last change';
    undoBtn.disabled = !last || isBusy();
    renderTable($('scenario-list'), {
      caption: `${ws.entries.length} scenario(s) in this browser`,
      rows: ws.entries,
      rowKey: (x: Entry) => x.id,
      columns: [
        { label: 'Scenario', value: (x: Entry) => x.name + (x.id === ws.active ? ' (on screen)' : '') },
        { label: 'Changes', value: (x: Entry) => (x.changes.length ? x.changes.join('; ') : 'none') },
        { label: 'Notes', value: (x: Entry) => x.notes ?? '' },
        { label: 'Results', value: (x: Entry) => [x.result ? 'matching run' : 'matching not run', x.plan ? 'rounds run' : ''].filter(Boolean).join(', ') },
      ],
    });
  },
};

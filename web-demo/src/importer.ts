// Import of CSV and JSON files into a new scenario: every file is read and
// checked before anything changes, and every problem (cell types, places
// outside England or far from the districts, unknown postcodes, and the
// core's own checks) is listed in one pass by file, row and column. The
// user chooses between an empty scenario and replacing records in a copy of
// the current one; mixing real records with the synthetic sample is said.
// Files are read and parsed in the solver worker (import-read.ts), so a
// large file never blocks the page; the page only assembles the scenario.
import { active, changed, solver, state } from './app';
import { locateIssue, type ImportedRows } from './csv';
import type { ImportOutcome } from './import-read';
import { loadedLookup } from './postcodes';
import type { IssueDto } from './protocol';
import { duplicate, newId, uniqueName, type Entry } from './scenarios';
import { SolverError } from './solver';
import { showError, showIssues, status } from './status';
import type { RoundsInput, Scenario } from './types';

export type ImportMode = 'empty' | 'replace';

/** The choice made in the Scenario panel ("start an empty scenario" unless "replace" is chosen). */
export function importMode(): ImportMode {
  const checked = document.querySelector<HTMLInputElement>('input[name="import-mode"]:checked');
  return checked?.value === 'replace' ? 'replace' : 'empty';
}

/** "people.csv row 3" + column, to drop a core issue that repeats a cell issue. */
const where = (i: IssueDto) => `${i.record.replace(/ \(.*\)$/, '')}|${i.path}`;

function emptyFrom(base: Entry, name: string): Entry {
  const scenario = structuredClone(base.scenario);
  scenario.people = [];
  scenario.households = [];
  scenario.schemes = [];
  scenario.introductions = [];
  return { id: '', name, changes: [], scenario, updated: new Date().toISOString() };
}

export async function importFiles(files: File[], mode: ImportMode = importMode()) {
  const issues: IssueDto[] = [];
  const imports: ImportedRows[] = [];
  let scenarioJson: string | undefined;
  let roundsJson: string | undefined;
  const postcodes = loadedLookup();
  for (const f of files) {
    // Read and parsed in the worker: a large file never blocks the page.
    status(`Reading ${f.name}…`);
    let r: ImportOutcome;
    try {
      r = await solver.call<ImportOutcome>('readImport', [f, postcodes]);
    } catch (e) {
      showError('Import failed', e);
      return;
    }
    if (r.type === 'issues') issues.push(...r.issues);
    else if (r.type === 'scenario') scenarioJson = r.json;
    else if (r.type === 'rounds') roundsJson = r.json;
    else {
      issues.push(...r.rows.issues);
      imports.push(r.rows);
    }
  }
  // Records with a cell problem are reported already; the rest go to the core's checks in the same pass.
  const badRows = new Set(issues.map((i) => i.record));
  const headerBad = issues.some((i) => / row 1$/.test(i.record) && i.code !== 'extra_cells');
  const clean: ImportedRows[] = imports.map((imp) => {
    const keep = imp.lines.map((line, k) => (badRows.has(`${imp.file} row ${line}`) ? -1 : k)).filter((k) => k >= 0);
    return { ...imp, records: keep.map((k) => imp.records[k]), lines: keep.map((k) => imp.lines[k]) };
  });

  const base = active();
  const names = state.ws.entries.map((x) => x.name);
  const label = files.map((f) => f.name).join(', ');
  const entry: Entry =
    mode === 'replace'
      ? { ...duplicate(base, names), name: uniqueName(`Imported into ${base.name}: ${label}`, names), changes: [`imported ${label}`], result: undefined, plan: undefined, history: [] }
      : { ...emptyFrom(base, uniqueName(`Imported: ${label}`, names)), changes: [`imported ${label} into an empty scenario`] };
  entry.id = newId();
  if (mode === 'empty') entry.sample = false;
  const sc = entry.scenario as unknown as Record<string, unknown[]>;
  for (const imp of clean) {
    if (imp.kind === 'people' || imp.kind === 'households' || imp.kind === 'schemes') sc[imp.kind] = imp.records;
  }
  // Occupants and tenants: attached to the household or scheme they live at.
  for (const imp of clean.filter((i) => i.kind === 'residents')) {
    const homes = new Map<string, Record<string, unknown>>();
    for (const hh of entry.scenario.households as unknown as Record<string, unknown>[]) homes.set(`h:${hh.id}`, hh);
    for (const sch of entry.scenario.schemes as unknown as Record<string, unknown>[]) homes.set(`s:${sch.id}`, sch);
    const filled = new Set<string>();
    imp.records.forEach((rec, k) => {
      const at = String(rec.__lives_at ?? '');
      delete rec.__lives_at;
      const key = homes.has(`h:${at}`) ? `h:${at}` : homes.has(`s:${at}`) ? `s:${at}` : '';
      if (!key) {
        issues.push({ code: 'unknown_home', record: `${imp.file} row ${imp.lines[k]}`, path: 'lives_at', message: `no household or scheme has the id "${at}"`, hint: 'import households.csv or schemes.csv with it, or check the id (ids are case-sensitive)' });
        return;
      }
      const home = homes.get(key)!;
      const field = key.startsWith('h:') ? 'occupants' : 'tenants';
      if (!filled.has(key)) home[field] = [];
      filled.add(key);
      (home[field] as unknown[]).push(rec);
    });
  }
  // Important places: attached to the person they belong to, each keeping its file and row for messages.
  const placeLines = new Map<string, { file: string; line: number }>();
  for (const imp of clean.filter((i) => i.kind === 'places')) {
    const index = new Map(entry.scenario.people.map((p, k) => [String(p.id), k]));
    const filled = new Set<number>();
    imp.records.forEach((rec, k) => {
      const who = String(rec.__person ?? '');
      delete rec.__person;
      const at = index.get(who);
      if (at === undefined) {
        issues.push({ code: 'unknown_person', record: `${imp.file} row ${imp.lines[k]}`, path: 'person', message: `no person has the id "${who}"`, hint: 'import people.csv with them in the same go, choose “replace” to add places to the current scenario’s people, or check the id (ids are case-sensitive)' });
        return;
      }
      const person = entry.scenario.people[at] as unknown as { important_places?: unknown[] };
      if (!filled.has(at)) person.important_places = [];
      filled.add(at);
      placeLines.set(`${at}:${person.important_places!.length}`, { file: imp.file, line: imp.lines[k] });
      person.important_places!.push(rec);
    });
  }
  if (clean.some((i) => ['people', 'households', 'schemes', 'residents', 'places'].includes(i.kind))) {
    // Introductions about records that are no longer there would only confuse.
    const people = new Set(entry.scenario.people.map((p) => String(p.id)));
    const hh = new Set(entry.scenario.households.map((p) => String(p.id)));
    const vac = new Set(entry.scenario.schemes.flatMap((s) => s.vacancies.map((v) => String(v.id))));
    entry.scenario.introductions = (entry.scenario.introductions ?? []).filter(
      (i) => people.has(String(i.person)) && (!i.household || hh.has(String(i.household))) && (!i.vacancy || vac.has(String(i.vacancy))),
    );
  }
  const roundImports = clean.filter((i) => i.kind === 'visits' || i.kind === 'workers');
  if (roundImports.length) {
    const day = (entry.rounds ?? { schema_version: 1, skills: [], visits: [], workers: [] }) as unknown as Record<string, unknown>;
    for (const imp of roundImports) day[imp.kind] = imp.records;
    const skills = new Set<string>();
    for (const list of [day.visits, day.workers] as { skills?: string[] }[][]) for (const r of list ?? []) for (const s of r.skills ?? []) skills.add(s);
    day.skills = [...skills].sort();
    entry.rounds = day as unknown as RoundsInput;
  }
  status('Checking the imported data…');
  if (!headerBad) {
    try {
      entry.scenario = await solver.call<Scenario>('validate', [scenarioJson ?? entry.scenario]);
      if (roundsJson || entry.rounds) entry.rounds = await solver.call<RoundsInput>('validateRounds', [roundsJson ?? entry.rounds]);
    } catch (e) {
      if (e instanceof SolverError && e.issues.length) {
        const seen = new Set(issues.map(where));
        for (const i of e.issues.map((x) => locateIssue(x, clean, placeLines))) if (!seen.has(where(i))) issues.push(i);
      } else if (!issues.length) {
        showError('Import failed', e);
        return;
      }
    }
  }
  if (issues.length) {
    // Problems with a whole file or the whole input (too many rows or people,
    // an empty file) come first: they matter most and must not sit past the
    // part of a long list that is shown. Row problems keep their order.
    const whole = (i: IssueDto) => !/ row \d+/.test(i.record) && i.code !== 'too_many_issues';
    issues.sort((a, b) => Number(whole(b)) - Number(whole(a)));
    showIssues('Import failed', issues);
    status(`Import failed: ${issues.length} problem(s), listed by file, row and column. Nothing was changed.`);
    return;
  }
  const mixed = mode === 'replace' && base.sample && clean.some((i) => i.kind !== 'visits' && i.kind !== 'workers');
  if (mixed) entry.changes.push('WARNING: your imported records are mixed with the synthetic sample’s records');
  state.ws.entries.push(entry);
  state.ws.active = entry.id;
  state.ws.selected = undefined;
  showIssues('', []);
  status(
    mixed
      ? `Imported ${label} into a copy of the sample as “${entry.name}”. Warning: your real records now sit beside the sample’s synthetic ones; choose “start an empty scenario” to keep them apart.`
      : `Imported ${label} as “${entry.name}”.`,
  );
  changed();
}

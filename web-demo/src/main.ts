// The carematch web tool: wires the controls to the solver worker, renders
// results, and autosaves the workspace in IndexedDB.
import { COLUMNS, FILE_OF, locateIssue, template, templateHelp, toCsv, type ImportedRows, type Kind } from './csv';
import type { ImportOutcome } from './importer';
import { $, clear, download, h, pounds } from './dom';
import { DISTRICTS, nearestDistrict } from './geo';
import type { IssueDto } from './protocol';
import { addCarers, closeScheme, duplicate, newId, type Entry, type Workspace } from './scenarios';
import { Solver, SolverError, describeErrorKind } from './solver';
import { clearRunning, clearWorkspace, debounced, loadWorkspace, markRunning, saveWorkspace, takeInterruptedRun } from './store';
import type { MatchResult, RoundsInput, RoundsPlan, Scenario, Shortlist } from './types';
import { costByDistrict, renderCostChart } from './views/chart';
import { renderExplanation, renderShortlist } from './views/explain';
import { renderGantt } from './views/gantt';
import { renderMap } from './views/map';
import { renderTable } from './views/table';
import { mountAnalytics } from './views/analytics';
import { mountWeekPanel } from './views/week';

/** The built-in sample: Nottinghamshire, sized like the county's Shared Lives scheme (66 households). */
const SAMPLE = { people: 120, households: 66, visits: 120, workers: 20, seed: 42 };

const solver = new Solver();
// Exposed for the end-to-end tests (they check that a solver panic is
// reported readably and the worker restarts). Calls stay inside this page.
(globalThis as unknown as { carematchSolver: Solver }).carematchSolver = solver;
const saver = debounced((w: Workspace) => saveWorkspace(w), 250);
let ws: Workspace;

const active = (): Entry => ws.entries.find((e) => e.id === ws.active) ?? ws.entries[0];
const label = (s: string) => s.replace(/_/g, ' ');

function changed() {
  saver.schedule(ws);
  render();
}

// ---------------------------------------------------------------- status, errors, progress

function status(text: string) {
  $('status').textContent = text;
}

function showIssues(title: string, issues: IssueDto[]) {
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

function showError(title: string, e: unknown) {
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

function busy(on: boolean, what = '') {
  for (const id of ['run-matching', 'run-rounds', 'load-sample', 'scenario-new', 'scenario-compare']) ($(id) as HTMLButtonElement).disabled = on;
  ($('cancel') as HTMLButtonElement).disabled = !on;
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

// ---------------------------------------------------------------- runs

async function runMatching(entry = active()): Promise<boolean> {
  busy(true, `Matching ${entry.scenario.people.length} people`);
  showIssues('', []);
  const t = performance.now();
  try {
    const result = await solver.call<MatchResult>('matchPlacements', [entry.scenario, null]);
    entry.result = result;
    entry.matchMs = performance.now() - t;
    if (!ws.selected || ![...result.placements, ...result.unplaced].some((p) => p.person === ws.selected)) {
      ws.selected = (result.unplaced[0]?.person ?? result.placements[0]?.person) as string | undefined;
    }
    status(`Matching done in ${(entry.matchMs / 1000).toFixed(1)} s: ${result.totals.placed} placed, ${result.totals.unplaced} without an option.`);
    return true;
  } catch (e) {
    showError('Matching failed', e);
    return false;
  } finally {
    busy(false);
    changed();
  }
}

async function runRounds(entry = active()): Promise<boolean> {
  if (!entry.rounds) {
    showIssues('No homecare day', [{ code: 'no_rounds', record: '', path: '', message: 'this scenario has no visits and workers', hint: 'load the sample or import visits.csv and workers.csv' }]);
    return false;
  }
  const budgetMs = Number(($('budget') as HTMLSelectElement).value) || 3000;
  busy(true, `Planning ${entry.rounds.visits.length} visits for ${entry.rounds.workers.length} workers`);
  showIssues('', []);
  const bar = $('progress') as HTMLProgressElement;
  const t = performance.now();
  let iterations = 0;
  const timer = setInterval(() => {
    const pct = Math.min(99, ((performance.now() - t) / budgetMs) * 100);
    bar.value = pct;
    bar.setAttribute('aria-valuetext', `${Math.round(pct)}%`);
    status(`Planning rounds… ${Math.round(pct)}% (${iterations} improvement rounds tried)`);
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
    status(`Rounds planned in ${(entry.roundsMs / 1000).toFixed(1)} s: ${plan.summary.visits_planned} visits planned, ${plan.summary.visits_unplanned} not.`);
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

// ---------------------------------------------------------------- workspace

async function sampleEntry(): Promise<Entry> {
  const scenario = await solver.call<Scenario>('sampleScenario', [SAMPLE.people, SAMPLE.households, SAMPLE.seed]);
  const rounds = await solver.call<RoundsInput>('sampleRounds', [SAMPLE.visits, SAMPLE.workers, SAMPLE.seed]);
  return { id: newId(), name: 'Nottinghamshire sample', changes: [], scenario, rounds, updated: new Date().toISOString() };
}

async function loadSample() {
  busy(true, 'Loading the Nottinghamshire sample');
  try {
    const e = await sampleEntry();
    ws.entries.push(e);
    ws.active = e.id;
    ws.selected = undefined;
    showIssues('', []);
    status('Loaded the Nottinghamshire sample.');
  } catch (e) {
    showError('Could not load the sample', e);
  } finally {
    busy(false);
    changed();
  }
}

async function importFiles(files: File[]) {
  const issues: IssueDto[] = [];
  const imports: ImportedRows[] = [];
  let scenarioJson: string | undefined;
  let roundsJson: string | undefined;
  for (const f of files) {
    // Read and parsed in the worker: a large file never blocks the page.
    status(`Reading ${f.name}…`);
    const r = await solver.call<ImportOutcome>('readImport', [f]);
    if (r.type === 'issues') issues.push(...r.issues);
    else if (r.type === 'scenario') scenarioJson = r.json;
    else if (r.type === 'rounds') roundsJson = r.json;
    else imports.push(r.rows);
  }
  if (issues.length) {
    showIssues('Import failed', issues);
    status('Import failed: nothing was changed.');
    return;
  }
  const base = active();
  const entry: Entry = { ...duplicate(base), name: `Imported: ${files.map((f) => f.name).join(', ')}`, changes: [`imported ${files.map((f) => f.name).join(', ')}`], result: undefined, plan: undefined };
  const sc = entry.scenario as unknown as Record<string, unknown[]>;
  for (const imp of imports) {
    if (imp.kind === 'people' || imp.kind === 'households' || imp.kind === 'schemes') sc[imp.kind] = imp.records;
  }
  if (imports.some((i) => ['people', 'households', 'schemes'].includes(i.kind))) {
    // Introductions about records that are no longer there would only confuse.
    const people = new Set(entry.scenario.people.map((p) => String(p.id)));
    const hh = new Set(entry.scenario.households.map((p) => String(p.id)));
    const vac = new Set(entry.scenario.schemes.flatMap((s) => s.vacancies.map((v) => String(v.id))));
    entry.scenario.introductions = (entry.scenario.introductions ?? []).filter(
      (i) => people.has(String(i.person)) && (!i.household || hh.has(String(i.household))) && (!i.vacancy || vac.has(String(i.vacancy))),
    );
  }
  const roundImports = imports.filter((i) => i.kind === 'visits' || i.kind === 'workers');
  if (roundImports.length) {
    const day = (entry.rounds ?? { schema_version: 1, skills: [], visits: [], workers: [] }) as unknown as Record<string, unknown>;
    for (const imp of roundImports) day[imp.kind] = imp.records;
    const skills = new Set<string>();
    for (const list of [day.visits, day.workers] as { skills?: string[] }[][]) for (const r of list ?? []) for (const s of r.skills ?? []) skills.add(s);
    day.skills = [...skills].sort();
    entry.rounds = day as unknown as RoundsInput;
  }
  status('Checking the imported data…');
  try {
    entry.scenario = await solver.call<Scenario>('validate', [scenarioJson ?? entry.scenario]);
    if (roundsJson || entry.rounds) entry.rounds = await solver.call<RoundsInput>('validateRounds', [roundsJson ?? entry.rounds]);
  } catch (e) {
    if (e instanceof SolverError && e.issues.length) {
      showIssues('Import failed', e.issues.map((i) => locateIssue(i, imports)));
      status('Import failed: nothing was changed.');
    } else showError('Import failed', e);
    return;
  }
  ws.entries.push(entry);
  ws.active = entry.id;
  ws.selected = undefined;
  showIssues('', []);
  status(`Imported ${files.map((f) => f.name).join(', ')} as a new scenario.`);
  changed();
}

// ---------------------------------------------------------------- exports

function exportCsv() {
  const e = active();
  if (!e.result) {
    status('Run matching first: there is nothing to export yet.');
    return;
  }
  const people = new Map(e.scenario.people.map((p) => [String(p.id), p]));
  const rows: (string | number)[][] = [['person', 'name', 'district', 'outcome', 'option', 'score', 'weekly_cost_gbp', 'counterfactual_weekly_cost_gbp', 'weekly_saving_gbp', 'explanation']];
  for (const p of e.result.placements) {
    const person = people.get(String(p.person));
    rows.push([String(p.person), person?.name ?? '', person?.district ?? '', p.status, p.option.label, p.score.total, p.cost.weekly_cost / 100, p.cost.counterfactual_weekly_cost / 100, p.cost.weekly_saving / 100, p.why]);
  }
  for (const u of e.result.unplaced) {
    const person = people.get(String(u.person));
    rows.push([String(u.person), person?.name ?? '', person?.district ?? '', 'unplaced', '', '', '', '', '', u.explanation.summary]);
  }
  download(`${slug(e.name)}-placements.csv`, toCsv(rows), 'text/csv');
}

function exportJson() {
  const e = active();
  download(`${slug(e.name)}.json`, JSON.stringify({ name: e.name, changes: e.changes, scenario: e.scenario, result: e.result ?? null, rounds: e.rounds ?? null, plan: e.plan ?? null }, null, 2), 'application/json');
}

function exportRoundsCsv() {
  const e = active();
  if (!e.plan) {
    status('Run rounds first: there is nothing to export yet.');
    return;
  }
  const rows: (string | number)[][] = [['worker', 'shift', 'visit', 'client', 'arrival', 'start', 'end', 'wait_min', 'travel_min', 'with']];
  for (const r of e.plan.rounds) for (const st of r.stops) rows.push([r.worker, r.shift + 1, st.visit, st.client, st.arrival, st.start, st.end, st.wait, st.travel, st.with ?? '']);
  for (const u of e.plan.unplanned) rows.push(['', '', u.visit, u.client, '', '', '', '', '', `unplanned: ${u.reasons.join('; ')}`]);
  download(`${slug(e.name)}-rounds.csv`, toCsv(rows), 'text/csv');
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'scenario';

// ---------------------------------------------------------------- rendering

function card(title: string, value: string | number, note = '') {
  return h('div', { class: 'card' }, h('span', { class: 'big' }, String(value)), title, note ? h('div', { class: 'muted small' }, note) : '');
}

function summaryCards(e: Entry): HTMLElement[] {
  const sc = e.scenario;
  const places = sc.households.reduce((n, x) => n + x.places - (x.occupants?.length ?? 0), 0);
  const vacancies = sc.schemes.reduce((n, x) => n + x.vacancies.length, 0);
  const cards = [
    card('people referred', sc.people.length),
    card('Shared Lives households', sc.households.length, `${places} free place(s)`),
    card('supported-living schemes', sc.schemes.length, `${vacancies} vacancy(ies)`),
  ];
  if (e.result) {
    const t = e.result.totals;
    cards.push(
      card('proposed placements', t.placed, `${t.kept} kept from accepted introductions`),
      card('without an option', t.unplaced),
      card('weekly saving', pounds(t.weekly_saving), `${pounds(t.weekly_cost)} against ${pounds(t.counterfactual_weekly_cost)}`),
      card('plan quality', e.result.proven_optimal ? 'optimal' : 'best found', `${label(e.result.method)}, objective ${e.result.objective_value}`),
    );
  }
  if (e.rounds) cards.push(card('homecare visits', e.rounds.visits.length, `${e.rounds.workers.length} workers`));
  if (e.plan) {
    const s = e.plan.summary;
    cards.push(card('visits planned', s.visits_planned, `${s.visits_unplanned} not planned`), card('travel', `${(s.travel_minutes / 60).toFixed(1)} h`, `${pounds(s.cost)} pay`));
  }
  return cards;
}

function selectPerson(id: string) {
  ws.selected = id;
  changed();
  document.getElementById('explanation-heading')?.focus();
}

async function showShortlist(personId: string) {
  const e = active();
  try {
    const list = await solver.call<Shortlist>('shortlist', [e.scenario, null, personId, 5]);
    renderShortlist($('explanation'), list);
  } catch (err) {
    showError('Shortlist failed', err);
  }
}

function render() {
  const e = active();
  // Scenario pickers.
  for (const [id, current] of [['scenario-select', ws.active], ['compare-select', ws.compare]] as const) {
    const sel = $(id) as HTMLSelectElement;
    clear(sel);
    for (const x of ws.entries) sel.append(h('option', { value: x.id, selected: x.id === current }, x.name));
  }
  const closeSel = $('close-scheme') as HTMLSelectElement;
  clear(closeSel);
  for (const sch of e.scenario.schemes) closeSel.append(h('option', { value: String(sch.id) }, `${sch.id}${sch.name ? ` — ${sch.name}` : ''} (${sch.vacancies.length} vacancies)`));
  $('changes').textContent = e.changes.length ? `Changes in this scenario: ${e.changes.join('; ')}.` : 'The scenario as loaded, unchanged.';

  const summary = $('summary');
  clear(summary);
  summary.append(...summaryCards(e));

  renderMap($('map'), { scenario: e.scenario, result: e.result, rounds: e.rounds, plan: e.plan, selected: ws.selected }, selectPerson);
  renderExplanation($('explanation'), e.scenario, e.result, ws.selected, showShortlist);
  renderCostChart($('cost-chart'), e.result ? costByDistrict(e.scenario, e.result) : [], 'Weekly cost of the proposed placements against their current or counterfactual setting, by district');

  const people = new Map(e.scenario.people.map((p) => [String(p.id), p]));
  const district = (id: string) => {
    const p = people.get(id);
    return p ? (p.district ?? nearestDistrict(p.home.lat, p.home.lon).name) : '';
  };
  renderTable($('placements'), {
    caption: e.result ? `${e.result.placements.length} proposed placements` : 'Run matching to see proposed placements',
    testid: 'results-table',
    rows: e.result?.placements ?? [],
    rowKey: (p) => String(p.person),
    onExplain: (p) => selectPerson(String(p.person)),
    columns: [
      { label: 'Person', value: (p) => String(p.person) },
      { label: 'District', value: (p) => district(String(p.person)) },
      { label: 'Option', value: (p) => p.option.label },
      { label: 'Kind', value: (p) => label(p.option.kind) },
      { label: 'Status', value: (p) => label(p.status) },
      { label: 'Score', value: (p) => p.score.total, numeric: true },
      { label: 'Weekly cost', value: (p) => p.cost.weekly_cost, show: (p) => pounds(p.cost.weekly_cost), numeric: true },
      { label: 'Saving a week', value: (p) => p.cost.weekly_saving, show: (p) => pounds(p.cost.weekly_saving), numeric: true },
      { label: 'Backup', value: (p) => p.backup?.option.label ?? '—' },
    ],
  });
  renderTable($('unplaced'), {
    caption: e.result ? `${e.result.unplaced.length} people without an option in this plan` : 'Run matching to see who has no option',
    testid: 'unplaced-list',
    rows: e.result?.unplaced ?? [],
    rowKey: (u) => String(u.person),
    onExplain: (u) => selectPerson(String(u.person)),
    emptyText: e.result ? 'Everyone has an option.' : 'Not run yet.',
    columns: [
      { label: 'Person', value: (u) => String(u.person) },
      { label: 'District', value: (u) => district(String(u.person)) },
      { label: 'Feasible options', value: (u) => u.explanation.feasible_options, numeric: true },
      { label: 'Why not placed', value: (u) => u.explanation.summary },
      { label: 'Nearest miss', value: (u) => u.explanation.nearest_miss?.reason ?? '—' },
    ],
  });

  // Rounds.
  const rs = $('rounds-summary');
  clear(rs);
  if (e.plan) {
    const s = e.plan.summary;
    rs.append(h('p', {}, `${s.visits_planned} visits planned in ${e.plan.rounds.length} rounds; ${s.visits_unplanned} not planned. Travel ${(s.travel_minutes / 60).toFixed(1)} h, waiting ${(s.waiting_minutes / 60).toFixed(1)} h, overtime ${s.overtime_minutes} min, ${s.continuity_breaks} visit(s) by a worker the client does not know.`));
  }
  renderGantt($('gantt'), e.plan);
  type StopRow = { worker: string; shift: number; visit: string; client: string; arrival: string; start: string; end: string; wait: number; travel: number; with: string };
  const stops: StopRow[] = (e.plan?.rounds ?? []).flatMap((r) => r.stops.map((st) => ({ worker: r.worker, shift: r.shift, visit: st.visit, client: st.client, arrival: String(st.arrival), start: String(st.start), end: String(st.end), wait: st.wait, travel: st.travel, with: st.with ?? '' })));
  renderTable($('rounds-table'), {
    caption: e.plan ? `${stops.length} stops` : 'Run rounds to see every stop',
    rows: stops,
    testid: 'rounds-table',
    columns: [
      { label: 'Worker', value: (r) => r.worker },
      { label: 'Visit', value: (r) => r.visit },
      { label: 'Client', value: (r) => r.client },
      { label: 'Arrive', value: (r) => r.arrival },
      { label: 'Start', value: (r) => r.start },
      { label: 'End', value: (r) => r.end },
      { label: 'Wait (min)', value: (r) => r.wait, numeric: true },
      { label: 'Travel before (min)', value: (r) => r.travel, numeric: true },
      { label: 'With', value: (r) => r.with },
    ],
  });
  const uv = $('unplanned-visits');
  clear(uv);
  if (e.plan && e.plan.unplanned.length) {
    uv.append(
      h(
        'details',
        {},
        h('summary', {}, `${e.plan.unplanned.length} visit(s) not planned, with the reasons`),
        h('ul', { class: 'scroll', tabindex: '0', 'aria-label': 'Visits not planned' }, ...e.plan.unplanned.map((u) => h('li', {}, h('strong', {}, `${u.visit} (${u.client})`), `: ${u.reasons.join('; ')}`))),
      ),
    );
  }
  renderCompare();
}

// ---------------------------------------------------------------- compare

function renderCompare() {
  const host = $('compare');
  clear(host);
  const a = active();
  const b = ws.entries.find((x) => x.id === ws.compare && x.id !== a.id);
  if (!b) {
    host.append(h('p', { class: 'muted' }, 'Duplicate the scenario, change it (add carers, close a scheme), then choose “Compare side by side”.'));
    return;
  }
  type Fig = { label: string; get: (e: Entry) => number | undefined; fmt: (n: number) => string; better: 'up' | 'down' };
  const figs: Fig[] = [
    { label: 'People placed', get: (e) => e.result?.totals.placed, fmt: String, better: 'up' },
    { label: 'Without an option', get: (e) => e.result?.totals.unplaced, fmt: String, better: 'down' },
    { label: 'Weekly cost of placements', get: (e) => e.result?.totals.weekly_cost, fmt: pounds, better: 'down' },
    { label: 'Weekly saving', get: (e) => e.result?.totals.weekly_saving, fmt: pounds, better: 'up' },
    { label: 'Total match score', get: (e) => e.result?.totals.total_score, fmt: String, better: 'up' },
    { label: 'Visits planned', get: (e) => e.plan?.summary.visits_planned, fmt: String, better: 'up' },
    { label: 'Travel (hours)', get: (e) => (e.plan ? e.plan.summary.travel_minutes / 60 : undefined), fmt: (n) => n.toFixed(1), better: 'down' },
  ];
  // The scenario compared with comes first (usually the original), the current one second.
  const [x, y] = [b, a];
  const table = h(
    'table',
    { class: 'compact', 'data-testid': 'compare-table' },
    h('caption', {}, `${y.name} compared with ${x.name}`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Figure'), h('th', { scope: 'col', class: 'num' }, x.name), h('th', { scope: 'col', class: 'num' }, y.name), h('th', { scope: 'col', class: 'num' }, 'Change'))),
    h(
      'tbody',
      {},
      ...figs.map((f) => {
        const vx = f.get(x);
        const vy = f.get(y);
        let diff: Node | string = '—';
        if (vx !== undefined && vy !== undefined) {
          const d = vy - vx;
          const good = f.better === 'up' ? d > 0 : d < 0;
          diff = h('span', { class: d === 0 ? '' : good ? 'better' : 'worse' }, `${d > 0 ? '+' : d < 0 ? '−' : ''}${f.fmt(Math.abs(d))}`);
        }
        return h('tr', {}, h('th', { scope: 'row' }, f.label), h('td', { class: 'num' }, vx === undefined ? 'not run' : f.fmt(vx)), h('td', { class: 'num' }, vy === undefined ? 'not run' : f.fmt(vy)), h('td', { class: 'num' }, diff));
      }),
    ),
  );
  const cols = h('div', { class: 'compare-grid' });
  for (const e of [x, y]) {
    const box = h('div', {}, h('h3', {}, e.name), h('p', { class: 'muted' }, e.changes.length ? e.changes.join('; ') : 'unchanged'));
    const chart = h('div');
    renderCostChart(chart, e.result ? costByDistrict(e.scenario, e.result) : [], `Weekly cost by district — ${e.name}`);
    box.append(chart);
    cols.append(box);
  }
  host.append(
    table,
    h('p', { class: 'muted small' }, 'Matching is exact: the same scenario always gives the same plan. Rounds are searched for the chosen time, so two runs of the same day can differ slightly; compare rounds with the same search time.'),
  );
  if (a.result && b.result) {
    const outcome = (e: Entry, id: string) => {
      const p = e.result?.placements.find((x) => x.person === id);
      return p ? p.option.label : e.result?.unplaced.some((x) => x.person === id) ? 'no option' : 'not in scenario';
    };
    const ids = [...new Set([...x.scenario.people, ...y.scenario.people].map((p) => String(p.id)))];
    const diffs = ids.map((id) => ({ id, a: outcome(x, id), b: outcome(y, id) })).filter((r) => r.a !== r.b);
    const holder = h('div');
    renderTable(holder, {
      caption: `${diffs.length} people whose proposal differs`,
      rows: diffs,
      columns: [
        { label: 'Person', value: (r) => r.id },
        { label: x.name, value: (r) => r.a },
        { label: y.name, value: (r) => r.b },
      ],
      emptyText: 'Nobody’s proposal changes.',
    });
    host.append(holder);
  }
  host.append(cols);
}

async function compare() {
  const sel = ($('compare-select') as HTMLSelectElement).value;
  ws.compare = sel;
  const a = active();
  const b = ws.entries.find((x) => x.id === sel);
  if (!b || b.id === a.id) {
    status('Choose a different scenario to compare with.');
    changed();
    return;
  }
  // Run what is missing so the comparison is like for like.
  for (const e of [a, b]) if (!e.result && !(await runMatching(e))) return;
  for (const e of [a, b]) if (e.rounds && !e.plan && (a.plan || b.plan) && !(await runRounds(e))) return;
  changed();
  document.getElementById('compare-heading')?.scrollIntoView();
}

// ---------------------------------------------------------------- boot

function wire() {
  mountWeekPanel($('week-panel'), solver, status);
  $('load-sample').addEventListener('click', () => void loadSample());
  $('run-matching').addEventListener('click', () => void runMatching());
  $('run-rounds').addEventListener('click', () => void runRounds());
  $('cancel').addEventListener('click', () => solver.cancel());
  $('export-csv').addEventListener('click', exportCsv);
  $('export-json').addEventListener('click', exportJson);
  $('export-rounds-csv').addEventListener('click', exportRoundsCsv);
  $('scenario-compare').addEventListener('click', () => void compare());
  $('scenario-select').addEventListener('change', (ev) => {
    ws.active = (ev.target as HTMLSelectElement).value;
    ws.selected = undefined;
    showIssues('', []);
    changed();
  });
  $('scenario-new').addEventListener('click', () => {
    const copy = duplicate(active());
    ws.compare = ws.active;
    ws.entries.push(copy);
    ws.active = copy.id;
    status(`Created “${copy.name}”. Change it, run it, and compare.`);
    changed();
  });
  $('scenario-delete').addEventListener('click', () => {
    if (ws.entries.length <= 1) {
      status('This is the only scenario; load the sample or import data first.');
      return;
    }
    ws.entries = ws.entries.filter((x) => x.id !== ws.active);
    ws.active = ws.entries[0].id;
    changed();
  });
  $('add-carers-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const n = Math.max(1, Math.min(200, Number(($('add-n') as HTMLInputElement).value) || 0));
    const d = ($('add-district') as HTMLSelectElement).value;
    status(`Scenario changed: ${addCarers(active(), n, d)}. Run matching to see the effect.`);
    changed();
  });
  $('close-scheme-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const id = ($('close-scheme') as HTMLSelectElement).value;
    const c = closeScheme(active(), id);
    if (c) status(`Scenario changed: ${c}. Run matching to see the effect.`);
    changed();
  });
  const file = $('import-file') as HTMLInputElement;
  file.addEventListener('change', () => {
    const files = [...(file.files ?? [])];
    file.value = '';
    if (files.length) void importFiles(files);
  });
  $('reset').addEventListener('click', async () => {
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
  saver.onStatus((s, failed) => {
    $('save-status').textContent = s;
    $('save-status').dataset.failed = String(failed);
  });
  // Save at once when the page is hidden or closed.
  addEventListener('pagehide', () => void saver.flush());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void saver.flush();
  });
}

async function boot() {
  wire();
  mountAnalytics($('analytics'), { solver, scenario: () => (ws ? active().scenario : undefined), status, error: showError });
  solver
    .version()
    .then((v) => ($('version').textContent = `carematch ${v}.`))
    .catch((e) => showError('The solver could not start', e));
  const interrupted = takeInterruptedRun();
  let saved: Workspace | undefined;
  try {
    saved = await loadWorkspace<Workspace>();
  } catch {
    saved = undefined;
  }
  if (saved && saved.version === 1 && saved.entries?.length) {
    ws = saved;
    $('save-status').textContent = 'Workspace restored from this browser.';
    if (interrupted) status(`“${interrupted}” did not finish: the page was closed or the solver stopped. Your last saved workspace was restored; run it again when ready.`);
  } else {
    busy(true, 'Loading the Nottinghamshire sample');
    try {
      const e = await sampleEntry();
      ws = { version: 1, entries: [e], active: e.id };
      status('Opened on the Nottinghamshire sample. Run matching or rounds.');
    } catch (e) {
      showError('The solver could not start', e);
      return;
    } finally {
      busy(false);
    }
    saver.schedule(ws);
  }
  render();
  document.body.dataset.ready = 'true';
}

void boot();

// Native/wasm parity: the same input and seed must give the same result from
// the `carematch` CLI (native) and from the wasm package the web tool uses.
//
// Both outputs are parsed and re-serialised by the same JSON.stringify, so the
// comparison is on every key (in order), every string and every number (bit
// for bit as an f64), without depending on how serde_json and JavaScript
// print numbers (1.0 vs 1). Also checks that bad input gives the CLI's issue
// list, and that a panic reaches JavaScript as a readable error.
//
// Needs: wasm/pkg built (scripts/build-wasm.sh) and CAREMATCH_BIN pointing at
// the native binary (scripts/test.sh builds it).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '../../wasm/pkg');
const wasm = await import(join(pkg, 'carematch_wasm.js'));
wasm.initSync({ module: readFileSync(join(pkg, 'carematch_wasm_bg.wasm')) });
const bin = process.env.CAREMATCH_BIN ?? join(here, '../../target/debug/carematch');
const dir = mkdtempSync(join(tmpdir(), 'carematch-parity-'));

const cli = (...args) => execFileSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
const canon = (v) => JSON.stringify(typeof v === 'string' ? JSON.parse(v) : v);
let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : `: ${detail}`}`);
}
function firstDiff(a, b) {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at char ${i}: native …${a.slice(Math.max(0, i - 60), i + 60)}… wasm …${b.slice(Math.max(0, i - 60), i + 60)}…`;
}
function same(name, native, fromWasm) {
  const a = canon(native);
  const b = canon(fromWasm);
  check(name, a === b, firstDiff(a, b));
}

// Placement matching on the web tool's own sample and another size/seed.
for (const [people, households, seed] of [[120, 66, 42], [60, 25, 7]]) {
  const native = cli('sample', '--profile', 'generous', '--people', String(people), '--households', String(households), '--seed', String(seed));
  same(`sampleScenario(${people}, ${households}, ${seed}) = carematch sample`, native, wasm.sampleScenario(people, households, seed));
  const file = join(dir, `scenario-${seed}.json`);
  writeFileSync(file, native);
  same(`matchPlacements = carematch match (seed ${seed})`, cli('match', file), wasm.matchPlacements(native));
  const first = JSON.parse(native).people[0].id;
  same(`shortlist(${first}) = carematch shortlist`, cli('shortlist', file, '--person', first), wasm.shortlist(native, undefined, first, 5));
}

// The realistic county the web tool opens on (`carematch sample`, seed 1):
// calendars (bookings, time off, short-break dates, day-support sessions),
// people ready to move on, and a plan with move-on chains and the new totals.
{
  const native = cli('sample');
  same('sampleCounty() = carematch sample (realistic)', native, wasm.sampleCounty());
  same('sampleCounty({realistic, 120, 66, seed 1}) = carematch sample', native, wasm.sampleCounty({ profile: 'realistic', people: 120, households: 66, seed: 1 }));
  same('sampleCounty({generous, 120, 66, seed 42}) = carematch sample --profile generous', cli('sample', '--profile', 'generous', '--people', '120', '--households', '66', '--seed', '42'), wasm.sampleCounty({ profile: 'generous', people: 120, households: 66, seed: 42 }));
  const sc = JSON.parse(native);
  check('the realistic sample has calendars and movers', sc.households.some((h) => h.bookings?.length) && sc.households.some((h) => h.unavailable?.length) && sc.people.some((p) => p.sessions?.length) && sc.people.some((p) => p.dates) && sc.people.some((p) => p.holds));
  const file = join(dir, 'county.json');
  writeFileSync(file, native);
  const out = join(dir, 'county-result.json');
  cli('match', file, '-o', out);
  const nativeResult = readFileSync(out, 'utf8');
  const fromWasm = wasm.matchPlacements(native);
  same('matchPlacements = carematch match (realistic county: chains, calendars, totals)', nativeResult, fromWasm);
  const r = JSON.parse(nativeResult);
  check('the county plan has chains, people staying and one-off savings', r.chains.length > 0 && r.totals.chains === r.chains.length && r.totals.one_off_saving !== 0 && r.shared_lives_target, JSON.stringify(r.totals));
  const mover = sc.people.find((p) => p.holds).id;
  same(`shortlist(${mover}) = carematch shortlist (a mover)`, cli('shortlist', file, '--person', mover), wasm.shortlist(native, undefined, mover, 5));
}

// Homecare rounds with a fixed iteration budget (no clock involved).
{
  const native = cli('sample-rounds', '--visits', '120', '--workers', '20', '--seed', '42');
  same('sampleRounds(120, 20, 42) = carematch sample-rounds', native, wasm.sampleRounds(120, 20, 42));
  const file = join(dir, 'rounds.json');
  writeFileSync(file, native);
  // The plan goes to a file: standard output ends with the summary line.
  const planFile = join(dir, 'plan.json');
  cli('rounds', file, '--seed', '3', '--iterations', '300', '--seconds', '86400', '-o', planFile);
  const plan = readFileSync(planFile, 'utf8');
  same('planRounds(seed 3, 300 iterations) = carematch rounds', plan, wasm.planRounds(native, { seed: 3, maxIterations: 300 }));
}

// A week of rounds (teams, team first then fill, re-teaming, repair), with a
// fixed iteration budget per day solve.
{
  const native = cli('sample-rounds', '--days', '3', '--visits', '30', '--workers', '6', '--seed', '5');
  same('sampleWeek(3, 30, 6, 5) = carematch sample-rounds --days 3', native, wasm.sampleWeek(3, 30, 6, 5));
  const file = join(dir, 'week.json');
  writeFileSync(file, native);
  const planFile = join(dir, 'week-plan.json');
  cli('rounds', file, '--seed', '2', '--iterations', '20', '--seconds', '86400', '-o', planFile);
  same('planWeek(seed 2, 20 iterations) = carematch rounds (a week)', readFileSync(planFile, 'utf8'), wasm.planWeek(native, { seed: 2, maxIterations: 20 }));
}

// Commissioning analytics: the district lens and the flow simulation.
{
  const native = cli('sample', '--profile', 'generous', '--people', '60', '--households', '25', '--seed', '7');
  const file = join(dir, 'analytics.json');
  writeFileSync(file, native);
  const lensFile = join(dir, 'lens.json');
  cli('districts', file, '-o', lensFile);
  same('districtLens = carematch districts', readFileSync(lensFile, 'utf8'), wasm.districtLens(native));
  const simFile = join(dir, 'simulation.json');
  cli('simulate', '--weeks', '26', '--replications', '2', '--seed', '3', '-o', simFile);
  const county = wasm.sampleScenario(60, 66, 1);
  same('simulateFlow(26 weeks, 2 replications, seed 3) = carematch simulate', JSON.parse(readFileSync(simFile, 'utf8'))[0][1], wasm.simulateFlow(county, undefined, { weeks: 26, replications: 2, seed: 3 }));
  // The realistic county (movers, own tenancies, dated short breaks, day
  // sessions, primary care networks): its lens and its simulation.
  const realistic = cli('sample');
  const realFile = join(dir, 'realistic.json');
  writeFileSync(realFile, realistic);
  const realLens = join(dir, 'realistic-lens.json');
  cli('districts', realFile, '-o', realLens);
  same('districtLens(realistic, networks) = carematch districts', readFileSync(realLens, 'utf8'), wasm.districtLens(realistic));
  const realSim = join(dir, 'realistic-simulation.json');
  cli('simulate', realFile, '--weeks', '26', '--replications', '2', '--seed', '3', '-o', realSim);
  same('simulateFlow(realistic, 26 weeks, 2 replications, seed 3) = carematch simulate', JSON.parse(readFileSync(realSim, 'utf8'))[0][1], wasm.simulateFlow(realistic, undefined, { weeks: 26, replications: 2, seed: 3 }));
}

// Bad input: the same issue list as the CLI prints.
{
  const bad = JSON.stringify({ schema_version: 1, people: [{ id: 'P1', age: 30, needs: ['autism'], home: { lat: 95, lon: -1.1 } }, { id: 'P1', age: 40, needs: ['autism'], home: { lat: 53, lon: -1.1 } }], households: [{ id: 'H1', location: { lat: 53, lon: -1 }, approvals: [], places: 0 }] });
  const file = join(dir, 'bad.json');
  writeFileSync(file, bad);
  const run = spawnSync(bin, ['validate', file], { encoding: 'utf8' });
  let issues = [];
  let kind = '';
  try {
    wasm.validate(bad);
  } catch (e) {
    issues = e.issues ?? [];
    kind = e.kind;
  }
  check('bad input throws kind "invalid" with issues', kind === 'invalid' && issues.length >= 3, `kind=${kind} issues=${issues.length}`);
  const lines = run.stderr.split('\n').filter((l) => l.startsWith('  - '));
  const shown = issues.map((i) => `  - ${[i.record, i.path].filter(Boolean).map((x) => `${x}: `).join('')}${i.message} [${i.code}]${i.hint ? ` (hint: ${i.hint})` : ''}`);
  check('the issue list equals the CLI’s (record, path, message, code, hint)', run.status !== 0 && JSON.stringify(lines) === JSON.stringify(shown), `cli=${JSON.stringify(lines)}\nwasm=${JSON.stringify(shown)}`);
  let empty = '';
  try {
    wasm.validate('');
  } catch (e) {
    empty = e.issues?.[0]?.code ?? '';
  }
  check('empty input is refused with empty_input', empty === 'empty_input', empty);
}

// A panic is a readable JavaScript error, not an opaque trap.
{
  let message = '';
  try {
    wasm.selfTestPanic('parity');
  } catch (e) {
    message = String(e.message);
  }
  check('a panic reaches JavaScript as a readable error', message.includes('carematch internal error') && message.includes('self-test panic: parity'), message);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

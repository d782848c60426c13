// Property tests of the CSV importer (src/csv.ts) with fast-check under
// `node --test`: the page hands it any text a person picks, so it must never
// throw, must say what is wrong for each bad cell, and must read back what
// the tool itself writes. Run with `npm run test:unit` (compiles src/csv.ts
// to .unit-build/ first). FAST_CHECK_RUNS raises the number of cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { COLUMNS, FILE_OF, MAX_CSV_COLUMNS, MAX_CSV_ISSUES, detectSeparator, importCsv, parseCsv, template, toCsv } from '../.unit-build/csv.js';

const runs = Number(process.env.FAST_CHECK_RUNS ?? 300);
const KINDS = Object.keys(COLUMNS);

// Cells that stress quoting: commas, quotes, CR, LF, BOM, unicode.
const cellChar = fc.constantFrom('a', 'Z', '0', ' ', ',', '"', '\n', '\r', ';', '£', 'é', '\uFEFF', '\t', '-');
const cell = fc.string({ unit: cellChar, maxLength: 12 });

function isIssue(i) {
  return typeof i.code === 'string' && i.code !== '' && typeof i.record === 'string' && typeof i.message === 'string' && i.message !== '' && typeof i.hint === 'string' && i.hint !== '';
}

test('parseCsv reads back what toCsv writes (any cells, quotes and line breaks)', () => {
  fc.assert(
    fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), (rows) => {
      // A row of only blank cells is skipped on purpose; a leading BOM is dropped.
      const kept = rows.filter((r) => r.some((x) => x.trim() !== ''));
      const text = toCsv(rows);
      const parsed = parseCsv(text).map((r) => r.cells);
      if (text.startsWith('\uFEFF')) return; // the BOM of the first cell is read as a byte-order mark
      assert.deepEqual(parsed, kept);
    }),
    { numRuns: runs },
  );
});

test('row numbers count the lines a record starts on, quoted line breaks included', () => {
  fc.assert(
    fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }), (rows) => {
      const text = toCsv(rows);
      if (text.startsWith('\uFEFF')) return;
      const parsed = parseCsv(text);
      const lines = text.split(/\r\n|\r|\n/);
      for (let k = 1; k < parsed.length; k++) assert.ok(parsed[k].line > parsed[k - 1].line);
      for (const r of parsed) assert.ok(r.line >= 1 && r.line <= lines.length);
    }),
    { numRuns: runs },
  );
});

test('importCsv never throws on arbitrary text and every issue says where, what and what to do', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 400 }), fc.constantFrom('people.csv', 'x.csv', ''), (text, name) => {
      const r = importCsv(name, text);
      for (const i of r.issues) assert.ok(isIssue(i), JSON.stringify(i));
      if ('kind' in r) assert.equal(r.records.length, r.lines.length);
    }),
    { numRuns: runs },
  );
});

// A template header with arbitrary (often wrong) values under it.
const kindAndRows = fc.constantFrom(...KINDS).chain((kind) =>
  fc.tuple(
    fc.constant(kind),
    fc.array(fc.array(fc.oneof(cell, fc.constantFrom('yes', 'no', '12', '-3', '1e400', '99999999999999999999', '£1,250.50', '07:30', '2026-02-30', 'NaN', '')), { minLength: COLUMNS[kind].length, maxLength: COLUMNS[kind].length }), { maxLength: 12 }),
  ),
);

test('imported records hold only values of the column type: safe integers, finite numbers, booleans, lists', () => {
  fc.assert(
    fc.property(kindAndRows, ([kind, rows]) => {
      const cols = COLUMNS[kind];
      const text = toCsv([cols.map((c) => c.name), ...rows]);
      const r = importCsv(`${kind}.csv`, text);
      assert.ok('kind' in r, `header of ${kind} not recognised`);
      assert.equal(r.kind, kind);
      for (const i of r.issues) assert.ok(isIssue(i), JSON.stringify(i));
      for (const rec of r.records) {
        for (const c of cols) {
          if (!c.path) continue;
          const v = c.path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), rec);
          if (v === undefined) continue;
          if (kind === 'schemes' && c.path === 'vacancies') {
            // The count becomes that many vacancy records (at most 50).
            assert.ok(Array.isArray(v) && v.length <= 50, `vacancies: ${JSON.stringify(v)}`);
            continue;
          }
          if (c.type === 'int' || c.type === 'pounds') assert.ok(Number.isSafeInteger(v), `${c.name}: ${v}`);
          if (c.type === 'number') assert.ok(Number.isFinite(v), `${c.name}: ${v}`);
          if (c.type === 'bool') assert.equal(typeof v, 'boolean');
          if (c.type === 'list') assert.ok(Array.isArray(v) && v.every((x) => typeof x === 'string' && x === x.trim() && x !== ''));
          if (c.values && c.type === 'string') assert.ok(c.values.includes(v), `${c.name}: ${v}`);
        }
      }
      // Each bad cell is named by its row and column.
      for (const i of r.issues.filter((x) => x.code === 'bad_value')) {
        assert.match(i.record, new RegExp(`^${kind}\\.csv row \\d+$`));
        assert.ok(cols.some((c) => c.name === i.path), i.path);
      }
    }),
    { numRuns: runs },
  );
});

test('every template imports cleanly, with its example row', () => {
  for (const kind of KINDS) {
    const r = importCsv(`${kind}.csv`, template(kind));
    assert.ok('kind' in r && r.kind === kind, kind);
    assert.deepEqual(r.issues, [], kind);
    assert.equal(r.records.length, 1);
  }
});

test('a 60 MB one-line people file is refused with a short, clear error, fast', () => {
  // Generated here, never committed: one header line of 60 MB with no line break.
  const unit = 'home_lat,'.repeat(1000);
  const text = unit.repeat(Math.ceil((60 * 1024 * 1024) / unit.length));
  assert.ok(text.length >= 60 * 1024 * 1024);
  const cpu = process.cpuUsage();
  const r = importCsv('people.csv', text);
  const ms = process.cpuUsage(cpu).user / 1000;
  assert.ok(!('kind' in r));
  assert.equal(r.issues.length, 1);
  assert.equal(r.issues[0].code, 'too_many_columns');
  assert.match(r.issues[0].message, new RegExp(`at most ${MAX_CSV_COLUMNS}`));
  assert.ok(r.issues[0].message.length < 600, `message of ${r.issues[0].message.length} characters`);
  assert.ok(ms < 10000, `${ms} ms of CPU`);
});

test('a file with thousands of bad cells lists a bounded number of issues and says how many more', () => {
  const cols = COLUMNS.people;
  const bad = cols.map((c) => (c.type === 'int' || c.type === 'number' ? 'x' : ''));
  const text = toCsv([cols.map((c) => c.name), ...Array.from({ length: 2000 }, () => bad)]);
  const r = importCsv('people.csv', text);
  assert.ok('kind' in r);
  assert.equal(r.issues.length, MAX_CSV_ISSUES + 1);
  const last = r.issues[r.issues.length - 1];
  assert.equal(last.code, 'too_many_issues');
  assert.match(last.message, /more problems/);
});

test('a 60 MB people file of one-line records is refused by its row count, fast and without holding it all', () => {
  const header = 'id,age,needs,home_lat,home_lon\r\n';
  const row = 'P0000001,34,learning_disability,53.30,-1.00\r\n';
  const text = header + row.repeat(Math.ceil((60 * 1024 * 1024) / row.length));
  const cpu = process.cpuUsage();
  const r = importCsv('people.csv', text);
  const ms = process.cpuUsage(cpu).user / 1000;
  assert.ok(!('kind' in r));
  assert.deepEqual(r.issues.map((i) => i.code), ['too_many_rows']);
  assert.match(r.issues[0].message, /more than 50000 rows/);
  assert.ok(ms < 10000, `${ms} ms of CPU`);
});

test('the limits hold whatever the separator, and parseCsv reads back any separator', () => {
  for (const sep of [';', '\t']) {
    // Columns: a huge one-line header with this separator is refused by its width.
    const wide = `home_lat${sep}`.repeat(MAX_CSV_COLUMNS * 50);
    const r = importCsv('people.csv', wide);
    assert.equal(detectSeparator(wide), sep);
    assert.ok(!('kind' in r));
    assert.deepEqual(r.issues.map((i) => i.code), ['too_many_columns']);
    // Issues: postcode and place problems (from the import context) count towards the cap too.
    const header = ['id', 'age', 'needs', 'home_lat', 'home_lon', 'postcode'].join(sep);
    const rows = Array.from({ length: 1500 }, (_, k) => [`P${k}`, 'x', 'learning_disability', '', '', 'NG1 1AA'].join(sep));
    const ctx = { postcode: () => undefined, placeProblem: () => 'is outside England' };
    const many = importCsv('people.csv', [header, ...rows].join('\r\n'), ctx);
    assert.ok('kind' in many);
    assert.equal(many.issues.length, MAX_CSV_ISSUES + 1);
    assert.ok(many.issues.some((i) => i.code === 'unknown_postcode'));
    assert.equal(many.issues[many.issues.length - 1].code, 'too_many_issues');
  }
  fc.assert(
    fc.property(fc.constantFrom(',', ';', '\t'), fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', '1', ' ', '.', '-'), maxLength: 6 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (sep, rows) => {
      const kept = rows.filter((r) => r.some((x) => x.trim() !== ''));
      const parsed = parseCsv(rows.map((r) => r.join(sep)).join('\n'), sep, Infinity, Infinity).map((r) => r.cells);
      assert.deepEqual(parsed, kept);
    }),
    { numRuns: runs },
  );
});

// Issue 11 leftovers: bookings (households), held places (people) and important places (their own file).
const id = fc.stringMatching(/^[A-Za-z0-9-]{1,8}$/);
const isoDay = fc.integer({ min: 19000, max: 21000 }).map((d) => new Date(d * 86400000).toISOString().slice(0, 10));
const booking = fc.record({ person: id, dates: fc.record({ start: isoDay, end: isoDay }) });

function householdRow(cells, sep = ',') {
  const cols = COLUMNS.households;
  const row = cols.map((c) => c.example);
  for (const [k, v] of Object.entries(cells)) row[cols.findIndex((c) => c.name === k)] = v;
  if (sep === ',') return toCsv([cols.map((c) => c.name), row]);
  // With ";" between columns, lists use "|".
  return [cols.map((c) => c.name), row.map((x) => x.replace(/;/g, '|'))].map((r) => r.join(';')).join('\r\n');
}

test('bookings read back as written: person@first/last, any number, either separator', () => {
  fc.assert(
    fc.property(fc.array(booking, { maxLength: 6 }), fc.constantFrom(',', ';'), (list, sep) => {
      const cell = list.map((b) => `${b.person}@${b.dates.start}/${b.dates.end}`).join(';');
      const r = importCsv('households.csv', householdRow({ bookings: cell }, sep));
      assert.ok('kind' in r);
      assert.deepEqual(r.issues, []);
      assert.deepEqual(r.records[0].bookings ?? [], JSON.parse(JSON.stringify(list)));
    }),
    { numRuns: runs },
  );
});

test('a bad booking is named by file, row and column, with the format in the hint', () => {
  fc.assert(
    fc.property(fc.constantFrom('P1', 'P1@2026-01-01', 'P1@2026-1-1/2026-01-02', '@2026-01-01/2026-01-02', 'P 1@2026-01-01/2026-01-02', 'P1:2026-01-01/2026-01-02'), (bad) => {
      const r = importCsv('households.csv', householdRow({ bookings: `OK@2026-01-01/2026-01-03;${bad}` }));
      assert.ok('kind' in r);
      assert.equal(r.issues.length, 1);
      assert.equal(r.issues[0].record, 'households.csv row 2');
      assert.equal(r.issues[0].path, 'bookings');
      assert.match(r.issues[0].message, /person@YYYY-MM-DD\/YYYY-MM-DD/);
      assert.equal(r.records[0].bookings, undefined);
    }),
    { numRuns: 50 },
  );
});

test('held places (move-on) read into people.holds', () => {
  fc.assert(
    fc.property(fc.option(id, { nil: '' }), fc.option(id, { nil: '' }), fc.boolean(), (household, scheme, ensuite) => {
      const cols = COLUMNS.people;
      const row = cols.map((c) => c.example);
      const set = (k, v) => (row[cols.findIndex((c) => c.name === k)] = v);
      set('holds_household', household);
      set('holds_scheme', scheme);
      set('holds_en_suite', ensuite ? 'yes' : 'no');
      const r = importCsv('people.csv', toCsv([cols.map((c) => c.name), row]));
      assert.ok('kind' in r);
      assert.deepEqual(r.issues, []);
      const h = r.records[0].holds;
      assert.equal(h.household, household || undefined);
      assert.equal(h.scheme, scheme || undefined);
      assert.equal(h.en_suite, ensuite);
    }),
    { numRuns: runs },
  );
});

test('important places: their own file, every bad cell in one pass, the person kept for the page to attach', () => {
  const header = COLUMNS.places.map((c) => c.name);
  assert.equal(FILE_OF.places, 'important-places.csv');
  const text = toCsv([header, ['P1', 'family', 'Mum', '53.1', '-1.1', '', '45'], ['P2', 'pub', '', 'x', '-1.1', '', 'soon'], ['', 'work', '', '53.1', '-1.1', '', '30']]);
  const r = importCsv('important-places.csv', text);
  assert.ok('kind' in r && r.kind === 'places');
  assert.deepEqual(
    r.issues.map((i) => `${i.record}|${i.path}|${i.code}`),
    ['important-places.csv row 3|kind|bad_value', 'important-places.csv row 3|lat|bad_value', 'important-places.csv row 3|max_travel_minutes|bad_value', 'important-places.csv row 4|person|missing_value'],
  );
  assert.deepEqual(r.records[0], { __person: 'P1', kind: 'family', name: 'Mum', location: { lat: 53.1, lon: -1.1 }, max_travel_minutes: 45 });
});

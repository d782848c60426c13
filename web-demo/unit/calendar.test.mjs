// Property tests of the place calendar (src/calendar-model.ts): a household's
// places are interchangeable, so stays may go to any free place; the
// calendar must never put two stays on one place on one date, must use no
// more places than the household has when some assignment fits (checked by
// counting stays date by date, not by the model's own packing), and must
// show an "Over capacity" row exactly when some date has more stays than places.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { OVER, buildCalendar, clashes, dayNumber, isoDate } from '../.unit-build/calendar-model.js';

const runs = Number(process.env.FAST_CHECK_RUNS ?? 300);
const AS_OF = '2025-04-01';
const d0 = dayNumber(AS_OF);

// A stay: a short break (first day, nights) or a long-term stay from a day.
const stay = fc.record({ kind: fc.constantFrom('short_break', 'long_term'), start: fc.integer({ min: 0, max: 120 }), len: fc.integer({ min: 0, max: 20 }) });

function scenarioOf({ places, occupants, booked, planned }) {
  const people = planned.map((s, i) => ({
    id: `P${i}`,
    arrangement: s.kind,
    dates: s.kind === 'short_break' ? { start: isoDate(d0 + s.start), end: isoDate(d0 + s.start + s.len) } : null,
    needed_by: s.kind === 'long_term' ? isoDate(d0 + s.start) : null,
  }));
  const households = [
    {
      id: 'H1',
      places,
      occupants: Array.from({ length: occupants }, (_, i) => ({ id: `O${i}` })),
      bookings: booked.map((b, i) => ({ person: `B${i}`, dates: { start: isoDate(d0 + b.start), end: isoDate(d0 + b.start + b.len) } })),
      unavailable: [],
    },
  ];
  const result = { placements: people.map((p) => ({ person: p.id, option: { household: 'H1' }, status: 'proposed' })) };
  return { scenario: { as_of: AS_OF, people, households, schemes: [] }, result };
}

/** Most stays on any one date (occupants count on every date), counted day by day. */
function peak({ occupants, booked, planned }) {
  const spans = [...booked.map((b) => [b.start, b.start + b.len]), ...planned.map((s) => (s.kind === 'short_break' ? [s.start, s.start + s.len] : [s.start, Infinity]))];
  let most = 0;
  for (let d = 0; d <= 141; d++) most = Math.max(most, spans.filter(([a, b]) => a <= d && d <= b).length);
  return occupants + most;
}

const household = fc.record({
  places: fc.integer({ min: 1, max: 3 }),
  occupants: fc.integer({ min: 0, max: 2 }),
  booked: fc.array(fc.record({ start: fc.integer({ min: 0, max: 120 }), len: fc.integer({ min: 0, max: 10 }) }), { maxLength: 4 }),
  planned: fc.array(stay, { maxLength: 6 }),
});

test('no two stays share a place on a date; over capacity shown exactly when some date has more stays than places', () => {
  fc.assert(
    fc.property(household, (h) => {
      const { scenario, result } = scenarioOf(h);
      const c = buildCalendar(scenario, result, 'H1');
      const real = c.stays.filter((s) => s.place !== OVER);
      assert.deepEqual(clashes({ ...c, stays: real }), []);
      const over = c.places.includes(OVER);
      assert.equal(over, peak(h) > h.places, `peak ${peak(h)} for ${h.places} places`);
      assert.ok(c.places.filter((p) => p !== OVER).length === h.places);
      // Every stay is on the calendar with its own dates.
      assert.equal(c.stays.length, h.occupants + h.booked.length + h.planned.length);
      for (const [i, s] of h.planned.entries()) {
        const got = c.stays.find((x) => x.who === `P${i}`);
        assert.equal(got.start, d0 + s.start);
        assert.equal(got.end, s.kind === 'short_break' ? d0 + s.start + s.len : undefined);
        assert.equal(got.kind, 'added');
      }
    }),
    { numRuns: runs },
  );
});

test('day support takes no bedroom: sessions by weekday; an unknown home gives no calendar', () => {
  const scenario = { as_of: AS_OF, people: [{ id: 'D1', arrangement: 'day_support', sessions: [{ day: 'monday', hours: 4 }, { day: 'thursday', hours: 8 }] }], households: [{ id: 'H1', places: 1, occupants: [{ id: 'O1' }] }], schemes: [] };
  const result = { placements: [{ person: 'D1', option: { household: 'H1' }, status: 'proposed' }] };
  const c = buildCalendar(scenario, result, 'H1');
  assert.ok(!c.places.includes(OVER));
  assert.deepEqual(c.sessions.map((s) => `${s.day}:${s.hours}`), ['monday:4', 'thursday:8']);
  assert.equal(buildCalendar(scenario, result, 'nowhere'), undefined);
});

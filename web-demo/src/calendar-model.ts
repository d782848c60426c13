// The places of one Shared Lives household or supported-living scheme by
// date: who lives there now, stays already booked, places held by people
// ready to move on, the carers' time off, and the stays a plan adds (short
// breaks with their dates, long-term stays from their start date, emergency
// stays from today, day support as weekday sessions, which take no bedroom).
// Pure data in, data out (no DOM), so it is unit-tested on its own.
//
// The types are structural (only the fields read here), so this file needs
// nothing from the wasm package.

export interface DateRangeIn {
  start: string;
  end: string;
}
interface Resident {
  id: string;
}
export interface HouseholdIn {
  id: string;
  name?: string | null;
  places: number;
  occupants?: Resident[];
  bookings?: { person: string; dates: DateRangeIn }[];
  unavailable?: DateRangeIn[];
  day_support_places?: number | null;
  day_support_days?: string[] | null;
  available_from?: string | null;
}
export interface SchemeIn {
  id: string;
  name?: string | null;
  tenants?: Resident[];
  vacancies: { id: string; available_from?: string | null }[];
}
export interface PersonIn {
  id: string;
  arrangement?: string;
  dates?: DateRangeIn | null;
  sessions?: { day: string; hours: number }[];
  needed_by?: string | null;
  holds?: { household?: string | null; scheme?: string | null } | null;
}
export interface ScenarioIn {
  as_of?: string | null;
  people: PersonIn[];
  households: HouseholdIn[];
  schemes: SchemeIn[];
}
interface OptionIn {
  household?: string | null;
  scheme?: string | null;
  vacancy?: string | null;
}
export interface ResultIn {
  placements: { person: string; option: OptionIn; status: string; moves_from?: OptionIn | null }[];
  staying?: { person: string }[];
}

/** What a stay on the calendar is. */
export type StayKind = 'occupant' | 'held' | 'leaves' | 'booking' | 'added' | 'kept';

export interface Stay {
  /** The place (row) it is drawn on: "Place 2", "room S007-V1". */
  place: string;
  who: string;
  kind: StayKind;
  /** In words: "short break", "long-term from the day needed", "lives here". */
  what: string;
  /** First night as a day number (days since 1970-01-01); undefined = before the calendar starts. */
  start?: number;
  /** Last night; undefined = open-ended. */
  end?: number;
}

export interface DaySession {
  who: string;
  day: string;
  hours: number;
  kind: 'added' | 'kept';
}

export interface Calendar {
  home: string;
  kind: 'household' | 'scheme';
  /** Rows, in order. A row named "Over capacity" means more stays than places on some date. */
  places: string[];
  stays: Stay[];
  /** The carers' time off (the whole household). */
  timeOff: { start: number; end: number }[];
  /** Day-support sessions by weekday (households). */
  sessions: DaySession[];
  /** Day-support places per weekday and the days offered (households). */
  dayPlaces?: number;
  dayDays?: string[];
  /** Window to draw: first and last day. */
  from: number;
  to: number;
}

export const OVER = 'Over capacity';
const DAY = 86_400_000;

/** Day number of an ISO date (YYYY-MM-DD), or undefined. */
export function dayNumber(iso: string | null | undefined): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY : undefined;
}

/** ISO date of a day number. */
export const isoDate = (d: number) => new Date(d * DAY).toISOString().slice(0, 10);

const overlaps = (a: Stay, b: Stay) => (a.start ?? -Infinity) <= (b.end ?? Infinity) && (b.start ?? -Infinity) <= (a.end ?? Infinity);

/** The calendar of household or scheme `home` for a scenario and (optionally) a plan. */
export function buildCalendar(sc: ScenarioIn, result: ResultIn | undefined, home: string): Calendar | undefined {
  const asOf = dayNumber(sc.as_of);
  const people = new Map(sc.people.map((p) => [String(p.id), p]));
  const moving = new Set((result?.placements ?? []).filter((p) => p.moves_from).map((p) => String(p.person)));
  const hh = sc.households.find((x) => String(x.id) === home);
  const scheme = hh ? undefined : sc.schemes.find((x) => String(x.id) === home);
  if (!hh && !scheme) return undefined;
  const at = (o: OptionIn) => (hh ? String(o.household ?? '') === home : String(o.scheme ?? '') === home);

  /** A plan stay's nights, as the engine counts them. */
  const planStay = (p: PersonIn): { what: string; start?: number; end?: number } | undefined => {
    switch (p.arrangement) {
      case 'day_support':
        return undefined;
      case 'short_break':
        return { what: 'short break', start: dayNumber(p.dates?.start), end: dayNumber(p.dates?.end) };
      case 'emergency':
        return { what: 'emergency stay from today', start: asOf };
      default:
        return p.holds ? { what: 'long-term (moving on from a place they hold)', start: asOf } : { what: 'long-term from the day needed', start: dayNumber(p.needed_by) ?? asOf };
    }
  };

  const fixed: Stay[] = [];
  const floating: Omit<Stay, 'place'>[] = [];
  const places: string[] = [];
  const sessions: DaySession[] = [];
  if (hh) {
    for (let i = 1; i <= hh.places; i++) places.push(`Place ${i}`);
    let lane = 0;
    for (const o of hh.occupants ?? []) fixed.push({ place: places[lane++] ?? OVER, who: String(o.id), kind: 'occupant', what: 'lives here' });
    for (const p of sc.people) {
      if (String(p.holds?.household ?? '') !== home) continue;
      const leaves = moving.has(String(p.id));
      // A mover who stays keeps their place for good; one who moves on leaves it to the plan.
      if (!leaves) fixed.push({ place: places[lane++] ?? OVER, who: String(p.id), kind: 'held', what: 'holds this place (ready to move on, stays in this plan)' });
      else floating.push({ who: String(p.id), kind: 'leaves', what: 'holds this place and moves on in this plan', end: asOf !== undefined ? asOf - 1 : undefined });
    }
    for (const b of hh.bookings ?? []) floating.push({ who: String(b.person), kind: 'booking', what: 'short break already booked', start: dayNumber(b.dates.start), end: dayNumber(b.dates.end) });
  } else if (scheme) {
    for (const t of scheme.tenants ?? []) {
      places.push(`room of ${t.id}`);
      fixed.push({ place: `room of ${t.id}`, who: String(t.id), kind: 'occupant', what: 'tenant' });
    }
    for (const v of scheme.vacancies) places.push(`room ${v.id}`);
    for (const p of sc.people) {
      if (String(p.holds?.scheme ?? '') !== home) continue;
      const room = `room ${home}/room-of-${p.id}`;
      places.push(room);
      const leaves = moving.has(String(p.id));
      fixed.push(
        leaves
          ? { place: room, who: String(p.id), kind: 'leaves', what: 'tenant moving on in this plan', end: asOf !== undefined ? asOf - 1 : undefined }
          : { place: room, who: String(p.id), kind: 'held', what: 'tenant ready to move on, stays in this plan' },
      );
    }
  }
  for (const pl of result?.placements ?? []) {
    if (!at(pl.option)) continue;
    const p = people.get(String(pl.person));
    if (!p) continue;
    const kind: StayKind = pl.status === 'proposed' ? 'added' : 'kept';
    if (p.arrangement === 'day_support') {
      for (const s of p.sessions ?? []) sessions.push({ who: String(p.id), day: s.day, hours: s.hours, kind });
      continue;
    }
    const st = planStay(p);
    if (!st) continue;
    const stay = { who: String(p.id), kind, ...st, what: `${st.what}${kind === 'kept' ? ' (introduction accepted)' : ' (added by this plan)'}` };
    if (scheme) {
      const room = `room ${pl.option.vacancy ?? '?'}`;
      if (!places.includes(room)) places.push(room);
      fixed.push({ place: room, ...stay });
    } else floating.push(stay);
  }

  // Shared Lives places are interchangeable: stays go to the first place
  // free on all their nights, in order of first night (which needs the
  // fewest places for intervals). More than the places there are is shown,
  // never hidden, on an "Over capacity" row.
  const stays = [...fixed];
  const sorted = floating.map((f, i) => ({ f, i })).sort((a, b) => (a.f.start ?? -Infinity) - (b.f.start ?? -Infinity) || a.i - b.i);
  for (const { f } of sorted) {
    const free = places.find((pl) => stays.every((s) => s.place !== pl || !overlaps(s, f as Stay)));
    stays.push({ ...f, place: free ?? OVER });
  }
  if (stays.some((s) => s.place === OVER)) places.push(OVER);

  const timeOff = (hh?.unavailable ?? []).map((r) => ({ start: dayNumber(r.start), end: dayNumber(r.end) })).filter((r): r is { start: number; end: number } => r.start !== undefined && r.end !== undefined);
  const finite = [...stays.flatMap((s) => [s.start, s.end]), ...timeOff.flatMap((r) => [r.start, r.end])].filter((d): d is number => d !== undefined && Number.isFinite(d));
  const from = asOf ?? (finite.length ? Math.min(...finite) : 0);
  const last = Math.max(from + 90, ...finite.map((d) => d + 14));
  return {
    home,
    kind: hh ? 'household' : 'scheme',
    places,
    stays,
    timeOff,
    sessions,
    dayPlaces: hh?.day_support_places ?? undefined,
    dayDays: hh?.day_support_days ?? undefined,
    from,
    to: Math.min(last, from + 400),
  };
}

/** Stays sharing a place on some date (none when the calendar is right). */
export function clashes(c: Calendar): [Stay, Stay][] {
  const out: [Stay, Stay][] = [];
  for (let i = 0; i < c.stays.length; i++)
    for (let j = i + 1; j < c.stays.length; j++) if (c.stays[i].place === c.stays[j].place && overlaps(c.stays[i], c.stays[j])) out.push([c.stays[i], c.stays[j]]);
  return out;
}

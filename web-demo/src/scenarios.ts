// The workspace: several scenarios, each a placement scenario and a homecare
// day with their latest results, and the edits a commissioner makes to ask
// "what if" (add carers in a district, close a scheme).
import { DISTRICTS } from './geo';
import type { Household, MatchResult, RoundsInput, RoundsPlan, Scenario } from './types';

export interface Entry {
  id: string;
  name: string;
  /** What was changed from the scenario this one was copied from. */
  changes: string[];
  scenario: Scenario;
  rounds?: RoundsInput;
  result?: MatchResult;
  plan?: RoundsPlan;
  matchMs?: number;
  roundsMs?: number;
  updated: string;
  /** True for the built-in (synthetic) sample and scenarios copied from it. */
  sample?: boolean;
  /** The user's notes on this scenario. */
  notes?: string;
  /** True for a copy made to try changes; loaded or imported scenarios are kept as they are. */
  derived?: boolean;
  /** Assumptions behind the changes, in words (e.g. what an added carer household is like). */
  assumptions?: string[];
  /** The scenario before each change, most recent last, for undo. */
  history?: Snapshot[];
}

/** The state of a scenario before one change. */
export interface Snapshot {
  change: string;
  scenario: Scenario;
  changes: string[];
  assumptions: string[];
}

export interface Workspace {
  version: 1;
  entries: Entry[];
  active: string;
  compare?: string;
  selected?: string;
}

let counter = 0;
export const newId = () => `sc-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** `base`, or `base 2`, `base 3`… so no two scenarios share a name. */
export function uniqueName(base: string, taken: string[]): string {
  const names = new Set(taken);
  if (!names.has(base)) return base;
  for (let i = 2; ; i++) if (!names.has(`${base} ${i}`)) return `${base} ${i}`;
}

/** A copy of `e` under a new id and a name no other scenario has. */
export function duplicate(e: Entry, taken: string[] = []): Entry {
  const copy = structuredClone(e) as Entry;
  copy.id = newId();
  copy.name = uniqueName(`${e.name} (copy)`, taken);
  copy.changes = [...e.changes];
  copy.assumptions = [...(e.assumptions ?? [])];
  copy.history = [];
  copy.derived = true;
  copy.notes = e.notes;
  copy.updated = new Date().toISOString();
  return copy;
}

/** Records the scenario as it is now, so the next change can be undone. */
export function remember(e: Entry, change: string) {
  (e.history ??= []).push({ change, scenario: structuredClone(e.scenario), changes: [...e.changes], assumptions: [...(e.assumptions ?? [])] });
  if (e.history.length > 20) e.history.shift();
}

/** Undoes the last change; returns what was undone, or '' when there is nothing to undo. */
export function undo(e: Entry): string {
  const last = e.history?.pop();
  if (!last) return '';
  e.scenario = last.scenario;
  e.changes = last.changes;
  e.assumptions = last.assumptions;
  invalidate(e, 'placements');
  return last.change;
}

/** Forgets results computed for the scenario as it was before a change. */
function invalidate(e: Entry, what: 'placements' | 'rounds') {
  if (what === 'placements') e.result = undefined;
  else e.plan = undefined;
  e.updated = new Date().toISOString();
}

/** A small deterministic generator so the same edit gives the same scenario. */
function lcg(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

/**
 * Adds `n` Shared Lives carer households in a district. Each new household
 * copies the approvals, offers and household facts of an existing one (in
 * turn), with no one living there yet, placed a few km around the district
 * centre: "recruit 15 carers like the ones we have, in Bassetlaw".
 */
export function addCarers(e: Entry, n: number, districtName: string): string {
  const d = DISTRICTS.find((x) => x.name === districtName) ?? DISTRICTS[0];
  const rand = lcg(n * 7919 + DISTRICTS.indexOf(d) * 104729 + e.scenario.households.length);
  const models: Household[] = e.scenario.households.length
    ? [...e.scenario.households].sort((a, b) => String(a.id).localeCompare(String(b.id)))
    : [];
  const taken = new Set(e.scenario.households.map((x) => String(x.id)));
  for (let k = 0; k < n; k++) {
    let id = '';
    for (let j = 1; ; j++) {
      id = `H-NEW-${d.short}-${String(j).padStart(2, '0')}`;
      if (!taken.has(id)) break;
    }
    taken.add(id);
    const angle = rand() * 2 * Math.PI;
    const km = 1 + rand() * 9;
    const location = { lat: d.lat + (km / 111) * Math.sin(angle), lon: d.lon + (km / 67) * Math.cos(angle) };
    const model = models[k % Math.max(1, models.length)];
    const base: Household = model
      ? structuredClone(model)
      : ({ id, location, approvals: ['learning_disability'], places: 2, occupants: [], offers: ['long_term'] } as unknown as Household);
    const hh = { ...base, id, name: `New carer household ${id.slice(-2)} (${d.name})`, location, district: d.name, occupants: [], available_from: null, unavailable: [] } as unknown as Household;
    e.scenario.households.push(hh);
  }
  invalidate(e, 'placements');
  const change = `added ${n} carer household(s) in ${d.name}`;
  e.changes.push(change);
  (e.assumptions ??= []).push(
    `The ${n} new carer household(s) in ${d.name} are like the households already approved: each copies the approvals, what it offers (long-term, short breaks, day support), places and household facts of an existing household in turn, has no one living there yet, is available now, and is placed 1 to 10 km from the centre of ${d.name}.`,
  );
  return change;
}

/** Closes a supported-living scheme: it takes no one new. */
export function closeScheme(e: Entry, schemeId: string): string {
  const sch = e.scenario.schemes.find((x) => String(x.id) === schemeId);
  if (!sch) return '';
  const vacancies = new Set(sch.vacancies.map((v) => String(v.id)));
  e.scenario.schemes = e.scenario.schemes.filter((x) => String(x.id) !== schemeId);
  e.scenario.introductions = (e.scenario.introductions ?? []).filter((i) => !i.vacancy || !vacancies.has(String(i.vacancy)));
  invalidate(e, 'placements');
  const change = `closed scheme ${schemeId}${sch.name ? ` (${sch.name})` : ''}`;
  e.changes.push(change);
  return change;
}

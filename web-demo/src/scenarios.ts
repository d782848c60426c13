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

export function duplicate(e: Entry): Entry {
  const copy = structuredClone(e) as Entry;
  copy.id = newId();
  copy.name = `${e.name} (copy)`;
  copy.changes = [...e.changes];
  copy.updated = new Date().toISOString();
  return copy;
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

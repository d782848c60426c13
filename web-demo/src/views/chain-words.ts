// Move-on chains in words and on the map: where each move starts (the
// place left) and ends (the place taken). Shared by the chains list and the
// map layer.
import type { MatchResult, Scenario } from '../types';

export type Chain = MatchResult['chains'][number];
export type ChainMove = Chain['moves'][number];
type OptionRef = ChainMove['to'];

export interface LatLon {
  lat: number;
  lon: number;
}

/** The place named by an option, in words a placement officer uses. */
export function placeWords(o: OptionRef): string {
  if (o.household) return `a Shared Lives place with household ${o.household}`;
  if (String(o.scheme ?? '').startsWith('own-tenancy/')) return 'their own tenancy';
  if (o.scheme) return `a room at supported-living scheme ${o.scheme}`;
  return o.label;
}

/** One move in words: who, from where, to where. */
export function moveWords(m: ChainMove): string {
  const from = m.frees ? placeWords(m.frees) : m.from_setting;
  return `${m.person} moves from ${from} to ${placeWords(m.to)}`;
}

/** Where a place is on the map; `undefined` when the scenario does not say (an own tenancy). */
function placeAt(sc: Scenario, o: OptionRef): LatLon | undefined {
  if (o.household) return sc.households.find((x) => String(x.id) === String(o.household))?.location;
  if (o.scheme) return sc.schemes.find((x) => String(x.id) === String(o.scheme))?.location;
  return undefined;
}

/**
 * The two ends of a move on the map: from the place the person leaves (their
 * held place, else where they live now) to the place they take (an own
 * tenancy, which has no address in the scenario, is drawn at their home).
 */
export function moveEnds(sc: Scenario, m: ChainMove): { from?: LatLon; to?: LatLon } {
  const home = sc.people.find((p) => String(p.id) === String(m.person))?.home;
  return { from: (m.frees && placeAt(sc, m.frees)) || home, to: placeAt(sc, m.to) ?? home };
}

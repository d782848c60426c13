// Words a commissioner or placement officer uses, for every code the
// solver returns. Nothing shown to a person should contain a raw code.

const KIND: Record<string, string> = { shared_lives: 'Shared Lives', supported_living: 'supported living' };
const STATUS: Record<string, string> = {
  proposed: 'new proposal (introduction to arrange)',
  accepted: 'kept: introduction accepted',
  in_progress: 'kept: introductions under way',
};
const ARRANGEMENT: Record<string, string> = { long_term: 'long-term', short_break: 'short breaks', day_support: 'day support' };
const CONFIRMED: Record<string, string> = {
  free_place: 'a place is free in this plan, so relaxing the rule alone would place them',
  re_solve: 'checked by planning again with the rule relaxed',
};

const plain = (s: string) => s.replace(/_/g, ' ');

export const kindWords = (k: string) => KIND[k] ?? plain(k);
export const statusWords = (s: string) => STATUS[s] ?? plain(s);
export const arrangementWords = (a: string) => ARRANGEMENT[a] ?? plain(a);
export const confirmedWords = (c: string) => CONFIRMED[c] ?? plain(c);
export const words = plain;

/** Plan quality in words: what "optimal" means for this plan. */
export function planQuality(provenOptimal: boolean, method: string): string {
  if (method === 'stable') return 'a stable plan: no person and option would both rather swap';
  return provenOptimal ? 'the best possible plan for these rules' : 'the best plan found in the time allowed (not proven best)';
}

/** Travel minutes by car, as carematch estimates homecare travel: roads about 1.3 × straight line at 40 km/h, plus 2 minutes to park. */
export const carMinutes = (km: number) => Math.round((km * 1.3 * 60) / 40 + 2);

export const km = (metres: number) => (metres / 1000).toFixed(1);

/** Pounds a year from pence a week. */
export const annual = (penceWeek: number) => penceWeek * 52;

interface Part {
  name: string;
  points: number;
  note: string;
}

/** Why an option was proposed, in words: its three strongest score parts (the core's own sentence carries codes and weights). */
export function whyWords(parts: Part[]): string {
  const top = [...parts].filter((c) => c.points > 0).sort((a, b) => b.points - a.points).slice(0, 3);
  return top.length ? `Strongest reasons: ${top.map((c) => `${plain(c.name)} (${c.note})`).join('; ')}.` : 'It meets every rule; no part of the score stands out.';
}

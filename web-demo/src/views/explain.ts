// The explanation panel for one person: why this option (score breakdown,
// cost, runner-up, backup) or why no option (reasons over every option and
// the nearest miss).
import { clear, h, pounds } from '../dom';
import type { MatchResult, Scenario } from '../types';
import { arrangementWords, confirmedWords, kindWords, statusWords, whyWords, words as label } from '../words';

export function renderExplanation(host: HTMLElement, sc: Scenario | undefined, result: MatchResult | undefined, personId: string | undefined, onShortlist: (id: string) => void) {
  clear(host);
  const heading = h('h3', { id: 'explanation-heading', tabindex: '-1' });
  host.append(heading);
  if (!sc || !result || !personId) {
    heading.textContent = 'Explanation';
    host.append(h('p', { class: 'muted' }, 'Run matching, then choose “Explain” on any row (or click a person on the map).'));
    return;
  }
  const person = sc.people.find((p) => p.id === personId);
  const who = person ? `${person.id}${person.name ? ` (${person.name})` : ''}` : personId;
  const facts = person
    ? h('p', { class: 'muted' }, `Age ${person.age}; ${person.needs.map(label).join(', ')}; wants ${arrangementWords(person.arrangement)}; now in ${label(person.current_setting)}${person.district ? `; ${person.district}` : ''}.`)
    : null;
  const placed = result.placements.find((p) => p.person === personId);
  const unplaced = result.unplaced.find((u) => u.person === personId);
  const shortlistBtn = h('button', { type: 'button', class: 'small', 'data-testid': 'open-meeting-pack', onclick: () => onShortlist(personId) }, 'Meeting pack: every option and why');
  if (placed) {
    heading.textContent = `${who}: ${placed.option.label}`;
    host.append(
      facts ?? '',
      h('p', {}, h('strong', {}, `${statusWords(placed.status)[0].toUpperCase()}${statusWords(placed.status).slice(1)}; match score ${placed.score.total}. `), whyWords(placed.score.components)),
      h(
        'table',
        { class: 'compact' },
        h('caption', {}, 'Score breakdown (points add up to the match score)'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Component'), h('th', { scope: 'col', class: 'num' }, 'Weight'), h('th', { scope: 'col', class: 'num' }, 'Points'), h('th', { scope: 'col' }, 'Why'))),
        h('tbody', {}, ...placed.score.components.map((c) => h('tr', {}, h('th', { scope: 'row' }, label(c.name)), h('td', { class: 'num' }, c.weight), h('td', { class: 'num' }, c.points), h('td', {}, c.note)))),
      ),
      placed.cost.recurring
        ? h('p', {}, `Weekly cost ${pounds(placed.cost.weekly_cost)} against ${pounds(placed.cost.counterfactual_weekly_cost)} (${placed.cost.counterfactual}): saving ${pounds(placed.cost.weekly_saving)} a week, ${pounds(placed.cost.annual_saving)} a year.`)
        : h('p', {}, `Weekly cost: none, a short break does not recur. ${placed.cost.nights ?? ''} night(s): ${pounds(placed.cost.one_off_cost)} against ${pounds(placed.cost.one_off_counterfactual)} for residential respite, a one-off saving of ${pounds(placed.cost.one_off_saving)}.`),
      ...result.chains.flatMap((c, i) => (c.moves.some((m) => m.person === personId) ? [h('p', { 'data-testid': 'explanation-chain' }, h('strong', {}, `Move-on chain ${i + 1}: `), c.text)] : [])),
      placed.runner_up ? h('p', {}, h('strong', {}, 'Runner-up: '), `${placed.runner_up.option.label}, score ${placed.runner_up.score}. ${label(placed.runner_up.note)}`) : h('p', {}, 'No runner-up: this was the only option.'),
      placed.backup ? h('p', {}, h('strong', {}, 'Backup if the introduction fails: '), `${placed.backup.option.label}, score ${placed.backup.score}. ${label(placed.backup.note)}`) : h('p', {}, 'No backup option is free in this plan.'),
      shortlistBtn,
    );
  } else if (unplaced) {
    const e = unplaced.explanation;
    heading.textContent = `${who}: no option in this plan`;
    host.append(
      facts ?? '',
      h('p', {}, e.summary),
      h('p', { class: 'muted' }, `${e.options_considered} options considered, ${e.feasible_options} feasible.`),
      e.reasons.length
        ? h(
            'table',
            { class: 'compact' },
            h('caption', {}, 'Why options were ruled out'),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Reason'), h('th', { scope: 'col' }, 'Kind'), h('th', { scope: 'col', class: 'num' }, 'Options'))),
            h('tbody', {}, ...e.reasons.map((r) => h('tr', {}, h('th', { scope: 'row' }, r.reason), h('td', {}, kindWords(r.kind)), h('td', { class: 'num' }, r.count)))),
          )
        : '',
      e.nearest_miss
        ? h('p', {}, h('strong', {}, 'Nearest miss: '), `${e.nearest_miss.option.label} — ${e.nearest_miss.reason}; ${confirmedWords(e.nearest_miss.confirmed_by)}.`)
        : h('p', {}, 'No single rule change would place this person.'),
      shortlistBtn,
    );
  } else {
    heading.textContent = who;
    host.append(facts ?? '', h('p', {}, 'This person is not in the last matching run. Run matching again.'));
  }
}

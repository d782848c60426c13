// A short help page and glossary in the words of the people who use the tool.
import { h } from '../dom';
import type { Page } from '../pages';

const GLOSSARY: [string, string][] = [
  ['Person', 'someone referred for a placement, with their needs, where they live, their preferences and where they are now.'],
  ['Shared Lives household', 'an approved carer household that shares its home; it has a number of approved places.'],
  ['Supported-living scheme', 'a shared house or flats with support staff; a free room is a vacancy.'],
  ['Option', 'one place a person could go: a place in a household or a vacancy in a scheme.'],
  ['Rule', 'something every placement must meet (for example, approved for the person’s needs). An option that fails a rule is ruled out, and the tool says which rule.'],
  ['Match score', 'how well an option fits beyond the rules: near home, shared interests, the household’s experience… The score breakdown lists each part.'],
  ['Best possible plan', 'no other plan that meets every rule places more people with a better total fit. Matching gives the same plan every time for the same data.'],
  ['Backup', 'a second option for a placed person that is still free if the first introduction does not work out.'],
  ['Nearest miss', 'for someone with no option, the one rule that, if relaxed, would give them a place.'],
  ['Counterfactual cost', 'what the person’s care would cost a week without this placement (their current setting or where they would otherwise go).'],
  ['Newly placed / reshuffle', 'in a comparison, a newly placed person had no option before; a reshuffle moves someone who already had an option to another one.'],
  ['Cost per extra placement', 'the change in the weekly (and yearly) cost of placements divided by the number of extra people placed.'],
  ['Round', 'one care worker’s visits in one shift, in order, with travel and waiting.'],
  ['Double-handed visit', 'a visit that needs two care workers at the same time (for example, hoisting); the board stripes it and joins the two workers.'],
  ['Not planned', 'a visit no worker could fit in; the board shows it in the top row with the reasons.'],
  ['Synthetic sample', 'made-up people, households, visits and workers that look like Nottinghamshire; not real data.'],
];

export const helpPage: Page = {
  id: 'help',
  title: 'Help and glossary',
  mount(section) {
    section.append(
      h('h3', {}, 'How to use the tool'),
      h(
        'ol',
        {},
        h('li', {}, 'Start from the synthetic sample, or import your own data (CSV templates in the Scenario panel). Everything stays in this browser; nothing is uploaded.'),
        h('li', {}, 'Run matching to get proposed placements. “Explain” on any row says why; “Meeting pack” lists every option with its verdict and prints on A4.'),
        h('li', {}, 'To ask “what if”, add carer households or close a scheme: the change goes to a named copy of the scenario, which you can undo, rename and note. Then compare side by side.'),
        h('li', {}, 'Run rounds to plan a homecare day. The board shows each worker’s visits, the visits not planned and why; click a visit for its details.'),
      ),
      h('h3', {}, 'Glossary'),
      h('dl', { class: 'glossary' }, ...GLOSSARY.flatMap(([t, d]) => [h('dt', {}, t), h('dd', {}, d)])),
    );
  },
};

// The proposed placements and the people without an option.
import { selectPerson } from '../app';
import { $, pounds } from '../dom';
import { nearestDistrict } from '../geo';
import type { Page } from '../pages';
import type { Entry } from '../scenarios';
import { renderTable } from './table';
import { kindWords, statusWords } from '../words';

function districtOf(e: Entry) {
  const people = new Map(e.scenario.people.map((p) => [String(p.id), p]));
  return (id: string) => {
    const p = people.get(id);
    return p ? (p.district ?? nearestDistrict(p.home.lat, p.home.lon).name) : '';
  };
}

export const placementsPage: Page = {
  id: 'placements',
  title: 'Proposed placements',
  render(e) {
    const district = districtOf(e);
    renderTable($('placements'), {
      caption: e.result ? `${e.result.placements.length} proposed placements` : 'Run matching to see proposed placements',
      testid: 'results-table',
      rows: e.result?.placements ?? [],
      rowKey: (p) => String(p.person),
      onExplain: (p) => selectPerson(String(p.person)),
      columns: [
        { label: 'Person', value: (p) => String(p.person) },
        { label: 'District', value: (p) => district(String(p.person)) },
        { label: 'Option', value: (p) => p.option.label },
        { label: 'Kind', value: (p) => kindWords(p.option.kind) },
        { label: 'Status', value: (p) => statusWords(p.status) },
        { label: 'Score', value: (p) => p.score.total, numeric: true },
        { label: 'Weekly cost', value: (p) => p.cost.weekly_cost, show: (p) => pounds(p.cost.weekly_cost), numeric: true },
        { label: 'Saving a week', value: (p) => p.cost.weekly_saving, show: (p) => pounds(p.cost.weekly_saving), numeric: true },
        { label: 'Backup', value: (p) => p.backup?.option.label ?? '—' },
      ],
    });
  },
};

export const unplacedPage: Page = {
  id: 'unplaced',
  title: 'People without an option',
  render(e) {
    const district = districtOf(e);
    renderTable($('unplaced'), {
      caption: e.result ? `${e.result.unplaced.length} people without an option in this plan` : 'Run matching to see who has no option',
      testid: 'unplaced-list',
      rows: e.result?.unplaced ?? [],
      rowKey: (u) => String(u.person),
      onExplain: (u) => selectPerson(String(u.person)),
      emptyText: e.result ? 'Everyone has an option.' : 'Not run yet.',
      columns: [
        { label: 'Person', value: (u) => String(u.person) },
        { label: 'District', value: (u) => district(String(u.person)) },
        { label: 'Feasible options', value: (u) => u.explanation.feasible_options, numeric: true },
        { label: 'Why not placed', value: (u) => u.explanation.summary },
        { label: 'Nearest miss', value: (u) => u.explanation.nearest_miss?.reason ?? '—' },
      ],
    });
  },
};

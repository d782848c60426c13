// The map and the explanation panel side by side.
import { selectPerson } from '../app';
import { $ } from '../dom';
import type { Page } from '../pages';
import { showChain } from './chains';
import { renderExplanation } from './explain';
import { renderMap } from './map';
import { showHouseholdPack, showMeetingPack } from './meeting-pack';

export const mapPage: Page = {
  id: 'map',
  title: 'Map and explanation',
  render(e, ws) {
    renderMap($('map'), { scenario: e.scenario, result: e.result, rounds: e.rounds, plan: e.plan, selected: ws.selected }, { onPerson: selectPerson, onHousehold: (id) => void showHouseholdPack(id), onChain: showChain });
    renderExplanation($('explanation'), e.scenario, e.result, ws.selected, (id) => void showMeetingPack(id));
  },
};

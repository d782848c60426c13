// The weekly cost chart by district.
import { $ } from '../dom';
import type { Page } from '../pages';
import { costByDistrict, renderCostChart } from './chart';

export const costPage: Page = {
  id: 'cost',
  title: 'Weekly cost',
  render(e) {
    renderCostChart($('cost-chart'), e.result ? costByDistrict(e.scenario, e.result) : [], 'Weekly cost of the proposed placements against their current or counterfactual setting, by district');
  },
};

// The homecare rounds: summary, the board (Gantt), every stop, and the
// visits not planned with their reasons.
import { $, clear, h } from '../dom';
import type { Page } from '../pages';
import { reasonsOf, renderGantt } from './gantt';
import { renderTable } from './table';

type StopRow = { worker: string; shift: number; visit: string; client: string; arrival: string; start: string; end: string; wait: number; travel: number; with: string };

export const roundsPage: Page = {
  id: 'rounds',
  title: 'Homecare rounds',
  render(e) {
    const rs = $('rounds-summary');
    clear(rs);
    if (e.plan) {
      const s = e.plan.summary;
      rs.append(h('p', {}, `${s.visits_planned} visits planned in ${e.plan.rounds.length} rounds; ${s.visits_unplanned} not planned. Travel ${(s.travel_minutes / 60).toFixed(1)} h, waiting ${(s.waiting_minutes / 60).toFixed(1)} h, overtime ${s.overtime_minutes} min, ${s.continuity_breaks} visit(s) by a worker the client does not know.`));
    }
    renderGantt($('gantt'), e.plan, e.rounds);
    const stops: StopRow[] = (e.plan?.rounds ?? []).flatMap((r) => r.stops.map((st) => ({ worker: r.worker, shift: r.shift, visit: st.visit, client: st.client, arrival: String(st.arrival), start: String(st.start), end: String(st.end), wait: st.wait, travel: st.travel, with: st.with ?? '' })));
    renderTable($('rounds-table'), {
      caption: e.plan ? `${stops.length} stops` : 'Run rounds to see every stop',
      rows: stops,
      testid: 'rounds-table',
      columns: [
        { label: 'Worker', value: (r) => r.worker },
        { label: 'Visit', value: (r) => r.visit },
        { label: 'Client', value: (r) => r.client },
        { label: 'Arrive', value: (r) => r.arrival },
        { label: 'Start', value: (r) => r.start },
        { label: 'End', value: (r) => r.end },
        { label: 'Wait (min)', value: (r) => r.wait, numeric: true },
        { label: 'Travel before (min)', value: (r) => r.travel, numeric: true },
        { label: 'With', value: (r) => r.with },
      ],
    });
    const uv = $('unplanned-visits');
    clear(uv);
    if (e.plan && e.plan.unplanned.length) {
      uv.append(
        h(
          'details',
          {},
          h('summary', {}, `${e.plan.unplanned.length} visit(s) not planned, with the reasons`),
          h('ul', { class: 'scroll', tabindex: '0', 'aria-label': 'Visits not planned' }, ...e.plan.unplanned.map((u) => h('li', {}, h('strong', {}, `${u.visit} (${u.client})`), `: ${reasonsOf(u).join('; ')}`))),
        ),
      );
    }
  },
};

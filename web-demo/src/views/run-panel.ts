// The run panel: run matching or rounds, cancel, exports.
import { solver } from '../app';
import { $ } from '../dom';
import { exportCsv, exportJson, exportRoundsCsv } from '../exports';
import type { Page } from '../pages';
import { runMatching, runRounds } from '../runs';

export const runPage: Page = {
  id: 'run',
  title: 'Run',
  mount() {
    $('run-matching').addEventListener('click', () => void runMatching());
    $('run-rounds').addEventListener('click', () => void runRounds());
    $('cancel').addEventListener('click', () => solver.cancel());
    $('export-csv').addEventListener('click', exportCsv);
    $('export-json').addEventListener('click', exportJson);
    $('export-rounds-csv').addEventListener('click', exportRoundsCsv);
  },
};

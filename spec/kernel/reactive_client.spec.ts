// Reactive cells through the kernel, driven by jupyter_client with cell ids in the requests'
// metadata as JupyterLab sends them: display ids, cascades as update_display_data, the values
// downstream cells show, %reactive off, cycles, failing dependents, deleted names, interrupts,
// %dag and %%timeline. One kernel for the file: the checks run in one Python process
// (reactive_checks.py), each reported on its own line.

import { describeChecks } from './support/checks.js';

const checks: readonly [string, string][] = [
  ['plain_cells', 'runs cells without a cell id as a plain kernel does'],
  ['display_ids', 'shows every output of a cell with an id under <cellId>/<k>, prints growing'],
  ['cascade', 're-runs the readers of an upstream cell in place, outside counts and history'],
  ['outputs_count', 'empties outputs a re-run does not make, and reports those it cannot place'],
  ['reactive_off', 'only reports readers stale with %reactive off'],
  ['cycle', 'stops at a cycle of cells, saying so'],
  ['failing_dependent', 'stops at a failing dependent, which shows its error in place'],
  ['deleted_name', 'leaves the readers of a deleted name stale'],
  ['interrupt', 'stops the cascade at an interrupt, the rest stale'],
  ['user_display_ids', "keeps display(..., display_id=...)'s own id working"],
  ['dag', '%dag draws a node per cell, stale cells marked'],
  ['timeline', '%%timeline draws a row per task and an arrow per fork'],
];

describeChecks('reactive cells with jupyter_client', 'reactive_checks.py', checks, 140_000);

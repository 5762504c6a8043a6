// Reactive cells through the kernel, driven by jupyter_client with cell ids in the requests'
// metadata as JupyterLab sends them: display ids, cascades as update_display_data, the values
// downstream cells show, %reactive off, cycles, failing dependents, deleted names, interrupts,
// %dag and %%timeline. One kernel for the file: the checks run in one Python process
// (reactive_checks.py), each reported on its own line.

import assert from 'node:assert/strict';
import {
  jupyterSandbox,
  missingPythonModules,
  runPythonScript,
  type JupyterSandbox,
} from './support/jupyter.js';

interface CheckRecord {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: unknown;
}

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

describe('reactive cells with jupyter_client', function () {
  this.timeout(150_000);
  const records = new Map<string, CheckRecord>();
  let sandbox: JupyterSandbox | null = null;
  let stderr = '';

  before(async function () {
    const missing = missingPythonModules(['jupyter_client', 'zmq']);
    if (missing !== null) {
      console.log(`      skipped: ${missing}`);
      this.skip();
    }
    sandbox = await jupyterSandbox();
    const run = await runPythonScript('reactive_checks.py', [], sandbox.env, 140_000);
    stderr = run.stderr;
    for (const line of run.stdout.split('\n').filter((l) => l.startsWith('{'))) {
      const record = JSON.parse(line) as CheckRecord;
      records.set(record.name, record);
    }
    if (records.size === 0)
      throw new Error(`the checks did not run (status ${run.code}):\n${run.stderr}`);
  });
  after(async () => sandbox?.dispose());

  for (const [name, title] of checks) {
    it(title, () => {
      const record = records.get(name);
      assert.ok(record !== undefined, `check ${name} did not report; the kernel said:\n${stderr}`);
      assert.ok(record.ok, `${name} failed:\n${String(record.detail)}\nkernel stderr:\n${stderr}`);
    });
  }
});

// jupyter_kernel_test (Debian's python3-jupyter-kernel-test): the Jupyter project's own test
// suite for kernels, with messages checked against the protocol's schemas.

import assert from 'node:assert/strict';
import {
  jupyterSandbox,
  missingPythonModules,
  runPythonScript,
  type JupyterSandbox,
} from './support/jupyter.js';

describe('kernel with jupyter_kernel_test', function () {
  this.timeout(120_000);
  let sandbox: JupyterSandbox | null = null;

  before(async function () {
    const missing = missingPythonModules(['jupyter_kernel_test', 'jupyter_client']);
    if (missing !== null) {
      console.log(`      skipped: ${missing}`);
      this.skip();
    }
    sandbox = await jupyterSandbox();
  });
  after(async () => sandbox?.dispose());

  it('passes the standard suite', async () => {
    const run = await runPythonScript('kernel_test_suite.py', ['-v'], sandbox!.env, 110_000);
    const summary = /Ran (\d+) tests? in ([\d.]+)s\s+(OK.*|FAILED.*)/.exec(run.stderr);
    assert.equal(run.code, 0, `the suite failed:\n${run.stderr}`);
    assert.ok(summary !== null && summary[3].startsWith('OK'), run.stderr);
    // Display data, clear_output and the pager need IPython's display machinery: not ours yet.
    const skipped = run.stderr.split('\n').filter((line) => / \.\.\. skipped/.test(line));
    assert.deepEqual(
      skipped.map((line) => line.split(' ')[0]),
      ['test_clear_output', 'test_display_data', 'test_pager'],
    );
  });
});

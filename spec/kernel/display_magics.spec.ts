// Rich display and the magics through the kernel, driven by jupyter_client as a notebook server
// drives it: compiled functions drawn (SVG and HTML), display/update/clear messages, each magic
// and the errors for unknown ones. One kernel for the file: the checks run in one Python process
// (display_magics_checks.py), each reported on its own line.

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
  readonly seconds: number;
}

const checks: readonly [string, string][] = [
  [
    'compiled_result',
    'shows a ScriptFunction result as its drawn graph (SVG) and highlighted code',
  ],
  ['tensor_result', 'shows tensors as PyTorch prints them, as text alone'],
  [
    'display_update_clear',
    'sends display_data, update_display_data and clear_output from display()',
  ],
  ['script_cell', '%%script compiles and shows every function, class and module of the cell'],
  ['script_line', '%script shows an existing function, module instance or expression'],
  ['graph_line', '%graph draws the graph alone, inlined and with constants folded'],
  ['time', "%time and %%time print IPython's CPU and wall times and return the value"],
  ['timeit', "%timeit prints IPython's mean ± std. dev. line; -o returns the result"],
  ['lsmagic', '%lsmagic lists the line and cell magics'],
  ['backend', '%backend shows the tensor backend in use and those found'],
  ['trace', '%trace and %%trace trace a call, or say that tracing is not supported yet'],
  ['unknown_magic', "refuses an unknown magic with IPython's UsageError, keeping the session"],
  ['magic_introspection', 'completes magic names and judges magic cells complete or not'],
  ['magic_traceback_lines', "keeps the cell's line numbers in tracebacks from a magic's body"],
];

describe('kernel display and magics with jupyter_client', function () {
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
    const run = await runPythonScript('display_magics_checks.py', [], sandbox.env, 140_000);
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

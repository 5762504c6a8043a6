// Rich display and the magics through the kernel, driven by jupyter_client as a notebook server
// drives it: compiled functions drawn (SVG and HTML), display/update/clear messages, each magic
// and the errors for unknown ones. One kernel for the file: the checks run in one Python process
// (display_magics_checks.py), each reported on its own line.

import { describeChecks } from './support/checks.js';

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

describeChecks(
  'kernel display and magics with jupyter_client',
  'display_magics_checks.py',
  checks,
  140_000,
);

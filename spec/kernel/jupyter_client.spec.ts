// Our kernel driven by jupyter_client, the library Jupyter servers, consoles and nbclient use:
// execute, streams as they happen, errors, stop_on_error, interrupts of an endless loop (control
// message and SIGINT; in Python and in compiled code), a 10^12-element allocation, 10 MB of
// output, forged and malformed messages dropped, stdin, introspection, history, the heartbeat
// during a long cell, restart and shutdown. One kernel for the whole file: the checks run in one
// Python process (jupyter_client_checks.py), each reported on its own line.

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
  ['kernel_info', 'answers kernel_info with language python and our implementation'],
  ['execute_streams_result', 'runs a cell: stdout, stderr and the execute_result'],
  ['streams_arrive_while_running', 'sends output while the cell still runs'],
  ['torch', 'imports our torch and prints a tensor as PyTorch does'],
  ['error_keeps_state', 'reports errors with a traceback and keeps the variables'],
  ['stop_on_error_aborts_queue', 'aborts the execution queued behind a failed one'],
  ['interrupt_message', 'interrupts an endless loop with interrupt_request on control'],
  ['interrupt_sigint', 'interrupts an endless loop with SIGINT'],
  ['interrupt_scripted_loop', 'interrupts an endless loop in compiled code'],
  ['huge_allocation', 'refuses a 10^12-element tensor with an error and keeps the variables'],
  ['large_output', 'sends 10 MB printed by a cell, whole, and answers after'],
  ['bad_signatures_ignored', 'drops forged, unsigned and malformed messages without running them'],
  ['stdin', 'raises StdinNotImplementedError for input(), saying why'],
  ['introspection', 'completes, inspects and judges completeness with the real interpreter'],
  ['history', "keeps the session's history"],
  ['heartbeat_during_long_cell', 'answers the heartbeat while a cell runs for 2 s'],
  ['worker_crash_recovered', 'survives its Python worker dying under a cell, with a fresh one'],
  ['restart', 'restarts: a fresh interpreter that answers'],
  ['shutdown', 'ends its process after shutdown_request'],
];

describe('kernel with jupyter_client', function () {
  this.timeout(120_000);
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
    const run = await runPythonScript('jupyter_client_checks.py', [], sandbox.env, 110_000);
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

  it('logged each dropped message', () => {
    for (const reason of ['invalid signature', 'missing signature', 'no <IDS|MSG> delimiter']) {
      assert.ok(
        stderr.includes(`dropped a message on shell: ${reason}`),
        `no log line for: ${reason}\n${stderr}`,
      );
    }
  });
});

// Our kernel driven by jupyter_client, the library Jupyter servers, consoles and nbclient use:
// execute, streams as they happen, errors, stop_on_error, interrupts of an endless loop (control
// message and SIGINT; in Python and in compiled code), a 10^12-element allocation, 10 MB of
// output, forged and malformed messages dropped, stdin, introspection, history, the heartbeat
// during a long cell, restart and shutdown. One kernel for the whole file: the checks run in one
// Python process (jupyter_client_checks.py), each reported on its own line.

import assert from 'node:assert/strict';
import { describeChecks } from './support/checks.js';

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

describeChecks(
  'kernel with jupyter_client',
  'jupyter_client_checks.py',
  checks,
  110_000,
  (kernelStderr) => {
    it('logged each dropped message', () => {
      const stderr = kernelStderr();
      for (const reason of ['invalid signature', 'missing signature', 'no <IDS|MSG> delimiter']) {
        assert.ok(
          stderr.includes(`dropped a message on shell: ${reason}`),
          `no log line for: ${reason}\n${stderr}`,
        );
      }
    });
  },
);

// Kernel specs whose checks run in one Python process against one kernel (a *_checks.py script
// printing one JSON line per check): the script runs once, then each check is a test of its own.

import assert from 'node:assert/strict';
import {
  jupyterSandbox,
  missingPythonModules,
  runPythonScript,
  type JupyterSandbox,
} from './jupyter.js';

interface CheckRecord {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: unknown;
}

/**
 * A suite `title` of one test per [name, title] of `checks`, as `script` reported them; `more`
 * adds tests that read the kernel's stderr.
 */
export function describeChecks(
  title: string,
  script: string,
  checks: readonly (readonly [string, string])[],
  timeoutMs: number,
  more: (kernelStderr: () => string) => void = () => {},
): void {
  describe(title, function () {
    this.timeout(timeoutMs + 10_000);
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
      const run = await runPythonScript(script, [], sandbox.env, timeoutMs);
      stderr = run.stderr;
      for (const line of run.stdout.split('\n').filter((l) => l.startsWith('{'))) {
        const record = JSON.parse(line) as CheckRecord;
        records.set(record.name, record);
      }
      if (records.size === 0)
        throw new Error(`the checks did not run (status ${run.code}):\n${run.stderr}`);
    });
    after(async () => sandbox?.dispose());

    for (const [name, checkTitle] of checks) {
      it(checkTitle, () => {
        const record = records.get(name);
        assert.ok(
          record !== undefined,
          `check ${name} did not report; the kernel said:\n${stderr}`,
        );
        assert.ok(
          record.ok,
          `${name} failed:\n${String(record.detail)}\nkernel stderr:\n${stderr}`,
        );
      });
    }
    more(() => stderr);
  });
}

// nbclient (Debian's python3-nbclient), the engine of `jupyter nbconvert --execute`, runs a
// notebook on our kernel.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  jupyterSandbox,
  missingPythonModules,
  runPythonScript,
  type JupyterSandbox,
} from './support/jupyter.js';

const codeCell = (source: string) => ({
  cell_type: 'code',
  id: `c${source.length}`,
  source,
  metadata: {},
  outputs: [],
  execution_count: null,
});

describe('kernel with nbclient', function () {
  this.timeout(120_000);
  let sandbox: JupyterSandbox | null = null;

  before(async function () {
    const missing = missingPythonModules(['nbclient', 'nbformat']);
    if (missing !== null) {
      console.log(`      skipped: ${missing}`);
      this.skip();
    }
    sandbox = await jupyterSandbox();
  });
  after(async () => sandbox?.dispose());

  it('executes a notebook and records its outputs', async () => {
    const input = path.join(sandbox!.directory, 'in.ipynb');
    const output = path.join(sandbox!.directory, 'out.ipynb');
    const notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {
        kernelspec: { name: 'torchscript', display_name: 'TorchScript', language: 'python' },
      },
      cells: [codeCell('import torch\nprint("ready")'), codeCell('torch.ones(2, 2).sum()')],
    };
    await writeFile(input, JSON.stringify(notebook));
    const run = await runPythonScript('nbclient_run.py', [input, output], sandbox!.env, 110_000);
    assert.equal(run.code, 0, run.stderr);
    const executed = JSON.parse(await readFile(output, 'utf8'));
    assert.deepEqual(executed.cells[0].outputs, [
      { name: 'stdout', output_type: 'stream', text: ['ready\n'] },
    ]);
    assert.deepEqual(executed.cells[1].outputs, [
      {
        data: { 'text/plain': ['tensor(4.)'] },
        execution_count: 2,
        metadata: {},
        output_type: 'execute_result',
      },
    ]);
    assert.equal(executed.metadata.language_info.name, 'python');
  });
});

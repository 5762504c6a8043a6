// torch.nn of our Python package against PyTorch: every cell of spec/fixtures/nn.jsonl (made by
// spec/fixtures/make_nn_fixtures.py with PyTorch 1.13.1) runs in our Python host and must print
// the same text, give the same repr and raise the same error with the same message; a cell that
// computes its numbers with kernels leaves them in `out`, compared within the record's
// tolerance. Then the cases where we differ from PyTorch on purpose, checked by hand.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PythonHost, type RunResult } from '../../../runtime/python/host.js';
import { fixturesDir } from '../../support/paths.js';
import { printOut, tensorDifference, type Tensors } from './tensor_outputs.js';

interface CellRecord {
  name: string;
  code: string;
  stdout: string;
  value: string | null;
  error: { type: string; message: string } | null;
  tensors: Tensors | null;
  tolerance: { rtol: number; atol: number } | null;
}

const records = fs
  .readFileSync(path.join(fixturesDir, 'nn.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as CellRecord);

/**
 * Cells that fail for want of something outside torch.nn, with what they wait for. They run as
 * pending specs, so that they are seen, until it comes.
 */
/** Cells that wait for something outside torch.nn, with what: none today. */
const waiting: Readonly<Record<string, string>> = {};

/**
 * What every cell starts from, as in the fixture maker (grad mode off, as it runs); `out` of the
 * cell before is dropped.
 */
const prelude = `import torch
torch.set_grad_enabled(False)
import torch.nn as nn
import torch.nn.functional as F
globals().pop('out', None)
torch.manual_seed(0)`;

describe('torch.nn against PyTorch', function () {
  this.timeout(60000);
  let host: PythonHost;

  before(async () => {
    // The tfjs backends stay off: starting them would choose them for every later spec file.
    host = await PythonHost.create({ backends: false });
  });
  after(() => {
    // Grad mode is one flag of the runtime, shared with the spec files that run next.
    host.run('torch.set_grad_enabled(True)');
    host.dispose();
  });

  /** Runs code, collecting what it prints. */
  function runCapturing(code: string): { stdout: string; result: RunResult } {
    let stdout = '';
    const result = host.run(code, undefined, (stream, text) => {
      if (stream === 'stdout') stdout += text;
    });
    return { stdout, result };
  }

  /** Runs a cell from a fresh seed, as the fixture maker did. */
  function run(code: string): { stdout: string; result: RunResult } {
    const start = host.run(prelude);
    assert.ok(start.ok, JSON.stringify(start));
    return runCapturing(code);
  }

  for (const record of records) {
    if (record.name in waiting) {
      it.skip(`${record.name} (waits for ${waiting[record.name]})`);
      continue;
    }
    it(record.name, () => {
      const { stdout, result } = run(record.code);
      const got = {
        stdout,
        value: result.ok ? result.value : null,
        error: result.ok ? null : { type: result.error.type, message: result.error.message },
      };
      const expected = { stdout: record.stdout, value: record.value, error: record.error };
      assert.deepEqual(got, expected, result.ok ? '' : result.error.traceback);
      if (record.tensors === null) return;
      const printed = runCapturing(printOut);
      assert.ok(printed.result.ok, JSON.stringify(printed.result));
      const tensors = JSON.parse(printed.stdout) as Tensors;
      assert.equal(tensorDifference(tensors, record.tensors, record.tolerance!), null);
    });
  }

  describe('where we differ from PyTorch on purpose', () => {
    function error(code: string): { type: string; message: string } {
      const { result } = run(code);
      assert.ok(!result.ok, `${code} did not fail`);
      return { type: result.error.type, message: result.error.message };
    }

    it('names the layers it lacks as not supported yet', () => {
      assert.deepEqual(error('nn.LSTM(2, 3)'), {
        type: 'NotImplementedError',
        message: 'torch.nn.LSTM is not supported yet',
      });
      assert.deepEqual(error('nn.DataParallel'), {
        type: 'NotImplementedError',
        message: 'torch.nn.DataParallel is not supported yet',
      });
      assert.equal(
        error('nn.NoSuchLayer').message,
        "module 'torch.nn' has no attribute 'NoSuchLayer'",
      );
    });

    it('says backward hooks need autograd, which is not supported yet', () => {
      assert.deepEqual(error('nn.Linear(1, 1).register_full_backward_hook(print)'), {
        type: 'NotImplementedError',
        message: 'autograd (Module.register_full_backward_hook) is not supported yet',
      });
    });

    it('scripts the recurrent cells through TorchScript functions, as the operators are missing', () => {
      // PyTorch's scripted cells call aten::rnn_tanh_cell, lstm_cell and gru_cell.
      const { stdout, result } = run(`
x = torch.arange(6.0).view(2, 3) / 5
for cell, step in [(nn.RNNCell(3, 2), '_rnn_tanh_cell'), (nn.RNNCell(3, 2, nonlinearity='relu'), '_rnn_relu_cell'),
                   (nn.LSTMCell(3, 2), '_lstm_cell'), (nn.GRUCell(3, 2), '_gru_cell')]:
    scripted = torch.jit.script(cell)
    eager, compiled = cell(x), scripted(x)
    same = all(torch.equal(a, b) for a, b in zip(eager, compiled)) if isinstance(eager, tuple) else torch.equal(eager, compiled)
    print(f'__torch__.torch.nn.modules.rnn.{step}' in scripted.code, same)`);
      assert.ok(result.ok, result.ok ? '' : result.error.traceback);
      assert.equal(stdout, 'True True\n'.repeat(4));
    });

    it('refuses half precision, which the runtime lacks', () => {
      assert.equal(error('nn.Linear(1, 1).half()').type, 'NotImplementedError');
    });
  });
});

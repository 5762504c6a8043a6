// Our torch package against PyTorch: every cell of spec/fixtures/python.jsonl (made by
// spec/fixtures/make_python_fixtures.py with PyTorch 1.13.1) runs in our Python host and must
// print the same text, give the same repr and raise the same error with the same message. Then
// the cases where we differ from PyTorch on purpose, checked by hand.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PythonHost, type RunResult } from '../../../runtime/python/host.js';
import { fixturesDir } from '../../support/paths.js';

interface CellRecord {
  name: string;
  code: string;
  stdout: string;
  value: string | null;
  error: { type: string; message: string } | null;
}

const records = fs
  .readFileSync(path.join(fixturesDir, 'python.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as CellRecord);

describe('the torch package against PyTorch', function () {
  this.timeout(60000);
  let host: PythonHost;

  before(async () => {
    // The tfjs backends stay off: starting them would choose them for every later spec file.
    host = await PythonHost.create({ backends: false });
  });
  after(() => host.dispose());

  /** Runs a cell from a fresh seed, as the fixture maker did; its stdout and result. */
  function run(code: string): { stdout: string; result: RunResult } {
    const prelude = host.run('import torch\ntorch.manual_seed(0)');
    assert.ok(prelude.ok, JSON.stringify(prelude));
    let stdout = '';
    const result = host.run(code, undefined, (stream, text) => {
      if (stream === 'stdout') stdout += text;
    });
    return { stdout, result };
  }

  for (const record of records) {
    it(record.name, () => {
      const { stdout, result } = run(record.code);
      const got = {
        stdout,
        value: result.ok ? result.value : null,
        error: result.ok ? null : { type: result.error.type, message: result.error.message },
      };
      const expected = { stdout: record.stdout, value: record.value, error: record.error };
      assert.deepEqual(got, expected, result.ok ? '' : result.error.traceback);
    });
  }

  describe('where we differ from PyTorch on purpose', () => {
    it('names operators the registry lacks as not supported yet', () => {
      const { result } = run('torch.stft(torch.zeros(8), 4)');
      assert.ok(!result.ok);
      assert.deepEqual(result.error.type, 'NotImplementedError');
      assert.equal(result.error.message, 'torch.stft is not supported yet');
    });

    it('refuses CUDA tensors with the runtime message when no GPU backend registered', () => {
      const { result } = run("torch.tensor([1.0], device='cuda')");
      assert.ok(!result.ok);
      assert.equal(result.error.type, 'RuntimeError');
      assert.match(result.error.message, /^Torch not compiled with CUDA enabled/);
    });

    it('reports arguments no overload accepts as a TypeError naming what it got', () => {
      const { result } = run("torch.zeros(2).add('a', 'b')");
      assert.ok(!result.ok);
      assert.equal(result.error.type, 'TypeError');
      assert.match(
        result.error.message,
        /^add\(\) received an invalid combination of arguments - got \(str, str\)/,
      );
    });

    it('says higher order gradients are not supported yet', () => {
      const { result } = run('torch.ones(2, requires_grad=True).sum().backward(create_graph=True)');
      assert.ok(!result.ok);
      assert.equal(result.error.type, 'NotImplementedError');
      assert.match(result.error.message, /create_graph=True is not supported yet$/);
    });

    it('turns runtime warnings into UserWarnings pointing at the cell', () => {
      let stderr = '';
      host.run('import warnings\nwarnings.simplefilter("always")');
      const result = host.run(
        'x = torch.tensor(torch.tensor([1]))',
        '<warning-cell>',
        (stream, text) => {
          if (stream === 'stderr') stderr += text;
        },
      );
      assert.ok(result.ok);
      assert.match(stderr, /^<warning-cell>:1: UserWarning: To copy construct from a tensor/);
    });

    it('raises a warning as an error when the filter says so', () => {
      host.run('import warnings\nwarnings.simplefilter("error")');
      const { result } = run('torch.tensor(torch.tensor([1]))');
      host.run('warnings.simplefilter("default")');
      assert.ok(!result.ok);
      assert.equal(result.error.type, 'UserWarning');
    });

    it('keeps the bridge out of tracebacks', () => {
      const { result } = run('x = torch.zeros(2)\ny = x.view(3)');
      assert.ok(!result.ok);
      assert.doesNotMatch(result.error.traceback, /_C|_tensor\.py|_torch_functions/);
      assert.match(result.error.traceback, /File "<cell-\d+>", line 2/);
    });
  });
});

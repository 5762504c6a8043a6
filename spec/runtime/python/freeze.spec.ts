// torch.jit.freeze and torch.jit.optimize_for_inference against PyTorch: every cell of
// spec/fixtures/freeze.jsonl (made by spec/fixtures/make_freeze_fixtures.py with PyTorch 1.13.1)
// runs in our Python host from a fresh compilation unit and must print the same graphs (numbered
// values and library source locations aside, see graph_text.ts), the same code and reprs, and
// raise the same errors; the tensors it leaves in `out` must agree within the record's
// tolerance (folded convolutions round differently).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PythonHost, type RunResult } from '../../../runtime/python/host.js';
import { fixturesDir } from '../../support/paths.js';
import { canonicalGraphText, cellFilename } from './graph_text.js';
import { printOut, tensorDifference, type Tensors } from './tensor_outputs.js';

interface CellRecord {
  name: string;
  code: string;
  stdout: string;
  error: { type: string; message: string } | null;
  tensors: Tensors | null;
  tolerance: { rtol: number; atol: number } | null;
}

const records = fs
  .readFileSync(path.join(fixturesDir, 'freeze.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as CellRecord);

/** Each cell starts from a fresh compilation unit and seed, as the fixture maker's processes. */
const prelude = `import torch
import torch.nn as nn
globals().pop('out', None)
torch._C._jit.new_session()
torch.manual_seed(0)`;

function torchAvailable(): boolean {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Freezes the tutorial's MyCell and saves it; prints the archive, inputs, outputs and code. */
const saveFrozenCell = `
import base64, io, json
class MyDecisionGate(torch.nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x
        else:
            return -x
class MyCell(torch.nn.Module):
    def __init__(self, dg):
        super(MyCell, self).__init__()
        self.dg = dg
        self.linear = torch.nn.Linear(4, 4)
    def forward(self, x, h):
        new_h = torch.tanh(self.dg(self.linear(x)) + h)
        return new_h, new_h
f = torch.jit.freeze(torch.jit.script(MyCell(MyDecisionGate())).eval())
x, h = torch.rand(3, 4), torch.rand(3, 4)
buffer = io.BytesIO()
torch.jit.save(f, buffer)
print(json.dumps({"archive": base64.b64encode(buffer.getvalue()).decode(), "code": f.code,
                  "x": x.tolist(), "h": h.tolist(), "out": f(x, h)[0].tolist()}))`;

/** Loads the archive in PyTorch, runs it on the inputs; its code and largest difference. */
const loadInPyTorch = `
import json, sys, torch
saved = json.load(open(sys.argv[1]))
loaded = torch.jit.load(sys.argv[2])
out = loaded(torch.tensor(saved["x"]), torch.tensor(saved["h"]))[0]
print(json.dumps({"code": loaded.code,
                  "difference": (out - torch.tensor(saved["out"])).abs().max().item()}))`;

describe('torch.jit.freeze and optimize_for_inference against PyTorch', function () {
  this.timeout(120000);
  let host: PythonHost;

  before(async () => {
    host = await PythonHost.create({ backends: false });
  });
  after(() => host.dispose());

  function runCapturing(code: string): { stdout: string; result: RunResult } {
    let stdout = '';
    const result = host.run(code, cellFilename, (stream, text) => {
      if (stream === 'stdout') stdout += text;
    });
    return { stdout, result };
  }

  for (const record of records) {
    it(record.name, () => {
      const start = host.run(prelude);
      assert.ok(start.ok, JSON.stringify(start));
      const { stdout, result } = runCapturing(record.code);
      const error = result.ok ? null : { type: result.error.type, message: result.error.message };
      assert.deepEqual(error, record.error, result.ok ? '' : result.error.traceback);
      assert.equal(canonicalGraphText(stdout), canonicalGraphText(record.stdout));
      if (record.tensors === null) return;
      const printed = runCapturing(printOut);
      assert.ok(printed.result.ok, JSON.stringify(printed.result));
      const tensors = JSON.parse(printed.stdout) as Tensors;
      assert.equal(tensorDifference(tensors, record.tensors, record.tolerance!), null);
    });
  }

  it('saves frozen modules PyTorch loads and runs with our results', function () {
    if (!torchAvailable()) this.skip();
    host.run(prelude);
    const { stdout, result } = runCapturing(saveFrozenCell);
    assert.ok(result.ok, result.ok ? '' : result.error.traceback);
    const saved = JSON.parse(stdout) as { archive: string; code: string };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frozen-'));
    try {
      const archive = path.join(dir, 'frozen.pt');
      const inputs = path.join(dir, 'saved.json');
      fs.writeFileSync(archive, Buffer.from(saved.archive, 'base64'));
      fs.writeFileSync(inputs, stdout);
      const report = JSON.parse(
        execFileSync('/usr/bin/python3', ['-c', loadInPyTorch, inputs, archive], {
          encoding: 'utf8',
        }),
      ) as { code: string; difference: number };
      assert.equal(report.code, saved.code);
      assert.ok(report.difference < 1e-6, `differs by ${report.difference}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('where this build differs from the fixtures', () => {
    it('has no MKLDNN', () => {
      const { stdout, result } = runCapturing(
        'print(torch.backends.mkldnn.is_available(), torch.backends.mkldnn.__name__)',
      );
      assert.ok(result.ok);
      assert.equal(stdout, 'False torch.backends.mkldnn\n');
    });

    it('says which freezing features are not supported yet', () => {
      const { result } = runCapturing(`
class Inner(nn.Module):
    def forward(self, x):
        return x
    @torch.jit.export
    def twice(self, x):
        return x * 2
class Outer(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = Inner()
    def forward(self, x):
        return self.inner(x) + self.inner.twice(x)
torch.jit.freeze(torch.jit.script(Outer()).eval(), preserved_attrs=['inner.twice'])`);
      assert.ok(!result.ok);
      assert.equal(
        result.error.message,
        'preserving inner.twice, a method of a submodule, when freezing is not supported yet',
      );
    });
  });
});

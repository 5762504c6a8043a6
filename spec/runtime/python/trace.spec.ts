// torch.jit.trace against PyTorch: every case of spec/fixtures/trace.jsonl (made by
// spec/fixtures/make_trace_fixtures.py with PyTorch 1.13.1) runs in our Python host through the
// same driver (spec/fixtures/trace_driver.py), and must record the same: graphs modulo value names
// (each `%name` renamed `%vK` in order of appearance), code and reprs exactly, tensors within
// tolerance, the same warnings at the same lines, the same error. Paths are compared from
// `trace_case.py` and `torch/`; line numbers inside the torch package are not compared, as our
// package's files are not PyTorch's.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PythonHost } from '../../../runtime/python/host.js';
import { canonicalGraph } from '../../conformance/compile_only.js';
import { fixturesDir } from '../../support/paths.js';

type Encoded = string | number | boolean | null | EncodedTensor | Encoded[];

interface EncodedTensor {
  readonly dtype: string;
  readonly shape: number[];
  readonly data: (number | boolean)[];
}

interface Warning {
  readonly category: string;
  readonly message: string;
  readonly filename: string;
  readonly lineno: number;
}

interface CaseResult {
  readonly records: [string, Encoded][];
  readonly warnings: Warning[];
  readonly error: { readonly type: string; readonly message: string } | null;
}

interface CaseRecord extends CaseResult {
  readonly name: string;
  readonly source: string;
}

const cases = fs
  .readFileSync(path.join(fixturesDir, 'trace.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as CaseRecord);

/** Float kernels may round differently in the last bits. */
const tolerance = { rtol: 1e-5, atol: 1e-6 };

/** Where our host keeps the case file and the torch package. */
const caseDirectory = '/trace_cases';
const packagePrefix = '/torchscript/package/';

/** Paths from `trace_case.py` and `torch/`, without line numbers inside the torch package. */
function normalize(text: string): string {
  return text
    .replaceAll(`${caseDirectory}/`, '')
    .replaceAll(packagePrefix, '')
    .replace(/(torch\/[\w/]+\.py)([:(])\d+/g, '$1$2*');
}

/**
 * The lines of a Python stack (`file(line): function`) outside the case file: what runs the case
 * around it differs between the fixture maker and this spec, and between PyTorch and us.
 */
const foreignStackLine = /^\s*(?!trace_case\.py\()\S.*\((\d+|\*)\): [\w<>]+$/;

/** Text compared as PyTorch's: graphs (and messages holding graphs) modulo value names. */
function comparable(text: string): string {
  const lines = normalize(text).split('\n');
  return canonicalGraph(lines.filter((l) => !foreignStackLine.test(l)).join('\n'));
}

function isTensor(v: Encoded): v is EncodedTensor {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'dtype' in v;
}

/** Where `got` differs from `expected`, or null. */
function difference(got: Encoded, expected: Encoded, where: string): string | null {
  if (typeof expected === 'string') {
    if (typeof got !== 'string') return `${where}: ${JSON.stringify(got)}, not a string`;
    return comparable(got) === comparable(expected)
      ? null
      : `${where} differs:\n--- ours\n${normalize(got)}\n--- PyTorch\n${normalize(expected)}`;
  }
  if (isTensor(expected)) return tensorDifference(got, expected, where);
  if (Array.isArray(expected)) {
    if (!Array.isArray(got) || got.length !== expected.length) {
      return `${where}: ${JSON.stringify(got)}, not a list of ${expected.length}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const d = difference(got[i], expected[i], `${where}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  return got === expected ? null : `${where}: ${JSON.stringify(got)}, not ${expected}`;
}

function tensorDifference(got: Encoded, expected: EncodedTensor, where: string): string | null {
  if (!isTensor(got)) return `${where}: ${JSON.stringify(got)}, not a tensor`;
  if (got.dtype !== expected.dtype) return `${where}: dtype ${got.dtype}, not ${expected.dtype}`;
  if (got.shape.join() !== expected.shape.join()) {
    return `${where}: shape [${got.shape.join(', ')}], not [${expected.shape.join(', ')}]`;
  }
  for (let i = 0; i < expected.data.length; i++) {
    const [g, e] = [Number(got.data[i]), Number(expected.data[i])];
    if (Math.abs(g - e) > tolerance.atol + tolerance.rtol * Math.abs(e)) {
      return `${where}: element ${i} is ${g}, not ${e}`;
    }
  }
  return null;
}

function comparableWarning(w: Warning): Warning {
  const file = normalize(w.filename);
  return {
    category: w.category,
    message: comparable(w.message),
    filename: file,
    lineno: file.startsWith('torch/') ? 0 : w.lineno,
  };
}

describe('torch.jit.trace against PyTorch', function () {
  this.timeout(120000);
  let host: PythonHost;
  let runCase: (source: string, directory: string) => string;
  let newSession: () => void;

  before(async () => {
    // The tfjs backends stay off: starting them would choose them for every later spec file.
    host = await PythonHost.create({ backends: false });
    const py = host.interpreter;
    py.FS.mkdirTree('/trace_driver');
    py.FS.mkdirTree(caseDirectory);
    py.FS.writeFile(
      '/trace_driver/trace_driver.py',
      fs.readFileSync(path.join(fixturesDir, 'trace_driver.py')),
    );
    py.runPython("import sys; sys.path.insert(0, '/trace_driver')");
    const driver = py.pyimport('trace_driver') as {
      run_case: (source: string, directory: string) => string;
    };
    runCase = (source, directory) => driver.run_case(source, directory);
    const jit = py.pyimport('torch._C._jit') as { new_session: () => void };
    newSession = () => jit.new_session();
  });

  for (const c of cases) {
    it(c.name, () => {
      // Each case starts with an empty compilation unit, as each ran in a fresh PyTorch process.
      newSession();
      const got = JSON.parse(runCase(c.source, caseDirectory)) as CaseResult;
      const error = (e: CaseResult['error']) =>
        e === null ? null : { type: e.type, message: comparable(e.message) };
      assert.deepEqual(error(got.error), error(c.error), got.error?.message);
      const labels = (r: CaseResult) => r.records.map(([label]) => label);
      assert.deepEqual(labels(got), labels(c));
      for (let i = 0; i < c.records.length; i++) {
        const [label, expected] = c.records[i];
        const d = difference(got.records[i][1], expected, label);
        assert.equal(d, null, d ?? '');
      }
      assert.deepEqual(got.warnings.map(comparableWarning), c.warnings.map(comparableWarning));
    });
  }

  describe('beyond the fixtures', () => {
    /** The repr of the cell's last expression, which must not fail. */
    function value(code: string): string | null {
      const result = host.run(code);
      assert.ok(result.ok, result.ok ? '' : result.error.traceback);
      return result.value;
    }

    function error(code: string): { type: string; message: string } {
      const result = host.run(code);
      assert.ok(!result.ok, `${code} did not fail`);
      return { type: result.error.type, message: result.error.message };
    }

    it('traces from example_kwarg_inputs (PyTorch 2.0) as from the same inputs by position', () => {
      const code = `
import torch
def scaled(x, scale):
    return x * scale + 1
a = torch.jit.trace(scaled, example_kwarg_inputs={"scale": torch.ones(2), "x": torch.ones(2)})
b = torch.jit.trace(scaled, (torch.ones(2), torch.ones(2)))
(a.code == b.code.replace("___torch_mangle_0.", ""), a(torch.ones(2), torch.full((2,), 3.0)))`;
      assert.equal(value(code), '(True, tensor([4., 4.]))');
    });

    it('says tracing is on while it runs, and refuses to nest', () => {
      assert.equal(
        value(`
import torch
seen = []
def f(x):
    seen.append(torch.jit.is_tracing())
    return x + 1
torch.jit.trace(f, torch.ones(1), check_trace=False)
(seen, torch.jit.is_tracing())`),
        '([True], False)',
      );
      assert.deepEqual(
        error(`
def outer(x):
    return torch.jit.trace(lambda y: y * 2, x)(x)
torch.jit.trace(outer, torch.ones(1))`),
        { type: 'RuntimeError', message: "Tracing can't be nested" },
      );
      assert.equal(value('torch.jit.is_tracing()'), 'False');
    });

    it('names what it does not support yet', () => {
      assert.deepEqual(
        error(`
def forked(x):
    return torch.jit.wait(torch.jit.fork(torch.neg, x))
torch.jit.trace(forked, torch.ones(1))`),
        {
          type: 'NotImplementedError',
          message: 'torch.jit.fork while tracing is not supported yet',
        },
      );
      assert.deepEqual(error('torch.jit.trace(lambda x: x, torch.ones(1), _force_outplace=True)'), {
        type: 'NotImplementedError',
        message: 'torch.jit.trace with _force_outplace=True is not supported yet',
      });
      assert.deepEqual(
        error(`
class WithExport(torch.nn.Module):
    def forward(self, x):
        return x
    @torch.jit.export
    def other(self, x):
        return x * 2
torch.jit.trace(WithExport(), torch.ones(1))`),
        {
          type: 'NotImplementedError',
          message:
            'torch.jit.trace of a module with @torch.jit.export methods is not supported yet',
        },
      );
    });
  });
});

// The PyTorch fixtures of the families with tfjs kernels (linear algebra, convolution, pooling)
// once more, with tfjs started, so that the cases large enough for tfjs check its path too
// (spec/runtime/ops/fixtures.spec.ts runs them with whichever backends are up).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { kernelCalls, type KernelName } from '../../../runtime/backend/kernel-table.js';
import { initBackends } from '../../../runtime/backend/tfjs.js';
import { TorchError } from '../../../runtime/errors.js';
import { convKernel } from '../../../runtime/kernels/conv.js';
import { matmulKernel } from '../../../runtime/kernels/matmul.js';
import { poolKernel } from '../../../runtime/kernels/pool.js';
import { bind } from '../../../runtime/ops/dispatch.js';
import '../../../runtime/ops/conv.js';
import '../../../runtime/ops/linalg.js';
import '../../../runtime/ops/pool.js';
import { lookup } from '../../../runtime/ops/registry.js';
import { parseJson } from '../../support/json.js';
import { fixturesDir } from '../../support/paths.js';
import { decode, difference, type Tolerance } from '../../support/values.js';

interface Fixture {
  op: string;
  args: unknown[];
  kwargs: { [name: string]: unknown };
  tolerance?: Tolerance;
  expected?: unknown;
  error?: { type: string; message: string };
  after?: unknown[];
}

const defaultTolerance: Tolerance = { rtol: 1.3e-6, atol: 1e-5 };

function runFixture(rec: Fixture): void {
  const op = lookup(rec.op);
  assert.ok(op, `${rec.op} is not registered`);
  const args = decode(rec.args) as unknown[];
  const bound = bind(op, args, decode(rec.kwargs) as { [name: string]: unknown });
  assert.ok(bound, `${rec.op} does not accept the recorded arguments`);
  const tol = rec.tolerance ?? defaultTolerance;
  let result: unknown;
  try {
    result = op.impl(...bound);
  } catch (e) {
    if (rec.error === undefined || !(e instanceof TorchError)) throw e;
    assert.equal(e.message.split('\n')[0], rec.error.message);
    return;
  }
  assert.equal(rec.error, undefined, `expected ${rec.error?.message}`);
  assert.equal(difference(result, rec.expected, tol), null);
  if (rec.after !== undefined) assert.equal(difference(args, rec.after, tol, 'argument'), null);
}

const families: [string, KernelName<never, unknown>][] = [
  ['linalg', matmulKernel as KernelName<never, unknown>],
  ['conv', convKernel as KernelName<never, unknown>],
  ['pool', poolKernel as KernelName<never, unknown>],
];

describe('operator fixtures on tfjs', () => {
  before(async function () {
    this.timeout(60000);
    await initBackends();
  });

  for (const [family, kernel] of families) {
    it(`${family}.jsonl agrees with PyTorch, its large cases on tfjs`, () => {
      const file = path.join(fixturesDir, 'ops', `${family}.jsonl`);
      const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
      const before = kernelCalls(kernel).tfjs;
      lines.forEach((line, i) => {
        const rec = parseJson(line) as Fixture;
        try {
          runFixture(rec);
        } catch (e) {
          throw new Error(`${family}.jsonl:${i + 1} ${rec.op}: ${(e as Error).message}`, {
            cause: e,
          });
        }
      });
      assert.ok(kernelCalls(kernel).tfjs - before >= 5, `too few ${family} cases ran on tfjs`);
    });
  }
});

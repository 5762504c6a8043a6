// One set of batched matmul problems, run by every implementation: they must agree with the
// reference, which must agree with the definition.

import assert from 'node:assert/strict';
import { runKernel, kernelCalls } from '../../../runtime/backend/kernel-table.js';
import {
  matmulKernel,
  tfjsMatmulWorthIt,
  type MatmulProblem,
  type StridedBatch,
} from '../../../runtime/kernels/matmul.js';
import type { DType } from '../../../runtime/tensor/dtype.js';
import { allocateArray } from '../../../runtime/tensor/storage.js';
import { assertClose, implementations, randomValues, withBackends } from './implementations.js';

type Layout = 'rows' | 'columns' | 'strided' | 'broadcast';

/** An operand of `batch` matrices rows x cols stored as `layout` says, from seeded data. */
function operand(
  batch: number,
  rows: number,
  cols: number,
  layout: Layout,
  dtype: DType,
  seed: number,
): StridedBatch {
  const stored = layout === 'broadcast' ? 1 : batch;
  const gap = layout === 'strided' ? 2 : 1;
  const data = allocateArray(dtype, stored * rows * cols * gap + 1);
  const values = randomValues(data.length, seed);
  for (let i = 0; i < data.length; i++) {
    data[i] = dtype === 'float32' || dtype === 'float64' ? values[i] : Math.round(values[i] * 20);
  }
  const size = rows * cols * gap;
  const s0 = layout === 'broadcast' ? 0 : size;
  if (layout === 'columns') return { data, offset: 1, strides: [s0, 1, rows] };
  return { data, offset: 1, strides: [s0, cols * gap, gap] };
}

function problem(
  [batch, m, k, n]: readonly number[],
  layouts: readonly [Layout, Layout],
  dtype: DType = 'float32',
): MatmulProblem {
  return {
    batch,
    m,
    k,
    n,
    dtype,
    a: operand(batch, m, k, layouts[0], dtype, 7 * m + k),
    b: operand(batch, k, n, layouts[1], dtype, 11 * n + k),
  };
}

/** The definition, one sum per element, for checking the reference itself. */
function definition(p: MatmulProblem): number[] {
  const out: number[] = [];
  const at = (s: StridedBatch, b: number, i: number, j: number) =>
    s.data[s.offset + b * s.strides[0] + i * s.strides[1] + j * s.strides[2]];
  for (let b = 0; b < p.batch; b++) {
    for (let i = 0; i < p.m; i++) {
      for (let j = 0; j < p.n; j++) {
        let sum = 0;
        for (let q = 0; q < p.k; q++) sum += at(p.a, b, i, q) * at(p.b, b, q, j);
        out.push(sum);
      }
    }
  }
  return out;
}

const shapes: number[][] = [
  [1, 3, 4, 4],
  [1, 1, 7, 1],
  [2, 5, 3, 6],
  [3, 17, 9, 13],
  [1, 64, 64, 64],
  [4, 16, 33, 20],
  [1, 1, 300, 1],
  [2, 0, 4, 3],
  [1, 4, 0, 3],
];
const layouts: [Layout, Layout][] = [
  ['rows', 'rows'],
  ['columns', 'rows'],
  ['rows', 'columns'],
  ['strided', 'strided'],
  ['broadcast', 'rows'],
  ['rows', 'broadcast'],
  ['broadcast', 'broadcast'],
];

describe('matmul kernel', () => {
  withBackends();

  it('reference agrees with the definition for every dtype', () => {
    for (const dtype of [
      'float32',
      'float64',
      'int64',
      'int32',
      'int16',
      'int8',
      'uint8',
    ] as const) {
      const p = problem([2, 5, 3, 6], ['rows', 'columns'], dtype);
      const expected = definition(p);
      const wrapped = allocateArray(dtype, expected.length);
      wrapped.set(expected.map((v) => (dtype === 'float32' ? Math.fround(v) : v)));
      assertClose(implementations(matmulKernel)[0].run(p), wrapped, dtype, { rtol: 0, atol: 0 });
    }
  });

  it('float64 stays double precision', () => {
    const p = problem([1, 2, 3, 2], ['rows', 'rows'], 'float64');
    p.a.data.set([0.1, 0.2, 0.3, 1e-17, 1, 3], 1);
    const result = implementations(matmulKernel)[0].run(p);
    assertClose(result, definition(p), 'float64', { rtol: 0, atol: 0 });
  });

  for (const shape of shapes) {
    for (const pair of layouts) {
      it(`every implementation agrees on ${shape.join('x')}, ${pair.join(' @ ')}`, () => {
        const p = problem(shape, pair);
        const impls = implementations(matmulKernel);
        assert.ok(impls.length >= 2, 'tfjs did not start');
        const expected = impls[0].run(p);
        for (const impl of impls.slice(1)) {
          if (!impl.supports(p)) continue;
          assertClose(impl.run(p), expected, impl.name, { rtol: 1e-5, atol: 1e-5 });
        }
      });
    }
  }

  it('sends small problems to the JS loop and large float32 ones to tfjs', () => {
    const before = kernelCalls(matmulKernel);
    runKernel(matmulKernel, problem([1, 3, 4, 4], ['rows', 'rows']));
    runKernel(matmulKernel, problem([1, 64, 64, 64], ['rows', 'rows']));
    runKernel(matmulKernel, problem([1, 64, 64, 64], ['rows', 'rows'], 'float64'));
    const after = kernelCalls(matmulKernel);
    assert.equal(after.reference - before.reference, 2);
    assert.equal(after.tfjs - before.tfjs, 1);
    // A row vector times a big matrix costs tfjs more (it packs the matrix) than the JS loop.
    assert.equal(tfjsMatmulWorthIt(problem([1, 1, 256, 256], ['rows', 'rows'])), false);
    assert.equal(tfjsMatmulWorthIt(problem([1, 256, 256, 1], ['rows', 'rows'])), true);
  });
});

// The generated reduction and scan loops against plain reference loops, over layouts that take
// each of their walks: contiguous reduced elements (four lanes), reduced dims outside contiguous
// rows of outputs, and arbitrary strides with offsets.

import assert from 'node:assert/strict';
import {
  runArgReduce,
  runArgScan,
  runReduce,
  runScan,
  type ArgReduceKernel,
  type ReduceKernel,
  type ScanKernel,
} from '../../../runtime/kernels/reduce.js';
import type { DType } from '../../../runtime/tensor/dtype.js';
import { contiguousStrides, numelOf } from '../../../runtime/tensor/shape.js';
import { Storage, allocateArray } from '../../../runtime/tensor/storage.js';
import { Tensor } from '../../../runtime/tensor/tensor.js';

const sum: ReduceKernel = {
  name: 'spec_sum',
  init: '0',
  update: (acc, a) => `${acc} + ${a}`,
  combine: (x, y) => `${x} + ${y}`,
};
const max: ReduceKernel = {
  name: 'spec_max',
  init: '-Infinity',
  update: (acc, a) => `(${a} > ${acc} || ${a} !== ${a} ? ${a} : ${acc})`,
  combine: (x, y) => `(${y} > ${x} || ${y} !== ${y} ? ${y} : ${x})`,
};
const variance: ReduceKernel = {
  name: 'spec_var',
  init: '0',
  update: (acc, a) => `${acc} + (${a} - m) * (${a} - m)`,
  prepass: { ...sum, name: 'spec_mean', finish: (acc, n) => `${acc} / ${n}` },
  finish: (acc, n) => `${acc} / (${n} - p0)`,
};
const argmax: ArgReduceKernel = {
  name: 'spec_argmax',
  better: (a, best) => `(${a} > ${best} || (${a} !== ${a} && ${best} === ${best}))`,
};
const cumsum: ScanKernel = { name: 'spec_cumsum', init: '0', update: (acc, a) => `${acc} + ${a}` };

/** A pseudo-random generator, so failures reproduce. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

/**
 * A tensor of `shape` whose elements are small integers (so sums are exact), laid out as a view:
 * the dims permuted in memory by `order`, every dim strided by `step`, after `offset` elements.
 */
function view(shape: number[], dtype: DType, order: number[], step = 1, offset = 0, seed = 1) {
  const rand = lcg(seed);
  const memShape = order.map((d) => shape[d] * step);
  const memStrides = contiguousStrides(memShape);
  const data = allocateArray(dtype, offset + Math.max(numelOf(memShape), 1));
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(rand() * 19) - 9;
  const strides = shape.map((_, d) => memStrides[order.indexOf(d)] * step);
  return new Tensor(new Storage(data), shape, strides, offset, dtype);
}

function multiIndex(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return idx;
}

/** The input's elements grouped by output position, each group in row-major order. */
function groups(t: Tensor, dims: readonly number[]): number[][] {
  const kept = t.shape.map((_, d) => d).filter((d) => !dims.includes(d));
  const outShape = kept.map((d) => t.shape[d]);
  const out: number[][] = Array.from({ length: numelOf(outShape) }, () => []);
  const values = t.toArray();
  values.forEach((v, flat) => {
    const idx = multiIndex(flat, t.shape);
    let o = 0;
    for (const d of kept) o = o * t.shape[d] + idx[d];
    out[o].push(v);
  });
  return out;
}

function reduced(kernel: ReduceKernel, t: Tensor, dims: number[], params: number[] = []) {
  const kept = t.shape.filter((_, d) => !dims.includes(d));
  const out = Tensor.empty(kept, 'float64');
  runReduce(kernel, out, t, dims, 'float64', params);
  return out.toArray();
}

const layouts: [string, number[], number[], number, number][] = [
  ['contiguous', [3, 4, 5], [0, 1, 2], 1, 0],
  ['permuted', [3, 4, 5], [2, 0, 1], 1, 0],
  ['reversed', [6, 5, 4], [2, 1, 0], 1, 0],
  ['stepped with offset', [3, 4, 5], [0, 1, 2], 2, 7],
  ['permuted and stepped', [4, 3, 6], [1, 2, 0], 3, 5],
  ['with unit dims', [1, 4, 1, 6], [0, 1, 2, 3], 1, 0],
];
const dimSets = [[], [0], [1], [2], [0, 1], [1, 2], [0, 2], [0, 1, 2]];

describe('generated reductions', () => {
  for (const [name, shape, order, step, offset] of layouts) {
    it(`sum, max and var agree with reference loops: ${name}`, () => {
      const t = view(shape, 'float64', order, step, offset);
      for (const dims of dimSets.filter((ds) => ds.every((d) => d < shape.length))) {
        const all = dims.length === 0 ? shape.map((_, d) => d) : dims;
        const g = groups(t, all);
        const sums = g.map((xs) => xs.reduce((a, b) => a + b, 0));
        assert.deepEqual(reduced(sum, t, all), sums, `sum over [${all}]`);
        assert.deepEqual(
          reduced(max, t, all),
          g.map((xs) => Math.max(...xs)),
          `max over [${all}]`,
        );
        const vars = g.map((xs, i) => {
          const m = sums[i] / xs.length;
          return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
        });
        reduced(variance, t, all, [1]).forEach((v, i) =>
          // One element over a correction of one is 0 / 0 on both sides.
          assert.ok(Math.abs(v - vars[i]) < 1e-9 || (isNaN(v) && isNaN(vars[i])), `var at ${i}`),
        );
      }
    });
  }

  it('accumulates whole rows when the reduced dims lie outside them', () => {
    // Reducing dim 0 of a contiguous [50, 33] matrix: every output row is contiguous.
    const t = view([50, 33], 'float32', [0, 1]);
    const g = groups(t, [0]);
    assert.deepEqual(
      reduced(sum, t, [0]),
      g.map((xs) => xs.reduce((a, b) => a + b, 0)),
    );
  });

  it('propagates NaN from any lane of the contiguous loop', () => {
    for (let at = 0; at < 9; at++) {
      const data = Float32Array.from({ length: 9 }, (_, i) => (i === at ? NaN : i));
      const t = new Tensor(new Storage(data), [9], [1], 0, 'float32');
      assert.ok(Number.isNaN(reduced(max, t, [0])[0]), `NaN at ${at}`);
    }
  });

  it('gives the identity over empty dims and writes nothing for empty results', () => {
    const empty = Tensor.empty([3, 0], 'float32');
    assert.deepEqual(reduced(sum, empty, [1]), [0, 0, 0]);
    assert.deepEqual(reduced(sum, empty, [0]), []);
  });

  it('casts each element to the compute dtype and the result to the output dtype', () => {
    const t = new Tensor(new Storage(Float32Array.from([1.7, -2.7, 3.2])), [3], [1], 0, 'float32');
    const out = Tensor.empty([], 'int8');
    runReduce(sum, out, t, [0], 'int64');
    assert.deepEqual(out.toArray(), [2]); // 1 - 2 + 3, each truncated first
  });

  it('picks the first extreme, or the first NaN, with its index', () => {
    const t = view([5, 7], 'float64', [1, 0], 2, 3, 4);
    t.data[t.offset + 2 * t.strides[0] + 4 * t.strides[1]] = NaN;
    t.data[t.offset + 2 * t.strides[0] + 6 * t.strides[1]] = NaN;
    const values = Tensor.empty([5], 'float64');
    const indices = Tensor.empty([5], 'int64');
    runArgReduce(argmax, values, indices, t, [1]);
    groups(t, [1]).forEach((xs, r) => {
      const nan = xs.findIndex((x) => Number.isNaN(x));
      const expected = nan >= 0 ? nan : xs.indexOf(Math.max(...xs));
      assert.equal(indices.data[r], expected, `row ${r}`);
      assert.ok(Object.is(values.data[r], xs[expected]));
    });
    const flat = Tensor.empty([], 'int64');
    runArgReduce(argmax, null, flat, t, [0, 1]);
    assert.equal(
      flat.data[0],
      t.toArray().findIndex((x) => Number.isNaN(x)),
    );
  });
});

describe('generated scans', () => {
  it('cumsum along each dim of a strided view, into a contiguous output and in place', () => {
    const t = view([3, 4, 5], 'float64', [2, 0, 1], 2, 3);
    for (let dim = 0; dim < 3; dim++) {
      const out = Tensor.empty(t.shape, 'float64');
      runScan(cumsum, out, t, dim, 'float64');
      const x = t.toArray();
      const expected = x.map((_, flat) => {
        const idx = multiIndex(flat, t.shape);
        let acc = 0;
        for (let k = 0; k <= idx[dim]; k++) {
          const j = idx.slice();
          j[dim] = k;
          acc += x[j.reduce((a, v, d) => a * t.shape[d] + v, 0)];
        }
        return acc;
      });
      assert.deepEqual(out.toArray(), expected, `dim ${dim}`);
      const self = view([3, 4, 5], 'float64', [2, 0, 1], 2, 3);
      runScan(cumsum, self, self, dim, 'float64');
      assert.deepEqual(self.toArray(), expected, `in place, dim ${dim}`);
    }
  });

  it('keeps the running pick and its index', () => {
    const data = Float64Array.from([1, 3, 3, 2, NaN, 5]);
    const t = new Tensor(new Storage(data), [6], [1], 0, 'float64');
    const values = Tensor.empty([6], 'float64');
    const indices = Tensor.empty([6], 'int64');
    const cummax: ArgReduceKernel = {
      name: 'spec_cummax',
      better: (a, best) => `(${a} >= ${best} || ${a} !== ${a})`,
    };
    runArgScan(cummax, values, indices, t, 0);
    assert.deepEqual(values.toArray(), [1, 3, 3, 3, NaN, NaN]);
    assert.deepEqual(indices.toArray(), [0, 1, 2, 2, 4, 4]);
  });
});

// One set of pooling problems, run by every implementation: they must agree with the reference.

import assert from 'node:assert/strict';
import { kernelCalls, runKernel } from '../../../runtime/backend/kernel-table.js';
import {
  adaptivePoolKernel,
  poolKernel,
  type Pair,
  type PoolProblem,
} from '../../../runtime/kernels/pool.js';
import { assertClose, implementations, randomValues, withBackends } from './implementations.js';

interface Spec {
  planes: number;
  size: Pair;
  kernel: Pair;
  stride?: Pair;
  padding?: Pair;
  dilation?: Pair;
  countIncludePad?: boolean;
  divisor?: number;
}

function windows(size: number, k: number, s: number, p: number, d: number): number {
  return Math.floor((size + 2 * p - d * (k - 1) - 1) / s) + 1;
}

function problem(spec: Spec, mode: 'max' | 'avg', withIndices = false): PoolProblem {
  const stride = spec.stride ?? spec.kernel;
  const padding = spec.padding ?? [0, 0];
  const dilation = spec.dilation ?? [1, 1];
  const [h, w] = spec.size;
  return {
    dtype: 'float32',
    input: randomValues(spec.planes * h * w, spec.planes + h),
    planes: spec.planes,
    height: h,
    width: w,
    mode,
    kernel: spec.kernel,
    stride,
    padding,
    dilation,
    outSize: [
      windows(h, spec.kernel[0], stride[0], padding[0], dilation[0]),
      windows(w, spec.kernel[1], stride[1], padding[1], dilation[1]),
    ],
    countIncludePad: spec.countIncludePad ?? true,
    divisor: spec.divisor ?? null,
    withIndices,
  };
}

const specs: [string, Spec][] = [
  ['2x2', { planes: 3, size: [6, 8], kernel: [2, 2] }],
  ['3x3 padded', { planes: 2, size: [7, 7], kernel: [3, 3], stride: [2, 2], padding: [1, 1] }],
  [
    'padding not counted',
    {
      planes: 2,
      size: [7, 7],
      kernel: [3, 3],
      stride: [2, 2],
      padding: [1, 1],
      countIncludePad: false,
    },
  ],
  ['divisor', { planes: 2, size: [6, 6], kernel: [2, 2], divisor: 3 }],
  ['dilated', { planes: 2, size: [9, 9], kernel: [3, 3], stride: [1, 1], dilation: [2, 2] }],
  ['rows', { planes: 4, size: [1, 40], kernel: [1, 4], stride: [1, 3] }],
  ['large', { planes: 64, size: [32, 32], kernel: [2, 2] }],
  [
    'large overlapping',
    {
      planes: 32,
      size: [31, 31],
      kernel: [3, 3],
      stride: [2, 2],
      padding: [1, 1],
      countIncludePad: false,
    },
  ],
];

describe('pool kernel', () => {
  withBackends();

  it('reference follows the definition on a small case', () => {
    const p = problem({ planes: 1, size: [2, 3], kernel: [2, 2], stride: [1, 1] }, 'max', true);
    p.input.set([1, 5, 2, NaN, 0, 7]);
    const max = implementations(poolKernel)[0].run(p);
    assert.deepEqual(Array.from(max.values), [NaN, 7]);
    assert.deepEqual(Array.from(max.indices!), [3, 5]);
    const avg = implementations(poolKernel)[0].run({
      ...p,
      mode: 'avg',
      input: Float32Array.from([1, 5, 2, 3, 0, 7]),
    });
    assert.deepEqual(Array.from(avg.values), [9 / 4, 14 / 4]);
  });

  for (const [name, spec] of specs) {
    for (const mode of ['max', 'avg'] as const) {
      it(`every implementation agrees: ${mode} ${name}`, () => {
        const p = problem(spec, mode);
        const impls = implementations(poolKernel);
        const expected = impls[0].run(p).values;
        for (const impl of impls.slice(1)) {
          if (impl.supports(p)) assertClose(impl.run(p).values, expected, impl.name);
        }
      });
    }
  }

  it('tfjs leaves max pooling with NaN to the reference, whose NaN wins', () => {
    const p = problem(specs[6][1], 'max');
    p.input[5] = NaN;
    assert.equal(implementations(poolKernel)[1].supports(p), false);
    assert.ok(Number.isNaN(runKernel(poolKernel, p).values[2]));
  });

  it('tfjs takes large pooling, the JS loops small pooling and indices', () => {
    const before = kernelCalls(poolKernel);
    runKernel(poolKernel, problem(specs[0][1], 'max'));
    runKernel(poolKernel, problem(specs[6][1], 'avg'));
    runKernel(poolKernel, problem(specs[6][1], 'max', true));
    const after = kernelCalls(poolKernel);
    assert.equal(after.tfjs - before.tfjs, 1);
    assert.equal(after.reference - before.reference, 2);
  });

  it('adaptive windows cover the input, overlapping where sizes do not divide', () => {
    const input = Float32Array.from([1, 2, 3, 4, 5]);
    const result = implementations(adaptivePoolKernel)[0].run({
      dtype: 'float32',
      input,
      planes: 1,
      height: 1,
      width: 5,
      mode: 'avg',
      outSize: [1, 3],
      withIndices: false,
    });
    // Windows [0, 2), [1, 4), [3, 5).
    assertClose(result.values, [1.5, 3, 4.5], 'adaptive avg');
  });
});

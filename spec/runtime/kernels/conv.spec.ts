// One set of convolution problems, run by every implementation: they must agree with the
// reference, which must agree with the definition.

import assert from 'node:assert/strict';
import { kernelCalls, runKernel } from '../../../runtime/backend/kernel-table.js';
import { convKernel, type ConvProblem, type Triple } from '../../../runtime/kernels/conv.js';
import { assertClose, implementations, randomValues, withBackends } from './implementations.js';

interface Spec {
  input: [number, number, number, number, number];
  outChannels: number;
  kernel: Triple;
  groups?: number;
  stride?: Triple;
  padding?: Triple;
  dilation?: Triple;
  transposed?: boolean;
  bias?: boolean;
  outputPadding?: Triple;
}

function outSize(s: Spec, i: number): number {
  const size = s.input[2 + i];
  const k = s.kernel[i];
  const stride = s.stride?.[i] ?? 1;
  const pad = s.padding?.[i] ?? 0;
  const dil = s.dilation?.[i] ?? 1;
  if (s.transposed)
    return (size - 1) * stride - 2 * pad + dil * (k - 1) + (s.outputPadding?.[i] ?? 0) + 1;
  return Math.floor((size + 2 * pad - dil * (k - 1) - 1) / stride) + 1;
}

function problem(s: Spec, dtype: 'float32' | 'float64' = 'float32'): ConvProblem {
  const groups = s.groups ?? 1;
  const [n, c, d, h, w] = s.input;
  const perGroup = s.transposed ? s.outChannels / groups : c / groups;
  const weightCount =
    (s.transposed ? c : s.outChannels) * perGroup * s.kernel[0] * s.kernel[1] * s.kernel[2];
  const ArrayType: { new (n: number): Float32Array | Float64Array } =
    dtype === 'float32' ? Float32Array : Float64Array;
  const padding = s.padding ?? [0, 0, 0];
  return {
    dtype,
    input: randomValues(n * c * d * h * w, 3 + c, ArrayType),
    inputShape: s.input,
    weight: randomValues(weightCount, 5 + s.outChannels, ArrayType),
    kernel: s.kernel,
    bias: s.bias === false ? null : randomValues(s.outChannels, 9, ArrayType),
    outChannels: s.outChannels,
    groups,
    stride: s.stride ?? [1, 1, 1],
    padding,
    padEnd: padding,
    dilation: s.dilation ?? [1, 1, 1],
    outSize: [outSize(s, 0), outSize(s, 1), outSize(s, 2)],
    transposed: s.transposed ?? false,
    spatialDims: d > 1 || s.kernel[0] > 1 ? 3 : h > 1 || s.kernel[1] > 1 ? 2 : 1,
  };
}

/** out[n, o, z, y, x] from the definition, one sum per element (direct convolutions). */
function definition(p: ConvProblem): number[] {
  const [n, c, d, h, w] = p.inputShape;
  const [kd, kh, kw] = p.kernel;
  const [od, oh, ow] = p.outSize;
  const inPerGroup = c / p.groups;
  const outPerGroup = p.outChannels / p.groups;
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let o = 0; o < p.outChannels; o++)
      for (let z = 0; z < od; z++)
        for (let y = 0; y < oh; y++)
          for (let x = 0; x < ow; x++) {
            let sum = p.bias === null ? 0 : p.bias[o];
            const g = Math.floor(o / outPerGroup);
            for (let i = 0; i < inPerGroup; i++)
              for (let a = 0; a < kd; a++)
                for (let e = 0; e < kh; e++)
                  for (let f = 0; f < kw; f++) {
                    const iz = z * p.stride[0] - p.padding[0] + a * p.dilation[0];
                    const iy = y * p.stride[1] - p.padding[1] + e * p.dilation[1];
                    const ix = x * p.stride[2] - p.padding[2] + f * p.dilation[2];
                    if (iz < 0 || iy < 0 || ix < 0 || iz >= d || iy >= h || ix >= w) continue;
                    const input =
                      p.input[(((b * c + g * inPerGroup + i) * d + iz) * h + iy) * w + ix];
                    const weight = p.weight[(((o * inPerGroup + i) * kd + a) * kh + e) * kw + f];
                    sum += input * weight;
                  }
            out.push(sum);
          }
  return out;
}

const specs: [string, Spec][] = [
  ['2-D 3x3', { input: [2, 3, 1, 6, 7], outChannels: 4, kernel: [1, 3, 3] }],
  [
    '2-D padded, strided',
    {
      input: [1, 3, 1, 8, 8],
      outChannels: 5,
      kernel: [1, 3, 3],
      stride: [1, 2, 2],
      padding: [0, 1, 1],
    },
  ],
  [
    '2-D dilated',
    {
      input: [1, 2, 1, 9, 9],
      outChannels: 3,
      kernel: [1, 3, 3],
      dilation: [1, 2, 3],
      padding: [0, 2, 1],
    },
  ],
  ['2-D no bias', { input: [1, 4, 1, 5, 5], outChannels: 2, kernel: [1, 2, 2], bias: false }],
  ['2-D groups', { input: [1, 4, 1, 6, 6], outChannels: 6, kernel: [1, 3, 3], groups: 2 }],
  [
    '2-D depthwise',
    { input: [2, 4, 1, 6, 6], outChannels: 8, kernel: [1, 3, 3], groups: 4, padding: [0, 1, 1] },
  ],
  [
    '2-D large',
    { input: [2, 16, 1, 16, 16], outChannels: 16, kernel: [1, 3, 3], padding: [0, 1, 1] },
  ],
  [
    '2-D large depthwise',
    {
      input: [1, 16, 1, 16, 16],
      outChannels: 16,
      kernel: [1, 3, 3],
      groups: 16,
      padding: [0, 1, 1],
    },
  ],
  [
    '1-D',
    {
      input: [2, 3, 1, 1, 11],
      outChannels: 4,
      kernel: [1, 1, 3],
      stride: [1, 1, 2],
      padding: [0, 0, 1],
    },
  ],
  [
    '3-D',
    {
      input: [1, 2, 4, 5, 5],
      outChannels: 3,
      kernel: [2, 3, 3],
      padding: [1, 0, 1],
      dilation: [2, 1, 1],
    },
  ],
];

const transposedSpecs: [string, Spec][] = [
  ['2-D', { input: [1, 3, 1, 4, 5], outChannels: 4, kernel: [1, 3, 3], transposed: true }],
  [
    '2-D strided, padded',
    {
      input: [2, 3, 1, 4, 4],
      outChannels: 2,
      kernel: [1, 3, 3],
      stride: [1, 2, 2],
      padding: [0, 1, 1],
      outputPadding: [0, 1, 1],
      transposed: true,
    },
  ],
  [
    '2-D groups, dilated',
    {
      input: [1, 4, 1, 3, 3],
      outChannels: 6,
      kernel: [1, 2, 2],
      groups: 2,
      dilation: [1, 2, 2],
      transposed: true,
    },
  ],
  [
    '3-D',
    {
      input: [1, 2, 2, 3, 3],
      outChannels: 3,
      kernel: [2, 2, 2],
      stride: [2, 2, 2],
      transposed: true,
    },
  ],
];

/** The transposed convolution as the adjoint: <conv_T(x), y> = <x, conv(y)> without bias. */
function adjointGap(t: ConvProblem): number {
  const forward: ConvProblem = {
    ...t,
    input: randomValues(
      t.inputShape[0] * t.outChannels * t.outSize[0] * t.outSize[1] * t.outSize[2],
      77,
      Float64Array,
    ),
    inputShape: [t.inputShape[0], t.outChannels, ...t.outSize],
    outChannels: t.inputShape[1],
    outSize: [t.inputShape[2], t.inputShape[3], t.inputShape[4]],
    transposed: false,
    bias: null,
  };
  const transposed = implementations(convKernel)[0].run({ ...t, bias: null });
  // The adjoint of a transposed conv is the direct conv whose weight is the same array, read as
  // [out = in channels, in / groups = out / groups, kernel...].
  const direct = implementations(convKernel)[0].run(forward);
  let left = 0;
  for (let i = 0; i < transposed.length; i++) left += transposed[i] * forward.input[i];
  let right = 0;
  for (let i = 0; i < direct.length; i++) right += direct[i] * t.input[i];
  return Math.abs(left - right) / Math.max(1, Math.abs(left));
}

describe('conv kernel', () => {
  withBackends();

  for (const [name, spec] of specs) {
    it(`reference agrees with the definition: ${name}`, () => {
      const p = problem(spec, 'float64');
      assertClose(implementations(convKernel)[0].run(p), definition(p), name, {
        rtol: 1e-12,
        atol: 1e-12,
      });
    });
    it(`every implementation agrees: ${name}`, () => {
      const p = problem(spec);
      const impls = implementations(convKernel);
      const expected = impls[0].run(p);
      for (const impl of impls.slice(1)) {
        if (impl.supports(p))
          assertClose(impl.run(p), expected, impl.name, { rtol: 1e-5, atol: 1e-5 });
      }
    });
  }

  for (const [name, spec] of transposedSpecs) {
    it(`transposed reference is the adjoint of the direct one: ${name}`, () => {
      assert.ok(adjointGap(problem(spec, 'float64')) < 1e-12);
    });
  }

  it('tfjs takes large 2-D float32 convolutions, the JS loops the rest', () => {
    const before = kernelCalls(convKernel);
    runKernel(convKernel, problem(specs[0][1]));
    runKernel(convKernel, problem(specs[6][1]));
    runKernel(convKernel, problem(specs[6][1], 'float64'));
    runKernel(convKernel, problem(specs[9][1]));
    const after = kernelCalls(convKernel);
    assert.equal(after.tfjs - before.tfjs, 1);
    assert.equal(after.reference - before.reference, 3);
  });
});

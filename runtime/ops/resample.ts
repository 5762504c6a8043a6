// Upsampling (nearest, nearest-exact, linear and bilinear, with align_corners and scales) and
// pixel_shuffle / pixel_unshuffle. Index and weight tables are computed per output dimension in
// the float type PyTorch computes them in, so every output reads the same source elements.

import { runtimeError } from '../errors.js';
import { isFloating, type DType } from '../tensor/dtype.js';
import { isChannelsLast } from '../tensor/memory_format.js';
import { formatShape, numelOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { contiguous } from './elementwise.js';
import {
  allocate,
  defCopyOut,
  defExactOut,
  notImplementedFor,
  reshaped,
  rounding,
  valuesOf,
} from './nn.js';
import { def } from './registry.js';

type Scale = number | null;
type Interpolation = 'nearest' | 'nearest-exact' | 'linear';

/** One output dimension's sources: each output index reads `index[k][i]` with `weight[k][i]`. */
interface Taps {
  readonly index: Int32Array[];
  readonly weight: Float64Array[];
}

/** compute_scales_value: 1/scale when a positive scale was given, else input/output. */
function scaleValue(scale: Scale, input: number, output: number, round: (x: number) => number) {
  return scale !== null && scale > 0 ? round(1 / scale) : round(input / output);
}

function nearestTaps(
  exact: boolean,
  input: number,
  output: number,
  scale: Scale,
  round: (x: number) => number,
): Taps {
  const s = scaleValue(scale, input, output, round);
  const index = new Int32Array(output);
  for (let i = 0; i < output; i++) {
    let src: number;
    if (exact) {
      const real = round(round(s * round(i + 0.5)) - 0.5);
      src = Math.floor(round((real < 0 ? 0 : real) + 0.5));
    } else {
      src = Math.floor(round(s * i));
    }
    index[i] = Math.min(src, input - 1);
  }
  return { index: [index], weight: [new Float64Array(output).fill(1)] };
}

/** The channels-last kernels' nearest_idx: exact shortcuts for 1x and 2x, float math else. */
function nearestTapsChannelsLast(
  exact: boolean,
  input: number,
  output: number,
  scale: Scale,
): Taps {
  const s = scaleValue(scale, input, output, Math.fround);
  const index = new Int32Array(output);
  for (let i = 0; i < output; i++) {
    let src: number;
    if (exact) src = Math.floor(Math.fround((i + 0.5) * s));
    else if (output === input) src = i;
    else if (output === 2 * input) src = i >> 1;
    else src = Math.floor(Math.fround(i * s));
    index[i] = Math.min(src, input - 1);
  }
  return { index: [index], weight: [new Float64Array(output).fill(1)] };
}

function linearTaps(
  input: number,
  output: number,
  alignCorners: boolean,
  scale: Scale,
  round: (x: number) => number,
): Taps {
  const [i0, i1] = [new Int32Array(output), new Int32Array(output)];
  const [w0, w1] = [new Float64Array(output), new Float64Array(output)];
  let s: number;
  if (alignCorners) s = output > 1 ? round((input - 1) / (output - 1)) : 0;
  else s = scaleValue(scale, input, output, round);
  for (let i = 0; i < output; i++) {
    if (output === input) {
      [i0[i], i1[i], w0[i], w1[i]] = [i, i, 1, 0];
      continue;
    }
    let real: number;
    if (alignCorners) real = round(s * i);
    else {
      real = round(round(s * round(i + 0.5)) - 0.5);
      if (real < 0) real = 0;
    }
    i0[i] = Math.min(Math.trunc(real), input - 1);
    i1[i] = i0[i] + (i0[i] < input - 1 ? 1 : 0);
    w1[i] = Math.min(Math.max(round(real - i0[i]), 0), 1);
    w0[i] = round(1 - w1[i]);
  }
  return { index: [i0, i1], weight: [w0, w1] };
}

/** The dtype loop names of the kernels, which report the dtypes they lack. */
function kernelName(mode: Interpolation, input: Tensor, op: string): string {
  // Nearest-exact shares the nearest kernel's dtype loop on channels-last inputs.
  if (isChannelsLast(input))
    return `${op.replace('_upsample_nearest_exact', 'upsample_nearest')}_channels_last`;
  return mode === 'linear' ? 'compute_indices_weights_linear' : 'compute_indices_weights_nearest';
}

/** The float type the index math runs in: float for float32 and uint8, double for float64. */
function checkKernelDType(mode: Interpolation, input: Tensor, op: string): DType {
  const dtype = input.dtype;
  const supported = isFloating(dtype) || (mode !== 'linear' && dtype === 'uint8');
  if (!supported) throw notImplementedFor(kernelName(mode, input, op), dtype);
  return dtype === 'float64' ? 'float64' : 'float32';
}

/** Interpolates the spatial dimensions of [N, C, W] or [N, C, H, W] through their taps. */
function interpolate(
  input: Tensor,
  outSpatial: Shape,
  taps: readonly Taps[],
  dtype: DType,
): Tensor {
  const [n, c] = input.shape;
  const { tensor, data } = allocate([n, c, ...outSpatial], input.dtype);
  const x = valuesOf(input);
  const planes = n * c;
  // A 1-d problem is a 2-d one with a single row.
  const [h, w] = input.ndim === 3 ? [1, input.shape[2]] : [input.shape[2], input.shape[3]];
  const [oh, ow] = outSpatial.length === 1 ? [1, outSpatial[0]] : outSpatial;
  const rowTaps = outSpatial.length === 1 ? singleRow : taps[0];
  const colTaps = taps[taps.length - 1];
  if (rowTaps.index.length === 1 && colTaps.index.length === 1) {
    gatherPlanes(x, data, planes, [h, w], [oh, ow], rowTaps.index[0], colTaps.index[0]);
  } else {
    blendPlanes(x, data, planes, [h, w], [oh, ow], rowTaps, colTaps, dtype === 'float32');
  }
  return tensor;
}

/** The taps of the single row of a 1-d problem. */
const singleRow: Taps = { index: [new Int32Array(1)], weight: [new Float64Array([1])] };

/** Nearest modes: every output element copies one input element. */
function gatherPlanes(
  x: ArrayLike<number>,
  out: { [i: number]: number },
  planes: number,
  [h, w]: readonly number[],
  [oh, ow]: readonly number[],
  rows: Int32Array,
  cols: Int32Array,
): void {
  for (let p = 0; p < planes; p++) {
    for (let i = 0; i < oh; i++) {
      const src = (p * h + rows[i]) * w;
      const dst = (p * oh + i) * ow;
      for (let j = 0; j < ow; j++) out[dst + j] = x[src + cols[j]];
    }
  }
}

/**
 * Linear modes: each row blends two input columns, then two rows blend, rounding every product
 * and sum to float32 where the kernel computes in float: t0 * w0 + t1 * w1 at each level.
 */
function blendPlanes(
  x: ArrayLike<number>,
  out: { [i: number]: number },
  planes: number,
  [h, w]: readonly number[],
  [oh, ow]: readonly number[],
  rowTaps: Taps,
  colTaps: Taps,
  single: boolean,
): void {
  const r = single ? Math.fround : (v: number) => v;
  const twoRows = rowTaps.index.length === 2;
  const [c0, c1] = [colTaps.index[0], colTaps.index[1] ?? colTaps.index[0]];
  const [v0, v1] = [colTaps.weight[0], colTaps.weight[1] ?? new Float64Array(ow)];
  const blendRow = (base: number, j: number) =>
    r(r(x[base + c0[j]] * v0[j]) + r(x[base + c1[j]] * v1[j]));
  for (let p = 0; p < planes; p++) {
    for (let i = 0; i < oh; i++) {
      const top = (p * h + rowTaps.index[0][i]) * w;
      const bottom = (p * h + (twoRows ? rowTaps.index[1][i] : rowTaps.index[0][i])) * w;
      const [u0, u1] = [rowTaps.weight[0][i], twoRows ? rowTaps.weight[1][i] : 0];
      const dst = (p * oh + i) * ow;
      for (let j = 0; j < ow; j++) {
        const upper = blendRow(top, j);
        out[dst + j] = twoRows ? r(r(upper * u0) + r(blendRow(bottom, j) * u1)) : r(upper * u0);
      }
    }
  }
}

// ---- the checks of the meta functions ----

function commonCheck(input: Tensor, outputSize: readonly number[], spatial: number): void {
  if (outputSize.length !== spatial) {
    throw runtimeError(
      `It is expected output_size equals to ${spatial}, but got size ${outputSize.length}`,
    );
  }
  if (input.ndim !== spatial + 2) {
    throw runtimeError(
      `It is expected input_size equals to ${spatial + 2}, but got size ${input.ndim}`,
    );
  }
  const sizes = input.shape.slice(2);
  if (!sizes.every((s) => s > 0) || !outputSize.every((s) => s > 0)) {
    const names = spatial === 1 ? ['W'] : ['H', 'W'];
    const text = (v: readonly number[]) => names.map((n, i) => `${n}: ${v[i]}`).join(', ');
    const joiner = spatial === 1 ? ') and output (' : ') output (';
    throw runtimeError(
      `Input and output sizes should be greater than 0, but got input (${text(sizes)}${joiner}${text(outputSize)})`,
    );
  }
  const empty =
    spatial === 1
      ? input.shape[1] === 0 || input.shape[2] === 0
      : input.numel() === 0 && numelOf(input.shape.slice(1)) === 0;
  if (empty) {
    throw runtimeError(
      `Non-empty ${spatial + 2}D data tensor expected but got a tensor with sizes ${formatShape(input.shape)}`,
    );
  }
}

interface Upsample {
  readonly op: string;
  readonly mode: Interpolation;
  readonly spatial: 1 | 2;
}

function upsampleMeta(spec: Upsample, input: Tensor, outputSize: readonly number[]): DType {
  commonCheck(input, outputSize, spec.spatial);
  return input.dtype;
}

function upsample(
  spec: Upsample,
  input: Tensor,
  outputSize: readonly number[],
  alignCorners: boolean,
  scales: readonly Scale[],
): Tensor {
  upsampleMeta(spec, input, outputSize);
  const dtype = checkKernelDType(spec.mode, input, spec.op);
  const round = rounding(dtype);
  const channelsLast = isChannelsLast(input);
  const taps = outputSize.map((out, d) => {
    const size = input.shape[2 + d];
    if (spec.mode === 'linear') return linearTaps(size, out, alignCorners, scales[d], round);
    const exact = spec.mode === 'nearest-exact';
    if (channelsLast) return nearestTapsChannelsLast(exact, size, out, scales[d]);
    return nearestTaps(exact, size, out, scales[d], round);
  });
  return interpolate(input, outputSize, taps, dtype);
}

/** compute_output_size of the .vec overloads: exactly one of output_size and scale_factors. */
function outputSizeOf(
  input: Tensor,
  outputSize: readonly number[] | null,
  scaleFactors: readonly number[] | null,
): number[] {
  const spatial = input.ndim - 2;
  const exactlyOne = 'Must specify exactly one of output_size and scale_factors';
  if (outputSize !== null) {
    if (scaleFactors !== null) throw runtimeError(exactlyOne);
    if (outputSize.length !== spatial) throw failedSizeCheck('output_size');
    return outputSize.slice();
  }
  if (scaleFactors === null) throw runtimeError(exactlyOne);
  if (scaleFactors.length !== spatial) throw failedSizeCheck('scale_factors');
  return scaleFactors.map((s, i) => Math.trunc(input.shape[i + 2] * s));
}

function failedSizeCheck(name: string): Error {
  return runtimeError(
    `Expected static_cast<int64_t>(${name}->size()) == spatial_dimensions to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)`,
  );
}

const nearest1d: Upsample = { op: 'upsample_nearest1d', mode: 'nearest', spatial: 1 };
const nearest2d: Upsample = { op: 'upsample_nearest2d', mode: 'nearest', spatial: 2 };
const exact1d: Upsample = { op: '_upsample_nearest_exact1d', mode: 'nearest-exact', spatial: 1 };
const exact2d: Upsample = { op: '_upsample_nearest_exact2d', mode: 'nearest-exact', spatial: 2 };
const linear1d: Upsample = { op: 'upsample_linear1d', mode: 'linear', spatial: 1 };
const bilinear2d: Upsample = { op: 'upsample_bilinear2d', mode: 'linear', spatial: 2 };

/** get_scale_value for every spatial dimension: the factor, or none. */
const scalesOf = (factors: readonly number[] | null): Scale[] => (factors ?? [null, null]).slice();

/** The overloads of one upsampling operator: explicit sizes (with scales) and .vec. */
function overloadsOf(spec: Upsample) {
  const linear = spec.mode === 'linear';
  const sized = linear
    ? (input: Tensor, size: number[], alignCorners: boolean, ...scales: Scale[]) =>
        upsample(spec, input, size, alignCorners, scales)
    : (input: Tensor, size: number[], ...scales: Scale[]) =>
        upsample(spec, input, size, false, scales);
  const vec = linear
    ? (input: Tensor, size: number[] | null, alignCorners: boolean, factors: number[] | null) =>
        upsample(spec, input, outputSizeOf(input, size, factors), alignCorners, scalesOf(factors))
    : (input: Tensor, size: number[] | null, factors: number[] | null) =>
        upsample(spec, input, outputSizeOf(input, size, factors), false, scalesOf(factors));
  const meta = (input: Tensor, size: number[]) => upsampleMeta(spec, input, size);
  return { sized, vec, meta };
}

/** Declares an upsampling family's overloads in the order PyTorch lists them. */
function defUpsample(spec: Upsample, schemas: readonly string[]): void {
  const { sized, vec, meta } = overloadsOf(spec);
  for (const schema of schemas) {
    const overload = /^[\w:]+\.(\w+)\(/.exec(schema)?.[1] ?? '';
    if (overload === 'vec') def(schema, vec);
    else if (overload === 'vec_out') defCopyOut(schema, vec);
    else if (overload === 'out') defExactOut(schema, sized, meta);
    else def(schema, sized);
  }
}

// ---- pixel_shuffle / pixel_unshuffle ----

function checkShuffleRank(self: Tensor, op: string): void {
  if (self.ndim < 3) {
    throw runtimeError(
      `${op} expects input to have at least 3 dimensions, but got input with ${self.ndim} dimension(s)`,
    );
  }
}

/** Permutes [.., C, r, r, H, W]-style views: out[.., c, h*r+i, w*r+j] = in[.., c*r*r+i*r+j, h, w]. */
export function pixelShuffle(self: Tensor, factor: number): Tensor {
  checkShuffleRank(self, 'pixel_shuffle');
  if (factor <= 0) {
    throw runtimeError(`pixel_shuffle expects a positive upscale_factor, but got ${factor}`);
  }
  const [c, h, w] = self.shape.slice(-3);
  const square = factor * factor;
  if (c % square !== 0) {
    throw runtimeError(
      `pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${c} is not divisible by ${square}`,
    );
  }
  const lead = self.shape.slice(0, -3);
  // Output [.., c, h, i, w, j] is input [.., c, i, j, h, w]: a permuted copy.
  return permutedCopy(
    self,
    [...lead, c / square, factor, factor, h, w],
    [0, 3, 1, 4, 2],
    [...lead, c / square, h * factor, w * factor],
  );
}

export function pixelUnshuffle(self: Tensor, factor: number): Tensor {
  checkShuffleRank(self, 'pixel_unshuffle');
  if (factor <= 0) {
    throw runtimeError(`pixel_unshuffle expects a positive downscale_factor, but got ${factor}`);
  }
  const [c, h, w] = self.shape.slice(-3);
  if (h % factor !== 0) {
    throw runtimeError(
      `pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=${h} is not divisible by ${factor}`,
    );
  }
  if (w % factor !== 0) {
    throw runtimeError(
      `pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=${w} is not divisible by ${factor}`,
    );
  }
  const square = factor * factor;
  const lead = self.shape.slice(0, -3);
  // Output [.., c, i, j, h, w] is input [.., c, h, i, w, j]: a permuted copy.
  return permutedCopy(
    self,
    [...lead, c, h / factor, factor, w / factor, factor],
    [0, 2, 4, 1, 3],
    [...lead, c * square, h / factor, w / factor],
  );
}

/**
 * Views `self` as `viewShape`, permutes its last five dimensions by `order` and copies the
 * result out with shape `outShape` (pixel_shuffle's reshape-permute-reshape).
 */
function permutedCopy(
  self: Tensor,
  viewShape: Shape,
  order: readonly number[],
  outShape: Shape,
): Tensor {
  const lead = viewShape.length - 5;
  const base = reshaped(self, viewShape);
  const strides = base.strides.slice(0, lead).concat(order.map((d) => base.strides[lead + d]));
  const shape = viewShape.slice(0, lead).concat(order.map((d) => viewShape[lead + d]));
  const permuted = new Tensor(base.storage, shape, strides, base.offset, base.dtype);
  return reshaped(contiguous(permuted), outShape);
}

def('aten::pixel_shuffle(Tensor self, int upscale_factor) -> Tensor', pixelShuffle);
defCopyOut(
  'aten::pixel_shuffle.out(Tensor self, int upscale_factor, *, Tensor(a!) out) -> Tensor(a!)',
  pixelShuffle,
);
def('aten::pixel_unshuffle(Tensor self, int downscale_factor) -> Tensor', pixelUnshuffle);
defCopyOut(
  'aten::pixel_unshuffle.out(Tensor self, int downscale_factor, *, Tensor(a!) out) -> Tensor(a!)',
  pixelUnshuffle,
);
defUpsample(exact1d, [
  'aten::_upsample_nearest_exact1d(Tensor self, SymInt[1] output_size, float? scales=None) -> Tensor',
  'aten::_upsample_nearest_exact1d.out(Tensor self, SymInt[1] output_size, float? scales=None, *, Tensor(a!) out) -> Tensor(a!)',
  'aten::_upsample_nearest_exact1d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor',
  'aten::_upsample_nearest_exact1d.vec_out(Tensor input, SymInt[]? output_size, float[]? scale_factors, *, Tensor(a!) out) -> Tensor(a!)',
]);
defUpsample(exact2d, [
  'aten::_upsample_nearest_exact2d(Tensor self, SymInt[2] output_size, float? scales_h=None, float? scales_w=None) -> Tensor',
  'aten::_upsample_nearest_exact2d.out(Tensor self, SymInt[2] output_size, float? scales_h=None, float? scales_w=None, *, Tensor(a!) out) -> Tensor(a!)',
  'aten::_upsample_nearest_exact2d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor',
  'aten::_upsample_nearest_exact2d.vec_out(Tensor input, SymInt[]? output_size, float[]? scale_factors, *, Tensor(a!) out) -> Tensor(a!)',
]);
defUpsample(bilinear2d, [
  'aten::upsample_bilinear2d.vec(Tensor input, SymInt[]? output_size, bool align_corners, float[]? scale_factors) -> Tensor',
  'aten::upsample_bilinear2d(Tensor self, SymInt[2] output_size, bool align_corners, float? scales_h=None, float? scales_w=None) -> Tensor',
  'aten::upsample_bilinear2d.out(Tensor self, SymInt[2] output_size, bool align_corners, float? scales_h=None, float? scales_w=None, *, Tensor(a!) out) -> Tensor(a!)',
  'aten::upsample_bilinear2d.vec_out(Tensor input, SymInt[]? output_size, bool align_corners, float[]? scale_factors, *, Tensor(a!) out) -> Tensor(a!)',
]);
defUpsample(linear1d, [
  'aten::upsample_linear1d.vec(Tensor input, SymInt[]? output_size, bool align_corners, float[]? scale_factors) -> Tensor',
  'aten::upsample_linear1d(Tensor self, SymInt[1] output_size, bool align_corners, float? scales=None) -> Tensor',
  'aten::upsample_linear1d.out(Tensor self, SymInt[1] output_size, bool align_corners, float? scales=None, *, Tensor(a!) out) -> Tensor(a!)',
  'aten::upsample_linear1d.vec_out(Tensor input, SymInt[]? output_size, bool align_corners, float[]? scale_factors, *, Tensor(a!) out) -> Tensor(a!)',
]);
defUpsample(nearest1d, [
  'aten::upsample_nearest1d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor',
  'aten::upsample_nearest1d(Tensor self, SymInt[1] output_size, float? scales=None) -> Tensor',
  'aten::upsample_nearest1d.out(Tensor self, SymInt[1] output_size, float? scales=None, *, Tensor(a!) out) -> Tensor(a!)',
  'aten::upsample_nearest1d.vec_out(Tensor input, SymInt[]? output_size, float[]? scale_factors, *, Tensor(a!) out) -> Tensor(a!)',
]);
defUpsample(nearest2d, [
  'aten::upsample_nearest2d.vec(Tensor input, SymInt[]? output_size, float[]? scale_factors) -> Tensor',
  'aten::upsample_nearest2d(Tensor self, SymInt[2] output_size, float? scales_h=None, float? scales_w=None) -> Tensor',
  'aten::upsample_nearest2d.out(Tensor self, SymInt[2] output_size, float? scales_h=None, float? scales_w=None, *, Tensor(a!) out) -> Tensor(a!)',
  'aten::upsample_nearest2d.vec_out(Tensor input, SymInt[]? output_size, float[]? scale_factors, *, Tensor(a!) out) -> Tensor(a!)',
]);

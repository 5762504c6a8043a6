// Convolutions, direct and transposed, over up to three spatial dims (1-D and 2-D problems are
// 3-D ones with size-1 depth and height). Inputs are contiguous NC(D)HW arrays, weights
// contiguous [out, in/groups, kD, kH, kW] (transposed: [in, out/groups, kD, kH, kW]).
//
// reference: direct loops accumulating one output plane at a time in doubles; every dtype.
// tfjs:      2-D float32 problems with one group or depthwise groups, through Conv2D /
//            DepthwiseConv2dNative (XNNPACK) with the bias fused, on NHWC: the layout changes
//            are tfjs Transpose kernels, inside the backend, so the data crosses once each way.

import { defineKernel, kernelName } from '../backend/kernel-table.js';
import { withTfjs, type TensorInfo, type TfjsCall } from '../backend/tfjs-call.js';
import type { DType, TypedArray } from '../tensor/dtype.js';
import { allocateArray } from '../tensor/storage.js';

export type Triple = readonly [number, number, number];

export interface ConvProblem {
  readonly dtype: DType;
  readonly input: TypedArray;
  /** [batch, channels, depth, height, width] */
  readonly inputShape: readonly [number, number, number, number, number];
  readonly weight: TypedArray;
  /** [kernel depth, height, width] */
  readonly kernel: Triple;
  readonly bias: TypedArray | null;
  readonly outChannels: number;
  readonly groups: number;
  readonly stride: Triple;
  readonly padding: Triple;
  /** Padding after the input, where 'same' pads one more on the far side (the reference
   * kernels read it from outSize). */
  readonly padEnd: Triple;
  readonly dilation: Triple;
  /** [depth, height, width] of the result, already checked. */
  readonly outSize: Triple;
  /** A transposed convolution (the gradient of a direct one with respect to its input). */
  readonly transposed: boolean;
  /** Whether the problem is 2-D (depth 1 with no depth kernel), which tfjs can take. */
  readonly spatialDims: 1 | 2 | 3;
}

export const convKernel = kernelName<ConvProblem, TypedArray>('conv');

/** The range of output positions o with 0 <= o*stride + offset < size, as [first, end). */
function validRange(
  outSize: number,
  stride: number,
  offset: number,
  size: number,
): [number, number] {
  const first = offset >= 0 ? 0 : Math.ceil(-offset / stride);
  const end = Math.min(outSize, Math.floor((size - 1 - offset) / stride) + 1);
  return [first, Math.max(first, end)];
}

/** out[n, o] = bias[o] + sum over in-group channels and kernel taps of w * in. */
function convForward(p: ConvProblem, out: TypedArray): void {
  const [batch, channels, depth, height, width] = p.inputShape;
  const [kd, kh, kw] = p.kernel;
  const [od, oh, ow] = p.outSize;
  const [sd, sh, sw] = p.stride;
  const [pd, ph, pw] = p.padding;
  const [dd, dh, dw] = p.dilation;
  const inPerGroup = channels / p.groups;
  const outPerGroup = p.outChannels / p.groups;
  const plane = depth * height * width;
  const outPlane = od * oh * ow;
  const taps = kd * kh * kw;
  const acc = new Float64Array(outPlane);
  const x = p.input;
  const w = p.weight;
  for (let n = 0; n < batch; n++) {
    for (let oc = 0; oc < p.outChannels; oc++) {
      acc.fill(p.bias === null ? 0 : p.bias[oc]);
      const g = Math.floor(oc / outPerGroup);
      for (let ic = 0; ic < inPerGroup; ic++) {
        const inBase = (n * channels + g * inPerGroup + ic) * plane;
        const wBase = (oc * inPerGroup + ic) * taps;
        for (let a = 0; a < kd; a++) {
          const [z0, z1] = validRange(od, sd, a * dd - pd, depth);
          for (let b = 0; b < kh; b++) {
            const [y0, y1] = validRange(oh, sh, b * dh - ph, height);
            for (let c = 0; c < kw; c++) {
              const wv = w[wBase + (a * kh + b) * kw + c];
              const [x0, x1] = validRange(ow, sw, c * dw - pw, width);
              for (let z = z0; z < z1; z++) {
                const iz = z * sd + a * dd - pd;
                for (let y = y0; y < y1; y++) {
                  const row = inBase + (iz * height + y * sh + b * dh - ph) * width + c * dw - pw;
                  const outRow = (z * oh + y) * ow;
                  for (let q = x0; q < x1; q++) acc[outRow + q] += wv * x[row + q * sw];
                }
              }
            }
          }
        }
      }
      out.set(acc, (n * p.outChannels + oc) * outPlane);
    }
  }
}

/** The transpose: each input element scatters w * in to out[i*stride - pad + k*dilation]. */
function convTransposed(p: ConvProblem, out: TypedArray): void {
  const [batch, channels, depth, height, width] = p.inputShape;
  const [kd, kh, kw] = p.kernel;
  const [od, oh, ow] = p.outSize;
  const [sd, sh, sw] = p.stride;
  const [pd, ph, pw] = p.padding;
  const [dd, dh, dw] = p.dilation;
  const inPerGroup = channels / p.groups;
  const outPerGroup = p.outChannels / p.groups;
  const plane = depth * height * width;
  const outPlane = od * oh * ow;
  const taps = kd * kh * kw;
  const acc = new Float64Array(outPlane);
  const x = p.input;
  const w = p.weight;
  for (let n = 0; n < batch; n++) {
    for (let oc = 0; oc < p.outChannels; oc++) {
      acc.fill(p.bias === null ? 0 : p.bias[oc]);
      const g = Math.floor(oc / outPerGroup);
      const ocInGroup = oc - g * outPerGroup;
      for (let ic = 0; ic < inPerGroup; ic++) {
        const channel = g * inPerGroup + ic;
        const inBase = (n * channels + channel) * plane;
        const wBase = (channel * outPerGroup + ocInGroup) * taps;
        for (let a = 0; a < kd; a++) {
          // Input positions i whose output i*s + a*d - p lands inside.
          const [z0, z1] = validRange(depth, sd, a * dd - pd, od);
          for (let b = 0; b < kh; b++) {
            const [y0, y1] = validRange(height, sh, b * dh - ph, oh);
            for (let c = 0; c < kw; c++) {
              const wv = w[wBase + (a * kh + b) * kw + c];
              const [x0, x1] = validRange(width, sw, c * dw - pw, ow);
              for (let z = z0; z < z1; z++) {
                const oz = z * sd + a * dd - pd;
                for (let y = y0; y < y1; y++) {
                  const row = inBase + (z * height + y) * width;
                  const outRow = (oz * oh + y * sh + b * dh - ph) * ow + c * dw - pw;
                  for (let q = x0; q < x1; q++) acc[outRow + q * sw] += wv * x[row + q];
                }
              }
            }
          }
        }
      }
      out.set(acc, (n * p.outChannels + oc) * outPlane);
    }
  }
}

export function convReference(p: ConvProblem): TypedArray {
  const [od, oh, ow] = p.outSize;
  const out = allocateArray(p.dtype, p.inputShape[0] * p.outChannels * od * oh * ow);
  if (out.length > 0) (p.transposed ? convTransposed : convForward)(p, out);
  return out;
}

defineKernel(convKernel, 'reference', { supports: () => true, run: convReference });

// ---- tfjs ----

/** Depthwise: each input channel is its own group (tfjs's channel multiplier = out / in). */
function isDepthwise(p: ConvProblem): boolean {
  return p.groups > 1 && p.groups === p.inputShape[1];
}

function tfjsSupports(p: ConvProblem): boolean {
  const [batch, channels] = p.inputShape;
  return (
    p.dtype === 'float32' &&
    !p.transposed &&
    p.spatialDims <= 2 &&
    (p.groups === 1 || isDepthwise(p)) &&
    batch * channels * p.outChannels > 0
  );
}

/** [O, I, kH, kW] -> HWIO for Conv2D, or [kH, kW, C, multiplier] for depthwise. */
function filterFor(p: ConvProblem, call: TfjsCall): TensorInfo {
  const [, kh, kw] = p.kernel;
  const weight = p.weight as Float32Array;
  if (!isDepthwise(p)) {
    const oihw = call.input(weight, [p.outChannels, p.inputShape[1] / p.groups, kh, kw]);
    return call.run('Transpose', { x: oihw }, { perm: [2, 3, 1, 0] });
  }
  // Output channel g * multiplier + m reads input channel g.
  const grouped = call.input(weight, [p.groups, p.outChannels / p.groups, kh, kw]);
  return call.run('Transpose', { x: grouped }, { perm: [2, 3, 0, 1] });
}

export function convTfjs(p: ConvProblem): TypedArray {
  const [batch, channels, , height, width] = p.inputShape;
  const [, oh, ow] = p.outSize;
  const depthwise = isDepthwise(p);
  const kernel = depthwise ? 'FusedDepthwiseConv2D' : 'FusedConv2D';
  return withTfjs(['Transpose', kernel], (call) => {
    const x = call.input(p.input as Float32Array, [batch, channels, height, width]);
    const nhwc = call.run('Transpose', { x }, { perm: [0, 2, 3, 1] });
    const bias =
      p.bias === null
        ? call.input(new Float32Array(p.outChannels), [p.outChannels])
        : call.input(p.bias as Float32Array, [p.outChannels]);
    const pad = [
      [0, 0],
      [p.padding[1], p.padEnd[1]],
      [p.padding[2], p.padEnd[2]],
      [0, 0],
    ];
    const y = call.run(
      kernel,
      { x: nhwc, filter: filterFor(p, call), bias },
      {
        strides: [p.stride[1], p.stride[2]],
        pad,
        dataFormat: 'NHWC',
        dilations: [p.dilation[1], p.dilation[2]],
        activation: 'linear',
        leakyreluAlpha: 0,
      },
    );
    if (y.shape[1] !== oh || y.shape[2] !== ow) {
      throw new Error('tfjs conv: unexpected output size');
    }
    // (A JS transpose while copying out measured no faster than this extra tfjs pass.)
    return call.read(call.run('Transpose', { x: y }, { perm: [0, 3, 1, 2] }));
  });
}

/** Multiply-adds below which the JS loops beat tfjs's copies and layout changes. */
export const tfjsConvThreshold = 8192;

defineKernel(convKernel, 'tfjs', {
  supports: tfjsSupports,
  worthIt: (p) => {
    const [batch, channels] = p.inputShape;
    const [od, oh, ow] = p.outSize;
    const taps = p.kernel[0] * p.kernel[1] * p.kernel[2];
    return batch * p.outChannels * od * oh * ow * (channels / p.groups) * taps >= tfjsConvThreshold;
  },
  run: convTfjs,
});

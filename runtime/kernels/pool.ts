// 2-D pooling over contiguous planes [planes, height, width] (1-D pooling is 2-D with height 1):
// max (with PyTorch's NaN rule and flat h*W+w indices) and average (count_include_pad,
// divisor_override, ceil_mode windows), plain and adaptive.
//
// reference: the loops of PyTorch's CPU kernels, every dtype they allow.
// tfjs:      float32 MaxPool / AvgPool (XNNPACK), planes as a batch of one-channel images, where
//            its windows are PyTorch's: no dilation, no ceil-mode partial windows, no padding
//            counted into averages, no NaN in a max pool's input (XNNPACK's max drops NaN).

import { defineKernel, kernelName } from '../backend/kernel-table.js';
import { withTfjs } from '../backend/tfjs-call.js';
import type { DType, TypedArray } from '../tensor/dtype.js';
import { allocateArray } from '../tensor/storage.js';

export type Pair = readonly [number, number];

export interface PoolProblem {
  readonly dtype: DType;
  readonly input: TypedArray;
  readonly planes: number;
  readonly height: number;
  readonly width: number;
  readonly mode: 'max' | 'avg';
  readonly kernel: Pair;
  readonly stride: Pair;
  readonly padding: Pair;
  /** Max pooling only. */
  readonly dilation: Pair;
  readonly outSize: Pair;
  readonly countIncludePad: boolean;
  readonly divisor: number | null;
  readonly withIndices: boolean;
}

export interface PoolResult {
  readonly values: TypedArray;
  /** int64 indices into each input plane (h * width + w), when asked for. */
  readonly indices: Float64Array | null;
}

export const poolKernel = kernelName<PoolProblem, PoolResult>('pool2d');

function maxPool(p: PoolProblem, values: TypedArray, indices: Float64Array | null): void {
  const { input: x, height: H, width: W } = p;
  const [kh, kw] = p.kernel;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.padding;
  const [dh, dw] = p.dilation;
  const [oh, ow] = p.outSize;
  let o = 0;
  for (let plane = 0; plane < p.planes; plane++) {
    const base = plane * H * W;
    for (let y = 0; y < oh; y++) {
      let h0 = y * sh - ph;
      const h1 = Math.min(h0 + (kh - 1) * dh + 1, H);
      while (h0 < 0) h0 += dh;
      for (let x0 = 0; x0 < ow; x0++, o++) {
        let w0 = x0 * sw - pw;
        const w1 = Math.min(w0 + (kw - 1) * dw + 1, W);
        while (w0 < 0) w0 += dw;
        let best = -Infinity;
        let at = h0 * W + w0;
        for (let h = h0; h < h1; h += dh) {
          for (let w = w0; w < w1; w += dw) {
            const v = x[base + h * W + w];
            // NaN wins, as in PyTorch: (v > best) || isnan(v).
            if (v > best || v !== v) {
              best = v;
              at = h * W + w;
            }
          }
        }
        values[o] = best;
        if (indices !== null) indices[o] = at;
      }
    }
  }
}

function avgPool(p: PoolProblem, values: TypedArray): void {
  const { input: x, height: H, width: W } = p;
  const [kh, kw] = p.kernel;
  const [sh, sw] = p.stride;
  const [ph, pw] = p.padding;
  const [oh, ow] = p.outSize;
  const integer = p.dtype === 'int64';
  let o = 0;
  for (let plane = 0; plane < p.planes; plane++) {
    const base = plane * H * W;
    for (let y = 0; y < oh; y++) {
      for (let x0 = 0; x0 < ow; x0++, o++) {
        let h0 = y * sh - ph;
        let w0 = x0 * sw - pw;
        let h1 = Math.min(h0 + kh, H + ph);
        let w1 = Math.min(w0 + kw, W + pw);
        const windowSize = (h1 - h0) * (w1 - w0);
        h0 = Math.max(h0, 0);
        w0 = Math.max(w0, 0);
        h1 = Math.min(h1, H);
        w1 = Math.min(w1, W);
        if (h0 >= h1 || w0 >= w1) {
          values[o] = 0;
          continue;
        }
        let sum = 0;
        for (let h = h0; h < h1; h++) for (let w = w0; w < w1; w++) sum += x[base + h * W + w];
        const divisor = p.divisor ?? (p.countIncludePad ? windowSize : (h1 - h0) * (w1 - w0));
        // int64 divides as C++ does, truncating.
        values[o] = integer ? Math.trunc(sum / divisor) : sum / divisor;
      }
    }
  }
}

export function poolReference(p: PoolProblem): PoolResult {
  const n = p.planes * p.outSize[0] * p.outSize[1];
  const values = allocateArray(p.dtype, n);
  const indices = p.withIndices ? new Float64Array(n) : null;
  if (p.mode === 'max') maxPool(p, values, indices);
  else avgPool(p, values);
  return { values, indices };
}

defineKernel(poolKernel, 'reference', { supports: () => true, run: poolReference });

// ---- tfjs ----

/** The output size tfjs computes for these windows (floor rounding, symmetric padding). */
function floorOutput(size: number, kernel: number, stride: number, pad: number): number {
  return Math.floor((size + 2 * pad - kernel) / stride) + 1;
}

function hasNaN(x: TypedArray): boolean {
  for (let i = 0; i < x.length; i++) if (x[i] !== x[i]) return true;
  return false;
}

function tfjsSupports(p: PoolProblem): boolean {
  const sameWindows =
    p.outSize[0] === floorOutput(p.height, p.kernel[0], p.stride[0], p.padding[0]) &&
    p.outSize[1] === floorOutput(p.width, p.kernel[1], p.stride[1], p.padding[1]);
  const padded = p.padding[0] > 0 || p.padding[1] > 0;
  const common = p.dtype === 'float32' && !p.withIndices && sameWindows && p.planes > 0;
  if (p.mode === 'avg') return common && p.divisor === null && (!padded || !p.countIncludePad);
  return common && p.dilation[0] === 1 && p.dilation[1] === 1 && !hasNaN(p.input);
}

export function poolTfjs(p: PoolProblem): PoolResult {
  const kernel = p.mode === 'max' ? 'MaxPool' : 'AvgPool';
  const values = withTfjs([kernel], (call) => {
    const x = call.input(p.input as Float32Array, [p.planes, p.height, p.width, 1]);
    const pad = [
      [0, 0],
      [p.padding[0], p.padding[0]],
      [p.padding[1], p.padding[1]],
      [0, 0],
    ];
    const y = call.run(kernel, { x }, { filterSize: [...p.kernel], strides: [...p.stride], pad });
    return call.read(y);
  });
  return { values, indices: null };
}

/** Window elements below which the JS loops beat tfjs (measured, 2 cores). */
export const tfjsPoolThreshold = 4096;

defineKernel(poolKernel, 'tfjs', {
  supports: tfjsSupports,
  worthIt: (p) =>
    p.planes * p.outSize[0] * p.outSize[1] * p.kernel[0] * p.kernel[1] >= tfjsPoolThreshold,
  run: poolTfjs,
});

// ---- adaptive pooling ----

export interface AdaptivePoolProblem {
  readonly dtype: DType;
  readonly input: TypedArray;
  readonly planes: number;
  readonly height: number;
  readonly width: number;
  readonly mode: 'max' | 'avg';
  readonly outSize: Pair;
  readonly withIndices: boolean;
}

export const adaptivePoolKernel = kernelName<AdaptivePoolProblem, PoolResult>('adaptive_pool2d');

/** Window o of `out` over `size`: [floor(o * size / out), ceil((o + 1) * size / out)). */
function windowStart(o: number, out: number, size: number): number {
  return Math.floor(o / out) * size + Math.floor(((o % out) * size) / out);
}

function windowEnd(o: number, out: number, size: number): number {
  return 1 + Math.floor(((o + 1) * size - 1) / out);
}

export function adaptivePoolReference(p: AdaptivePoolProblem): PoolResult {
  const { input: x, height: H, width: W } = p;
  const [oh, ow] = p.outSize;
  const values = allocateArray(p.dtype, p.planes * oh * ow);
  const indices = p.withIndices ? new Float64Array(values.length) : null;
  let o = 0;
  for (let plane = 0; plane < p.planes; plane++) {
    const base = plane * H * W;
    for (let y = 0; y < oh; y++) {
      const h0 = windowStart(y, oh, H);
      const h1 = windowEnd(y, oh, H);
      for (let x0 = 0; x0 < ow; x0++, o++) {
        const w0 = windowStart(x0, ow, W);
        const w1 = windowEnd(x0, ow, W);
        let best = -Infinity;
        let at = h0 * W + w0;
        let sum = 0;
        for (let h = h0; h < h1; h++) {
          for (let w = w0; w < w1; w++) {
            const v = x[base + h * W + w];
            sum += v;
            if (v > best || v !== v) {
              best = v;
              at = h * W + w;
            }
          }
        }
        values[o] = p.mode === 'max' ? best : sum / ((h1 - h0) * (w1 - w0));
        if (indices !== null) indices[o] = at;
      }
    }
  }
  return { values, indices };
}

defineKernel(adaptivePoolKernel, 'reference', {
  supports: () => true,
  run: adaptivePoolReference,
});

// torch.multinomial as PyTorch 1.13 computes it on the CPU. With replacement: a binary search of a
// double uniform in each row's normalised cumulative sums. Without replacement (or one sample):
// the "exponential race", q = p / Exp(1), keeping the k largest q as topk orders them.

import { runtimeError } from '../errors.js';
import { isFloating, scalarTypeName } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { exponential, generatorOr } from './distributions.js';
import type { Generator } from './generator.js';
import { emptyLike } from './order.js';
import { topkIndices } from './stdsort.js';

/** The element strides and offsets of `self` seen as rows of categories. */
function rowsOf(self: Tensor) {
  const rows = self.ndim > 1 ? self.shape[0] : 1;
  const categories = self.shape[self.ndim - 1];
  const rowStride = self.ndim > 1 ? self.strides[0] : 0;
  const categoryStride = self.strides[self.ndim - 1];
  return { rows, categories, rowStride, categoryStride };
}

function checkArguments(self: Tensor, samples: number, replacement: boolean, out: Tensor): void {
  if (self.ndim < 1 || self.ndim > 2) throw runtimeError('prob_dist must be 1 or 2 dim');
  if (!isFloating(self.dtype)) {
    throw runtimeError(
      `multinomial only supports floating-point dtypes for input, got: ${scalarTypeName(self.dtype)}`,
    );
  }
  if (out.dtype !== 'int64') {
    throw runtimeError(`multinomial expects Long tensor out, got: ${scalarTypeName(out.dtype)}`);
  }
  if (!(samples > 0)) throw runtimeError('cannot sample n_sample <= 0 samples');
  const categories = self.shape[self.ndim - 1];
  if (!replacement && samples > categories) {
    throw runtimeError('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  }
  if (categories > 2 ** 24) throw runtimeError('number of categories cannot exceed 2^24');
}

/** multinomial(self, num_samples, replacement) written into `out` (int64, resized). */
export function multinomialInto(
  out: Tensor,
  self: Tensor,
  samples: number,
  replacement: boolean,
  gen: Generator | null = null,
): Tensor {
  checkArguments(self, samples, replacement, out);
  const shape = self.ndim === 1 ? [samples] : [self.shape[0], samples];
  if (out.shape.length !== shape.length || out.shape.some((s, i) => s !== shape[i])) {
    const fresh = Tensor.empty(shape, 'int64');
    out.setView(fresh.shape, fresh.strides, 0, fresh.storage);
  }
  if (out.numel() === 0) return out;
  const g = generatorOr(gen);
  if (!replacement || samples === 1) exponentialRace(out, self, samples, g);
  else withReplacement(out, self, samples, g);
  return out;
}

/** Writes sample j of row i of the result. */
function store(out: Tensor, row: number, j: number, value: number): void {
  const rowStride = out.ndim > 1 ? out.strides[0] : 0;
  out.data[out.offset + row * rowStride + j * out.strides[out.ndim - 1]] = value;
}

function checkRaceInput(
  rows: number,
  categories: number,
  at: (i: number, j: number) => number,
): void {
  let valid = true;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < categories; j++) {
      const p = at(i, j);
      if (!(p < Infinity && p >= 0)) valid = false;
    }
  }
  if (!valid) throw runtimeError('probability tensor contains either `inf`, `nan` or element < 0');
  for (let i = 0; i < rows; i++) {
    let anyPositive = false;
    for (let j = 0; j < categories; j++) if (at(i, j) > 0) anyPositive = true;
    if (!anyPositive) {
      throw runtimeError('invalid multinomial distribution (sum of probabilities <= 0)');
    }
  }
}

function exponentialRace(out: Tensor, self: Tensor, samples: number, g: Generator): void {
  const { rows, categories, rowStride, categoryStride } = rowsOf(self);
  const p = (i: number, j: number) => self.data[self.offset + i * rowStride + j * categoryStride];
  checkRaceInput(rows, categories, p);
  // q = empty_like(self).exponential_(1): laid out like self, so drawn in self's memory order.
  const q = emptyLike(self);
  exponential(q, 1, g);
  const keys =
    self.dtype === 'float32' ? new Float32Array(categories) : new Float64Array(categories);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < categories; j++) {
      keys[j] = p(i, j) / q.data[q.storageIndex(i * categories + j)];
    }
    if (samples === 1) {
      store(out, i, 0, argmax(keys));
    } else {
      const top = topkIndices(keys, samples);
      for (let j = 0; j < samples; j++) store(out, i, j, top[j]);
    }
  }
}

/** The first index of the largest value (NaN counting as largest), as argmax does. */
function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    const v = values[i];
    const b = values[best];
    if (b !== b) break;
    if (v !== v || v > b) best = i;
  }
  return best;
}

function withReplacement(out: Tensor, self: Tensor, samples: number, g: Generator): void {
  const { rows, categories, rowStride, categoryStride } = rowsOf(self);
  const single = self.dtype === 'float32';
  const round = single ? Math.fround : (x: number) => x;
  const cumulative = single ? new Float32Array(categories) : new Float64Array(categories);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < categories; j++) {
      const p = self.data[self.offset + i * rowStride + j * categoryStride];
      if (!(p >= 0)) {
        throw runtimeError('invalid multinomial distribution (encountering probability entry < 0)');
      }
      if (!Number.isFinite(p)) {
        throw runtimeError(
          'invalid multinomial distribution (encountering probability entry = infinity or NaN)',
        );
      }
      sum = round(sum + p);
      cumulative[j] = sum;
    }
    if (!(sum > 0)) {
      throw runtimeError('invalid multinomial distribution (sum of probabilities <= 0)');
    }
    for (let j = 0; j < categories; j++) cumulative[j] = round(cumulative[j] / sum);
    cumulative[categories - 1] = 1;
    for (let j = 0; j < samples; j++) {
      const u = g.random53();
      let left = 0;
      let right = categories;
      while (right - left > 0) {
        const mid = left + Math.floor((right - left) / 2);
        if (cumulative[mid] < u) left = mid + 1;
        else right = mid;
      }
      store(out, i, j, left);
    }
  }
}

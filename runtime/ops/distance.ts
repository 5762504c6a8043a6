// Distances and similarities: cosine_similarity, pairwise_distance, dist, cdist, and the
// triplet margin loss built on pairwise distances.

import { runtimeError } from '../errors.js';
import { isFloating, scalarTypeName, type DType } from '../tensor/dtype.js';
import { wrapScalar } from '../tensor/factory.js';
import { scalarToNumber, type Scalar } from '../tensor/scalar.js';
import { broadcastShapes, normalizeDim, numelOf, type Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, div, minimum, mul, sub } from './arithmetic.js';
import { contiguous, resultType } from './elementwise.js';
import {
  allocate,
  applyLossReduction,
  checkSameDType,
  defCopyOut,
  expandTo,
  rounding,
  valuesOf,
} from './nn.js';
import { clampMin, clampMin_ } from './nnmath.js';
import { vectorNorm } from './normalization.js';
import { def } from './registry.js';

function checkNormDType(dtype: DType): void {
  if (!isFloating(dtype)) {
    throw runtimeError(
      `norm(): input dtype should be either floating point or complex. Got ${scalarTypeName(dtype)} instead.`,
    );
  }
}

/** at::norm(t, p, dim, keepdim) for floating tensors: the p-norm of each row along `dim`. */
function normAlong(t: Tensor, p: number, dim: number, keepdim: boolean): Tensor {
  checkNormDType(t.dtype);
  const d = normalizeDim(dim, t.ndim);
  const shape = t.shape;
  const size = shape.length === 0 ? 1 : shape[d];
  const inner = numelOf(shape.slice(d + 1));
  const outer = numelOf(shape.slice(0, d));
  const outShape = keepdim
    ? shape.map((s, i) => (i === d ? 1 : s))
    : shape.filter((_, i) => i !== d);
  const x = valuesOf(t);
  const { tensor, data } = allocate(outShape, t.dtype);
  const row = new Float64Array(size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      for (let k = 0; k < size; k++) row[k] = x[(o * size + k) * inner + i];
      data[o * inner + i] = vectorNorm(row, p);
    }
  }
  return tensor;
}

// ---- cosine_similarity ----

export function cosineSimilarity(x1: Tensor, x2: Tensor, dim: number, eps: number): Tensor {
  const common = resultType(x1, x2);
  if (!isFloating(common)) {
    throw runtimeError(
      `expected common dtype to be floating point, yet common dtype is ${scalarTypeName(common)}`,
    );
  }
  // Integral (and bool) inputs are converted first; vector norms only take floats.
  const a = isFloating(x1.dtype) ? x1 : contiguous(x1, common);
  const b = isFloating(x2.dtype) ? x2 : contiguous(x2, common);
  const shape = broadcastShapes(a.shape, b.shape);
  const [ea, eb] = [expandTo(a, shape), expandTo(b, shape)];
  // Each side is divided by its norm first, which keeps the result within [-1, 1].
  const unitA = div(ea, clampMin_(normAlong(ea, 2, dim, true), eps));
  const unitB = div(eb, clampMin_(normAlong(eb, 2, dim, true), eps));
  return sumAlong(mul(unitA, unitB), dim);
}

/** t.sum(dim) for a floating tensor. */
function sumAlong(t: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, t.ndim);
  const size = t.ndim === 0 ? 1 : t.shape[d];
  const inner = numelOf(t.shape.slice(d + 1));
  const outer = numelOf(t.shape.slice(0, d));
  const x = valuesOf(t);
  const { tensor, data } = allocate(
    t.shape.filter((_, i) => i !== d),
    t.dtype,
  );
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let sum = 0;
      for (let k = 0; k < size; k++) sum += x[(o * size + k) * inner + i];
      data[o * inner + i] = sum;
    }
  }
  return tensor;
}

// ---- pairwise_distance and dist ----

export function pairwiseDistance(
  x1: Tensor,
  x2: Tensor,
  p: number,
  eps: number,
  keepdim: boolean,
): Tensor {
  const innermost = Math.max(x1.ndim, x2.ndim) - 1;
  const diff = add(sub(x1, x2), wrapScalar(eps));
  return normAlong(diff, p, innermost, keepdim);
}

export function dist(self: Tensor, other: Tensor, p: Scalar = 2n): Tensor {
  const diff = sub(self, other);
  checkNormDType(diff.dtype);
  const { tensor, data } = allocate([], diff.dtype);
  data[0] = vectorNorm(valuesOf(diff), scalarToNumber(p));
  return tensor;
}

// ---- cdist ----

function checkCdistShapes(x1: Tensor, x2: Tensor): void {
  if (x1.ndim < 2) {
    throw runtimeError(`cdist only supports at least 2D tensors, X1 got: ${x1.ndim}D`);
  }
  if (x2.ndim < 2) {
    throw runtimeError(`cdist only supports at least 2D tensors, X2 got: ${x2.ndim}D`);
  }
  const [c1, c2] = [x1.shape[x1.ndim - 1], x2.shape[x2.ndim - 1]];
  if (c1 !== c2) {
    throw runtimeError(`X1 and X2 must have the same number of columns. X1: ${c1} X2: ${c2}`);
  }
}

/** The distance of two rows under p, as PyTorch's cdist kernels aggregate it. */
function rowDistance(
  a: ArrayLike<number>,
  aStart: number,
  b: ArrayLike<number>,
  bStart: number,
  cols: number,
  p: number,
): number {
  let agg = 0;
  for (let k = 0; k < cols; k++) {
    const diff = Math.abs(a[aStart + k] - b[bStart + k]);
    if (p === 0) agg += diff !== 0 ? 1 : 0;
    else if (p === 1) agg += diff;
    else if (p === 2) agg += diff * diff;
    else if (p === Infinity) agg = diff > agg || diff !== diff ? diff : agg;
    else agg += diff ** p;
  }
  if (p === 2) return Math.sqrt(agg);
  return p === 0 || p === 1 || p === Infinity ? agg : agg ** (1 / p);
}

/** The matrix-product form PyTorch uses for p = 2 on many rows: sqrt(|a|² + |b|² - 2a·b). */
function euclideanDistance(
  a: ArrayLike<number>,
  aStart: number,
  b: ArrayLike<number>,
  bStart: number,
  cols: number,
  round: (x: number) => number,
): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let k = 0; k < cols; k++) {
    dot += a[aStart + k] * b[bStart + k];
    normA += a[aStart + k] * a[aStart + k];
    normB += b[bStart + k] * b[bStart + k];
  }
  const squared = round(round(-2 * dot) + round(normA) + round(normB));
  return Math.sqrt(squared < 0 ? 0 : squared);
}

function cdistImpl(x1: Tensor, x2: Tensor, p: number, computeMode: number | null): Tensor {
  for (const [name, t] of [
    ['X1', x1],
    ['X2', x2],
  ] as const) {
    if (!isFloating(t.dtype)) {
      throw runtimeError(
        `cdist only supports floating-point dtypes, ${name} got: ${scalarTypeName(t.dtype)}`,
      );
    }
  }
  if (!(p >= 0)) throw runtimeError('cdist only supports non-negative p values');
  const mode = computeMode ?? 0;
  if (!(mode >= 0 && mode <= 2)) {
    throw runtimeError(`possible modes: 0, 1, 2, but was: ${mode}`);
  }
  const [r1, cols] = x1.shape.slice(-2);
  const r2 = x2.shape[x2.ndim - 2];
  const batch = broadcastShapes(x1.shape.slice(0, -2), x2.shape.slice(0, -2));
  const outShape: Shape = [...batch, r1, r2];
  const { tensor, data } = allocate(outShape, x1.dtype);
  const batches = numelOf(batch);
  if (r1 === 0 || r2 === 0 || batches === 0 || cols === 0) return tensor;
  const matrixForm = p === 2 && (mode === 1 || (mode === 0 && (r1 > 25 || r2 > 25)));
  if (!matrixForm) checkSameDType(x1.dtype, x2.dtype);
  const a = valuesOf(expandTo(x1, [...batch, r1, cols]));
  const b = valuesOf(expandTo(x2, [...batch, r2, cols]));
  const round = rounding(x1.dtype);
  for (let n = 0; n < batches; n++) {
    for (let i = 0; i < r1; i++) {
      for (let j = 0; j < r2; j++) {
        const [aStart, bStart] = [(n * r1 + i) * cols, (n * r2 + j) * cols];
        data[(n * r1 + i) * r2 + j] = matrixForm
          ? euclideanDistance(a, aStart, b, bStart, cols, round)
          : rowDistance(a, aStart, b, bStart, cols, p);
      }
    }
  }
  return tensor;
}

export function cdistForward(
  x1: Tensor,
  x2: Tensor,
  p: number,
  computeMode: number | null,
): Tensor {
  checkCdistShapes(x1, x2);
  return cdistImpl(x1, x2, p, computeMode);
}

export function cdist(x1: Tensor, x2: Tensor, p = 2, computeMode: number | null = null): Tensor {
  return cdistForward(x1, x2, p, computeMode);
}

// ---- triplet_margin_loss ----

export function tripletMarginLoss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  margin: number,
  p: number,
  eps: number,
  swap: boolean,
  reduction: number,
): Tensor {
  if (!(anchor.ndim === positive.ndim && positive.ndim === negative.ndim)) {
    throw runtimeError(
      `All inputs should have same dimension but got ${anchor.ndim}D, ${positive.ndim}D and ${negative.ndim}D inputs.`,
    );
  }
  const distPos = pairwiseDistance(anchor, positive, p, eps, false);
  let distNeg = pairwiseDistance(anchor, negative, p, eps, false);
  if (swap) distNeg = minimum(distNeg, pairwiseDistance(positive, negative, p, eps, false));
  const output = clampMin(sub(add(distPos, wrapScalar(margin)), distNeg), 0n);
  return applyLossReduction(output, reduction);
}

def(
  'aten::_cdist_forward(Tensor x1, Tensor x2, float p, int? compute_mode) -> Tensor',
  cdistForward,
);
defCopyOut(
  'aten::_cdist_forward.out(Tensor x1, Tensor x2, float p, int? compute_mode, *, Tensor(a!) out) -> Tensor(a!)',
  cdistForward,
);
def('aten::cdist(Tensor x1, Tensor x2, float p=2., int? compute_mode=None) -> Tensor', cdist);
def(
  'aten::cosine_similarity(Tensor x1, Tensor x2, int dim=1, float eps=1e-08) -> Tensor',
  cosineSimilarity,
);
def('aten::dist(Tensor self, Tensor other, Scalar p=2) -> Tensor', dist);
defCopyOut(
  'aten::dist.out(Tensor self, Tensor other, Scalar p=2, *, Tensor(a!) out) -> Tensor(a!)',
  dist,
);
def(
  'aten::pairwise_distance(Tensor x1, Tensor x2, float p=2., float eps=9.9999999999999995e-07, bool keepdim=False) -> Tensor',
  pairwiseDistance,
);
def(
  'aten::triplet_margin_loss(Tensor anchor, Tensor positive, Tensor negative, float margin=1., float p=2., float eps=9.9999999999999995e-07, bool swap=False, int reduction=1) -> Tensor',
  tripletMarginLoss,
);

// Regression and binary-classification losses: mse, l1, smooth_l1, huber, binary_cross_entropy
// (with and without logits), kl_div, and the margin losses. `reduction` is an int as in the aten
// schemas: 0 none, 1 mean, 2 sum.

import { runtimeError } from '../errors.js';
import type { PointwiseKernel } from '../kernels/pointwise.js';
import { runPointwise } from '../kernels/pointwise.js';
import { canCast, isFloating, scalarTypeName, type DType } from '../tensor/dtype.js';
import { wrapScalar } from '../tensor/factory.js';
import { broadcastShapes, formatShape, numelOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { add, add_, div, mul, mul_, sub, sub_ } from './arithmetic.js';
import { contiguous, resultType, writeInto } from './elementwise.js';
import {
  Reduction,
  allocate,
  applyLossReduction,
  copyToOut,
  defCopyOut,
  pointwiseInto,
  requireFloating,
  reshaped,
  resizeOutput,
} from './nn.js';
import {
  clampMin_,
  eq,
  exp,
  exp_,
  filledLike,
  le,
  log,
  log1p_,
  log_,
  maskedFill_,
  ne,
  neg,
  sqrt_,
  sumDim,
  where,
} from './nnmath.js';
import { def } from './registry.js';

/** `R(e)`: the expression rounded to float32 when the kernel computes in float32. */
const rounder = (dtype: DType) => (e: string) =>
  dtype === 'float32' ? `Math.fround(${e})` : `(${e})`;

const mseKernel: PointwiseKernel = {
  name: 'mse_loss',
  expr: (dt) => `square(${rounder(dt)('a - b')})`,
  helpers: { square: (x) => x * x },
};

const smoothL1Kernel: PointwiseKernel = {
  name: 'smooth_l1_loss',
  expr: (dt) => {
    const R = rounder(dt);
    return `smoothL1(${R('Math.abs(a - b)')}, p0, ${dt === 'float32' ? 1 : 0})`;
  },
  helpers: {
    smoothL1: (z, beta, single) => {
      const r = single ? Math.fround : (x: number) => x;
      return z < beta ? r(r(0.5 * z * z) / beta) : z - r(0.5 * beta);
    },
  },
};

const huberKernel: PointwiseKernel = {
  name: 'huber_loss',
  expr: (dt) => {
    const R = rounder(dt);
    return `huber(${R('Math.abs(a - b)')}, p0, ${dt === 'float32' ? 1 : 0})`;
  },
  helpers: {
    huber: (z, delta, single) => {
      const r = single ? Math.fround : (x: number) => x;
      return z < delta ? r(0.5 * z) * z : delta * r(z - r(0.5 * delta));
    },
  },
};

// ---- structured binary losses: mse_loss, smooth_l1_loss ----

const assertLines: Record<string, number> = { smooth_l1_loss: 39, mse_loss: 50 };

/** The checks of PyTorch's meta functions: broadcasting, the out dtype, a valid reduction. */
function binaryLossMeta(
  name: string,
  self: Tensor,
  target: Tensor,
  reduction: number,
  out: Tensor | null,
): { dtype: DType; shape: Shape } {
  const shape = broadcastShapes(self.shape, target.shape);
  const dtype = resultType(self, target);
  if (out !== null && !canCast(dtype, out.dtype)) {
    throw runtimeError(
      `result type ${scalarTypeName(dtype)} can't be cast to the desired output type ${scalarTypeName(out.dtype)}`,
    );
  }
  if (reduction !== Reduction.None && reduction !== Reduction.Mean && reduction !== Reduction.Sum) {
    throw runtimeError(
      `reduction == Reduction::Mean || reduction == Reduction::Sum INTERNAL ASSERT FAILED at "./aten/src/ATen/native/Loss.cpp":${assertLines[name]}, please report a bug to PyTorch. `,
    );
  }
  return { dtype, shape };
}

function binaryLoss(
  name: string,
  kernel: PointwiseKernel,
  self: Tensor,
  target: Tensor,
  reduction: number,
  params: number[],
  out: Tensor | null = null,
): Tensor {
  const { dtype, shape } = binaryLossMeta(name, self, target, reduction, out);
  requireFloating(`${name === 'mse_loss' ? 'mse' : 'smooth_l1'}_cpu`, dtype);
  const loss = pointwiseInto(kernel, shape, dtype, [self, target], dtype, params);
  const result = applyLossReduction(loss, reduction);
  return out === null ? result : copyToOut(out, result);
}

export const mseLoss = (self: Tensor, target: Tensor, reduction: number) =>
  binaryLoss('mse_loss', mseKernel, self, target, reduction, []);

function checkBeta(beta: number): void {
  if (!(beta >= 0)) throw runtimeError('smooth_l1_loss does not support negative values for beta.');
}

function smoothL1Params(dtype: DType, beta: number): number[] {
  return [dtype === 'float32' ? Math.fround(beta) : beta];
}

export function smoothL1Loss(
  self: Tensor,
  target: Tensor,
  reduction: number,
  beta: number,
): Tensor {
  checkBeta(beta);
  const params = smoothL1Params(resultType(self, target), beta);
  return binaryLoss('smooth_l1_loss', smoothL1Kernel, self, target, reduction, params);
}

// ---- huber_loss: the loss takes the input's dtype ----

function checkDelta(delta: number): void {
  if (!(delta > 0)) {
    throw runtimeError('huber_loss does not support non-positive values for delta.');
  }
}

/** huber into `dest` (of the broadcast shape), computed in the operands' common dtype. */
function huberInto(dest: Tensor, self: Tensor, target: Tensor, delta: number): void {
  const compute = resultType(self, target);
  writeInto(dest, compute, [self, target], 'result type');
  requireFloating('huber_cpu', compute);
  const d = compute === 'float32' ? Math.fround(delta) : delta;
  runPointwise(huberKernel, dest, [self, target], compute, [d]);
}

export function huberLoss(self: Tensor, target: Tensor, reduction: number, delta: number): Tensor {
  checkDelta(delta);
  const loss = allocate(broadcastShapes(self.shape, target.shape), self.dtype).tensor;
  huberInto(loss, self, target, delta);
  return applyLossReduction(loss, reduction);
}

function huberLossOut(
  self: Tensor,
  target: Tensor,
  reduction: number,
  delta: number,
  out: Tensor,
): Tensor {
  checkDelta(delta);
  resizeOutput(out, broadcastShapes(self.shape, target.shape));
  huberInto(out, self, target, delta);
  if (reduction !== Reduction.None) copyToOut(out, applyLossReduction(out, reduction));
  return out;
}

// ---- l1_loss: (input - target).abs() ----

export function l1Loss(self: Tensor, target: Tensor, reduction: number): Tensor {
  const diff = sub(self, target);
  return applyLossReduction(
    pointwiseInto(absKernel, diff.shape, diff.dtype, [diff], diff.dtype),
    reduction,
  );
}

const absKernel: PointwiseKernel = { name: 'l1_abs', expr: 'Math.abs(a)' };

// ---- binary_cross_entropy ----

const bceKernel: PointwiseKernel = {
  name: 'binary_cross_entropy',
  expr: (dt) => `bce(a, b, ${dt === 'float32' ? 1 : 0})`,
  helpers: {
    bce: (x, y, single) => {
      if (!(x >= 0 && x <= 1)) {
        throw runtimeError('all elements of input should be between 0 and 1');
      }
      const r = single ? Math.fround : (v: number) => v;
      // Both logarithms are clamped at -100, so x = 0 or 1 gives a finite loss.
      const logOneMinus = Math.max(r(Math.log1p(-x)), -100);
      const logX = Math.max(r(Math.log(x)), -100);
      return r(r(y - 1) * logOneMinus) - r(y * logX);
    },
  },
};

/** A shape without its size-1 dimensions (at::squeeze). */
const squeezed = (shape: Shape) => shape.filter((s) => s !== 1);

/** TensorIterator's all-same-dtype check, reporting the first operand that differs. */
function checkAllSame(expected: DType, operands: readonly Tensor[]): void {
  for (const t of operands) {
    if (t.dtype !== expected) {
      throw runtimeError(
        `Found dtype ${scalarTypeName(t.dtype)} but expected ${scalarTypeName(expected)}`,
      );
    }
  }
}

/**
 * The loss written into `loss` (input-shaped, or an out= tensor kept at its own shape), then
 * weighted in place and reduced: binary_cross_entropy_out_cpu.
 */
function bceInto(
  loss: Tensor,
  self: Tensor,
  target: Tensor,
  weight: Tensor | null,
  reduction: number,
): Tensor {
  checkAllSame(self.dtype, [loss, self, target]);
  const shape = broadcastShapes(squeezed(self.shape), squeezed(target.shape));
  requireFloating('binary_cross_entropy', self.dtype);
  const values = pointwiseInto(
    bceKernel,
    shape,
    self.dtype,
    [squeeze(self), squeeze(target)],
    self.dtype,
  );
  // An out= tensor of another shape keeps it and sees the leading values, as PyTorch's resized
  // squeezed view of it leaves it.
  const count = Math.min(loss.numel(), values.numel());
  const flat = contiguous(values).data;
  for (let i = 0; i < count; i++) loss.data[loss.storageIndex(i)] = flat[i];
  if (weight !== null) mul_(loss, weight);
  return reduction === Reduction.None ? loss : copyToOut(loss, applyLossReduction(loss, reduction));
}

/** `t` with its size-1 dimensions dropped. */
const squeeze = (t: Tensor) => reshaped(t, squeezed(t.shape));

export function binaryCrossEntropy(
  self: Tensor,
  target: Tensor,
  weight: Tensor | null,
  reduction: number,
): Tensor {
  const loss = allocate(self.shape, self.dtype).tensor;
  if (numelOf(squeezed(target.shape)) > numelOf(squeezed(self.shape))) {
    throw runtimeError(
      `output with shape ${formatShape(self.shape)} doesn't match the broadcast shape ${formatShape(broadcastShapes(self.shape, target.shape))}`,
    );
  }
  return bceInto(loss, self, target, weight, reduction);
}

// ---- binary_cross_entropy_with_logits: PyTorch's composite, step by step ----

/** `x - t` for a Python number x, as C++ writes it: empty_like(t).fill_(x).sub_(t). */
const scalarMinus = (x: number, t: Tensor) => sub_(filledLike(t, x), t);

export function binaryCrossEntropyWithLogits(
  self: Tensor,
  target: Tensor,
  weight: Tensor | null,
  posWeight: Tensor | null,
  reduction: number,
): Tensor {
  const maxVal = clampMin_(neg(self), 0);
  // log(exp(-max_val) + exp(-input - max_val)): the stable log(1 + exp(-input)) - ... term.
  const logTerm = () => log_(add_(exp_(neg(maxVal)), exp_(sub(neg(self), maxVal))));
  let loss: Tensor;
  if (posWeight !== null) {
    const logWeight = add_(mul(sub(posWeight, wrapScalar(1n)), target), wrapScalar(1n));
    loss = mul_(scalarMinus(1, target), self);
    loss = add_(loss, mul_(logWeight, add_(logTerm(), maxVal)));
  } else {
    loss = add_(mul_(scalarMinus(1, target), self), maxVal);
    loss = add_(loss, logTerm());
  }
  if (weight !== null) mul_(loss, weight);
  return applyLossReduction(loss, reduction);
}

// ---- kl_div ----

export function klDiv(self: Tensor, target: Tensor, reduction: number, logTarget: boolean): Tensor {
  if (!isFloating(self.dtype) || !isFloating(target.dtype)) {
    throw runtimeError('kl_div: Integral inputs not supported.');
  }
  const output = logTarget
    ? mul(exp(target), sub(target, self))
    : sub(xlogySelf(target), mul(target, self));
  return applyLossReduction(output, reduction);
}

const xlogyKernel: PointwiseKernel = {
  name: 'kl_xlogy',
  expr: (dt) => `a !== a ? NaN : a === 0 ? 0 : a * ${rounder(dt)('Math.log(a)')}`,
};

/** xlogy(t, t) */
function xlogySelf(t: Tensor): Tensor {
  return pointwiseInto(xlogyKernel, t.shape, t.dtype, [t], t.dtype);
}

// ---- margin and embedding losses ----

export function marginRankingLoss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  margin: number,
  reduction: number,
): Tensor {
  const output = clampMin_(add(mul(neg(target), sub(input1, input2)), wrapScalar(margin)), 0);
  return applyLossReduction(output, reduction);
}

export function hingeEmbeddingLoss(
  self: Tensor,
  target: Tensor,
  margin: number,
  reduction: number,
): Tensor {
  const zeros = allocate(self.shape, self.dtype).tensor;
  const marginClamp = clampMin_(scalarMinus(margin, self), 0);
  const outputMargin = where(ne(target, 1n), marginClamp, zeros);
  const outputSelf = where(ne(target, -1n), self, zeros);
  return applyLossReduction(add(outputMargin, outputSelf), reduction);
}

/** soft_margin_loss_out: neg_out(out, input).mul_(target).exp_().log1p_(), then reduced. */
function softMarginInto(self: Tensor, target: Tensor, reduction: number, output: Tensor): Tensor {
  checkAllSame(self.dtype, [output]);
  resizeOutput(output, self.shape);
  copyToOut(output, neg(self));
  log1p_(exp_(mul_(output, target)));
  if (reduction !== Reduction.None) copyToOut(output, applyLossReduction(output, reduction));
  return output;
}

export function softMarginLoss(self: Tensor, target: Tensor, reduction: number): Tensor {
  return softMarginInto(self, target, reduction, allocate([0], self.dtype).tensor);
}

const cosineEpsilon = 1e-12;

export function cosineEmbeddingLoss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  margin: number,
  reduction: number,
): Tensor {
  const dim = target.ndim;
  if (dim > 1) {
    throw runtimeError('0D or 1D target tensor expected, multi-target not supported');
  }
  const expected = dim === 1 ? 2 : 1;
  if (input1.ndim !== expected) {
    throw runtimeError(
      `${dim}D target tensor expects ${expected}D input tensors, but found inputs with sizes ${formatShape(input1.shape)} and ${formatShape(input2.shape)}.`,
    );
  }
  const eps = wrapScalar(cosineEpsilon);
  const prodSum = sumDim(mul(input1, input2), dim);
  const magSquare1 = add(sumDim(mul(input1, input1), dim), eps);
  const magSquare2 = add(sumDim(mul(input2, input2), dim), eps);
  const cos = div(prodSum, sqrt_(mul(magSquare1, magSquare2)));
  const zeros = allocate(cos.shape, cos.dtype).tensor;
  const pos = scalarMinus(1, cos);
  const negative = clampMin_(sub(cos, wrapScalar(margin)), 0);
  const output = add(where(eq(target, 1n), pos, zeros), where(eq(target, -1n), negative, zeros));
  return applyLossReduction(output, reduction);
}

export function poissonNllLoss(
  input: Tensor,
  target: Tensor,
  logInput: boolean,
  full: boolean,
  eps: number,
  reduction: number,
): Tensor {
  let loss = logInput
    ? sub(exp(input), mul(target, input))
    : sub(input, mul(target, log(add(input, wrapScalar(eps)))));
  if (full) {
    const twoPi = wrapScalar(2 * Math.PI);
    const stirling = add(
      sub(mul(target, log(target)), target),
      mul(log(mul(target, twoPi)), wrapScalar(0.5)),
    );
    loss = add_(loss, maskedFill_(stirling, le(target, 1n), 0));
  }
  return applyLossReduction(loss, reduction);
}

def(
  'aten::binary_cross_entropy(Tensor self, Tensor target, Tensor? weight=None, int reduction=1) -> Tensor',
  binaryCrossEntropy,
);
def(
  'aten::binary_cross_entropy.out(Tensor self, Tensor target, Tensor? weight=None, int reduction=1, *, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, target: Tensor, weight: Tensor | null, reduction: number, out: Tensor) =>
    bceInto(out, self, target, weight, reduction),
);
def(
  'aten::binary_cross_entropy_with_logits(Tensor self, Tensor target, Tensor? weight=None, Tensor? pos_weight=None, int reduction=1) -> Tensor',
  binaryCrossEntropyWithLogits,
);
defCopyOut(
  'aten::binary_cross_entropy_with_logits.out(Tensor self, Tensor target, Tensor? weight=None, Tensor? pos_weight=None, int reduction=1, *, Tensor(a!) out) -> Tensor(a!)',
  binaryCrossEntropyWithLogits,
);
def(
  'aten::cosine_embedding_loss(Tensor input1, Tensor input2, Tensor target, float margin=0., int reduction=1) -> Tensor',
  cosineEmbeddingLoss,
);
def(
  'aten::hinge_embedding_loss(Tensor self, Tensor target, float margin=1., int reduction=1) -> Tensor',
  hingeEmbeddingLoss,
);
def(
  'aten::huber_loss(Tensor self, Tensor target, int reduction=1, float delta=1.) -> Tensor',
  huberLoss,
);
def(
  'aten::huber_loss.out(Tensor self, Tensor target, int reduction=1, float delta=1., *, Tensor(a!) out) -> Tensor(a!)',
  huberLossOut,
);
def(
  'aten::kl_div(Tensor self, Tensor target, int reduction=1, *, bool log_target=False) -> Tensor',
  klDiv,
);
def('aten::l1_loss(Tensor self, Tensor target, int reduction=1) -> Tensor', l1Loss);
def(
  'aten::margin_ranking_loss(Tensor input1, Tensor input2, Tensor target, float margin=0., int reduction=1) -> Tensor',
  marginRankingLoss,
);
def('aten::mse_loss(Tensor self, Tensor target, int reduction=1) -> Tensor', mseLoss);
def(
  'aten::mse_loss.out(Tensor self, Tensor target, int reduction=1, *, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, target: Tensor, reduction: number, out: Tensor) =>
    binaryLoss('mse_loss', mseKernel, self, target, reduction, [], out),
);
def(
  'aten::poisson_nll_loss(Tensor input, Tensor target, bool log_input, bool full, float eps, int reduction) -> Tensor',
  poissonNllLoss,
);
def(
  'aten::smooth_l1_loss(Tensor self, Tensor target, int reduction=1, float beta=1.) -> Tensor',
  smoothL1Loss,
);
def(
  'aten::smooth_l1_loss.out(Tensor self, Tensor target, int reduction=1, float beta=1., *, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, target: Tensor, reduction: number, beta: number, out: Tensor) => {
    checkBeta(beta);
    const params = smoothL1Params(resultType(self, target), beta);
    return binaryLoss('smooth_l1_loss', smoothL1Kernel, self, target, reduction, params, out);
  },
);
def(
  'aten::soft_margin_loss(Tensor self, Tensor target, int reduction=1) -> Tensor',
  softMarginLoss,
);
def(
  'aten::soft_margin_loss.out(Tensor self, Tensor target, int reduction=1, *, Tensor(a!) out) -> Tensor(a!)',
  softMarginInto,
);

// Classification losses over class scores: nll_loss (1-D and 2-D inputs), nll_loss2d (spatial
// targets), nll_loss_nd (any number of dimensions) and cross_entropy_loss with class indices or
// class probabilities, weights, ignore_index and label smoothing.

import { indexError, runtimeError, valueError } from '../errors.js';
import { cppDouble } from '../random/messages.js';
import { isFloating, scalarTypeName, type DType, type TypedArray } from '../tensor/dtype.js';
import { wrapScalar } from '../tensor/factory.js';
import { formatShape, numelOf, sameShape, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { add, div, mul } from './arithmetic.js';
import {
  Reduction,
  allocate,
  checkOutDType,
  checkSameDType,
  copyToOut,
  notImplementedFor,
  reshaped,
  resizeOutput,
  scalarTensor,
  sizeAt,
  sumAll,
  valuesOf,
} from './nn.js';
import { eq, maskedFill_, neg, sumDim } from './nnmath.js';
import { def } from './registry.js';
import { logSoftmax } from './softmax.js';

type Optional = Tensor | null;

/** Reading a target as int64 (or uint8 where the kernel has a byte loop). */
function checkTarget(target: Tensor, allowByte: boolean): void {
  if (target.dtype === 'int64' || (allowByte && target.dtype === 'uint8')) return;
  throw runtimeError(`expected scalar type Long but found ${scalarTypeName(target.dtype)}`);
}

/** One target's class, or null when it is ignored; out-of-range classes are IndexErrors. */
function classOf(t: number, classes: number, ignoreIndex: number): number | null {
  if (t === ignoreIndex) return null;
  if (t < 0 || t >= classes) throw indexError(`Target ${t} is out of bounds.`);
  return t;
}

/** The weighted sum of -input[b, target[b]] and the weight it carries, over the batch. */
function weightedSum(
  picks: (b: number) => number,
  targets: ArrayLike<number>,
  classes: number,
  weight: TypedArray | null,
  ignoreIndex: number,
): { loss: number; total: number } {
  let loss = 0;
  let total = 0;
  for (let b = 0; b < targets.length; b++) {
    const c = classOf(targets[b], classes, ignoreIndex);
    if (c === null) continue;
    const w = weight === null ? 1 : weight[c];
    loss -= picks(b * classes + c) * w;
    total += w;
  }
  return { loss, total };
}

// ---- nll_loss_forward: 1-D or 2-D input ----

function nllMeta(self: Tensor, target: Tensor, weight: Optional, reduction: number): Shape {
  if (!(self.ndim > 0 && self.ndim <= 2)) throw runtimeError('input tensor should be 1D or 2D');
  if (target.ndim > 1) {
    throw runtimeError('0D or 1D target tensor expected, multi-target not supported');
  }
  const noBatch = self.ndim === 1 && target.ndim === 0;
  if (!noBatch && self.shape[0] !== sizeAt(target, 0)) {
    throw runtimeError(
      `size mismatch (got input: ${formatShape(self.shape)}, target: ${formatShape(target.shape)})`,
    );
  }
  const classes = self.shape[self.ndim - 1];
  if (weight !== null && !(weight.ndim === 1 && weight.numel() === classes)) {
    throw runtimeError(
      `weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${formatShape(weight.shape)}`,
    );
  }
  return reduction === Reduction.None && self.ndim === 2 ? [self.shape[0]] : [];
}

/** (output, total_weight) of nll_loss_forward, after its meta checks. */
function nllFrame(
  self: Tensor,
  target: Tensor,
  weight: Optional,
  reduction: number,
  ignoreIndex: number,
): Tensor[] {
  const dtype = self.dtype;
  if (!isFloating(dtype)) throw notImplementedFor('nll_loss_out_frame', dtype);
  if (weight !== null) checkSameDType(dtype, weight.dtype);
  const classes = self.shape[self.ndim - 1];
  const w = weight === null ? null : valuesOf(weight);
  const input = valuesOf(self);
  if (reduction === Reduction.None && self.ndim === 2) {
    checkTarget(target, true);
    const targets = valuesOf(target);
    const { tensor, data } = allocate([self.shape[0]], dtype);
    for (let b = 0; b < targets.length; b++) {
      const c = classOf(targets[b], classes, ignoreIndex);
      data[b] = c === null ? 0 : -input[b * classes + c] * (w === null ? 1 : w[c]);
    }
    return [tensor, scalarTensor(0, dtype)];
  }
  if (target.numel() === 0) {
    return [scalarTensor(reduction === Reduction.Mean ? NaN : 0, dtype), scalarTensor(0, dtype)];
  }
  checkTarget(target, true);
  const { loss, total } = weightedSum((i) => input[i], valuesOf(target), classes, w, ignoreIndex);
  return reducedPair(loss, total, reduction, dtype);
}

/** The reduced loss and total weight, rounded as PyTorch's kernel stores them. */
function reducedPair(loss: number, total: number, reduction: number, dtype: DType): Tensor[] {
  const round = dtype === 'float32' ? Math.fround : (x: number) => x;
  const totalWeight = round(total);
  const output = reduction === Reduction.Mean ? round(loss) / totalWeight : loss;
  return [scalarTensor(output, dtype), scalarTensor(totalWeight, dtype)];
}

export function nllLossForward(
  self: Tensor,
  target: Tensor,
  weight: Optional,
  reduction: number,
  ignoreIndex: number,
): Tensor[] {
  nllMeta(self, target, weight, reduction);
  return nllFrame(self, target, weight, reduction, ignoreIndex);
}

function nllLossForwardOut(
  self: Tensor,
  target: Tensor,
  weight: Optional,
  reduction: number,
  ignoreIndex: number,
  output: Tensor,
  totalWeight: Tensor,
): Tensor[] {
  nllMeta(self, target, weight, reduction);
  checkOutDType(output, self.dtype);
  checkOutDType(totalWeight, self.dtype);
  const [out, total] = nllFrame(self, target, weight, reduction, ignoreIndex);
  return [copyToOut(output, out), copyToOut(totalWeight, total)];
}

export const nllLoss = (...args: [Tensor, Tensor, Optional, number, number]) =>
  nllLossForward(...args)[0];

// ---- nll_loss2d_forward: [N, C, H, W] input, [N, H, W] target ----

function checkNll2dInputs(input: Tensor, target: Tensor, weight: Optional): void {
  if (target.ndim !== 3) {
    throw runtimeError(
      `only batches of spatial targets supported (3D tensors) but got targets of dimension: ${target.ndim}`,
    );
  }
  if (input.ndim !== 4) {
    throw runtimeError(
      `only batches of spatial inputs supported (4D tensors), but got input of dimension: ${input.ndim}`,
    );
  }
  if (weight !== null && weight.numel() !== input.shape[1]) {
    throw runtimeError('weight tensor should be defined either for all or no classes');
  }
  const [n, , h, w] = input.shape;
  if (n !== target.shape[0] || h !== target.shape[1] || w !== target.shape[2]) {
    throw runtimeError(
      `size mismatch (got input: ${formatShape(input.shape)} , target: ${formatShape(target.shape)}`,
    );
  }
}

/** nll_loss2d_forward_out_cpu: writes into `output` and `totalWeight`, checking their dtypes. */
function nll2dInto(
  self: Tensor,
  target: Tensor,
  weight: Optional,
  reduction: number,
  ignoreIndex: number,
  output: Tensor,
  totalWeight: Tensor,
): Tensor[] {
  checkNll2dInputs(self, target, weight);
  resizeOutput(totalWeight, []);
  const dtype = self.dtype;
  if (!isFloating(dtype)) throw notImplementedFor('nll_loss2d_forward_out_frame', dtype);
  checkSameDType(dtype, totalWeight.dtype);
  if (weight !== null) checkSameDType(dtype, weight.dtype);
  const [n, classes, h, w] = self.shape;
  const plane = h * w;
  const weights = weight === null ? null : valuesOf(weight);
  const input = valuesOf(self);
  // input[b, c, p] for the flat index b * classes + c of an [N * H * W, C] view.
  const pick = (i: number) => {
    const row = Math.floor(i / classes);
    const c = i - row * classes;
    const b = Math.floor(row / plane);
    return input[(b * classes + c) * plane + (row - b * plane)];
  };
  if (reduction === Reduction.None) {
    resizeOutput(output, [n, h, w]);
    checkSameDType(dtype, output.dtype);
    checkTarget(target, false);
    const targets = valuesOf(target);
    const values = new Float64Array(targets.length);
    for (let i = 0; i < targets.length; i++) {
      const c = classOf(targets[i], classes, ignoreIndex);
      values[i] = c === null ? 0 : -pick(i * classes + c) * (weights === null ? 1 : weights[c]);
    }
    writeValues(output, values);
    totalWeight.data[totalWeight.offset] = 0;
    return [output, totalWeight];
  }
  resizeOutput(output, []);
  let pair: Tensor[];
  if (target.numel() === 0) {
    checkSameDType(dtype, output.dtype);
    pair = [scalarTensor(reduction === Reduction.Mean ? NaN : 0, dtype), scalarTensor(0, dtype)];
  } else {
    checkTarget(target, false);
    const { loss, total } = weightedSum(pick, valuesOf(target), classes, weights, ignoreIndex);
    checkSameDType(dtype, output.dtype);
    pair = reducedPair(loss, total, reduction, dtype);
  }
  copyToOut(output, pair[0]);
  copyToOut(totalWeight, pair[1]);
  return [output, totalWeight];
}

function writeValues(t: Tensor, values: Float64Array): void {
  for (let i = 0; i < values.length; i++) t.data[t.storageIndex(i)] = values[i];
}

export function nllLoss2dForward(
  self: Tensor,
  target: Tensor,
  weight: Optional,
  reduction: number,
  ignoreIndex: number,
): Tensor[] {
  const empty = () => allocate([0], self.dtype).tensor;
  return nll2dInto(self, target, weight, reduction, ignoreIndex, empty(), empty());
}

export const nllLoss2d = (...args: [Tensor, Tensor, Optional, number, number]) =>
  nllLoss2dForward(...args)[0];

function nllLoss2dOut(
  self: Tensor,
  target: Tensor,
  weight: Optional,
  reduction: number,
  ignoreIndex: number,
  out: Tensor,
): Tensor {
  const totalWeight = allocate([0], self.dtype).tensor;
  return nll2dInto(self, target, weight, reduction, ignoreIndex, out, totalWeight)[0];
}

// ---- nll_loss_nd: any input rank ----

export function nllLossNd(
  self: Tensor,
  target: Tensor,
  weight: Optional,
  reduction: number,
  ignoreIndex: number,
): Tensor {
  if (self.ndim < 1) throw valueError(`Expected 1 or more dimensions (got ${self.ndim})`);
  if (self.ndim !== 1 && self.shape[0] !== sizeAt(target, 0)) {
    throw valueError(
      `Expected input batch_size (${self.shape[0]}) to match target batch_size (${target.shape[0]}).`,
    );
  }
  if (self.ndim <= 2) return nllLoss(self, target, weight, reduction, ignoreIndex);
  if (self.ndim === 4) return nllLoss2d(self, target, weight, reduction, ignoreIndex);
  const [n, c] = self.shape;
  const outSize = [n, ...self.shape.slice(2)];
  if (!sameShape(target.shape.slice(1), self.shape.slice(2))) {
    throw runtimeError(
      `Expected target size ${formatShape(outSize)}, got ${formatShape(target.shape)}`,
    );
  }
  // Spatial dimensions flatten into a [N, C, 1, rest] problem for the 2-D kernel.
  const rest = numelOf(self.shape.slice(2));
  const input = reshaped(self, self.numel() > 0 ? [n, c, 1, rest] : [n, c, 0, 0]);
  const flatTarget = reshaped(target, target.numel() > 0 ? [n, 1, rest] : [n, 0, 0]);
  const out = nllLoss2d(input, flatTarget, weight, reduction, ignoreIndex);
  return reduction === Reduction.None ? reshaped(out, outSize) : out;
}

// ---- cross_entropy_loss ----

/** A class weight viewed to broadcast along the class dimension of an input of rank `ndim`. */
function classWeightView(weight: Tensor, ndim: number, classDim: number): Tensor {
  if (ndim <= 1) return weight;
  return reshaped(
    weight,
    Array.from({ length: ndim }, (_, d) => (d === classDim ? weight.shape[0] : 1)),
  );
}

function invalidReduction(reduction: number): never {
  throw runtimeError(`Invalid reduction type encountered in cross_entropy: ${reduction}`);
}

function checkSmoothing(labelSmoothing: number): void {
  if (!(labelSmoothing <= 1.0)) {
    throw runtimeError(
      `label_smoothing must be between 0.0 and 1.0. Got: ${cppDouble(labelSmoothing)}`,
    );
  }
}

function crossEntropyProbabilities(
  self: Tensor,
  target: Tensor,
  weight: Optional,
  reduction: number,
  labelSmoothing: number,
): Tensor {
  const classDim = self.ndim === 1 ? 0 : 1;
  const classes = sizeAt(self, classDim);
  if (weight !== null && !(weight.ndim === 1 && weight.numel() === classes)) {
    throw runtimeError(
      `cross_entropy: weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${formatShape(weight.shape)}`,
    );
  }
  const input = logSoftmax(self, classDim, self.dtype);
  let probs = target;
  if (labelSmoothing > 0) {
    checkSmoothing(labelSmoothing);
    probs = add(mul(target, wrapScalar(1 - labelSmoothing)), wrapScalar(labelSmoothing / classes));
  }
  let product = mul(input, probs);
  if (weight !== null) product = mul(product, classWeightView(weight, input.ndim, classDim));
  switch (reduction) {
    case Reduction.Mean: {
      const total = neg(sumAll(product));
      if (input.numel() === 0) return scalarTensor(NaN, total.dtype);
      return div(total, wrapScalar(BigInt(input.numel() / classes)));
    }
    case Reduction.Sum:
      return neg(sumAll(product));
    case Reduction.None:
      return neg(sumDim(product, classDim));
    default:
      return invalidReduction(reduction);
  }
}

function crossEntropySmoothed(
  self: Tensor,
  target: Tensor,
  weight: Optional,
  reduction: number,
  ignoreIndex: number,
  labelSmoothing: number,
): Tensor {
  const classDim = self.ndim === 1 ? 0 : 1;
  const input = logSoftmax(self, classDim, self.dtype);
  const nll = nllLossNd(input, target, weight, reduction, ignoreIndex);
  const classes = input.shape[classDim];
  const ignored = eq(target, BigInt(ignoreIndex));
  const weighted =
    weight === null ? input : mul(input, classWeightView(weight, input.ndim, classDim));
  const smooth = maskedFill_(neg(sumDim(weighted, classDim)), ignored, 0);
  let ret: Tensor;
  switch (reduction) {
    case Reduction.Mean:
      ret = div(sumAll(smooth), smoothingDenominator(target, ignored, weight));
      break;
    case Reduction.Sum:
      ret = sumAll(smooth);
      break;
    case Reduction.None:
      ret = smooth;
      break;
    default:
      return invalidReduction(reduction);
  }
  return add(
    mul(nll, wrapScalar(1 - labelSmoothing)),
    mul(ret, wrapScalar(labelSmoothing / classes)),
  );
}

/** The mean's divisor: the weight of the kept targets, or their count. */
function smoothingDenominator(target: Tensor, ignored: Tensor, weight: Optional): Tensor {
  const skip = valuesOf(ignored);
  const targets = valuesOf(target);
  if (weight === null) {
    let kept = 0;
    for (let i = 0; i < skip.length; i++) kept += skip[i] ? 0 : 1;
    return scalarTensor(kept, 'int64');
  }
  const w = valuesOf(weight);
  let total = 0;
  for (let i = 0; i < skip.length; i++) if (!skip[i]) total += w[targets[i]];
  return scalarTensor(total, weight.dtype);
}

export function crossEntropyLoss(
  self: Tensor,
  target: Tensor,
  weight: Optional,
  reduction: number,
  ignoreIndex: number,
  labelSmoothing: number,
): Tensor {
  if (sameShape(self.shape, target.shape)) {
    if (!isFloating(target.dtype)) {
      throw runtimeError(
        `Expected floating point type for target with class probabilities, got ${scalarTypeName(target.dtype)}`,
      );
    }
    if (ignoreIndex >= 0) {
      throw runtimeError('ignore_index is not supported for floating point target');
    }
    return crossEntropyProbabilities(self, target, weight, reduction, labelSmoothing);
  }
  if (labelSmoothing > 0) {
    checkSmoothing(labelSmoothing);
    return crossEntropySmoothed(self, target, weight, reduction, ignoreIndex, labelSmoothing);
  }
  const classDim = self.ndim === 1 ? 0 : 1;
  const logProbs = logSoftmax(self, classDim, self.dtype);
  return nllLossNd(logProbs, target, weight, reduction, ignoreIndex);
}

def(
  'aten::cross_entropy_loss(Tensor self, Tensor target, Tensor? weight=None, int reduction=1, int ignore_index=-100, float label_smoothing=0.) -> Tensor',
  crossEntropyLoss,
);
def(
  'aten::nll_loss(Tensor self, Tensor target, Tensor? weight=None, int reduction=1, int ignore_index=-100) -> Tensor',
  nllLoss,
);
def(
  'aten::nll_loss.out(Tensor self, Tensor target, Tensor? weight=None, int reduction=1, int ignore_index=-100, *, Tensor(a!) out) -> Tensor(a!)',
  (
    self: Tensor,
    target: Tensor,
    weight: Optional,
    reduction: number,
    ignore: number,
    out: Tensor,
  ) =>
    nllLossForwardOut(
      self,
      target,
      weight,
      reduction,
      ignore,
      out,
      allocate([0], self.dtype).tensor,
    )[0],
);
def(
  'aten::nll_loss2d(Tensor self, Tensor target, Tensor? weight=None, int reduction=1, int ignore_index=-100) -> Tensor',
  nllLoss2d,
);
def(
  'aten::nll_loss2d.out(Tensor self, Tensor target, Tensor? weight=None, int reduction=1, int ignore_index=-100, *, Tensor(a!) out) -> Tensor(a!)',
  nllLoss2dOut,
);
def(
  'aten::nll_loss2d_forward(Tensor self, Tensor target, Tensor? weight, int reduction, int ignore_index) -> (Tensor output, Tensor total_weight)',
  nllLoss2dForward,
);
def(
  'aten::nll_loss2d_forward.output(Tensor self, Tensor target, Tensor? weight, int reduction, int ignore_index, *, Tensor(a!) output, Tensor(b!) total_weight) -> (Tensor(a!), Tensor(b!))',
  nll2dInto,
);
def(
  'aten::nll_loss_forward(Tensor self, Tensor target, Tensor? weight, int reduction, int ignore_index) -> (Tensor output, Tensor total_weight)',
  nllLossForward,
);
def(
  'aten::nll_loss_forward.output(Tensor self, Tensor target, Tensor? weight, int reduction, int ignore_index, *, Tensor(a!) output, Tensor(b!) total_weight) -> (Tensor(a!), Tensor(b!))',
  nllLossForwardOut,
);
def(
  'aten::nll_loss_nd(Tensor self, Tensor target, Tensor? weight=None, int reduction=1, int ignore_index=-100) -> Tensor',
  nllLossNd,
);

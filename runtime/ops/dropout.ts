// Dropout and its variants (feature, alpha, feature-alpha), functional and in place, and
// native_dropout with its mask. In training they draw a bernoulli mask from the default generator
// exactly as PyTorch's CPU path does: one double uniform per mask element, in order.

import { runtimeError } from '../errors.js';
import { runPointwise, type PointwiseKernel } from '../kernels/pointwise.js';
import { bernoulliScalar } from '../random/distributions.js';
import { cppDouble } from '../random/messages.js';
import { isFloating, scalarTypeName, type DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { contiguous, elementwise, elementwiseInPlace } from './elementwise.js';
import { allocate, cloneOf, defCopyOut, emptyLike, rounding } from './nn.js';
import { def } from './registry.js';

const mulKernel: PointwiseKernel = { name: 'dropout_mul', expr: 'a * b' };
/** `R(e)`: e rounded to float32 when the kernel computes in float32. */
const rounded = (dtype: DType, e: string) => (dtype === 'float32' ? `Math.fround(${e})` : `(${e})`);

/** noise.div_(1 - p) on a 0/1 mask: kept elements become 1 / (1 - p). */
const keptKernel: PointwiseKernel = { name: 'dropout_kept', expr: 'a !== 0 ? p0 : 0' };
/** b = noise.add(-1).mul_(alpha * a).add_(alpha * a * p), one rounding per step. */
const alphaShiftKernel: PointwiseKernel = {
  name: 'alpha_dropout_shift',
  expr: (dt) => `${rounded(dt, `${rounded(dt, 'a - 1')} * p0`)} + p1`,
};
const scaleKernel: PointwiseKernel = { name: 'dropout_scale', expr: 'a * p0' };
/** native_dropout's input.mul(mask).mul_(scale). */
const maskScaleKernel: PointwiseKernel = {
  name: 'native_dropout_scale',
  expr: (dt) => `${rounded(dt, 'a * b')} * p0`,
};

// input * noise + b: two tensor ops, so float32 rounds the product before the sum.
const mulAddKernel: PointwiseKernel = {
  name: 'dropout_mul_add',
  expr: (dtype) => (dtype === 'float32' ? 'Math.fround(a * b) + c' : 'a * b + c'),
};

// The constants of SELU, which alpha dropout keeps the statistics of.
const seluAlpha = 1.7580993408473766;

interface Variant {
  /** One mask value per (batch, channel), shared over the remaining dimensions. */
  readonly feature: boolean;
  /** Dropped values become SELU's negative saturation, then an affine map restores the moments. */
  readonly alpha: boolean;
}

/** A scalar arithmetic step on a non-float noise tensor fails as PyTorch's in-place ops do. */
function castError(dtype: DType): never {
  throw runtimeError(
    `result type Float can't be cast to the desired output type ${scalarTypeName(dtype)}`,
  );
}

/** The noise tensor: input-shaped, or [N, C, 1, ...] for feature dropout. */
function noiseFor(input: Tensor, feature: boolean): Tensor {
  if (!feature) return allocate(input.shape, input.dtype).tensor;
  if (input.ndim < 2)
    throw runtimeError('Feature dropout requires at least 2 dimensions in the input');
  const shape = input.shape.map((s, d) => (d < 2 ? s : 1));
  return allocate(shape, input.dtype).tensor;
}

function multiply(input: Tensor, other: Tensor, inplace: boolean): Tensor {
  return inplace
    ? elementwiseInPlace(mulKernel, input, [input, other])
    : elementwise(mulKernel, [input, other]);
}

function dropoutImpl(
  input: Tensor,
  p: number,
  train: boolean,
  variant: Variant,
  inplace: boolean,
): Tensor {
  if (!(p >= 0 && p <= 1)) {
    throw runtimeError(`dropout probability has to be between 0 and 1, but got ${cppDouble(p)}`);
  }
  if (p === 0 || !train || input.numel() === 0) return input;
  if (p === 1) return multiply(input, allocate([], input.dtype).tensor, inplace);
  const noise = noiseFor(input, variant.feature);
  bernoulliScalar(noise, 1 - p);
  const dtype = noise.dtype;
  if (!variant.alpha) {
    // noise.div_(1 - p)
    if (!isFloating(dtype)) castError(dtype);
    const round = rounding(dtype);
    const kept = round(1 / round(1 - p));
    runPointwise(keptKernel, noise, [noise], dtype, [kept]);
    return multiply(input, noise, inplace);
  }
  // noise.add(-1) makes bool noise int64 before the float steps refuse it.
  if (!isFloating(dtype)) castError(dtype === 'bool' ? 'int64' : dtype);
  const round = rounding(dtype);
  const a = 1 / Math.sqrt((seluAlpha * seluAlpha * p + 1) * (1 - p));
  const slope = round(seluAlpha * a);
  const intercept = round(seluAlpha * a * p);
  const shift = allocate(noise.shape, dtype).tensor;
  runPointwise(alphaShiftKernel, shift, [noise], dtype, [slope, intercept]);
  runPointwise(scaleKernel, noise, [noise], dtype, [round(a)]);
  const out = inplace ? input : allocate(input.shape, dtype).tensor;
  elementwiseInPlace(mulAddKernel, out, [input, noise, shift]);
  return out;
}

const plain: Variant = { feature: false, alpha: false };
const feature: Variant = { feature: true, alpha: false };
const alpha: Variant = { feature: false, alpha: true };
const featureAlpha: Variant = { feature: true, alpha: true };

const functional = (variant: Variant) => (input: Tensor, p: number, train: boolean) =>
  dropoutImpl(input, p, train, variant, false);
const inPlace = (variant: Variant) => (self: Tensor, p: number, train: boolean) =>
  dropoutImpl(self, p, train, variant, true);

export const dropout = functional(plain);

/** aten::native_dropout: (output, mask); the mask is bool except for an empty input. */
export function nativeDropout(input: Tensor, p: number, train: boolean | null): Tensor[] {
  if (input.numel() === 0) return [input, allocate(input.shape, input.dtype).tensor];
  if (train === false) {
    const mask = allocate(input.shape, 'bool');
    mask.data.fill(1);
    return [cloneOf(input), mask.tensor];
  }
  const keep = 1 - p;
  const scale = keep === 0 ? 0 : 1 / keep;
  // The mask keeps the input's layout, so its draws follow the input's memory order.
  const noise = emptyLike(input);
  bernoulliScalar(noise, keep);
  // input.mul(mask).mul_(scale)
  if (!isFloating(input.dtype)) castError(input.dtype);
  const round = rounding(input.dtype);
  const masked = elementwise(maskScaleKernel, [input, noise], {}, [round(scale)]);
  return [masked, contiguous(noise, 'bool')];
}

def('aten::alpha_dropout(Tensor input, float p, bool train) -> Tensor', functional(alpha));
def('aten::alpha_dropout_(Tensor(a!) self, float p, bool train) -> Tensor(a!)', inPlace(alpha));
def('aten::dropout(Tensor input, float p, bool train) -> Tensor', dropout);
def('aten::dropout_(Tensor(a!) self, float p, bool train) -> Tensor(a!)', inPlace(plain));
def(
  'aten::feature_alpha_dropout(Tensor input, float p, bool train) -> Tensor',
  functional(featureAlpha),
);
def(
  'aten::feature_alpha_dropout_(Tensor(a!) self, float p, bool train) -> Tensor(a!)',
  inPlace(featureAlpha),
);
def('aten::feature_dropout(Tensor input, float p, bool train) -> Tensor', functional(feature));
def('aten::feature_dropout_(Tensor(a!) self, float p, bool train) -> Tensor(a!)', inPlace(feature));
def('aten::native_dropout(Tensor input, float p, bool? train) -> (Tensor, Tensor)', nativeDropout);
defCopyOut(
  'aten::native_dropout.out(Tensor input, float p, bool? train, *, Tensor(a!) out0, Tensor(b!) out1) -> (Tensor(a!), Tensor(b!))',
  nativeDropout,
  2,
);

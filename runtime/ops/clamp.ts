// clamp, clamp_min, clamp_max and their alias clip, with Scalar and Tensor bounds, in-place and
// out= overloads. Scalar bounds and Tensor bounds follow different PyTorch rules: Scalar clamps
// are unary kernels with the bounds as parameters (a NaN bound fills the result with NaN),
// Tensor clamps are broadcasting kernels over the bounds (NaN bounds propagate per element).

import { runtimeError } from '../errors.js';
import { runPointwise, type PointwiseKernel } from '../kernels/pointwise.js';
import { isFloating, scalarTypeName, type DType } from '../tensor/dtype.js';
import { wrapScalar } from '../tensor/factory.js';
import { scalarToNumber, type Scalar } from '../tensor/scalar.js';
import { Tensor } from '../tensor/tensor.js';
import { elementwise, elementwiseInPlace, resultType, writeOut } from './elementwise.js';
import { def } from './registry.js';
import { checkSameDtype, notForBool, scalarTo } from './unary.js';

const clampBoth: PointwiseKernel = { name: 'clamp', expr: 'Math.min(Math.max(a, p0), p1)' };
// A NaN bound leaves the input as it is here, as std::max(a, NaN) does.
const clampBelow: PointwiseKernel = { name: 'clamp_min', expr: 'a < p0 ? p0 : a' };
const clampAbove: PointwiseKernel = { name: 'clamp_max', expr: 'a > p0 ? p0 : a' };
const fillParam: PointwiseKernel = { name: 'fill', expr: 'p0' };

const clampTensors: PointwiseKernel = {
  name: 'clamp_tensor',
  expr: 'b !== b || c !== c ? NaN : Math.min(Math.max(a, b), c)',
};
const maximumNaN: PointwiseKernel = { name: 'clamp_min_tensor', expr: 'Math.max(a, b)' };
const minimumNaN: PointwiseKernel = { name: 'clamp_max_tensor', expr: 'Math.min(a, b)' };

/** gcc's names for the C++ element types, which the in-place clamp messages print. */
const cppTypeNames: Record<DType, string> = {
  bool: 'bool',
  uint8: 'unsigned char',
  int8: 'signed char',
  int16: 'short int',
  int32: 'int',
  int64: 'long int',
  float32: 'float',
  float64: 'double',
};

/** Scalar clamps promote integer tensors with their bounds; float tensors keep their dtype. */
function scalarClampDtype(self: Tensor, bounds: readonly (Scalar | null)[]): DType {
  if (isFloating(self.dtype)) return self.dtype;
  const present = bounds.filter((b): b is Scalar => b !== null).map(wrapScalar);
  return resultType(self, ...present);
}

/** In-place scalar clamps may not change self's dtype. */
function checkInPlace(self: Tensor, dtype: DType): void {
  if (dtype !== self.dtype) {
    throw runtimeError(
      `result type ${scalarTypeName(dtype)} can't be cast to the desired output type ${cppTypeNames[self.dtype]}`,
    );
  }
}

function checkBounds(min: unknown, max: unknown): void {
  if (min === null && max === null) {
    throw runtimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
}

interface ScalarClamp {
  kernel: PointwiseKernel;
  params: number[];
}

/** The kernel for scalar bounds; `nanFills` says whether a NaN bound makes the result NaN. */
function scalarClamp(compute: DType, min: Scalar | null, max: Scalar | null, nanFills: boolean) {
  const which = min !== null && max !== null ? 'clamp' : min !== null ? 'clamp_min' : 'clamp_max';
  // PyTorch's kernel names, irregular as they are.
  const kernelName = {
    clamp: 'clamp_scalar_cpu',
    clamp_min: 'clamp_min_cpu',
    clamp_max: 'clamp_max_scalar_cpu',
  };
  notForBool(kernelName[which]).compute!(compute);
  const bounds = [min, max].filter((b): b is Scalar => b !== null);
  if (nanFills && bounds.some((b) => Number.isNaN(scalarToNumber(b)))) {
    return { kernel: fillParam, params: [NaN] };
  }
  const params = bounds.map((b) => scalarTo(b, compute));
  const kernel = which === 'clamp' ? clampBoth : which === 'clamp_min' ? clampBelow : clampAbove;
  return { kernel, params } satisfies ScalarClamp;
}

/**
 * clamp, clamp_min and clamp_max with Scalar bounds. `nanFills`: clamp with both bounds and the
 * one-bound operators fill with NaN for a NaN bound; clamp with one bound does not.
 */
function clampScalar(
  self: Tensor,
  min: Scalar | null,
  max: Scalar | null,
  nanFills: boolean,
  into?: Tensor,
): Tensor {
  checkBounds(min, max);
  const dtype = scalarClampDtype(self, [min, max]);
  if (into !== undefined) checkInPlace(into, dtype);
  const out = into ?? Tensor.empty(self.shape, dtype, self.device);
  const { kernel, params } = scalarClamp(dtype, min, max, nanFills);
  runPointwise(kernel, out, [self], dtype, params);
  return out;
}

const clamp = (self: Tensor, min: Scalar | null, max: Scalar | null) =>
  clampScalar(self, min, max, min !== null && max !== null);
const clamp_ = (self: Tensor, min: Scalar | null, max: Scalar | null) =>
  clampScalar(self, min, max, min !== null && max !== null, self);
const clampMin = (self: Tensor, min: Scalar) => clampScalar(self, min, null, true);
const clampMin_ = (self: Tensor, min: Scalar) => clampScalar(self, min, null, true, self);
const clampMax = (self: Tensor, max: Scalar) => clampScalar(self, null, max, true);
const clampMax_ = (self: Tensor, max: Scalar) => clampScalar(self, null, max, true, self);

/** Scalar clamps' out= tensors must have the result's dtype exactly. */
function clampOut(functional: (...args: never[]) => Tensor) {
  return (...args: unknown[]) => {
    const out = args.pop() as Tensor;
    const [self, ...bounds] = args as [Tensor, ...(Scalar | null)[]];
    if (bounds.length === 2) checkBounds(bounds[0], bounds[1]);
    checkSameDtype(out, scalarClampDtype(self, bounds));
    return writeOut(out, (functional as (...a: unknown[]) => Tensor)(...args));
  };
}

// ---- Tensor bounds ----

function tensorClampCall(self: Tensor, min: Tensor | null, max: Tensor | null) {
  checkBounds(min, max);
  if (min !== null && max !== null) {
    return { kernel: clampTensors, inputs: [self, min, max], typing: notForBool('clamp_cpu') };
  }
  if (min !== null) return { kernel: maximumNaN, inputs: [self, min], typing: {} };
  return { kernel: minimumNaN, inputs: [self, max!], typing: {} };
}

function clampTensor(self: Tensor, min: Tensor | null, max: Tensor | null): Tensor {
  const { kernel, inputs, typing } = tensorClampCall(self, min, max);
  return elementwise(kernel, inputs, typing);
}

function clampTensor_(self: Tensor, min: Tensor | null, max: Tensor | null): Tensor {
  const { kernel, inputs, typing } = tensorClampCall(self, min, max);
  return elementwiseInPlace(kernel, self, inputs, typing);
}

const clampMinTensor = (self: Tensor, min: Tensor) => clampTensor(self, min, null);
const clampMinTensor_ = (self: Tensor, min: Tensor) => clampTensor_(self, min, null);
const clampMaxTensor = (self: Tensor, max: Tensor) => clampTensor(self, null, max);
const clampMaxTensor_ = (self: Tensor, max: Tensor) => clampTensor_(self, null, max);

const tensorOut =
  (functional: (...args: never[]) => Tensor) =>
  (...args: unknown[]) => {
    const out = args.pop() as Tensor;
    return writeOut(out, (functional as (...a: unknown[]) => Tensor)(...args));
  };

for (const name of ['clamp', 'clip']) {
  def(`aten::${name}(Tensor self, Scalar? min=None, Scalar? max=None) -> Tensor`, clamp);
  def(
    `aten::${name}.Tensor(Tensor self, Tensor? min=None, Tensor? max=None) -> Tensor`,
    clampTensor,
  );
  def(
    `aten::${name}.out(Tensor self, Scalar? min=None, Scalar? max=None, *, Tensor(a!) out) -> Tensor(a!)`,
    clampOut(clamp),
  );
  def(
    `aten::${name}.Tensor_out(Tensor self, Tensor? min=None, Tensor? max=None, *, Tensor(a!) out) -> Tensor(a!)`,
    tensorOut(clampTensor),
  );
  def(`aten::${name}_(Tensor(a!) self, Scalar? min=None, Scalar? max=None) -> Tensor(a!)`, clamp_);
  def(
    `aten::${name}_.Tensor(Tensor(a!) self, Tensor? min=None, Tensor? max=None) -> Tensor(a!)`,
    clampTensor_,
  );
}

def('aten::clamp_max(Tensor self, Scalar max) -> Tensor', clampMax);
def('aten::clamp_max.Tensor(Tensor self, Tensor max) -> Tensor', clampMaxTensor);
def(
  'aten::clamp_max.out(Tensor self, Scalar max, *, Tensor(a!) out) -> Tensor(a!)',
  clampOut((self: Tensor, max: Scalar) => clampMax(self, max)),
);
def(
  'aten::clamp_max.Tensor_out(Tensor self, Tensor max, *, Tensor(a!) out) -> Tensor(a!)',
  tensorOut(clampMaxTensor),
);
def('aten::clamp_max_(Tensor(a!) self, Scalar max) -> Tensor(a!)', clampMax_);
def('aten::clamp_max_.Tensor(Tensor(a!) self, Tensor max) -> Tensor(a!)', clampMaxTensor_);

def('aten::clamp_min(Tensor self, Scalar min) -> Tensor', clampMin);
def('aten::clamp_min.Tensor(Tensor self, Tensor min) -> Tensor', clampMinTensor);
def(
  'aten::clamp_min.out(Tensor self, Scalar min, *, Tensor(a!) out) -> Tensor(a!)',
  clampOut((self: Tensor, min: Scalar) => clampMin(self, min)),
);
def(
  'aten::clamp_min.Tensor_out(Tensor self, Tensor min, *, Tensor(a!) out) -> Tensor(a!)',
  tensorOut(clampMinTensor),
);
def('aten::clamp_min_(Tensor(a!) self, Scalar min) -> Tensor(a!)', clampMin_);
def('aten::clamp_min_.Tensor(Tensor(a!) self, Tensor min) -> Tensor(a!)', clampMinTensor_);

export { clamp, clamp_, clampMin, clampMin_, clampMax, clampMax_ };

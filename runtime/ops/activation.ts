// Activation functions: relu, relu6, leaky_relu, hardtanh, elu, selu, celu, gelu, silu, mish,
// softplus, hardsigmoid, hardswish, threshold, log_sigmoid, prelu, glu, rrelu, hardshrink and
// softshrink. (sigmoid and tanh are in unary.ts; softmax is not here.)
//
// PyTorch computes these in the tensor's own dtype; float32 results here are computed in double
// and rounded once, which agrees with PyTorch's to within an ulp or two.

import { runtimeError } from '../errors.js';
import type { PointwiseKernel } from '../kernels/pointwise.js';
import { erf } from '../kernels/special.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import { isFloating, isIntegral, scalarTypeName, type DType } from '../tensor/dtype.js';
import { normalizeDim } from '../tensor/shape.js';
import { scalarToNumber, type Scalar } from '../tensor/scalar.js';
import { Tensor } from '../tensor/tensor.js';
import { contiguous, elementwise, floatingOnly, writeOut } from './elementwise.js';
import { clamp, clamp_, clampMin, clampMin_ } from './clamp.js';
import { def, type Impl } from './registry.js';
import {
  applyUnary,
  applyUnaryInPlace,
  checkSameDtype,
  copyOut,
  defOutSameDtype,
  formatDouble,
  scalarTo,
  type Unary,
} from './unary.js';

/** An operator PyTorch has for floating dtypes only, with the kernel name its errors print. */
const floatOp = (kernel: PointwiseKernel, kernelName: string): Unary => ({
  kernel,
  typing: floatingOnly(kernelName),
});

/** A Scalar parameter in the tensor's dtype (float32 parameters are rounded as PyTorch's are). */
const param = (self: Tensor, value: Scalar) =>
  scalarTo(value, isFloating(self.dtype) ? self.dtype : 'float64');

// ---- relu, relu6, hardtanh ----

function checkRelu(self: Tensor): void {
  if (self.dtype === 'bool') throw runtimeError('Boolean inputs not supported for relu');
}

const relu = (self: Tensor) => (checkRelu(self), clampMin(self, 0n));
const relu_ = (self: Tensor) => (checkRelu(self), clampMin_(self, 0n));

/** hardtanh keeps integer tensors integer: its bounds are truncated to ints first. */
function hardtanhBounds(self: Tensor, min: Scalar, max: Scalar): [Scalar, Scalar] {
  if (self.dtype === 'bool') throw runtimeError('Bool inputs not supported for hardtanh');
  if (!isIntegral(self.dtype, false)) return [min, max];
  const lo = BigInt(scalarTo(min, 'int64'));
  const hi = BigInt(scalarTo(max, 'int64'));
  if (self.dtype === 'uint8' && (lo < 0n || hi < 0n)) {
    throw runtimeError('cannot do hardtanh on an unsigned type with negative limits');
  }
  return [lo, hi];
}

const hardtanh = (self: Tensor, min: Scalar, max: Scalar) =>
  clamp(self, ...hardtanhBounds(self, min, max));
const hardtanh_ = (self: Tensor, min: Scalar, max: Scalar) =>
  clamp_(self, ...hardtanhBounds(self, min, max));

def('aten::relu(Tensor self) -> Tensor', relu);
def('aten::relu.out(Tensor self, *, Tensor(a!) out) -> Tensor(a!)', (self: Tensor, out: Tensor) =>
  copyOut(out, relu(self)),
);
def('aten::relu_(Tensor(a!) self) -> Tensor(a!)', relu_);
def('aten::relu6(Tensor self) -> Tensor', (self: Tensor) => hardtanh(self, 0n, 6n));
def('aten::relu6_(Tensor(a!) self) -> Tensor(a!)', (self: Tensor) => hardtanh_(self, 0n, 6n));
def('aten::hardtanh(Tensor self, Scalar min_val=-1, Scalar max_val=1) -> Tensor', hardtanh);
def(
  'aten::hardtanh.out(Tensor self, Scalar min_val=-1, Scalar max_val=1, *, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, min: Scalar, max: Scalar, out: Tensor) => {
    const bounds = hardtanhBounds(self, min, max);
    checkSameDtype(out, self.dtype);
    return writeOut(out, clamp(self, ...bounds));
  },
);
def(
  'aten::hardtanh_(Tensor(a!) self, Scalar min_val=-1, Scalar max_val=1) -> Tensor(a!)',
  hardtanh_,
);

// ---- kernels with parameters: leaky_relu, elu family, softplus, threshold, shrinks ----

const leakyRelu = floatOp({ name: 'leaky_relu', expr: 'a > 0 ? a : a * p0' }, 'leaky_relu_cpu');

/** elu: scale * x above 0, alpha * scale * (exp(x * input_scale) - 1) below. */
const elu = floatOp({ name: 'elu', expr: 'a <= 0 ? Math.expm1(a * p1) * p0 : a * p2' }, 'elu_cpu');

function eluParams(self: Tensor, alpha: Scalar, scale: Scalar, inputScale: Scalar): number[] {
  const [a, s, i] = [alpha, scale, inputScale].map((v) => param(self, v));
  const negCoef = self.dtype === 'float32' ? Math.fround(a * s) : a * s;
  return [negCoef, i, s];
}

const seluAlpha = 1.6732632423543772;
const seluScale = 1.0507009873554805;

function celuParams(self: Tensor, alpha: Scalar): number[] {
  const a = scalarToNumber(alpha);
  if (a === 0) throw runtimeError('ZeroDivisionError: alpha cannot be 0 for CELU');
  return eluParams(self, alpha, 1, 1 / a);
}

const softplus = floatOp(
  { name: 'softplus', expr: 'a * p0 > p1 ? a : Math.log1p(Math.exp(a * p0)) / p0' },
  'softplus_cpu',
);
const threshold: Unary = {
  kernel: { name: 'threshold', expr: 'a <= p0 ? p1 : a' },
  typing: { compute: (d) => (d === 'bool' ? boolThreshold() : d) },
};
function boolThreshold(): never {
  throw runtimeError(`"threshold_cpu" not implemented for 'Bool'`);
}
const hardshrink = floatOp(
  { name: 'hardshrink', expr: 'a >= -p0 && a <= p0 ? 0 : a' },
  'hardshrink_cpu',
);
const softshrink = floatOp(
  { name: 'softshrink', expr: 'a > p0 ? a - p0 : a < -p0 ? a + p0 : 0' },
  'softshrink_cpu',
);

function checkLambda(lambd: Scalar): void {
  const l = scalarToNumber(lambd);
  if (!(l >= 0)) {
    throw runtimeError(`lambda must be greater or equal to 0, but found to be ${formatDouble(l)}.`);
  }
}

/** An operator of `self` and Scalar parameters: functional, in-place and out= forms. */
function withParams(op: Unary, params: (self: Tensor, ...args: never[]) => number[]) {
  const p = params as (self: Tensor, ...args: unknown[]) => number[];
  return {
    functional: (self: Tensor, ...args: unknown[]) => applyUnary(op, self, p(self, ...args)),
    inPlace: (self: Tensor, ...args: unknown[]) => applyUnaryInPlace(op, self, p(self, ...args)),
  };
}

const leaky = withParams(leakyRelu, (self: Tensor, slope: Scalar) => [param(self, slope)]);
const eluForms = withParams(elu, eluParams);
const seluForms = withParams(elu, (self: Tensor) => eluParams(self, seluAlpha, seluScale, 1));
const celuForms = withParams(elu, celuParams);
const softplusForms = withParams(softplus, (self: Tensor, beta: Scalar, limit: Scalar) => [
  param(self, beta),
  param(self, limit),
]);
const thresholdForms = withParams(threshold, (self: Tensor, limit: Scalar, value: Scalar) => [
  scalarTo(limit, self.dtype === 'bool' ? 'int64' : self.dtype),
  scalarTo(value, self.dtype === 'bool' ? 'int64' : self.dtype),
]);
const hardshrinkForms = withParams(hardshrink, (self: Tensor, lambd: Scalar) => [
  param(self, lambd),
]);
const softshrinkForms = withParams(softshrink, (self: Tensor, lambd: Scalar) => {
  checkLambda(lambd);
  return [param(self, lambd)];
});

const sameDtypeAsSelf = (self: Tensor) => self.dtype;

def('aten::leaky_relu(Tensor self, Scalar negative_slope=0.01) -> Tensor', leaky.functional);
defOutSameDtype(
  'aten::leaky_relu.out(Tensor self, Scalar negative_slope=0.01, *, Tensor(a!) out) -> Tensor(a!)',
  leaky.functional,
  sameDtypeAsSelf,
);
def('aten::leaky_relu_(Tensor(a!) self, Scalar negative_slope=0.01) -> Tensor(a!)', leaky.inPlace);

def(
  'aten::elu(Tensor self, Scalar alpha=1, Scalar scale=1, Scalar input_scale=1) -> Tensor',
  eluForms.functional,
);
defOutSameDtype(
  'aten::elu.out(Tensor self, Scalar alpha=1, Scalar scale=1, Scalar input_scale=1, *, Tensor(a!) out) -> Tensor(a!)',
  eluForms.functional,
  sameDtypeAsSelf,
);
def(
  'aten::elu_(Tensor(a!) self, Scalar alpha=1, Scalar scale=1, Scalar input_scale=1) -> Tensor(a!)',
  eluForms.inPlace,
);
def('aten::selu(Tensor self) -> Tensor', seluForms.functional);
def('aten::selu_(Tensor(a!) self) -> Tensor(a!)', seluForms.inPlace);
def('aten::celu(Tensor self, Scalar alpha=1.) -> Tensor', celuForms.functional);
def(
  'aten::celu.out(Tensor self, Scalar alpha=1., *, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, alpha: Scalar, out: Tensor) => copyOut(out, celuForms.functional(self, alpha)),
);
def('aten::celu_(Tensor(a!) self, Scalar alpha=1.) -> Tensor(a!)', celuForms.inPlace);

def(
  'aten::softplus(Tensor self, Scalar beta=1, Scalar threshold=20) -> Tensor',
  softplusForms.functional,
);
defOutSameDtype(
  'aten::softplus.out(Tensor self, Scalar beta=1, Scalar threshold=20, *, Tensor(a!) out) -> Tensor(a!)',
  softplusForms.functional,
  sameDtypeAsSelf,
);

def(
  'aten::threshold(Tensor self, Scalar threshold, Scalar value) -> Tensor',
  thresholdForms.functional,
);
def(
  'aten::threshold.out(Tensor self, Scalar threshold, Scalar value, *, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, limit: Scalar, value: Scalar, out: Tensor) =>
    writeOut(out, thresholdForms.functional(self, limit, value)),
);
def(
  'aten::threshold_(Tensor(a!) self, Scalar threshold, Scalar value) -> Tensor(a!)',
  thresholdForms.inPlace,
);

def('aten::hardshrink(Tensor self, Scalar lambd=0.5) -> Tensor', hardshrinkForms.functional);
defOutSameDtype(
  'aten::hardshrink.out(Tensor self, Scalar lambd=0.5, *, Tensor(a!) out) -> Tensor(a!)',
  hardshrinkForms.functional,
  sameDtypeAsSelf,
);
def('aten::softshrink(Tensor self, Scalar lambd=0.5) -> Tensor', softshrinkForms.functional);
defOutSameDtype(
  'aten::softshrink.out(Tensor self, Scalar lambd=0.5, *, Tensor(a!) out) -> Tensor(a!)',
  softshrinkForms.functional,
  (self: Tensor, lambd: Scalar) => (checkLambda(lambd), self.dtype),
);

// ---- parameterless activations ----

const sqrt2OverPi = Math.sqrt(2 / Math.PI);

const geluExact = floatOp(
  { name: 'gelu', expr: '0.5 * a * (1 + erfOf(a * Math.SQRT1_2))', helpers: { erfOf: erf } },
  'GeluKernelImpl',
);
const geluTanh = floatOp(
  {
    name: 'gelu_tanh',
    expr: `0.5 * a * (1 + Math.tanh(${sqrt2OverPi} * (a + 0.044715 * a * a * a)))`,
  },
  'GeluKernelImpl',
);

function geluOp(approximate: string): Unary {
  if (approximate === 'none') return geluExact;
  if (approximate === 'tanh') return geluTanh;
  throw runtimeError('approximate argument must be either none or tanh.');
}

const gelu = (self: Tensor, approximate = 'none') => applyUnary(geluOp(approximate), self);

def('aten::gelu(Tensor self, *, str approximate="none") -> Tensor', gelu);
defOutSameDtype(
  'aten::gelu.out(Tensor self, *, str approximate="none", Tensor(a!) out) -> Tensor(a!)',
  gelu,
  sameDtypeAsSelf,
);
def(
  'aten::gelu_(Tensor(a!) self, *, str approximate="none") -> Tensor(a!)',
  (self: Tensor, approximate: string) => applyUnaryInPlace(geluOp(approximate), self),
);

const plain: [string, Unary, boolean][] = [
  ['silu', floatOp({ name: 'silu', expr: 'a / (1 + Math.exp(-a))' }, 'silu_cpu'), true],
  [
    'mish',
    floatOp({ name: 'mish', expr: 'a * Math.tanh(Math.log1p(Math.exp(a)))' }, 'mish_cpu'),
    true,
  ],
  [
    'hardsigmoid',
    floatOp(
      { name: 'hardsigmoid', expr: 'Math.min(Math.max(a + 3, 0), 6) / 6' },
      'hardsigmoid_cpu',
    ),
    true,
  ],
  [
    'hardswish',
    floatOp(
      { name: 'hardswish', expr: '(a * Math.min(Math.max(a + 3, 0), 6)) / 6' },
      'hardswish_cpu',
    ),
    true,
  ],
];
for (const [name, op] of plain) {
  def(`aten::${name}(Tensor self) -> Tensor`, (self: Tensor) => applyUnary(op, self));
  defOutSameDtype(
    `aten::${name}.out(Tensor self, *, Tensor(a!) out) -> Tensor(a!)`,
    (self: Tensor) => applyUnary(op, self),
    sameDtypeAsSelf,
  );
  def(`aten::${name}_(Tensor(a!) self) -> Tensor(a!)`, (self: Tensor) =>
    applyUnaryInPlace(op, self),
  );
}

// ---- log_sigmoid ----

/** log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|)); PyTorch keeps exp(-|x|) as the buffer. */
const logSigmoid = floatOp(
  { name: 'log_sigmoid', expr: 'Math.min(a, 0) - Math.log1p(Math.exp(-Math.abs(a)))' },
  'log_sigmoid_cpu',
);
const logSigmoidBuffer: PointwiseKernel = {
  name: 'log_sigmoid_buffer',
  expr: 'Math.exp(-Math.abs(a))',
};

function checkOutputDtype(out: Tensor, self: Tensor): void {
  if (out.dtype !== self.dtype) {
    throw runtimeError(
      `expected scalar type ${scalarTypeName(self.dtype)} but found ${scalarTypeName(out.dtype)}`,
    );
  }
}

function logSigmoidForward(self: Tensor): [Tensor, Tensor] {
  const output = applyUnary(logSigmoid, self);
  return [output, elementwise(logSigmoidBuffer, [self])];
}

def('aten::log_sigmoid(Tensor self) -> Tensor', (self: Tensor) => applyUnary(logSigmoid, self));
def(
  'aten::log_sigmoid.out(Tensor self, *, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, out: Tensor) => {
    const result = applyUnary(logSigmoid, self);
    checkOutputDtype(out, self);
    return writeOut(out, result);
  },
);
def('aten::log_sigmoid_forward(Tensor self) -> (Tensor output, Tensor buffer)', logSigmoidForward);
def(
  'aten::log_sigmoid_forward.output(Tensor self, *, Tensor(a!) output, Tensor(b!) buffer) -> (Tensor(a!), Tensor(b!))',
  (self: Tensor, output: Tensor, buffer: Tensor) => {
    const [o, b] = logSigmoidForward(self);
    checkOutputDtype(output, self);
    checkOutputDtype(buffer, self);
    return [writeOut(output, o), writeOut(buffer, b)];
  },
);

// ---- prelu, glu ----

const preluKernel: PointwiseKernel = { name: 'prelu', expr: 'a > 0 ? a : b * a' };

/** prelu: one weight for all, or one per channel (dimension 1), broadcast over the rest. */
function prelu(self: Tensor, weight: Tensor): Tensor {
  if (weight.ndim > 1) {
    throw runtimeError(
      `prelu: Expected \`weight\` to be a scalar or 1D tensor, but got ndim = ${weight.ndim}`,
    );
  }
  const count = weight.numel();
  floatingOnly('prelu_cpu').compute!(self.dtype);
  if (count === 1) {
    checkSameDtype(weight, self.dtype);
    const shared = weight.view([], [], weight.offset);
    return elementwise(preluKernel, [self, shared], { compute: () => self.dtype });
  }
  if (self.ndim === 0) throw runtimeError('Not allow zero-dim input tensor.');
  const channels = self.ndim > 1 ? self.shape[1] : 1;
  if (channels !== count) {
    throw runtimeError(
      `Mismatch of parameter numbers and input channel size. Found parameter numbers = ${count} and channel size = ${channels}.`,
    );
  }
  checkSameDtype(weight, self.dtype);
  // The weights as a [C, 1, ..., 1] view, which broadcasts against self's dimensions 1 onward.
  const trailing = self.ndim - 2;
  const perChannel = weight.view(
    [channels, ...new Array<number>(trailing).fill(1)],
    [weight.strides[0], ...new Array<number>(trailing).fill(0)],
  );
  return elementwise(preluKernel, [self, perChannel], { compute: () => self.dtype });
}

def('aten::prelu(Tensor self, Tensor weight) -> Tensor', prelu);
def(
  'aten::prelu.out(Tensor self, Tensor weight, *, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, weight: Tensor, out: Tensor) => copyOut(out, prelu(self, weight)),
);

const gluKernel: PointwiseKernel = { name: 'glu', expr: 'a / (1 + Math.exp(-b))' };

/** glu: the first half of `dim` times the sigmoid of the second half. */
function glu(self: Tensor, dim = -1): Tensor {
  if (self.ndim === 0) throw runtimeError('glu does not support 0-dimensional tensors');
  const d = normalizeDim(dim, self.ndim);
  const size = self.shape[d];
  if (size % 2 !== 0) {
    throw runtimeError(`Halving dimension must be even, but dimension ${d} is size ${size}`);
  }
  const shape = self.shape.slice();
  shape[d] = size / 2;
  const first = self.view(shape, self.strides);
  const second = self.view(shape, self.strides, self.offset + (size / 2) * self.strides[d]);
  return elementwise(gluKernel, [first, second], floatingOnly('glu_cpu'));
}

def('aten::glu(Tensor self, int dim=-1) -> Tensor', glu);
def(
  'aten::glu.out(Tensor self, int dim=-1, *, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, dim: number, out: Tensor) => writeOut(out, glu(self, dim)),
);

// ---- rrelu ----

function checkRreluBounds(lower: Scalar, upper: Scalar): void {
  if (!(scalarToNumber(lower) <= scalarToNumber(upper))) {
    throw runtimeError('Lower bound should be less than or equal to the upper bound');
  }
}

/**
 * Training mode: each non-positive element is scaled by its own slope drawn uniformly from
 * [lower, upper] (one 53-bit double per element, in element order), recorded in `noise`;
 * positive elements pass through with noise 1.
 */
function rreluTrain(
  self: Tensor,
  noise: Tensor,
  lower: Scalar,
  upper: Scalar,
  generator: Generator | null,
  output: Tensor,
): Tensor {
  floatingOnly('rrelu_with_noise_out_cpu').compute!(self.dtype);
  const n = self.numel();
  if (!noise.isContiguous() || noise.numel() < n) {
    throw runtimeError(
      'rrelu_with_noise: noise must be a contiguous tensor with as many elements as self',
    );
  }
  const dtype: DType = self.dtype;
  const lo = scalarTo(lower, dtype);
  const hi = scalarTo(upper, dtype);
  const round = dtype === 'float32' ? Math.fround : (x: number) => x;
  const gen = generator ?? defaultGenerator;
  const source = contiguous(self);
  const input = source.data;
  const result = Tensor.empty(self.shape, dtype, self.device);
  for (let i = 0; i < n; i++) {
    const x = input[source.offset + i];
    if (x <= 0) {
      const r = round(gen.random53() * (hi - lo) + lo);
      result.data[i] = x * r;
      noise.data[noise.offset + i] = r;
    } else {
      result.data[i] = x;
      noise.data[noise.offset + i] = 1;
    }
  }
  if (output !== result) copyOut(output, result);
  return output;
}

/** Eval mode: leaky_relu with the middle of [lower, upper] as the slope. */
function rreluEvalSlope(lower: Scalar, upper: Scalar): number {
  return (scalarToNumber(lower) + scalarToNumber(upper)) / 2;
}

function rreluWithNoise(
  self: Tensor,
  noise: Tensor,
  lower: Scalar,
  upper: Scalar,
  training: boolean,
  generator: Generator | null,
): Tensor {
  if (!training) return leaky.functional(self, rreluEvalSlope(lower, upper));
  floatingOnly('rrelu_with_noise_out_cpu').compute!(self.dtype);
  return rreluTrain(
    self,
    noise,
    lower,
    upper,
    generator,
    Tensor.empty(self.shape, self.dtype, self.device),
  );
}

function rreluWithNoise_(
  self: Tensor,
  noise: Tensor,
  lower: Scalar,
  upper: Scalar,
  training: boolean,
  generator: Generator | null,
): Tensor {
  if (!training) return leaky.inPlace(self, rreluEvalSlope(lower, upper));
  return rreluTrain(self, noise, lower, upper, generator, self);
}

const freshNoise = (self: Tensor) => Tensor.empty(self.shape, self.dtype, self.device);

def(
  'aten::rrelu(Tensor self, Scalar lower=0.125, Scalar upper=0.33333333333333331, bool training=False, Generator? generator=None) -> Tensor',
  (self: Tensor, lower: Scalar, upper: Scalar, training: boolean, generator: Generator | null) => {
    checkRreluBounds(lower, upper);
    return rreluWithNoise(self, freshNoise(self), lower, upper, training, generator);
  },
);
def(
  'aten::rrelu_(Tensor(a!) self, Scalar lower=0.125, Scalar upper=0.33333333333333331, bool training=False, Generator? generator=None) -> Tensor(a!)',
  (self: Tensor, lower: Scalar, upper: Scalar, training: boolean, generator: Generator | null) => {
    checkRreluBounds(lower, upper);
    return rreluWithNoise_(self, freshNoise(self), lower, upper, training, generator);
  },
);
def(
  'aten::rrelu_with_noise(Tensor self, Tensor noise, Scalar lower=0.125, Scalar upper=0.33333333333333331, bool training=False, Generator? generator=None) -> Tensor',
  rreluWithNoise,
);
def(
  'aten::rrelu_with_noise.out(Tensor self, Tensor noise, Scalar lower=0.125, Scalar upper=0.33333333333333331, bool training=False, Generator? generator=None, *, Tensor(a!) out) -> Tensor(a!)',
  ((...args: unknown[]) => {
    const out = args.pop() as Tensor;
    const [self, noise, lower, upper, training, generator] = args as Parameters<
      typeof rreluWithNoise
    >;
    if (!training) {
      checkSameDtype(out, self.dtype);
      return writeOut(out, leaky.functional(self, rreluEvalSlope(lower, upper)));
    }
    floatingOnly('rrelu_with_noise_out_cpu').compute!(self.dtype);
    return rreluTrain(self, noise, lower, upper, generator, out);
  }) as Impl,
);
def(
  'aten::rrelu_with_noise_(Tensor(a!) self, Tensor noise, Scalar lower=0.125, Scalar upper=0.33333333333333331, bool training=False, Generator? generator=None) -> Tensor(a!)',
  rreluWithNoise_,
);

export { relu, gelu, glu, prelu };

// Binary arithmetic: add, sub, mul, div, remainder, fmod, pow and friends, with their Scalar,
// in-place and out= overloads.

import { runtimeError } from '../errors.js';
import type { PointwiseKernel } from '../kernels/pointwise.js';
import { isFloating, type DType } from '../tensor/dtype.js';
import { wrapScalar } from '../tensor/factory.js';
import { scalarKind, scalarToNumber, type Scalar } from '../tensor/scalar.js';
import type { Tensor } from '../tensor/tensor.js';
import {
  elementwise,
  elementwiseInPlace,
  resultType,
  floatingOnly,
  toFloat,
  defOut,
  type Typing,
} from './elementwise.js';
import { def, type Impl } from './registry.js';

const fround = (compute: DType, e: string) => (compute === 'float32' ? `Math.fround(${e})` : e);

const addKernel: PointwiseKernel = { name: 'add', expr: 'a + b' };
const addAlphaKernel: PointwiseKernel = {
  name: 'add_alpha',
  expr: (c) => `a + ${fround(c, 'p0 * b')}`,
};
const subKernel: PointwiseKernel = { name: 'sub', expr: 'a - b' };
const subAlphaKernel: PointwiseKernel = {
  name: 'sub_alpha',
  expr: (c) => `a - ${fround(c, 'p0 * b')}`,
};
const mulKernel: PointwiseKernel = {
  name: 'mul',
  // int32 products can pass 2^53, where doubles would lose the low bits that wrapping keeps.
  expr: (c) => (c === 'int32' ? 'Math.imul(a, b)' : 'a * b'),
};
const divKernel: PointwiseKernel = { name: 'div', expr: 'a / b' };

function zeroDivision(): never {
  throw runtimeError('ZeroDivisionError');
}

/** Python's floor division, as PyTorch computes it for floats (div_floor_floating). */
function floorDivFloat(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div === 0) return Math.sign(a / b) < 0 || Object.is(a / b, -0) ? -0 : 0;
  let floordiv = Math.floor(div);
  if (div - floordiv > 0.5) floordiv += 1;
  return floordiv;
}

function floorDivInt(a: number, b: number): number {
  if (b === 0) zeroDivision();
  const q = Math.trunc(a / b);
  return a % b !== 0 && a < 0 !== b < 0 ? q - 1 : q;
}

function truncDivInt(a: number, b: number): number {
  if (b === 0) zeroDivision();
  return Math.trunc(a / b);
}

function remainderFloat(a: number, b: number): number {
  const mod = a % b;
  return mod !== 0 && b < 0 !== mod < 0 ? mod + b : mod;
}

function remainderInt(a: number, b: number): number {
  if (b === 0) zeroDivision();
  return remainderFloat(a, b);
}

function fmodInt(a: number, b: number): number {
  if (b === 0) zeroDivision();
  return a % b;
}

function powInt(base: number, exp: number): number {
  if (exp < 0) {
    if (base === 1) return 1;
    return base === -1 ? (exp % 2 === 0 ? 1 : -1) : 0;
  }
  let result = 1;
  for (let b = base, e = exp; e > 0; e = Math.floor(e / 2), b *= b) if (e % 2 === 1) result *= b;
  return result;
}

const floorDivKernel: PointwiseKernel = {
  name: 'floor_divide',
  expr: (c) => (isFloating(c) ? 'floorDivFloat(a, b)' : 'floorDivInt(a, b)'),
  helpers: { floorDivFloat, floorDivInt },
};
const truncDivKernel: PointwiseKernel = {
  name: 'trunc_divide',
  expr: (c) => (isFloating(c) ? 'Math.trunc(a / b)' : 'truncDivInt(a, b)'),
  helpers: { truncDivInt },
};
const remainderKernel: PointwiseKernel = {
  name: 'remainder',
  expr: (c) => (isFloating(c) ? 'remainderFloat(a, b)' : 'remainderInt(a, b)'),
  helpers: { remainderFloat, remainderInt },
};
const fmodKernel: PointwiseKernel = {
  name: 'fmod',
  expr: (c) => (isFloating(c) ? 'a % b' : 'fmodInt(a, b)'),
  helpers: { fmodInt },
};
const powKernel: PointwiseKernel = {
  name: 'pow',
  expr: (c) => (isFloating(c) ? 'Math.pow(a, b)' : 'powInt(a, b)'),
  helpers: { powInt },
};
const atan2Kernel: PointwiseKernel = { name: 'atan2', expr: 'Math.atan2(a, b)' };
const maximumKernel: PointwiseKernel = { name: 'maximum', expr: 'Math.max(a, b)' };
const minimumKernel: PointwiseKernel = { name: 'minimum', expr: 'Math.min(a, b)' };
const fmaxKernel: PointwiseKernel = {
  name: 'fmax',
  expr: 'a !== a ? b : b !== b ? a : Math.max(a, b)',
};
const fminKernel: PointwiseKernel = {
  name: 'fmin',
  expr: 'a !== a ? b : b !== b ? a : Math.min(a, b)',
};
const copysignKernel: PointwiseKernel = {
  name: 'copysign',
  expr: 'b < 0 || Object.is(b, -0) ? -Math.abs(a) : Math.abs(a)',
};
const hypotKernel: PointwiseKernel = { name: 'hypot', expr: 'Math.hypot(a, b)' };
const lerpKernel: PointwiseKernel = {
  name: 'lerp',
  expr: 'Math.abs(c) < 0.5 ? a + c * (b - a) : b - (b - a) * (1 - c)',
};
const xlogyKernel: PointwiseKernel = {
  name: 'xlogy',
  expr: 'b !== b ? NaN : a === 0 ? 0 : a * Math.log(b)',
};

// ---- add, sub, rsub ----

function checkAlpha(self: Tensor, other: Tensor, alpha: Scalar): void {
  const dtype = resultType(self, other);
  if (typeof alpha === 'boolean' && dtype !== 'bool') {
    throw runtimeError('Boolean alpha only supported for Boolean results.');
  }
  if (scalarKind(alpha) === 'float' && !isFloating(dtype)) {
    throw runtimeError(
      'For integral input tensors, argument alpha must not be a floating point number.',
    );
  }
}

function alphaCall(
  plain: PointwiseKernel,
  withAlpha: PointwiseKernel,
  self: Tensor,
  other: Tensor,
  alpha: Scalar,
) {
  checkAlpha(self, other, alpha);
  const a = scalarToNumber(alpha);
  return a === 1 ? { kernel: plain, params: [] } : { kernel: withAlpha, params: [a] };
}

export function add(self: Tensor, other: Tensor, alpha: Scalar = 1n): Tensor {
  const { kernel, params } = alphaCall(addKernel, addAlphaKernel, self, other, alpha);
  return elementwise(kernel, [self, other], {}, params);
}

export function add_(self: Tensor, other: Tensor, alpha: Scalar = 1n): Tensor {
  const { kernel, params } = alphaCall(addKernel, addAlphaKernel, self, other, alpha);
  return elementwiseInPlace(kernel, self, [self, other], {}, params);
}

function checkSub(self: Tensor, other: Tensor): void {
  if (self.dtype === 'bool' && other.dtype === 'bool') {
    throw runtimeError(
      'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.',
    );
  }
  if (self.dtype === 'bool' || other.dtype === 'bool') {
    throw runtimeError(
      'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    );
  }
}

export function sub(self: Tensor, other: Tensor, alpha: Scalar = 1n): Tensor {
  checkSub(self, other);
  const { kernel, params } = alphaCall(subKernel, subAlphaKernel, self, other, alpha);
  return elementwise(kernel, [self, other], {}, params);
}

export function sub_(self: Tensor, other: Tensor, alpha: Scalar = 1n): Tensor {
  checkSub(self, other);
  const { kernel, params } = alphaCall(subKernel, subAlphaKernel, self, other, alpha);
  return elementwiseInPlace(kernel, self, [self, other], {}, params);
}

export function rsub(self: Tensor, other: Tensor, alpha: Scalar = 1n): Tensor {
  return sub(other, self, alpha);
}

// ---- mul, div ----

export function mul(self: Tensor, other: Tensor): Tensor {
  return elementwise(mulKernel, [self, other]);
}

export function mul_(self: Tensor, other: Tensor): Tensor {
  return elementwiseInPlace(mulKernel, self, [self, other]);
}

function divKernelFor(mode: string | null): { kernel: PointwiseKernel; typing: Typing } {
  if (mode === null) return { kernel: divKernel, typing: toFloat };
  if (mode === 'floor') return { kernel: floorDivKernel, typing: {} };
  if (mode === 'trunc') return { kernel: truncDivKernel, typing: {} };
  throw runtimeError(
    `div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${mode}'`,
  );
}

export function div(self: Tensor, other: Tensor, mode: string | null = null): Tensor {
  const { kernel, typing } = divKernelFor(mode);
  return elementwise(kernel, [self, other], typing);
}

export function div_(self: Tensor, other: Tensor, mode: string | null = null): Tensor {
  const { kernel, typing } = divKernelFor(mode);
  return elementwiseInPlace(kernel, self, [self, other], typing);
}

// ---- the rest of the binary family ----

const binary =
  (kernel: PointwiseKernel, typing: Typing = {}) =>
  (self: Tensor, other: Tensor): Tensor =>
    elementwise(kernel, [self, other], typing);

const binaryInPlace =
  (kernel: PointwiseKernel, typing: Typing = {}) =>
  (self: Tensor, other: Tensor): Tensor =>
    elementwiseInPlace(kernel, self, [self, other], typing);

export const remainder = binary(remainderKernel);
export const fmod = binary(fmodKernel);
export const atan2 = binary(atan2Kernel, toFloat);
export const maximum = binary(maximumKernel);
export const minimum = binary(minimumKernel);
export const fmax = binary(fmaxKernel);
export const fmin = binary(fminKernel);
export const copysign = binary(copysignKernel, toFloat);
export const hypot = binary(hypotKernel, floatingOnly('hypot_cpu'));
export const xlogy = binary(xlogyKernel, toFloat);

const powTyping: Typing = {};
export const pow = binary(powKernel, powTyping);

/** An integer tensor to a negative Python int is refused up front, whatever the bases are. */
function checkIntegerPower(self: Tensor, exponent: Scalar): void {
  if (typeof exponent === 'bigint' && exponent < 0n && !isFloating(self.dtype)) {
    throw runtimeError('Integers to negative integer powers are not allowed.');
  }
}

export function powScalar(self: Tensor, exponent: Scalar): Tensor {
  checkIntegerPower(self, exponent);
  return pow(self, wrapScalar(exponent));
}

function powScalar_(self: Tensor, exponent: Scalar): Tensor {
  checkIntegerPower(self, exponent);
  return elementwiseInPlace(powKernel, self, [self, wrapScalar(exponent)], powTyping);
}
const floatPowerTyping: Typing = { compute: () => 'float64' };
export const floatPower = binary(powKernel, floatPowerTyping);

export function lerp(self: Tensor, end: Tensor, weight: Tensor): Tensor {
  return elementwise(lerpKernel, [self, end, weight], toFloat);
}

/** Scalar overloads wrap the scalar as PyTorch does, so it promotes as a Python number. */
const withScalar =
  (fn: Impl) =>
  (self: Tensor, other: Scalar, ...rest: unknown[]) =>
    fn(self, wrapScalar(other), ...rest);
const scalarFirst =
  (fn: Impl) =>
  (self: Scalar, other: Tensor, ...rest: unknown[]) =>
    fn(wrapScalar(self), other, ...rest);

def('aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor', add);
def('aten::add.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor', withScalar(add));
defOut(
  'aten::add.out(Tensor self, Tensor other, *, Scalar alpha=1, Tensor(a!) out) -> Tensor(a!)',
  add,
);
defOut(
  'aten::add.Scalar_out(Tensor self, Scalar other, Scalar alpha=1, *, Tensor(a!) out) -> Tensor(a!)',
  withScalar(add),
);
def('aten::add_.Tensor(Tensor(a!) self, Tensor other, *, Scalar alpha=1) -> Tensor(a!)', add_);
def(
  'aten::add_.Scalar(Tensor(a!) self, Scalar other, Scalar alpha=1) -> Tensor(a!)',
  withScalar(add_),
);

def('aten::sub.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor', sub);
def('aten::sub.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor', withScalar(sub));
defOut(
  'aten::sub.out(Tensor self, Tensor other, *, Scalar alpha=1, Tensor(a!) out) -> Tensor(a!)',
  sub,
);
defOut(
  'aten::sub.Scalar_out(Tensor self, Scalar other, Scalar alpha=1, *, Tensor(a!) out) -> Tensor(a!)',
  withScalar(sub),
);
def('aten::sub_.Tensor(Tensor(a!) self, Tensor other, *, Scalar alpha=1) -> Tensor(a!)', sub_);
def(
  'aten::sub_.Scalar(Tensor(a!) self, Scalar other, Scalar alpha=1) -> Tensor(a!)',
  withScalar(sub_),
);

def('aten::rsub.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor', rsub);
def('aten::rsub.Scalar(Tensor self, Scalar other, Scalar alpha=1) -> Tensor', withScalar(rsub));
defOut(
  'aten::rsub.Tensor_out(Tensor self, Tensor other, *, Scalar alpha=1, Tensor(a!) out) -> Tensor(a!)',
  rsub,
);
defOut(
  'aten::rsub.Scalar_out(Tensor self, Scalar other, Scalar alpha=1, *, Tensor(a!) out) -> Tensor(a!)',
  withScalar(rsub),
);

def('aten::mul.Tensor(Tensor self, Tensor other) -> Tensor', mul);
def('aten::mul.Scalar(Tensor self, Scalar other) -> Tensor', withScalar(mul));
defOut('aten::mul.out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)', mul);
defOut(
  'aten::mul.Scalar_out(Tensor self, Scalar other, *, Tensor(a!) out) -> Tensor(a!)',
  withScalar(mul),
);
def('aten::mul_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)', mul_);
def('aten::mul_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)', withScalar(mul_));

def('aten::div.Tensor(Tensor self, Tensor other) -> Tensor', div);
def('aten::div.Scalar(Tensor self, Scalar other) -> Tensor', withScalar(div));
def('aten::div.Tensor_mode(Tensor self, Tensor other, *, str? rounding_mode) -> Tensor', div);
def(
  'aten::div.Scalar_mode(Tensor self, Scalar other, *, str? rounding_mode) -> Tensor',
  withScalar(div),
);
defOut('aten::div.out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)', div);
defOut(
  'aten::div.out_mode(Tensor self, Tensor other, *, str? rounding_mode, Tensor(a!) out) -> Tensor(a!)',
  div,
);
defOut(
  'aten::div.Scalar_out(Tensor self, Scalar other, *, Tensor(a!) out) -> Tensor(a!)',
  withScalar(div),
);
defOut(
  'aten::div.Scalar_mode_out(Tensor self, Scalar other, *, str? rounding_mode, Tensor(a!) out) -> Tensor(a!)',
  withScalar(div),
);
def('aten::div_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)', div_);
def('aten::div_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)', withScalar(div_));
def(
  'aten::div_.Tensor_mode(Tensor(a!) self, Tensor other, *, str? rounding_mode) -> Tensor(a!)',
  div_,
);
def(
  'aten::div_.Scalar_mode(Tensor(a!) self, Scalar other, *, str? rounding_mode) -> Tensor(a!)',
  withScalar(div_),
);
def('aten::true_divide.Tensor(Tensor self, Tensor other) -> Tensor', div);
def('aten::true_divide.Scalar(Tensor self, Scalar other) -> Tensor', withScalar(div));

const floorDivide = (self: Tensor, other: Tensor) => div(self, other, 'floor');
const floorDivide_ = (self: Tensor, other: Tensor) => div_(self, other, 'floor');
def('aten::floor_divide(Tensor self, Tensor other) -> Tensor', floorDivide);
def('aten::floor_divide.Scalar(Tensor self, Scalar other) -> Tensor', withScalar(floorDivide));
defOut(
  'aten::floor_divide.out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)',
  floorDivide,
);
def(
  'aten::floor_divide_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)',
  withScalar(floorDivide_),
);
def('aten::floor_divide_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)', floorDivide_);

def('aten::remainder.Tensor(Tensor self, Tensor other) -> Tensor', remainder);
def('aten::remainder.Scalar(Tensor self, Scalar other) -> Tensor', withScalar(remainder));
def('aten::remainder.Scalar_Tensor(Scalar self, Tensor other) -> Tensor', scalarFirst(remainder));
defOut(
  'aten::remainder.Tensor_out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)',
  remainder,
);
defOut(
  'aten::remainder.Scalar_out(Tensor self, Scalar other, *, Tensor(a!) out) -> Tensor(a!)',
  withScalar(remainder),
);
def(
  'aten::remainder_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)',
  binaryInPlace(remainderKernel),
);
def(
  'aten::remainder_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)',
  withScalar(binaryInPlace(remainderKernel)),
);

def('aten::fmod.Tensor(Tensor self, Tensor other) -> Tensor', fmod);
def('aten::fmod.Scalar(Tensor self, Scalar other) -> Tensor', withScalar(fmod));
defOut('aten::fmod.Tensor_out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)', fmod);
defOut(
  'aten::fmod.Scalar_out(Tensor self, Scalar other, *, Tensor(a!) out) -> Tensor(a!)',
  withScalar(fmod),
);
def('aten::fmod_.Tensor(Tensor(a!) self, Tensor other) -> Tensor(a!)', binaryInPlace(fmodKernel));
def(
  'aten::fmod_.Scalar(Tensor(a!) self, Scalar other) -> Tensor(a!)',
  withScalar(binaryInPlace(fmodKernel)),
);

def('aten::pow.Tensor_Tensor(Tensor self, Tensor exponent) -> Tensor', pow);
def('aten::pow.Tensor_Scalar(Tensor self, Scalar exponent) -> Tensor', powScalar);
def('aten::pow.Scalar(Scalar self, Tensor exponent) -> Tensor', scalarFirst(pow));
defOut(
  'aten::pow.Tensor_Scalar_out(Tensor self, Scalar exponent, *, Tensor(a!) out) -> Tensor(a!)',
  powScalar,
);
defOut(
  'aten::pow.Tensor_Tensor_out(Tensor self, Tensor exponent, *, Tensor(a!) out) -> Tensor(a!)',
  pow,
);
def('aten::pow_.Scalar(Tensor(a!) self, Scalar exponent) -> Tensor(a!)', powScalar_);
def(
  'aten::pow_.Tensor(Tensor(a!) self, Tensor exponent) -> Tensor(a!)',
  binaryInPlace(powKernel, powTyping),
);
def('aten::float_power.Tensor_Tensor(Tensor self, Tensor exponent) -> Tensor', floatPower);
def(
  'aten::float_power.Tensor_Scalar(Tensor self, Scalar exponent) -> Tensor',
  withScalar(floatPower),
);
def('aten::float_power.Scalar(Scalar self, Tensor exponent) -> Tensor', scalarFirst(floatPower));

def('aten::atan2(Tensor self, Tensor other) -> Tensor', atan2);
defOut('aten::atan2.out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)', atan2);
def(
  'aten::atan2_(Tensor(a!) self, Tensor other) -> Tensor(a!)',
  binaryInPlace(atan2Kernel, toFloat),
);
def('aten::maximum(Tensor self, Tensor other) -> Tensor', maximum);
defOut('aten::maximum.out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)', maximum);
def('aten::minimum(Tensor self, Tensor other) -> Tensor', minimum);
defOut('aten::minimum.out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)', minimum);
def('aten::fmax(Tensor self, Tensor other) -> Tensor', fmax);
def('aten::fmin(Tensor self, Tensor other) -> Tensor', fmin);
def('aten::copysign.Tensor(Tensor self, Tensor other) -> Tensor', copysign);
def('aten::copysign.Scalar(Tensor self, Scalar other) -> Tensor', withScalar(copysign));
def('aten::hypot(Tensor self, Tensor other) -> Tensor', hypot);
def('aten::xlogy.Tensor(Tensor self, Tensor other) -> Tensor', xlogy);
def('aten::xlogy.Scalar_Other(Tensor self, Scalar other) -> Tensor', withScalar(xlogy));
def('aten::xlogy.Scalar_Self(Scalar self, Tensor other) -> Tensor', scalarFirst(xlogy));
def(
  'aten::lerp.Scalar(Tensor self, Tensor end, Scalar weight) -> Tensor',
  (s: Tensor, e: Tensor, w: Scalar) => lerp(s, e, wrapScalar(w)),
);
def('aten::lerp.Tensor(Tensor self, Tensor end, Tensor weight) -> Tensor', lerp);

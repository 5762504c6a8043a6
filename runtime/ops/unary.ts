// Unary math: abs, neg, roots, exponentials, logarithms, trigonometry, erf and friends,
// rounding, sign, predicates (isnan, isinf, ...), logit and nan_to_num, with their in-place and
// out= overloads. The clamp family lives in clamp.ts; the shared out= and scalar rules are here.

import { runtimeError } from '../errors.js';
import { runPointwise, type PointwiseKernel } from '../kernels/pointwise.js';
import { erf, erfc, erfinv, roundHalfEven, signbit } from '../kernels/special.js';
import { getDefaultDType, isFloating, scalarTypeName, type DType } from '../tensor/dtype.js';
import { scalarToNumber, type Scalar } from '../tensor/scalar.js';
import { sameShape } from '../tensor/shape.js';
import { allocateArray } from '../tensor/storage.js';
import type { Tensor } from '../tensor/tensor.js';
import {
  elementwise,
  elementwiseInPlace,
  floatingOnly,
  identity,
  resizeInPlace,
  toBool,
  toFloat,
  writeOut,
  type Typing,
} from './elementwise.js';
import { def, type Impl } from './registry.js';

// ---- rules shared by the pointwise families ----

/** Kernels PyTorch has for every dtype but bool: bool inputs fail as its dispatch macro does. */
export function notForBool(kernelName: string): Typing {
  return {
    compute: (d) => {
      if (d === 'bool') throw runtimeError(`"${kernelName}" not implemented for 'Bool'`);
      return d;
    },
  };
}

/** The message of an out= tensor whose dtype must equal the result's exactly. */
export function checkSameDtype(out: Tensor, expected: DType): void {
  if (out.dtype !== expected) {
    throw runtimeError(
      `Found dtype ${scalarTypeName(out.dtype)} but expected ${scalarTypeName(expected)}`,
    );
  }
}

/**
 * Declares an out= variant whose out tensor must have exactly the result's dtype, as PyTorch's
 * unary kernels that keep their input's dtype require. `expected` gives that dtype from the
 * arguments before any work (the check comes before the kernel's own dtype errors); without it
 * the result's dtype is compared.
 */
export function defOutSameDtype(
  schema: string,
  functional: Impl,
  expected?: (...args: never[]) => DType,
): void {
  def(schema, (...args: unknown[]) => {
    const out = args.pop() as Tensor;
    if (expected) checkSameDtype(out, (expected as (...a: unknown[]) => DType)(...args));
    const result = functional(...args) as Tensor;
    checkSameDtype(out, result.dtype);
    return writeOut(out, result);
  });
}

/** The generated out= of a composite operator: resize and copy, any cast allowed (copy_). */
export function copyOut(out: Tensor, result: Tensor): Tensor {
  if (!sameShape(out.shape, result.shape)) resizeInPlace(out, result.shape);
  runPointwise(identity, out, [result], out.dtype);
  return out;
}

/** C++'s `ostream << double`, which some messages print: %g with six significant digits. */
export function formatDouble(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const [mantissa, exp] = x.toExponential(5).split('e');
  const e = Number(exp);
  const strip = (s: string) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (e < -4 || e >= 6) {
    return `${strip(mantissa)}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return strip(x.toFixed(5 - e));
}

/** The C++ type names c10's checked scalar conversion prints. */
const cTypeNames: Record<DType, string> = {
  bool: 'bool',
  uint8: 'uint8_t',
  int8: 'int8_t',
  int16: 'int16_t',
  int32: 'int',
  int64: 'int64_t',
  float32: 'float',
  float64: 'double',
};

const integerLimits: Partial<Record<DType, [bigint, bigint]>> = {
  // A Python int may wrap into uint8 as two's complement, so -255 is accepted (as 1).
  uint8: [-255n, 255n],
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};
const float32Max = 3.4028234663852886e38;

/** c10::overflows for the conversion of a Python scalar to `dtype`. */
function overflows(value: Scalar, dtype: DType): boolean {
  if (typeof value === 'boolean' || dtype === 'bool' || dtype === 'float64') return false;
  if (dtype === 'float32') {
    const v = scalarToNumber(value);
    return Number.isFinite(v) && Math.abs(v) > float32Max;
  }
  const [lo, hi] = integerLimits[dtype]!;
  if (typeof value === 'bigint') return value < lo || value > hi;
  // A float must land in range (NaN and infinities never do); uint8 allows no negatives here.
  const min = dtype === 'uint8' ? 0 : Number(lo);
  return !(value >= min && value <= Number(hi));
}

/**
 * A Python scalar as a value of `dtype`, as Scalar::to<T>() gives it: checked for overflow,
 * truncated toward zero and wrapped for integers, rounded for float32.
 */
export function scalarTo(value: Scalar, dtype: DType): number {
  if (overflows(value, dtype)) {
    throw runtimeError(`value cannot be converted to type ${cTypeNames[dtype]} without overflow`);
  }
  const v = scalarToNumber(value);
  if (dtype === 'bool') return v !== 0 ? 1 : 0;
  if (dtype === 'int64') return Math.trunc(v);
  const cell = allocateArray(dtype, 1);
  cell[0] = v;
  return cell[0];
}

// ---- declaring a unary operator ----

export interface Unary {
  readonly kernel: PointwiseKernel;
  readonly typing?: Typing;
  /** Checks PyTorch makes before any dtype rule (the bool check of neg). */
  readonly check?: (self: Tensor) => void;
}

export function applyUnary(op: Unary, self: Tensor, params: readonly number[] = []): Tensor {
  op.check?.(self);
  return elementwise(op.kernel, [self], op.typing, params);
}

export function applyUnaryInPlace(op: Unary, self: Tensor, params: readonly number[] = []): Tensor {
  op.check?.(self);
  return elementwiseInPlace(op.kernel, self, [self], op.typing, params);
}

/**
 * How an operator's out= variant treats the out tensor's dtype:
 * cast: any dtype the result casts to safely; same: exactly self's dtype; bool: only bool.
 */
type OutRule = 'cast' | 'same' | 'bool';

interface UnaryDecl {
  out?: OutRule | null;
  inPlace?: boolean;
}

/** Declares aten::<name>, aten::<name>.out and aten::<name>_ with PyTorch's standard schemas. */
function defUnary(name: string, op: Unary, { out = 'cast', inPlace = true }: UnaryDecl = {}) {
  const functional = (self: Tensor) => applyUnary(op, self);
  def(`aten::${name}(Tensor self) -> Tensor`, functional);
  const outSchema = `aten::${name}.out(Tensor self, *, Tensor(a!) out) -> Tensor(a!)`;
  if (out === 'same') {
    // Checks of the operator's own (neg's bool check) come before the out= dtype check.
    const expected = (self: Tensor) => (op.check?.(self), self.dtype);
    defOutSameDtype(outSchema, functional, expected);
  } else if (out === 'cast') {
    def(outSchema, (self: Tensor, o: Tensor) => writeOut(o, functional(self)));
  } else if (out === 'bool') {
    def(outSchema, (self: Tensor, o: Tensor) => {
      if (o.dtype !== 'bool') throw runtimeError(`${name} does not support non-boolean outputs.`);
      return writeOut(o, functional(self));
    });
  }
  if (inPlace) {
    const schema = `aten::${name}_(Tensor(a!) self) -> Tensor(a!)`;
    def(schema, (self: Tensor) => applyUnaryInPlace(op, self));
  }
}

const math = (name: string, expr: string, helpers?: PointwiseKernel['helpers']): Unary => ({
  kernel: { name, expr, helpers },
  typing: toFloat,
});

// ---- abs, neg, positive, square ----

function checkNotBool(message: string) {
  return (self: Tensor) => {
    if (self.dtype === 'bool') throw runtimeError(message);
  };
}

const abs: Unary = { kernel: { name: 'abs', expr: 'Math.abs(a)' }, typing: notForBool('abs_cpu') };
const neg: Unary = {
  // `0 - a` keeps integer zeros positive; floats need -0 for 0.
  kernel: { name: 'neg', expr: (c) => (isFloating(c) ? '-a' : '0 - a') },
  check: checkNotBool(
    'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
  ),
};
/** square is pow(self, 2): a bool tensor squares as int64, as bool ** int promotes. */
const square: Unary = {
  kernel: { name: 'square', expr: (c) => (c === 'int32' ? 'Math.imul(a, a)' : 'a * a') },
  typing: { compute: (d) => (d === 'bool' ? 'int64' : d) },
};

function positive(self: Tensor): Tensor {
  if (self.dtype === 'bool') {
    throw runtimeError('The `+` operator, on a bool tensor is not supported.');
  }
  return self;
}

function squareInPlace(self: Tensor): Tensor {
  if (self.dtype === 'bool') checkSameDtype(self, 'int64');
  return applyUnaryInPlace(square, self);
}

defUnary('abs', abs, { out: 'same' });
defUnary('absolute', abs, { out: 'same' });
defUnary('neg', neg, { out: 'same' });
defUnary('negative', neg, { out: 'same' });
def('aten::square(Tensor self) -> Tensor', (self: Tensor) => applyUnary(square, self));
defOutSameDtype('aten::square.out(Tensor self, *, Tensor(a!) out) -> Tensor(a!)', (self: Tensor) =>
  applyUnary(square, self),
);
def('aten::square_(Tensor(a!) self) -> Tensor(a!)', squareInPlace);
def('aten::positive(Tensor(a) self) -> Tensor(a)', positive);

// ---- floating-point functions: integers promote to the default float dtype ----

const degToRad = (c: DType) => (c === 'float32' ? Math.fround(Math.PI / 180) : Math.PI / 180);
const radToDeg = (c: DType) => (c === 'float32' ? Math.fround(180 / Math.PI) : 180 / Math.PI);

const floatFunctions: [string, Unary][] = [
  ['sqrt', math('sqrt', 'Math.sqrt(a)')],
  ['rsqrt', math('rsqrt', '1 / Math.sqrt(a)')],
  ['exp', math('exp', 'Math.exp(a)')],
  ['exp2', math('exp2', 'Math.pow(2, a)')],
  ['expm1', math('expm1', 'Math.expm1(a)')],
  ['log', math('log', 'Math.log(a)')],
  ['log2', math('log2', 'Math.log2(a)')],
  ['log10', math('log10', 'Math.log10(a)')],
  ['log1p', math('log1p', 'Math.log1p(a)')],
  ['sin', math('sin', 'Math.sin(a)')],
  ['cos', math('cos', 'Math.cos(a)')],
  ['tan', math('tan', 'Math.tan(a)')],
  ['asin', math('asin', 'Math.asin(a)')],
  ['acos', math('acos', 'Math.acos(a)')],
  ['atan', math('atan', 'Math.atan(a)')],
  ['arcsin', math('asin', 'Math.asin(a)')],
  ['arccos', math('acos', 'Math.acos(a)')],
  ['arctan', math('atan', 'Math.atan(a)')],
  ['sinh', math('sinh', 'Math.sinh(a)')],
  ['cosh', math('cosh', 'Math.cosh(a)')],
  ['tanh', math('tanh', 'Math.tanh(a)')],
  ['asinh', math('asinh', 'Math.asinh(a)')],
  ['acosh', math('acosh', 'Math.acosh(a)')],
  ['atanh', math('atanh', 'Math.atanh(a)')],
  ['arcsinh', math('asinh', 'Math.asinh(a)')],
  ['arccosh', math('acosh', 'Math.acosh(a)')],
  ['arctanh', math('atanh', 'Math.atanh(a)')],
  ['sigmoid', math('sigmoid', '1 / (1 + Math.exp(-a))')],
  ['erf', math('erf', 'calcErf(a)', { calcErf: erf })],
  ['erfc', math('erfc', 'calcErfc(a)', { calcErfc: erfc })],
  ['erfinv', math('erfinv', 'calcErfinv(a)', { calcErfinv: erfinv })],
  ['reciprocal', math('reciprocal', '1 / a')],
  // PyTorch multiplies by the constant in the compute dtype.
  ['deg2rad', { kernel: { name: 'deg2rad', expr: (c) => `a * ${degToRad(c)}` }, typing: toFloat }],
  ['rad2deg', { kernel: { name: 'rad2deg', expr: (c) => `a * ${radToDeg(c)}` }, typing: toFloat }],
];
for (const [name, op] of floatFunctions) defUnary(name, op);

// ---- rounding: integers are already whole and come back unchanged ----

const rounding = (name: string, kernelName: string, fn: string): Unary => ({
  kernel: { name, expr: (c) => (isFloating(c) ? fn : 'a'), helpers: { roundHalfEven } },
  typing: notForBool(kernelName),
});

defUnary('floor', rounding('floor', 'floor_vml_cpu', 'Math.floor(a)'), { out: 'same' });
defUnary('ceil', rounding('ceil', 'ceil_vml_cpu', 'Math.ceil(a)'), { out: 'same' });
const trunc = rounding('trunc', 'trunc_vml_cpu', 'Math.trunc(a)');
defUnary('trunc', trunc, { out: 'same' });
defUnary('fix', trunc, { out: 'same' });
defUnary(
  'frac',
  { kernel: { name: 'frac', expr: 'a - Math.trunc(a)' }, typing: floatingOnly('frac_cpu') },
  { out: 'same' },
);

const round = rounding('round', 'round_vml_cpu', 'roundHalfEven(a)');

/** round(x * 10^d) / 10^d in the tensor's own precision, as PyTorch computes it. */
const roundScaled: PointwiseKernel = {
  name: 'round_decimals',
  expr: (c) =>
    c === 'float32' ? 'roundHalfEven(Math.fround(a * p0)) / p0' : 'roundHalfEven(a * p0) / p0',
  helpers: { roundHalfEven },
};
const roundShrunk: PointwiseKernel = {
  name: 'round_negative_decimals',
  expr: (c) =>
    c === 'float32' ? 'roundHalfEven(Math.fround(a / p0)) * p0' : 'roundHalfEven(a / p0) * p0',
  helpers: { roundHalfEven },
};

function roundDecimalsOp(self: Tensor, decimals: number): { op: Unary; params: number[] } {
  const typing = floatingOnly('round_cpu');
  const kernel = decimals < 0 ? roundShrunk : roundScaled;
  const tenPow = Math.pow(10, Math.abs(decimals));
  return {
    op: { kernel, typing },
    params: [self.dtype === 'float32' ? Math.fround(tenPow) : tenPow],
  };
}

function roundDecimals(self: Tensor, decimals: number): Tensor {
  const { op, params } = roundDecimalsOp(self, decimals);
  return applyUnary(op, self, params);
}

function roundDecimals_(self: Tensor, decimals: number): Tensor {
  const { op, params } = roundDecimalsOp(self, decimals);
  return applyUnaryInPlace(op, self, params);
}

def('aten::round(Tensor self) -> Tensor', (self: Tensor) => applyUnary(round, self));
def('aten::round.decimals(Tensor self, *, int decimals) -> Tensor', roundDecimals);
defOutSameDtype(
  'aten::round.out(Tensor self, *, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor) => applyUnary(round, self),
  (self: Tensor) => self.dtype,
);
defOutSameDtype(
  'aten::round.decimals_out(Tensor self, *, int decimals, Tensor(a!) out) -> Tensor(a!)',
  roundDecimals,
  (self: Tensor) => self.dtype,
);
def('aten::round_(Tensor(a!) self) -> Tensor(a!)', (self: Tensor) =>
  applyUnaryInPlace(round, self),
);
def('aten::round_.decimals(Tensor(a!) self, *, int decimals) -> Tensor(a!)', roundDecimals_);

// ---- sign ----

/** sign keeps bool as is; NaN and -0 give +0, as PyTorch's (0 < a) - (a < 0) does. */
const sign: Unary = {
  kernel: { name: 'sign', expr: (c) => (c === 'bool' ? 'a' : '(a > 0 ? 1 : 0) - (a < 0 ? 1 : 0)') },
};
defUnary('sign', sign, { out: 'same' });
defUnary('sgn', sign, { out: 'same' });

const signbitOp: Unary = {
  kernel: {
    name: 'signbit',
    expr: (c) => (isFloating(c) ? 'signOf(a) === 1' : 'a < 0'),
    returnsBool: true,
    helpers: { signOf: (x: number) => (signbit(x) ? 1 : 0) },
  },
  typing: toBool,
};
defUnary('signbit', signbitOp, { out: 'bool', inPlace: false });

// ---- logit, nan_to_num ----

const logitKernel: PointwiseKernel = {
  name: 'logit',
  expr: (c) =>
    c === 'float32' ? 'Math.log(Math.fround(a / Math.fround(1 - a)))' : 'Math.log(a / (1 - a))',
};
/** With eps, inputs are first clamped to [eps, 1 - eps], both in the compute dtype. */
const logitClampedKernel: PointwiseKernel = {
  name: 'logit_eps',
  expr: (c) =>
    c === 'float32'
      ? 'logit32(a < p0 ? p0 : a > p1 ? p1 : a)'
      : 'logit64(a < p0 ? p0 : a > p1 ? p1 : a)',
  helpers: {
    logit32: (x: number) => Math.log(Math.fround(x / Math.fround(1 - x))),
    logit64: (x: number) => Math.log(x / (1 - x)),
  },
};

function logitCall(self: Tensor, eps: number | null): { op: Unary; params: number[] } {
  if (eps === null || eps < 0) return { op: { kernel: logitKernel, typing: toFloat }, params: [] };
  const single = (isFloating(self.dtype) ? self.dtype : getDefaultDType()) === 'float32';
  const lo = single ? Math.fround(eps) : eps;
  const hi = single ? Math.fround(1 - lo) : 1 - lo;
  return { op: { kernel: logitClampedKernel, typing: toFloat }, params: [lo, hi] };
}

function logit(self: Tensor, eps: number | null = null): Tensor {
  const { op, params } = logitCall(self, eps);
  return applyUnary(op, self, params);
}

function logit_(self: Tensor, eps: number | null = null): Tensor {
  const { op, params } = logitCall(self, eps);
  return applyUnaryInPlace(op, self, params);
}

def('aten::logit(Tensor self, float? eps=None) -> Tensor', logit);
def(
  'aten::logit.out(Tensor self, float? eps=None, *, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, eps: number | null, out: Tensor) => writeOut(out, logit(self, eps)),
);
def('aten::logit_(Tensor(a!) self, float? eps=None) -> Tensor(a!)', logit_);

const nanToNumKernel: PointwiseKernel = {
  name: 'nan_to_num',
  expr: (c) =>
    isFloating(c) ? 'a !== a ? p0 : a === Infinity ? p1 : a === -Infinity ? p2 : a' : 'a',
};

function nanToNumParams(
  self: Tensor,
  nan: number | null,
  posinf: number | null,
  neginf: number | null,
): number[] {
  const max = self.dtype === 'float32' ? 3.4028234663852886e38 : Number.MAX_VALUE;
  return [nan ?? 0, posinf ?? max, neginf ?? -max];
}

function nanToNum(self: Tensor, nan: number | null, posinf: number | null, neginf: number | null) {
  return elementwise(nanToNumKernel, [self], {}, nanToNumParams(self, nan, posinf, neginf));
}

def(
  'aten::nan_to_num(Tensor self, float? nan=None, float? posinf=None, float? neginf=None) -> Tensor',
  nanToNum,
);
def(
  'aten::nan_to_num.out(Tensor self, float? nan=None, float? posinf=None, float? neginf=None, *, Tensor(a!) out) -> Tensor(a!)',
  (self: Tensor, nan: number | null, posinf: number | null, neginf: number | null, out: Tensor) => {
    if (out.dtype !== self.dtype) {
      throw runtimeError(
        `nan_to_num: dtype of out: ${scalarTypeName(out.dtype)} should be same as input: ${scalarTypeName(self.dtype)}`,
      );
    }
    return writeOut(out, nanToNum(self, nan, posinf, neginf));
  },
);
def(
  'aten::nan_to_num_(Tensor(a!) self, float? nan=None, float? posinf=None, float? neginf=None) -> Tensor(a!)',
  (self: Tensor, nan: number | null, posinf: number | null, neginf: number | null) =>
    elementwiseInPlace(nanToNumKernel, self, [self], {}, nanToNumParams(self, nan, posinf, neginf)),
);

// ---- bitwise_not, logical_not and the predicates ----

const bitwiseNot: Unary = {
  // -a - 1 is ~a for every integer width, int64 included, where JS's ~ would cut to 32 bits.
  kernel: { name: 'bitwise_not', expr: (c) => (c === 'bool' ? '1 - a' : '-a - 1') },
  typing: {
    compute: (d) => {
      if (isFloating(d)) {
        throw runtimeError(`"bitwise_not_cpu" not implemented for '${scalarTypeName(d)}'`);
      }
      return d;
    },
  },
};
defUnary('bitwise_not', bitwiseNot, { out: 'same' });

const predicate = (name: string, expr: string): Unary => ({
  kernel: { name, expr, returnsBool: true },
  typing: toBool,
});

defUnary('logical_not', predicate('logical_not', 'a === 0'));
defUnary('isnan', predicate('isnan', 'a !== a'), { inPlace: false });
defUnary('isinf', predicate('isinf', 'a === Infinity || a === -Infinity'), { inPlace: false });
defUnary('isposinf', predicate('isposinf', 'a === Infinity'), { out: 'bool', inPlace: false });
defUnary('isneginf', predicate('isneginf', 'a === -Infinity'), { out: 'bool', inPlace: false });
defUnary('isfinite', predicate('isfinite', 'a - a === 0'), { out: null, inPlace: false });
defUnary('isreal', predicate('isreal', 'true'), { out: null, inPlace: false });

// The `math` module as TorchScript compiles it: math.sqrt, math.log (with a base), math.exp,
// the trigonometric and hyperbolic functions, erf/erfc/gamma/lgamma, floor/ceil (to int),
// degrees/radians, copysign, fabs, remainder, gcd, factorial, isnan/isinf/isfinite, frexp, modf
// and ldexp, over int, float and Scalar arguments.
//
// Results are C's: math.sqrt(-1) is nan rather than Python's ValueError, math.log(0) is -inf.
// As in PyTorch, the `.Scalar` overloads round their result to float32 (see scalar.ts).

import { runtimeError } from '../errors.js';
import { erf, erfc, signbit } from '../kernels/special.js';
import type { Scalar } from '../tensor/scalar.js';
import { def } from './registry.js';
import { ceilToInt, defScalarUnary, floorToInt, intResult, scalarInt } from './scalar.js';

// ---- unary functions over int, float and Scalar ----

const radToDeg = 180.0 / Math.acos(-1.0);
const degToRad = Math.acos(-1.0) / 180.0;

/** std::arg of a real number: pi when the sign bit is set (-0.0 included), else 0. */
const arg = (a: number) => (signbit(a) ? Math.PI : 0);

const unary: [string, (a: number) => number][] = [
  ['log', Math.log],
  ['exp', Math.exp],
  ['log1p', Math.log1p],
  ['log10', Math.log10],
  ['sqrt', Math.sqrt],
  ['acos', Math.acos],
  ['asin', Math.asin],
  ['atan', Math.atan],
  ['cos', Math.cos],
  ['sin', Math.sin],
  ['tan', Math.tan],
  ['asinh', Math.asinh],
  ['atanh', Math.atanh],
  ['acosh', Math.acosh],
  ['sinh', Math.sinh],
  ['cosh', Math.cosh],
  ['tanh', Math.tanh],
  ['angle', arg],
  ['degrees', (a) => a * radToDeg],
  ['radians', (a) => a * degToRad],
  ['gamma', gamma],
  ['erf', erf],
  ['erfc', erfc],
  ['expm1', Math.expm1],
  ['fabs', Math.abs],
  ['lgamma', lgamma],
];

for (const [name, f] of unary) {
  def(`aten::${name}.int(int a) -> float`, f);
  def(`aten::${name}.float(float a) -> float`, f);
  defScalarUnary(`aten::${name}.Scalar(Scalar a) -> Scalar`, f, 'float', 'float');
}

def('aten::floor.int(int a) -> int', (a: number) => a);
def('aten::floor.float(float a) -> int', floorToInt);
defScalarUnary('aten::floor.Scalar(Scalar a) -> Scalar', floorToInt, 'int', 'int');
def('aten::ceil.int(int a) -> int', (a: number) => a);
def('aten::ceil.float(float a) -> int', ceilToInt);
defScalarUnary('aten::ceil.Scalar(Scalar a) -> Scalar', ceilToInt, 'int', 'int');

def('aten::isnan.float(float a) -> bool', (a: number) => Number.isNaN(a));
def('aten::isinf.float(float a) -> bool', (a: number) => a === Infinity || a === -Infinity);
def('aten::isfinite.float(float a) -> bool', (a: number) => Number.isFinite(a));

// ---- binary functions ----

/** Declares `name.int`, `.float`, `.int_float`, `.float_int` and the float-valued Scalar form. */
function defBinaryFloat(name: string, scalarOverload: string, f: (a: number, b: number) => number) {
  def(`aten::${name}.int(int a, int b) -> float`, f);
  def(`aten::${name}.float(float a, float b) -> float`, f);
  def(`aten::${name}.int_float(int a, float b) -> float`, f);
  def(`aten::${name}.float_int(float a, int b) -> float`, f);
  const overload = scalarOverload === '' ? '' : `.${scalarOverload}`;
  def(`aten::${name}${overload}(Scalar a, Scalar b) -> float`, (a: Scalar, b: Scalar) =>
    f(toNumber(a), toNumber(b)),
  );
}

const toNumber = (s: Scalar): number => {
  const i = scalarInt(s);
  return i === null ? (s as number) : Number(i);
};

const copysign = (a: number, b: number) => (signbit(b) ? -Math.abs(a) : Math.abs(a));

defBinaryFloat('atan2', 'Scalar_Scalar', Math.atan2);
defBinaryFloat('copysign', '', copysign);
defBinaryFloat('mathremainder', '', ieeeRemainder);
const logBase = (a: number, b: number) => Math.log(a) / Math.log(b);
def('aten::log.int_int(int a, int b) -> float', logBase);
def('aten::log.float_float(float a, float b) -> float', logBase);
def('aten::log.int_float(int a, float b) -> float', logBase);
def('aten::log.float_int(float a, int b) -> float', logBase);
def('aten::log.Scalar_Scalar(Scalar a, Scalar b) -> float', (a: Scalar, b: Scalar) =>
  logBase(toNumber(a), toNumber(b)),
);

/** C's remainder(a, b): a - n * b with n = a / b rounded half to even (fdlibm's steps). */
function ieeeRemainder(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b) || !Number.isFinite(a) || b === 0) return NaN;
  if (!Number.isFinite(b)) return a;
  const p = Math.abs(b);
  let x = p <= Number.MAX_VALUE / 2 ? a % (p + p) : a;
  const negative = signbit(a);
  x = Math.abs(x);
  if (p < 2 * 2.2250738585072014e-308) {
    if (x + x > p) {
      x -= p;
      if (x + x >= p) x -= p;
    }
  } else {
    const half = 0.5 * p;
    if (x > half) {
      x -= p;
      if (x >= half) x -= p;
    }
  }
  return negative ? -x : x;
}

// ---- integer functions ----

def('aten::gcd.int(int a, int b) -> int', (a: number, b: number) => {
  while (b !== 0) [a, b] = [b, a % b];
  return Math.abs(a);
});

/**
 * factorial(n) in int64 as PyTorch computes it: the odd part of n! times 2^e with e the number
 * of factors 2, where the shift takes e modulo 64 (x86), so large n gives what PyTorch gives.
 */
def('aten::factorial.int(int a) -> int', (n: number) => {
  if (n < 0) throw runtimeError('factorial() not defined for negative values');
  let odd = 1n;
  let twos = 0;
  for (let k = 2; k <= n; k++) {
    let m = k;
    while (m % 2 === 0) {
      m /= 2;
      twos++;
    }
    odd = BigInt.asUintN(64, odd * BigInt(m));
  }
  return intResult(Number(BigInt.asIntN(64, odd << BigInt(twos % 64))));
});

// ---- float decomposition ----

const view = new DataView(new ArrayBuffer(8));

/** frexp(a): (m, e) with a = m * 2^e and 0.5 <= |m| < 1; (a, 0) for 0, inf and nan. */
def('aten::frexp(float a) -> (float, int)', (a: number) => {
  if (a === 0 || !Number.isFinite(a)) return Object.freeze([a, 0]);
  let scaled = a;
  let shift = 0;
  if (Math.abs(a) < 2.2250738585072014e-308) {
    scaled = a * 2 ** 64;
    shift = -64;
  }
  view.setFloat64(0, scaled);
  const exponent = ((view.getUint16(0) >> 4) & 0x7ff) - 1022;
  view.setUint16(0, (view.getUint16(0) & 0x800f) | (1022 << 4));
  return Object.freeze([view.getFloat64(0), exponent + shift]);
});

/** modf(a): (fraction, integral part), both with a's sign. */
def('aten::modf(float a) -> (float, float)', (a: number) => {
  const whole = Math.trunc(a);
  const fraction = Number.isFinite(a) ? a - whole : Number.isNaN(a) ? a : 0;
  return Object.freeze([copysign(fraction, a), whole]);
});

/** ldexp(x, i) = x * 2^i with a single rounding (musl's scalbn). */
def('aten::ldexp(float x, int i) -> float', (x: number, n: number) => {
  let y = x;
  if (n > 1023) {
    y *= 2 ** 1023;
    n -= 1023;
    if (n > 1023) {
      y *= 2 ** 1023;
      n = Math.min(n - 1023, 1023);
    }
  } else if (n < -1022) {
    y *= 2 ** -969;
    n += 969;
    if (n < -1022) {
      y *= 2 ** -969;
      n = Math.max(n + 969, -1022);
    }
  }
  return y * 2 ** n;
});

// ---- gamma functions ----

// Lanczos approximation (g = 7, n = 9), accurate to about 1e-15 relative.
const lanczos = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** log Γ(x) for x >= 0.5, where Γ(x) = sqrt(2π) t^(x-0.5) e^-t A(x), t = x + 6.5. */
function lanczosLog(x: number): number {
  const z = x - 1;
  let sum = lanczos[0];
  for (let i = 1; i < lanczos.length; i++) sum += lanczos[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** std::tgamma. */
function gamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x === 0) return 1 / x;
  if (x < 0 && Number.isInteger(x)) return NaN;
  if (Number.isInteger(x) && x <= 23) {
    let r = 1;
    for (let k = 2; k < x; k++) r *= k;
    return r;
  }
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  if (x > 171.7) return Infinity;
  return Math.exp(lanczosLog(x));
}

/** std::lgamma: log |Γ(x)|. */
function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x === 1 || x === 2) return 0;
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  return lanczosLog(x);
}

// TorchScript's arithmetic on int, float, bool and Scalar values: + - * / // % ** and divmod,
// comparisons, bit operations, casts between int, float, bool and str, min/max/abs, the range
// helpers of `for i in range(...)`, bin/hex/oct/chr/ord and hash.
//
// int and float are JS numbers (ints exact up to 2^53; beyond that they round instead of wrapping
// at 2^64 as PyTorch's int64 does, see README). Scalars keep Python's distinction: bigint is an
// int, number a float, and a bool counts as an int, as it does in PyTorch. The integer variants
// of Scalar operators compute on bigints wrapped to 64 bits, exactly as PyTorch does.
//
// A few results follow PyTorch's C++ rather than Python, on purpose:
//   * `%` on floats is fmod(b + fmod(a, b), b) and `//` is floor(a / b);
//   * unary math on a Scalar (`math.exp(t.item())`) rounds the result to float32, and integer
//     results of neg/abs/floor/ceil on a Scalar are cut to 32 bits (PyTorch casts to `float` and
//     `int` there);
//   * `int % 0` and the internal round-to-zero division by 0 raise here where PyTorch's process
//     dies of SIGFPE.

import { indexError, runtimeError, valueError } from '../errors.js';
import { roundHalfEven } from '../kernels/special.js';
import type { Scalar } from '../tensor/scalar.js';
import { Tensor } from '../tensor/tensor.js';
import { parseAnnotation, type Annotation } from './annotation.js';
import { toStringDouble } from './printing.js';
import { def, defTyped, type ArgTypes } from './registry.js';
import { utf8 } from './string.js';

// ---- shared helpers ----

/** An int result: JS's -0 (from 0 * -1 or -0) is the int 0. */
export const intResult = (x: number): number => (x === 0 ? 0 : x);

const asInt64 = (x: bigint): bigint => BigInt.asIntN(64, x);

/** A Scalar int as a bigint (bools count as ints), or null for a float. */
export function scalarInt(s: Scalar): bigint | null {
  if (typeof s === 'bigint') return s;
  if (typeof s === 'boolean') return s ? 1n : 0n;
  return null;
}

const scalarFloat = (s: Scalar): number => (typeof s === 'number' ? s : Number(scalarInt(s)));

function zeroDivision(): never {
  throw runtimeError('division by 0');
}

/** `int % 0`: PyTorch's own process dies of SIGFPE here; we raise Python's error instead. */
function intModuloByZero(): never {
  throw runtimeError('ZeroDivisionError: integer division or modulo by zero');
}

/** C++ integer division of two ints: truncates, and is exact below 2^53. */
export function truncDiv(a: number, b: number): number {
  return intResult((a - (a % b)) / b);
}

/** Python's floor division of ints (PyTorch's floordiv helper). */
export function floorDivInt(a: number, b: number): number {
  if (b === 0) zeroDivision();
  const q = truncDiv(a, b);
  return a % b !== 0 && a < 0 !== b < 0 ? q - 1 : q;
}

/** PyTorch's int remainder: (b + a % b) % b, which is Python's sign-of-divisor modulo. */
export function remainderInt(a: number, b: number): number {
  if (b === 0) intModuloByZero();
  return intResult((b + (a % b)) % b);
}

/** PyTorch's float remainder: fmod(b + fmod(a, b), b). */
export function remainderFloat(a: number, b: number): number {
  return (b + (a % b)) % b;
}

/** C's pow, where pow(1, y) and pow(-1, ±inf) are 1 (Math.pow gives NaN). */
function cPow(a: number, b: number): number {
  if (a === 1 || (a === -1 && (b === Infinity || b === -Infinity))) return 1;
  return Math.pow(a, b);
}

/** PyTorch's powWrapper: 0 to a negative power is an error rather than inf. */
export function powChecked(a: number, b: number): number {
  if (a === 0 && b < 0) throw runtimeError('0.0 cannot be raised to a negative power');
  return cPow(a, b);
}

/** ATen's checkDoubleInRange before floor and ceil give an int. */
function checkIntRange(a: number): void {
  if (Number.isNaN(a) || !Number.isFinite(a) || a > 2 ** 63 || a < -(2 ** 63)) {
    throw runtimeError(`Cannot convert float ${toStringDouble(a)} to integer`);
  }
}

export function floorToInt(a: number): number {
  checkIntRange(a);
  return intResult(Math.floor(a));
}

export function ceilToInt(a: number): number {
  checkIntRange(a);
  return intResult(Math.ceil(a));
}

/** static_cast<int64_t>(double) on x86: truncation, and INT64_MIN when out of range or NaN. */
export function doubleToInt64(d: number): number {
  if (!(d >= -(2 ** 63) && d < 2 ** 63)) return -(2 ** 63);
  return intResult(Math.trunc(d));
}

// ---- binary operators over int, float and Scalar ----

type IntOp = (a: number, b: number) => unknown;
type FloatOp = (a: number, b: number) => unknown;
type BigOp = (a: bigint, b: bigint) => Scalar;

/**
 * Declares `name.int`, `.float`, `.int_float`, `.float_int` and the default (Scalar, Scalar)
 * overload, whose result types `types` gives. The int overload computes `intOp`, those with a
 * float `floatOp`, and the Scalar one `bigOp` on two ints (bools count as ints), else `floatOp`.
 */
function defBinary(
  name: string,
  types: { int: string; float: string; mixed: string; scalar: string },
  intOp: IntOp,
  floatOp: FloatOp,
  bigOp: BigOp,
): void {
  def(`${name}.int(int a, int b) -> ${types.int}`, intOp);
  def(`${name}.float(float a, float b) -> ${types.float}`, floatOp);
  def(`${name}.int_float(int a, float b) -> ${types.mixed}`, floatOp);
  def(`${name}.float_int(float a, int b) -> ${types.mixed}`, floatOp);
  def(`${name}(Scalar a, Scalar b) -> ${types.scalar}`, (a: Scalar, b: Scalar) => {
    const x = scalarInt(a);
    const y = scalarInt(b);
    return x !== null && y !== null ? bigOp(x, y) : floatOp(scalarFloat(a), scalarFloat(b));
  });
}

const arithmetic = { int: 'int', float: 'float', mixed: 'float', scalar: 'Scalar' };
const toFloat = { int: 'float', float: 'float', mixed: 'float', scalar: 'float' };
const comparison = { int: 'bool', float: 'bool', mixed: 'bool', scalar: 'bool' };

defBinary(
  'aten::add',
  arithmetic,
  (a, b) => intResult(a + b),
  (a, b) => a + b,
  (a, b) => asInt64(a + b),
);
defBinary(
  'aten::sub',
  arithmetic,
  (a, b) => intResult(a - b),
  (a, b) => a - b,
  (a, b) => asInt64(a - b),
);
defBinary(
  'aten::mul',
  arithmetic,
  (a, b) => intResult(a * b),
  (a, b) => a * b,
  (a, b) => asInt64(a * b),
);
def('aten::div.int(int a, int b) -> float', (a: number, b: number) => a / b);
def('aten::div.float(float a, float b) -> float', (a: number, b: number) => a / b);
def('aten::div(Scalar a, Scalar b) -> float', (a: Scalar, b: Scalar) => {
  return scalarFloat(a) / scalarFloat(b);
});
defBinary(
  'aten::floordiv',
  arithmetic,
  floorDivInt,
  (a, b) => Math.floor(a / b),
  (a, b) => {
    if (b === 0n) zeroDivision();
    const q = a / b;
    return asInt64(a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q);
  },
);
defBinary('aten::remainder', arithmetic, remainderInt, remainderFloat, (a, b) => {
  if (b === 0n) intModuloByZero();
  return asInt64((b + (a % b)) % b);
});
defBinary(
  'aten::fmod',
  toFloat,
  (a, b) => a % b,
  (a, b) => a % b,
  (a, b) => Number(a) % Number(b),
);
def('aten::pow.int(int a, int b) -> float', powChecked);
def('aten::pow.float(float a, float b) -> float', powChecked);
def('aten::pow.int_float(int a, float b) -> float', powChecked);
def('aten::pow.float_int(float a, int b) -> float', powChecked);
def('aten::pow.Scalar_Scalar(Scalar a, Scalar b) -> float', (a: Scalar, b: Scalar) =>
  cPow(scalarFloat(a), scalarFloat(b)),
);
// PyTorch computes this one in double too and pushes the double (2 ** -1 gives 0.5).
def('aten::pow.int_to_int(int a, int b) -> int', powChecked);

/** Comparisons run on numbers, and on two Scalar ints as bigints, so all 64 bits count. */
type Test = <T extends number | bigint>(a: T, b: T) => boolean;

function defComparison(name: string, test: Test) {
  const numeric = (a: number, b: number) => test(a, b);
  defBinary(name, comparison, numeric, numeric, (a, b) => test(a, b));
}

defComparison('aten::eq', (a, b) => a === b);
defComparison('aten::ne', (a, b) => a !== b);
defComparison('aten::lt', (a, b) => a < b);
defComparison('aten::le', (a, b) => a <= b);
defComparison('aten::gt', (a, b) => a > b);
defComparison('aten::ge', (a, b) => a >= b);
def('aten::eq.bool(bool a, bool b) -> bool', (a: boolean, b: boolean) => a === b);
def('aten::ne.bool(bool a, bool b) -> bool', (a: boolean, b: boolean) => a !== b);

/** prim::min and prim::max: `a < b ? a : b` as C++ writes it, so NaN picks an argument. */
function defMinMax(name: string, pick: Test): void {
  const choose = (a: number, b: number) => (pick(a, b) ? a : b);
  defBinary(name, arithmetic, choose, choose, (a, b) => (pick(a, b) ? a : b));
}

defMinMax('prim::min', (a, b) => a < b);
defMinMax('prim::max', (a, b) => a > b);

// ---- bit operations and the internal integer helpers ----

/** An int64 operation computed exactly on bigints. */
const int64Op = (op: (a: bigint, b: bigint) => bigint) => (a: number, b: number) =>
  intResult(Number(asInt64(op(BigInt(a), BigInt(b)))));

// x86 shifts use the low six bits of the count: 1 << 64 is 1 and 1 << -1 is 1 << 63.
const shiftCount = (b: bigint) => BigInt.asUintN(6, b);

def(
  'aten::__and__.int(int a, int b) -> int',
  int64Op((a, b) => a & b),
);
def(
  'aten::__or__.int(int a, int b) -> int',
  int64Op((a, b) => a | b),
);
def(
  'aten::__xor__.int(int a, int b) -> int',
  int64Op((a, b) => a ^ b),
);
def(
  'aten::__lshift__.int(int a, int b) -> int',
  int64Op((a, b) => a << shiftCount(b)),
);
def(
  'aten::__rshift__.int(int a, int b) -> int',
  int64Op((a, b) => a >> shiftCount(b)),
);
def('aten::__and__.bool(bool a, bool b) -> bool', (a: boolean, b: boolean) => a && b);
def('aten::__or__.bool(bool a, bool b) -> bool', (a: boolean, b: boolean) => a || b);
def('aten::__xor__.bool(bool a, bool b) -> bool', (a: boolean, b: boolean) => a !== b);
def('aten::__not__(bool self) -> bool', (a: boolean) => !a);
def('aten::__round_to_zero_floordiv.int(int a, int b) -> int', (a: number, b: number) => {
  if (b === 0) intModuloByZero();
  return truncDiv(a, b);
});

def('aten::__range_length(int lo, int hi, int step) -> int', rangeLength);
def(
  'aten::__derive_index(int index, int start, int step) -> int',
  (index: number, start: number, step: number) => intResult(start + index * step),
);

/** The number of values of range(lo, hi, step). */
export function rangeLength(lo: number, hi: number, step: number): number {
  if (step === 0) throw runtimeError('range() arg 3 must not be zero');
  if (step > 0 && lo < hi) return 1 + truncDiv(hi - 1 - lo, step);
  if (step < 0 && lo > hi) return 1 + truncDiv(lo - 1 - hi, -step);
  return 0;
}

// ---- divmod ----

function divmodInt(a: number, b: number): readonly number[] {
  if (b === 0) intModuloByZero();
  let q = truncDiv(a, b);
  let r = intResult(a % b);
  if (r !== 0 && a < 0 !== b < 0) {
    q -= 1;
    r += b;
  }
  return Object.freeze([q, r]);
}

function floatDivmodByZero(): never {
  throw runtimeError('ZeroDivisionError: float divmod()');
}

function divmodFloat(a: number, b: number): readonly number[] {
  if (b === 0) floatDivmodByZero();
  let rem = a % b;
  if (rem !== 0 && a < 0 !== b < 0) rem += b;
  return Object.freeze([(a - rem) / b, rem]);
}

function divmodMixed(a: number, b: number): readonly number[] {
  if (b === 0) floatDivmodByZero();
  const quot = Math.floor(a / b);
  return Object.freeze([quot, a - quot * b]);
}

def('aten::divmod.int(int x, int y) -> (int, int)', divmodInt);
def('aten::divmod.float(float x, float y) -> (float, float)', divmodFloat);
def('aten::divmod.int_float(int x, float y) -> (float, float)', divmodMixed);
def('aten::divmod.float_int(float x, int y) -> (float, float)', divmodMixed);

// ---- unary operators ----

def('aten::neg.int(int a) -> int', (a: number) => intResult(-a));
def('aten::neg.float(float a) -> float', (a: number) => -a);
def('prim::abs.int(int a) -> int', (a: number) => Math.abs(a));
def('prim::abs.float(float a) -> float', (a: number) => Math.abs(a));
def('aten::round.int(int a) -> float', (a: number) => a);
def('aten::round.float(float a) -> float', roundHalfEven);

/**
 * The `.Scalar` overload of a unary operator, as PyTorch's macro writes it: the result is cast
 * to `float` (float32) for a float argument, and for an int argument to float32 or to a 32-bit
 * `int` as `intResult` says.
 */
export function defScalarUnary(
  schema: string,
  op: (a: number) => number,
  intResult: 'float' | 'int',
  floatResult: 'float' | 'int',
): void {
  const cast = (x: number, kind: 'float' | 'int'): Scalar =>
    kind === 'float' ? Math.fround(x) : BigInt(x | 0);
  def(schema, (a: Scalar) => {
    const i = scalarInt(a);
    return i === null ? cast(op(a as number), floatResult) : cast(op(Number(i)), intResult);
  });
}

defScalarUnary('aten::neg.Scalar(Scalar a) -> Scalar', (a) => -a, 'int', 'float');
defScalarUnary('prim::abs.Scalar(Scalar a) -> Scalar', Math.abs, 'int', 'float');
defScalarUnary('aten::round.Scalar(Scalar a) -> Scalar', roundHalfEven, 'float', 'float');

// ---- casts ----

def('aten::Bool.int(int a) -> bool', (a: number) => a !== 0);
def('aten::Bool.float(float a) -> bool', (a: number) => a !== 0);
def('aten::Int.bool(bool a) -> int', (a: boolean) => (a ? 1 : 0));
def('aten::Int.float(float a) -> int', doubleToInt64);
def('aten::Int.Scalar(Scalar a) -> int', (a: Scalar) => {
  const i = scalarInt(a);
  if (i !== null) return Number(i);
  const d = a as number;
  if (!(d >= -(2 ** 63) && d < 2 ** 63)) {
    throw runtimeError('value cannot be converted to type int without overflow');
  }
  return intResult(Math.trunc(d));
});
def('aten::Int.str(str a) -> int', parseInt64);
def('aten::Float.Scalar(Scalar a) -> float', scalarFloat);
def('aten::Float.int(int a) -> float', (a: number) => a);
def('aten::Float.bool(bool a) -> float', (a: boolean) => (a ? 1 : 0));
def('aten::Float.str(str a) -> float', parseDouble);

const cSpace = /^[ \t\n\v\f\r]*/;

/** int(s): std::stoll (leading space, a sign, decimal digits) that must use the whole string. */
function parseInt64(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(s);
  if (m === null) throw valueError('stoll');
  const value = BigInt(m[1] + m[2]);
  if (value !== asInt64(value)) throw indexError('stoll');
  if (m[0].length !== s.length) {
    throw runtimeError(`invalid literal for int() with base 10: '${s}'`);
  }
  return intResult(Number(value));
}

// What std::stod (strtod) reads: a decimal or hexadecimal float, inf/infinity or nan(...).
const hexFloat = /^0x([0-9a-f]*)\.?([0-9a-f]*)(?:p([+-]?\d+))?/i;
const decimalFloat = /^(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?/i;
const special = /^(?:infinity|inf|nan(?:\([0-9a-z_]*\))?)/i;

/** float(s): std::stod that must use the whole string. */
function parseDouble(s: string): number {
  const space = cSpace.exec(s)![0].length;
  const signed = /^[+-]/.test(s.slice(space)) ? 1 : 0;
  const rest = s.slice(space + signed);
  const negative = s[space] === '-';
  const read = readUnsignedDouble(rest);
  if (read === null) throw valueError('stod');
  const value = negative ? -read.value : read.value;
  if (read.outOfRange) throw indexError('stod');
  if (space + signed + read.length !== s.length) {
    throw runtimeError(`could not convert string to float: '${s}'`);
  }
  return value;
}

interface ReadDouble {
  value: number;
  length: number;
  /** strtod's ERANGE: the text overflows, or a non-zero number underflows to 0 or a denormal. */
  outOfRange: boolean;
}

function readUnsignedDouble(text: string): ReadDouble | null {
  const hex = hexFloat.exec(text);
  if (hex !== null && hex[1] + hex[2] !== '') {
    const mantissa = parseInt(hex[1] + hex[2], 16);
    const value = mantissa * 2 ** (Number(hex[3] ?? 0) - 4 * hex[2].length);
    return { value, length: hex[0].length, outOfRange: rangeError(value, mantissa !== 0) };
  }
  const dec = decimalFloat.exec(text);
  if (dec !== null) {
    const value = Number(dec[0]);
    const nonZero = /[1-9]/.test(dec[0].split(/e/i)[0]);
    return { value, length: dec[0].length, outOfRange: rangeError(value, nonZero) };
  }
  const sp = special.exec(text);
  if (sp === null) return null;
  const value = sp[0].toLowerCase().startsWith('inf') ? Infinity : NaN;
  return { value, length: sp[0].length, outOfRange: false };
}

const rangeError = (value: number, nonZero: boolean) =>
  value === Infinity || (nonZero && Math.abs(value) < 2.2250738585072014e-308);

// ---- min/max, identity ----

def('aten::__is__(t1 self, t2 obj) -> bool', (a: unknown, b: unknown) => a === b);
def('aten::__isnot__(t1 self, t2 obj) -> bool', (a: unknown, b: unknown) => a !== b);

// ---- bin, hex, oct, chr, ord ----

/** The digits of |i| in `base` after a sign and prefix, as PyTorch's bin/hex/oct write them. */
function inBase(i: number, base: number, prefix: string): string {
  const big = BigInt(i);
  const sign = big < 0n ? '-' : '';
  return `${sign}0${prefix}${(big < 0n ? -big : big).toString(base)}`;
}

def('aten::bin(int i) -> str', (i: number) => inBase(i, 2, 'b'));
def('aten::hex(int i) -> str', (i: number) => inBase(i, 16, 'x'));
def('aten::oct(int i) -> str', (i: number) => inBase(i, 8, 'o'));

/**
 * chr(i): PyTorch makes a one-byte string of i's low byte. A byte above 0x7f alone is not UTF-8;
 * we give U+FFFD for it (Python cannot even read PyTorch's string back).
 */
def('aten::chr(int i) -> str', (i: number) => {
  if (!(i >= 0 && i < 1114111)) {
    throw runtimeError(`chr() arg not in range(0x110000), found ${i}`);
  }
  const byte = i & 0xff;
  return byte < 0x80 ? String.fromCharCode(byte) : '\ufffd';
});

/** ord(s): the byte of a one-byte string (strings are UTF-8 bytes in TorchScript). */
def('aten::ord(str string) -> int', (s: string) => {
  const bytes = utf8(s);
  if (bytes.length !== 1) {
    throw runtimeError(`String for ord() must be 1 character, found ${bytes.length}`);
  }
  return bytes[0];
});

// ---- hash ----

defTyped('aten::hash.generic(t value) -> int', (types: ArgTypes, value: unknown) =>
  Number(BigInt.asIntN(64, hashValue(value, parseAnnotation(types.inputs[0])))),
);

const mask64 = (1n << 64n) - 1n;
const murmurMul = 0xc6a4a7935bd1e995n;
const shiftMix = (v: bigint) => v ^ (v >> 47n);

/** libstdc++'s std::_Hash_bytes (64-bit MurmurHash2 variant) with std::hash's seed. */
function hashBytes(bytes: Uint8Array, seed = 0xc70f6907n): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const aligned = bytes.length & ~7;
  let hash = (seed ^ (BigInt(bytes.length) * murmurMul)) & mask64;
  for (let p = 0; p < aligned; p += 8) {
    const data = (shiftMix((view.getBigUint64(p, true) * murmurMul) & mask64) * murmurMul) & mask64;
    hash = ((hash ^ data) * murmurMul) & mask64;
  }
  if (bytes.length & 7) {
    let data = 0n;
    for (let p = bytes.length - 1; p >= aligned; p--) data = (data << 8n) | BigInt(bytes[p]);
    hash = ((hash ^ data) * murmurMul) & mask64;
  }
  return shiftMix((shiftMix(hash) * murmurMul) & mask64);
}

/** c10's hash_combine. */
const hashCombine = (seed: bigint, value: bigint) =>
  (seed ^ ((value + 0x9e3779b9n + (seed << 6n) + (seed >> 2n)) & mask64)) & mask64;

const tensorIds = new WeakMap<Tensor, bigint>();
let tensorCount = 0;
const nextTensorId = () => ++tensorCount;

/** IValue::hash of a value of static type `ann`, as an unsigned 64-bit size_t. */
function hashValue(value: unknown, ann: Annotation): bigint {
  if (value === null || value === undefined) return 0n;
  if (ann.name === 'Optional') return hashValue(value, ann.args[0]);
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'string') return hashBytes(utf8(value));
  if (typeof value === 'bigint') return value & mask64;
  if (typeof value === 'number') {
    if (ann.name === 'int') return BigInt(value) & mask64;
    if (value === 0) return 0n;
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    return hashBytes(bytes);
  }
  if (value instanceof Tensor) {
    // PyTorch hashes the TensorImpl pointer, which is only stable within one run.
    let id = tensorIds.get(value);
    if (id === undefined) {
      id = BigInt(nextTensorId());
      tensorIds.set(value, id);
    }
    return id;
  }
  if (Array.isArray(value) && ann.name === 'Tuple') {
    return value.reduce<bigint>((seed, v, i) => hashCombine(seed, hashValue(v, ann.args[i])), 0n);
  }
  throw runtimeError(`Can't hash IValues with type ${ann.name}`);
}

// Integer sampling as PyTorch's CPU kernels do it: random_ (which randint calls) and randperm.

import { runtimeError } from '../errors.js';
import { isFloating, type DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkInBounds, floatingMax, generatorOr } from './distributions.js';
import type { Generator } from './generator.js';
import { cIntTypeName, notImplementedFor } from './messages.js';
import { assertNoInternalOverlap, writeOrder } from './order.js';

const int64Min = -(2 ** 63);
const twoTo32 = 2 ** 32;

/** Bits of precision of a floating dtype (std::numeric_limits<T>::digits). */
function digits(dtype: DType): number {
  return dtype === 'float32' ? 24 : 53;
}

/** The largest value of an integral dtype, as random_ bounds it. */
function integralMax(dtype: DType): number {
  switch (dtype) {
    case 'bool':
      return 1;
    case 'uint8':
      return 255;
    case 'int8':
      return 127;
    case 'int16':
      return 32767;
    case 'int32':
      return 2147483647;
    default:
      return 2 ** 63 - 1;
  }
}

function integralMin(dtype: DType): number {
  switch (dtype) {
    case 'bool':
    case 'uint8':
      return 0;
    case 'int8':
      return -128;
    case 'int16':
      return -32768;
    case 'int32':
      return -2147483648;
    default:
      return int64Min;
  }
}

// update_from / update_to: a bound that is not representable in the floating dtype rounds to a
// neighbour; when that neighbour lies outside [from, to), the bound moves one step inward.
// Computed on exact 64-bit integers, as PyTorch does.

function roundFromUp(from: number, dtype: DType): number {
  const exact = BigInt(from);
  const rounded = BigInt(roundToFloating(Number(exact + 1n), dtype));
  if (rounded >= exact) return from;
  const step = 1n << BigInt(bitLength(abs(exact + 1n)) - 1 - digits(dtype) + 1);
  return Number(rounded + step);
}

function roundToDown(to: number, dtype: DType): number {
  const exact = BigInt(to);
  const rounded = BigInt(roundToFloating(Number(exact - 1n), dtype));
  if (rounded < exact) return to;
  const step = 1n << BigInt(bitLength(abs(exact - 1n)) - 1 - digits(dtype) + 1);
  return Number(rounded - step);
}

const abs = (x: bigint) => (x < 0n ? -x : x);
const bitLength = (x: bigint) => x.toString(2).length;

/** An int64 converted to the floating dtype (the double conversion of Number() comes first). */
function roundToFloating(v: number, dtype: DType): number {
  return dtype === 'float32' ? Math.fround(v) : v;
}

/** check_from_to_in_range: both ends must fit the dtype (floating ones up to their max). */
function checkFromToInRange(from: number, toInclusive: number, dtype: DType): void {
  const min = isFloating(dtype) ? -floatingMax(dtype) : integralMin(dtype);
  const max = isFloating(dtype) ? floatingMax(dtype) : integralMax(dtype);
  checkInBounds(from, 'from', min, max, dtype);
  checkInBounds(toInclusive, 'to - 1', min, max, dtype);
}

/** Whether uniform_int_from_to_distribution draws 64 bits for this range and dtype. */
function uses64Bits(range: bigint, dtype: DType): boolean {
  return range >= BigInt(twoTo32) && (dtype === 'int64' || isFloating(dtype));
}

/** Stores `sample()` into every element of `t` in PyTorch's order. */
function fill(t: Tensor, sample: () => number): void {
  const data = t.data;
  for (const i of writeOrder(t)) data[i] = sample();
}

/** Values `base + (bits % range)` for a range below 2^64; `range` as a bigint. */
function fillFromTo(t: Tensor, range: bigint, base: number, g: Generator): void {
  if (t.numel() === 0) return;
  if (uses64Bits(range, t.dtype)) {
    const b = BigInt(base);
    fill(t, () => Number(BigInt.asIntN(64, (g.random64() % range) + b)));
    return;
  }
  const r = Number(range);
  if (Math.abs(base) <= Number.MAX_SAFE_INTEGER) {
    fill(t, () => (g.random() % r) + base);
  } else {
    const b = BigInt(base);
    fill(t, () => Number(BigInt(g.random() % r) + b));
  }
}

/** random_(from, to): integers in [from, to), or [from, dtype's max] when `to` is null. */
export function randomFromTo(
  t: Tensor,
  from: number,
  to: number | null,
  gen: Generator | null = null,
): Tensor {
  const dtype = t.dtype;
  assertNoInternalOverlap(t);
  const g = generatorOr(gen);
  if (to !== null) {
    if (!(from < to)) {
      throw runtimeError(
        `random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`,
      );
    }
    if (isFloating(dtype)) {
      from = roundFromUp(from, dtype);
      to = roundToDown(to, dtype);
      if (!(from < to)) {
        throw runtimeError(
          `random_ expects 'from' casted to dtype to be less than 'to' casted to dtype, but got from=${from} >= to=${to}`,
        );
      }
    }
    checkFromToInRange(from, to - 1, dtype);
    fillFromTo(t, BigInt(to) - BigInt(from), from, g);
    return t;
  }
  if (from !== int64Min) {
    let toInclusive: number;
    if (isFloating(dtype)) {
      toInclusive = 2 ** digits(dtype);
      from = roundFromUp(from, dtype);
      if (!(from < toInclusive)) {
        throw runtimeError(
          `random_ expects 'from' casted to dtype to be less than or equal to 'to_inc' casted to dtype, but got from=${from} > to_inc=${toInclusive}`,
        );
      }
    } else {
      toInclusive = integralMax(dtype);
    }
    checkFromToInRange(from, toInclusive, dtype);
    fillFromTo(t, BigInt(toInclusive) - BigInt(from) + 1n, from, g);
    return t;
  }
  // The whole int64 range: 64 random bits read as a signed integer.
  if (t.numel() === 0) return t;
  if (dtype !== 'int64' && !isFloating(dtype)) {
    throw runtimeError(
      'random_full_64_bits_range_kernel_cpu handles only int64, double, float and bfloat16',
    );
  }
  fill(t, () => Number(BigInt.asIntN(64, g.random64())));
  return t;
}

/** random_(): integers in [0, 2^digits] for floating dtypes, [0, max] for integral ones. */
export function random(t: Tensor, gen: Generator | null = null): Tensor {
  assertNoInternalOverlap(t);
  const g = generatorOr(gen);
  switch (t.dtype) {
    case 'bool':
      fill(t, () => g.random() & 1);
      break;
    case 'int64':
      // random64() % 2^63: drop the top bit; the sum rounds once, as Number(bigint) would.
      fill(t, () => (g.random() & 0x7fffffff) * twoTo32 + g.random());
      break;
    case 'float64': {
      const modulus = 2n ** 53n + 1n;
      fill(t, () => Number(g.random64() % modulus));
      break;
    }
    case 'float32':
      fill(t, () => g.random() % (2 ** 24 + 1));
      break;
    default: {
      const modulus = integralMax(t.dtype) + 1;
      fill(t, () => g.random() % modulus);
    }
  }
  return t;
}

// ---- randperm ----

/** randperm's checks of n against the result dtype (check_supported_max_int_with_precision). */
export function checkRandpermSize(n: number, dtype: DType): void {
  const largest = n > 0 ? n - 1 : n;
  if (!isFloating(dtype) && dtype !== 'bool' && largest > integralMax(dtype)) {
    throw runtimeError(`value cannot be converted to type ${cIntTypeName(dtype)} without overflow`);
  }
  if (dtype === 'float32' && n > 2 ** 24 + 1) {
    throw runtimeError('n cannot be greater than 2^24+1 for Float type.');
  }
  if (dtype === 'float64' && n > 2 ** 53 + 1) {
    throw runtimeError('n cannot be greater than 2^53+1 for Double type.');
  }
  if (dtype === 'bool') throw notImplementedFor('randperm', dtype);
}

/**
 * Fills the 1-d tensor `out` (already n long) with a random permutation of 0..n-1: the identity,
 * then swaps of element i with one drawn from [i, n), as PyTorch's CPU randperm does.
 */
export function randpermInto(out: Tensor, n: number, gen: Generator | null = null): Tensor {
  checkRandpermSize(n, out.dtype);
  const g = generatorOr(gen);
  const perm = new Float64Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = g.random() % (n - i);
    const saved = perm[i];
    perm[i] = perm[z + i];
    perm[z + i] = saved;
  }
  const data = out.data;
  const stride = out.strides[0] ?? 1;
  for (let i = 0; i < n; i++) data[out.offset + i * stride] = perm[i];
  return out;
}

// Fused multiply-add, exactly as the FMA instruction computes it: a * b + c rounded once.
// PyTorch's AVX2 kernels are compiled with -mfma, and GCC contracts `x * y + z` into an FMA there,
// so the transforms of uniform_ and normal_ round once where plain JS arithmetic rounds twice.
//
// The double version follows Boldo and Melquiond ("Emulation of FMA and correctly rounded sums:
// proved algorithms using rounding to odd"): the exact product and sum as unevaluated pairs, the
// small parts added with rounding to odd, then one final rounding to nearest.

// A double and its two 32-bit words (little-endian: words[0] is the low word), to step by one ulp.
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** The low part of the last twoSum / twoProduct (a typed array slot: a module-level `let` of
 * doubles would allocate a heap number on every write). */
const lowPart = new Float64Array(1);

/** s + low = a + b exactly (Knuth's TwoSum). */
function twoSum(a: number, b: number): number {
  const s = a + b;
  const bb = s - a;
  lowPart[0] = a - (s - bb) + (b - bb);
  return s;
}

// Veltkamp's splitting constant: 2^27 + 1.
const splitter = 134217729;

/** p + low = a * b exactly (Dekker's product), for operands far from overflow. */
function twoProduct(a: number, b: number): number {
  const p = a * b;
  let t = splitter * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = splitter * b;
  const bh = t - (t - b);
  const bl = b - bh;
  lowPart[0] = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

/** a + b rounded to odd: when inexact, the neighbour of the nearest sum whose last bit is 1. */
function addRoundToOdd(a: number, b: number): number {
  const s = twoSum(a, b);
  const err = lowPart[0];
  if (err === 0 || !Number.isFinite(s)) return s;
  bits[0] = s;
  if ((words[0] & 1) === 1) return s;
  // The exact sum lies beyond s in the direction of err: step one unit in the last place there.
  // The low word is even, so adding one never carries; subtracting one borrows only from zero.
  if (err > 0 === s > 0) {
    words[0] += 1;
  } else if (words[0] === 0) {
    words[0] = 0xffffffff;
    words[1] -= 1;
  } else {
    words[0] -= 1;
  }
  return bits[0];
}

// Beyond these magnitudes Dekker's split overflows; such operands only come from degenerate ranges.
const safeMagnitude = 2 ** 500;

/** a * b + c with a single rounding to double. */
export function fma(a: number, b: number, c: number): number {
  if (
    !(Math.abs(a) < safeMagnitude && Math.abs(b) < safeMagnitude && Math.abs(c) < 2 ** 1000) ||
    a === 0 ||
    b === 0
  ) {
    return a * b + c;
  }
  const productHigh = twoProduct(a, b);
  const productLow = lowPart[0];
  const sumHigh = twoSum(c, productHigh);
  const sumLow = lowPart[0];
  return sumHigh + addRoundToOdd(sumLow, productLow);
}

/**
 * a * b + c with a single rounding to float32, for float32 operands. Their product is exact in a
 * double; adding c with rounding to odd at 53 bits then rounding to 24 bits rounds exactly once.
 */
export function fmaf(a: number, b: number, c: number): number {
  const s = a * b + c;
  // Rounding s (the sum rounded to 53 bits) to float can only differ from rounding the exact sum
  // when s sits exactly halfway between two floats: its lowPart[0] 29 mantissa bits read 1000...0.
  // (Below float's normal range the halfway pattern differs; those take the careful path.)
  if (Math.abs(s) >= 2 ** -125) {
    bits[0] = s;
    if ((words[0] & 0x1fffffff) !== 0x10000000) return Math.fround(s);
  }
  return Math.fround(addRoundToOdd(a * b, c));
}

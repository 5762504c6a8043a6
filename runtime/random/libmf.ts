// Single-precision libm functions as glibc 2.36 computes them on x86-64, for kernels PyTorch runs
// in float32 (erfinv_ calls erff and expf). erff follows fdlibm's algorithm with every step
// rounded to float; expf is glibc's table-driven double-precision evaluation; logf is taken as
// correctly rounded, which glibc's is in all but the rarest cases.

import { fma } from './fused.js';
import { exp2, log } from './libm.js';

const f = Math.fround;

/** A float32 from its bit pattern, so the constants are exactly fdlibm's. */
function floatBits(bits: number): number {
  const words = new Uint32Array([bits]);
  return new Float32Array(words.buffer)[0];
}

const wordOf = (x: number): number => {
  const words = new Float32Array([x]);
  return new Uint32Array(words.buffer)[0];
};

/** Horner's rule in float32, each product and sum rounded (no FMA in glibc's generic build). */
function hornerf(z: number, coefficients: readonly number[]): number {
  let r = coefficients[coefficients.length - 1];
  for (let i = coefficients.length - 2; i >= 0; i--) r = f(coefficients[i] + f(z * r));
  return r;
}

const erx = floatBits(0x3f58560b);
const efx = floatBits(0x3e0375d4);
// erf on [0, 0.84375]: x + x * pp(z) / qq(z), z = x^2 (qq's constant term is one).
const pp = [0x3e0375d4, 0xbea66beb, 0xbce9528f, 0xbbbd1489, 0xb7c756b1].map(floatBits);
const qq = [0x3f800000, 0x3ecbbbce, 0x3d852a63, 0x3ba68116, 0x390aee49, 0xb684e21a].map(floatBits);
// erf on [0.84375, 1.25]: erx + pa(s) / qa(s), s = |x| - 1.
const pa = [0xbb1acdc6, 0x3ed46805, 0xbebe9208, 0x3ea2fe54, 0xbde31cc2, 0x3d1151b3, 0xbb0df9c0].map(
  floatBits,
);
const qa = [0x3f800000, 0x3dd9f331, 0x3f0a5785, 0x3d931ae7, 0x3e013307, 0x3c5f6e13, 0x3c445aa3].map(
  floatBits,
);
// erfc on [1.25, 1/0.35] and [1/0.35, 6], in s = 1/x^2.
const ra = [
  0xbc21a093, 0xbf31a0b7, 0xc128f022, 0xc2798057, 0xc322658c, 0xc3389ae7, 0xc2a2932b, 0xc11d077e,
].map(floatBits);
const sa = [
  0x3f800000, 0x419d35ce, 0x4309a863, 0x43d9486f, 0x442158c9, 0x43d6810b, 0x42d9451f, 0x40d23f7c,
  0xbd777f97,
].map(floatBits);
const rb = [0xbc21a092, 0xbf4c9dd4, 0xc18e104b, 0xc320a2ea, 0xc41f6441, 0xc480230b, 0xc3f1c275].map(
  floatBits,
);
const sb = [
  0x3f800000, 0x41f2b459, 0x43a2e571, 0x44c01759, 0x4547fdbb, 0x451f90ce, 0x43ed43a7, 0xc1b38712,
].map(floatBits);

/** erff as glibc 2.36 computes it. */
export function erff(x: number): number {
  const word = wordOf(x);
  const ix = word & 0x7fffffff;
  const negative = word >>> 31 === 1;
  if (ix >= 0x7f800000) return x !== x ? x : negative ? -1 : 1;
  if (ix < 0x3f580000) {
    if (ix < 0x31800000) {
      if (ix < 0x04000000) return f(0.0625 * f(f(16 * x) + f(f(16 * efx) * x)));
      return f(x + f(efx * x));
    }
    const z = f(x * x);
    const y = f(hornerf(z, pp) / hornerf(z, qq));
    return f(x + f(x * y));
  }
  if (ix < 0x3fa00000) {
    const s = f(Math.abs(x) - 1);
    const ratio = f(hornerf(s, pa) / hornerf(s, qa));
    return negative ? f(-erx - ratio) : f(erx + ratio);
  }
  if (ix >= 0x40c00000) return negative ? -1 : 1;
  const a = Math.abs(x);
  const s = f(1 / f(a * a));
  const [r, q] = ix < 0x4036db6e ? [ra, sa] : [rb, sb];
  const ratio = f(hornerf(s, r) / hornerf(s, q));
  // z: a with its low 12 mantissa bits cleared, so z*z is exact.
  const z = floatBits(wordOf(a) & 0xfffff000);
  const e = f(expf(f(f(-z * z) - 0.5625)) * expf(f(f(f(z - a) * f(z + a)) + ratio)));
  return negative ? f(f(e / a) - 1) : f(1 - f(e / a));
}

// ---- expf: 2^(k/32) from a table times a cubic in the remainder, evaluated in double ----

const scratch = new DataView(new ArrayBuffer(8));

const tableBits = 5;
const tableSize = 1 << tableBits;
/** Bits of 2^(i/32) with i/32 taken out of the exponent field, as glibc's table holds them. */
const powersOfTwo = Array.from({ length: tableSize }, (_, i) =>
  BigInt.asUintN(64, doubleBits(exp2(i / tableSize)) - (BigInt(i) << 47n)),
);
const fromHex = (mantissa: string, exponent: number) =>
  (parseInt(mantissa, 16) / 2 ** 52) * 2 ** exponent;
// The minimax cubic for 2^(r/32) and 32/ln2, as glibc's __exp2f_data has them.
const cubic = [
  fromHex('1c6af84b912394', -5) / tableSize ** 3,
  fromHex('1ebfce50fac4f3', -3) / tableSize ** 2,
  fromHex('162e42ff0c52d6', -1) / tableSize,
];
const invLn2Scaled = fromHex('171547652b82fe', 0) * tableSize;
const roundingShift = 1.5 * 2 ** 52;

function doubleBits(x: number): bigint {
  scratch.setFloat64(0, x);
  return scratch.getBigUint64(0);
}

function doubleFromBits(b: bigint): number {
  scratch.setBigUint64(0, BigInt.asUintN(64, b));
  return scratch.getFloat64(0);
}

/** expf as glibc computes it (its FMA build): not always the correctly rounded float. */
export function expf(x: number): number {
  if (x !== x) return x;
  if (x > 88.72283172607422) return Infinity;
  if (x < -103.972076416015625) return 0;
  // x * 32/ln2 = k + r, k rounded to nearest even by adding and removing 1.5 * 2^52.
  const z = invLn2Scaled * x;
  const shifted = z + roundingShift;
  const k = doubleBits(shifted);
  const r = z - (shifted - roundingShift);
  const scale = doubleFromBits(powersOfTwo[Number(k % BigInt(tableSize))] + (k << 47n));
  const p = fma(cubic[0], r, cubic[1]);
  const y = fma(p, r * r, fma(cubic[2], r, 1));
  return f(y * scale);
}

/** logf: glibc's is correctly rounded nearly always. */
export function logf(x: number): number {
  return f(log(x));
}

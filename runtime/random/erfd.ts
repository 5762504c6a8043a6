// erf for doubles as glibc 2.36 computes it (fdlibm's algorithm, its polynomials evaluated in the
// pipelined order glibc uses): Python's math.erf and PyTorch's double erfinv_ call this libm, and
// its results differ from the correctly rounded ones a few times in a hundred.

import { exp } from './libm.js';

const scratch = new DataView(new ArrayBuffer(8));

/** A double from its high and low 32-bit words, so the constants are exactly fdlibm's. */
function fromWords(high: number, low: number): number {
  scratch.setUint32(0, high);
  scratch.setUint32(4, low);
  return scratch.getFloat64(0);
}

function highWord(x: number): number {
  scratch.setFloat64(0, x);
  return scratch.getInt32(0);
}

/** x with its low 32 bits cleared (SET_LOW_WORD(z, 0)). */
function clearLowWord(x: number): number {
  scratch.setFloat64(0, x);
  scratch.setUint32(4, 0);
  return scratch.getFloat64(0);
}

const words = (list: readonly [number, number][]) => list.map(([h, l]) => fromWords(h, l));

const erx = fromWords(0x3feb0ac1, 0x60000000);
const efx = fromWords(0x3fc06eba, 0x8214db69);
const pp = words([
  [0x3fc06eba, 0x8214db68],
  [0xbfd4cd7d, 0x691cb913],
  [0xbf9d2a51, 0xdbd7194f],
  [0xbf77a291, 0x236668e4],
  [0xbef8ead6, 0x120016ac],
]);
const qq = [
  0,
  ...words([
    [0x3fd97779, 0xcddadc09],
    [0x3fb0a54c, 0x5536ceba],
    [0x3f74d022, 0xc4d36b0f],
    [0x3f215dc9, 0x221c1a10],
    [0xbed09c43, 0x42a26120],
  ]),
];
const pa = words([
  [0xbf6359b8, 0xbef77538],
  [0x3fda8d00, 0xad92b34d],
  [0xbfd7d240, 0xfbb8c3f1],
  [0x3fd45fca, 0x805120e4],
  [0xbfbc6398, 0x3d3e28ec],
  [0x3fa22a36, 0x599795eb],
  [0xbf61bf38, 0x0a96073f],
]);
const qa = [
  0,
  ...words([
    [0x3fbb3e66, 0x18eee323],
    [0x3fe14af0, 0x92eb6f33],
    [0x3fb2635c, 0xd99fe9a7],
    [0x3fc02660, 0xe763351f],
    [0x3f8bedc2, 0x6b51dd1c],
    [0x3f888b54, 0x5735151d],
  ]),
];
const ra = words([
  [0xbf843412, 0x600d6435],
  [0xbfe63416, 0xe4ba7360],
  [0xc0251e04, 0x41b0e726],
  [0xc04f300a, 0xe4cba38d],
  [0xc0644cb1, 0x84282266],
  [0xc067135c, 0xebccabb2],
  [0xc0545265, 0x57e4d2f2],
  [0xc023a0ef, 0xc69ac25c],
]);
const sa = [
  0,
  ...words([
    [0x4033a6b9, 0xbd707687],
    [0x4061350c, 0x526ae721],
    [0x407b290d, 0xd58a1a71],
    [0x40842b19, 0x21ec2868],
    [0x407ad021, 0x57700314],
    [0x405b28a3, 0xee48ae2c],
    [0x401a47ef, 0x8e484a93],
    [0xbfaeeff2, 0xee749a62],
  ]),
];
const rb = words([
  [0xbf843412, 0x39e86f4a],
  [0xbfe993ba, 0x70c285de],
  [0xc031c209, 0x555f995a],
  [0xc064145d, 0x43c5ed98],
  [0xc083ec88, 0x1375f228],
  [0xc0900461, 0x6a2e5992],
  [0xc07e384e, 0x9bdc383f],
]);
const sb = [
  0,
  ...words([
    [0x403e568b, 0x261d5190],
    [0x40745cae, 0x221b9f0a],
    [0x409802eb, 0x189d5118],
    [0x40a8ffb7, 0x688c246a],
    [0x40a3f219, 0xcedf3be6],
    [0x407da874, 0xe79fe763],
    [0xc03670e2, 0x42712d62],
  ]),
];

/** erf(x) exactly as glibc 2.36's __erf returns it. */
export function erfGlibc(x: number): number {
  const hx = highWord(x);
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7ff00000) return x !== x ? x : hx < 0 ? -1 : 1;
  if (ix < 0x3feb0000) {
    if (ix < 0x3e300000) {
      if (ix < 0x00800000) return 0.0625 * (16 * x + 16 * efx * x);
      return x + efx * x;
    }
    const z = x * x;
    const r1 = pp[0] + z * pp[1];
    const z2 = z * z;
    const r2 = pp[2] + z * pp[3];
    const z4 = z2 * z2;
    const s1 = 1 + z * qq[1];
    const s2 = qq[2] + z * qq[3];
    const s3 = qq[4] + z * qq[5];
    const r = r1 + z2 * r2 + z4 * pp[4];
    const s = s1 + z2 * s2 + z4 * s3;
    return x + x * (r / s);
  }
  if (ix < 0x3ff40000) {
    const s = Math.abs(x) - 1;
    const p1 = pa[0] + s * pa[1];
    const s2 = s * s;
    const q1 = 1 + s * qa[1];
    const s4 = s2 * s2;
    const p2 = pa[2] + s * pa[3];
    const s6 = s4 * s2;
    const q2 = qa[2] + s * qa[3];
    const p3 = pa[4] + s * pa[5];
    const q3 = qa[4] + s * qa[5];
    const p = p1 + s2 * p2 + s4 * p3 + s6 * pa[6];
    const q = q1 + s2 * q2 + s4 * q3 + s6 * qa[6];
    return hx >= 0 ? erx + p / q : -erx - p / q;
  }
  if (ix >= 0x40180000) return hx >= 0 ? 1 : -1;
  const a = Math.abs(x);
  const s = 1 / (a * a);
  let big: number;
  let small: number;
  if (ix < 0x4006db6e) {
    const r1 = ra[0] + s * ra[1];
    const s2 = s * s;
    const t1 = 1 + s * sa[1];
    const s4 = s2 * s2;
    const r2 = ra[2] + s * ra[3];
    const s6 = s4 * s2;
    const t2 = sa[2] + s * sa[3];
    const s8 = s4 * s4;
    const r3 = ra[4] + s * ra[5];
    const t3 = sa[4] + s * sa[5];
    const r4 = ra[6] + s * ra[7];
    const t4 = sa[6] + s * sa[7];
    big = r1 + s2 * r2 + s4 * r3 + s6 * r4;
    small = t1 + s2 * t2 + s4 * t3 + s6 * t4 + s8 * sa[8];
  } else {
    const r1 = rb[0] + s * rb[1];
    const s2 = s * s;
    const t1 = 1 + s * sb[1];
    const s4 = s2 * s2;
    const r2 = rb[2] + s * rb[3];
    const s6 = s4 * s2;
    const t2 = sb[2] + s * sb[3];
    const r3 = rb[4] + s * rb[5];
    const t3 = sb[4] + s * sb[5];
    const t4 = sb[6] + s * sb[7];
    big = r1 + s2 * r2 + s4 * r3 + s6 * rb[6];
    small = t1 + s2 * t2 + s4 * t3 + s6 * t4;
  }
  const z = clearLowWord(a);
  const e = exp(-z * z - 0.5625) * exp((z - a) * (z + a) + big / small);
  return hx >= 0 ? 1 - e / a : e / a - 1;
}

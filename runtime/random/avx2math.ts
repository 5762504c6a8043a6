// Float32 log, sin and cos as PyTorch's AVX2 normal_ kernel computes them.
//
// For contiguous float32 tensors of 16 or more elements, PyTorch's AVX2 build of normal_ runs
// Box-Muller on eight lanes at a time with the Cephes-style polynomials of "avx_mathfun.h"
// (Pommier's sse_mathfun ported to AVX). GCC compiles that file with -mfma and contracts a
// multiply whose only use is an add into one FMA, so some steps round once instead of twice. The
// functions below replay each lane's float32 operations in the same order, with Math.fround after
// every rounding step and fmaf where GCC fused; tested bit for bit against PyTorch 1.13.1.

import { fmaf } from './fused.js';

const f = Math.fround;

// Cephes logf: log(x) = e*ln2 + log(m), m in [sqrt(1/2), sqrt(2)), a degree-8 polynomial in m - 1.
const logPoly = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1,
  -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(f);
const logQ1 = f(-2.1219444e-4);
const logQ2 = f(0.693359375);
const sqrtHalf = f(Math.SQRT1_2);
const minNormal = 1.17549435e-38;

const bits = new Float32Array(1);
const words = new Uint32Array(bits.buffer);

/** Natural log of a float32, NaN for x <= 0 (log256_ps). */
export function logf(x: number): number {
  if (x <= 0 || x !== x) return NaN;
  bits[0] = Math.max(x, minNormal);
  const word = words[0];
  // Exponent of x as if its mantissa were in [0.5, 1), then that mantissa.
  let e = f((word >>> 23) - 127 + 1);
  words[0] = (word & 0x807fffff) | 0x3f000000;
  let m = bits[0];
  if (m < sqrtHalf) {
    e = f(e - 1);
    m = f(f(m - 1) + m);
  } else {
    m = f(m - 1);
  }
  const z = f(m * m);
  let y = logPoly[0];
  for (let i = 1; i < logPoly.length; i++) y = fmaf(y, m, logPoly[i]);
  y = f(y * m);
  y = fmaf(y, z, f(e * logQ1));
  y = f(y - f(z * 0.5));
  m = f(m + y);
  return fmaf(e, logQ2, m);
}

// Cephes sinf/cosf: reduce by multiples of pi/4 in three parts, then one of two polynomials.
const minusDP1 = f(-0.78515625);
const minusDP2 = f(-2.4187564849853516e-4);
const minusDP3 = f(-3.774894977445941e-8);
const sinP0 = f(-1.9515295891e-4);
const sinP1 = f(8.3321608736e-3);
const sinP2 = f(-1.6666654611e-1);
const cosP0 = f(2.443315711809948e-5);
const cosP1 = f(-1.388731625493765e-3);
const cosP2 = f(4.166664568298827e-2);
const fourOverPi = f(1.27323954473516);

// The sine sincosf leaves behind (a typed array slot: a module-level `let` of doubles would
// allocate a heap number on every write).
const sine = new Float32Array(1);

/** cos of a float32, with its sine left in sine[0] (sincos256_ps). */

export function sincosf(x: number): number {
  const negative = x < 0;
  let a = Math.abs(x);
  // j = (int)(a * 4/pi), rounded up to even: the octant pair.
  let j = Math.trunc(f(a * fourOverPi));
  j = (j + 1) & ~1;
  const y = f(j);
  const sinSwap = (j & 4) !== 0;
  const cosSwap = ((j - 2) & 4) === 0;
  const sinPolynomialIsSine = (j & 2) === 0;
  a = fmaf(y, minusDP1, a);
  a = fmaf(y, minusDP2, a);
  a = fmaf(y, minusDP3, a);
  const z = f(a * a);

  let c = fmaf(cosP0, z, cosP1);
  c = fmaf(c, z, cosP2);
  c = f(c * z);
  c = fmaf(c, z, -f(z * 0.5));
  c = f(c + 1);

  let s = fmaf(sinP0, z, sinP1);
  s = fmaf(s, z, sinP2);
  s = f(s * z);
  s = fmaf(s, a, a);

  const sinValue = sinPolynomialIsSine ? s : c;
  const cosValue = sinPolynomialIsSine ? c : s;
  sine[0] = negative !== sinSwap ? -sinValue : sinValue;
  return cosSwap ? -cosValue : cosValue;
}

const twoPi = f(2 * Math.PI);

/**
 * Box-Muller on one block of 16 uniforms in place (normal_fill_16_AVX2): lanes 0-7 hold u1, lanes
 * 8-15 u2; they become radius*cos*std + mean and radius*sin*std + mean, the last step an FMA.
 */
export function normalBlock16f(data: Float32Array, at: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = f(1 - data[at + j]);
    const u2 = data[at + j + 8];
    const radius = f(Math.sqrt(f(-2 * logf(u1))));
    const cosine = sincosf(f(twoPi * u2));
    data[at + j] = fmaf(f(radius * cosine), std, mean);
    data[at + j + 8] = fmaf(f(radius * sine[0]), std, mean);
  }
}

// The inverse error function as PyTorch's CPU erfinv_ computes it (calc_erfinv): a rational first
// guess, then two Newton steps through erf and exp. nn.init.trunc_normal_ runs it on every
// sample, so to reproduce its numbers the float32 version replays float arithmetic exactly:
// glibc's erff (fdlibm's single-precision algorithm, each step rounded to float), and the
// polynomials fused into FMAs as GCC compiles them for PyTorch's AVX2 kernels.

import { fma, fmaf } from './fused.js';
import { erfGlibc } from './erfd.js';
import { exp, log } from './libm.js';
import { erff, expf, logf } from './libmf.js';

const f = Math.fround;

// calc_erfinv's rational first guesses, inside |y| <= 0.7 and outside.
const centralA = [0.886226899, -1.645349621, 0.914624893, -0.140543331];
const centralB = [-2.118377725, 1.442710462, -0.329097515, 0.012229801];
const tailC = [-1.970840454, -1.624906493, 3.429567803, 1.641345311];
const tailD = [3.5438892, 1.6370678];

/** The arithmetic calc_erfinv is instantiated with: float32 (with FMA) or double (with FMA). */
interface Arithmetic {
  round(x: number): number;
  fma(a: number, b: number, c: number): number;
  erf(x: number): number;
  exp(x: number): number;
  log(x: number): number;
}

const single: Arithmetic = { round: f, fma: fmaf, erf: erff, exp: expf, log: logf };
const double: Arithmetic = { round: (x) => x, fma, erf: erfGlibc, exp, log };

/** a[n-1] z^(n-1) + ... + a[0] by Horner's rule, every step one fused multiply-add. */
function fusedHorner(m: Arithmetic, z: number, a: readonly number[]): number {
  let r = a[a.length - 1];
  for (let i = a.length - 2; i >= 0; i--) r = m.fma(r, z, a[i]);
  return r;
}

function calcErfinv(m: Arithmetic, y: number): number {
  const r = m.round;
  const yAbs = Math.abs(y);
  if (yAbs > 1) return NaN;
  if (yAbs === 1) return y > 0 ? Infinity : -Infinity;
  let x: number;
  if (yAbs <= r(0.7)) {
    const z = r(y * y);
    const num = fusedHorner(m, z, centralA.map(r));
    const dem = m.fma(fusedHorner(m, z, centralB.map(r)), z, 1);
    x = r(r(y * num) / dem);
  } else {
    const z = r(Math.sqrt(-m.log(r(r(1 - yAbs) / 2))));
    const num = fusedHorner(m, z, tailC.map(r));
    const dem = m.fma(fusedHorner(m, z, tailD.map(r)), z, 1);
    x = r((y < 0 || Object.is(y, -0) ? -Math.abs(num) : Math.abs(num)) / dem);
  }
  const slope = r(2 / r(Math.sqrt(Math.PI)));
  for (let step = 0; step < 2; step++) {
    const derivative = r(slope * m.exp(r(-x * x)));
    x = r(x - r(r(m.erf(x) - y) / derivative));
  }
  return x;
}

/** erfinv of a float32 exactly as PyTorch's CPU kernel returns it. */
export function erfinvf(y: number): number {
  return calcErfinv(single, y);
}

/** erfinv of a double: glibc's erf, correctly rounded exp and log (as glibc's nearly always are). */
export function erfinv(y: number): number {
  return calcErfinv(double, y);
}

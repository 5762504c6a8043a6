// Special functions the pointwise kernels call by name: erf, erfc, erfinv and round-half-to-even.
// They work in double precision; float32 results are these values rounded once, which stays
// within a few ulps of PyTorch's own single-precision approximations.

const twoOverSqrtPi = 1.1283791670955126;
const invSqrtPi = 0.5641895835477563;

// Polynomial fits made with mpmath.chebyfit at 40 digits (coefficients highest degree first):
//   erf(x) / x for x in [0, 1], as a polynomial in x^2 (13 terms);
//   erfc(x) * exp(x^2) on [1, 2], [2, 3], [3, 4.5], [4.5, 6], in x minus the middle (15 terms);
//   erfc(x) * exp(x^2) * x * sqrt(pi) for x >= 6, as a polynomial in 1 / x^2 (11 terms).
// Each is accurate to a few units in the last place of a double.
const erfSmall = [
  5.957176147748911e-11, -1.1372848856791674e-9, 1.4659775274047436e-8, -1.6350312701054695e-7,
  1.6461000484121368e-6, -1.4925595266831182e-5, 0.0001205533111164271, -0.000854832698083379,
  0.0052239776248180145, -0.026866170645076792, 0.11283791670954879, -0.3761263890318375,
  1.1283791670955126,
];
const erfcxPieces: { middle: number; coefficients: number[] }[] = [
  {
    middle: 1.5,
    coefficients: [
      1.7955431767928597e-7, -6.409316664251228e-7, 2.06241304824337e-6, -6.957954859174092e-6,
      2.2865187808212496e-5, -7.266219599461766e-5, 0.00022330985450405092, -0.0006619297304232824,
      0.0018861348817560994, -0.00514595756566068, 0.013377340952957192, -0.03293090529915301,
      0.07615103985547814, -0.16362291773256282, 0.3215854164543175,
    ],
  },
  {
    middle: 2.5,
    coefficients: [
      4.010268793982498e-9, -1.7022233265672403e-8, 6.706690790495327e-8, -2.7262986241901926e-7,
      1.0852366992052668e-6, -4.214357879841587e-6, 1.5961851696601105e-5, -5.8868958345706055e-5,
      0.00021101982436023977, -0.0007335909374729658, 0.002467036815699688, -0.008001569382093874,
      0.024937997086656914, -0.07434734678979472, 0.2108063640611436,
    ],
  },
  {
    middle: 3.75,
    coefficients: [
      8.033019565247281e-11, -4.168444685254684e-10, 1.9621534371375195e-9, -9.856381713110086e-9,
      4.886699609456013e-8, -2.376119739533175e-7, 1.1353251027414178e-6, -5.32667011423444e-6,
      2.451632543585439e-5, -0.00011057957524100632, 0.00048822238209247166, -0.0021072828701525935,
      0.008878755527325343, -0.03645625753272378, 0.14558972127503855,
    ],
  },
  {
    middle: 5.25,
    coefficients: [
      1.6547540532707908e-12, -1.0615284561152645e-11, 6.390613890363394e-11,
      -4.009840467565885e-10, 2.4914079692311725e-9, -1.5287817503200323e-8, 9.271690660768289e-8,
      -5.555580554482231e-7, 3.287547681028022e-6, -1.9204078677372368e-5, 0.00011068405606898015,
      -0.0006291014910422669, 0.0035241509401113973, -0.019445444672148652, 0.1056127354688918,
    ],
  },
];
const erfcxTail = [
  163198.90105722388, -44322.389845306614, 7186.220337647256, -1040.273582206813, 162.2046560799878,
  -29.529253063162052, 6.562488415851431, -1.8749999604706094, 0.7499999999303896,
  -0.4999999999999519, 1.0,
];

function horner(coefficients: readonly number[], x: number): number {
  let r = 0;
  for (let i = 0; i < coefficients.length; i++) r = r * x + coefficients[i];
  return r;
}

/**
 * exp(-x^2) without the rounding error of x^2, which exp would magnify by x^2: x splits into
 * a head with few enough bits that its square is exact, and a tail.
 */
function expMinusSquare(x: number): number {
  const head = Math.round(x * 4096) / 4096;
  const tail = x - head;
  // exp(-z) for |z| < 0.007 from its series; the first term left out is below 1e-16.
  const z = (2 * head + tail) * tail;
  const expTail = 1 - z * (1 - (z / 2) * (1 - (z / 3) * (1 - (z / 4) * (1 - z / 5))));
  return Math.exp(-head * head) * expTail;
}

/** erfc(x) for x >= 1. */
function erfcLarge(x: number): number {
  if (x >= 27) return 0;
  if (x >= 6) return ((expMinusSquare(x) * invSqrtPi) / x) * horner(erfcxTail, 1 / (x * x));
  const piece = erfcxPieces[x < 2 ? 0 : x < 3 ? 1 : x < 4.5 ? 2 : 3];
  return expMinusSquare(x) * horner(piece.coefficients, x - piece.middle);
}

export function erf(x: number): number {
  const a = Math.abs(x);
  if (a < 1) return x * horner(erfSmall, x * x);
  if (a >= 6) return x > 0 ? 1 : x < 0 ? -1 : NaN;
  const c = erfcLarge(a);
  return x > 0 ? 1 - c : c - 1;
}

export function erfc(x: number): number {
  if (x >= 1) return erfcLarge(x);
  if (x > -1) return 1 - x * horner(erfSmall, x * x);
  return 2 - erfcLarge(-x);
}

/**
 * The inverse of erf: Winitzki's closed form (relative error ~2e-3) refined by two Halley
 * steps, each of which cubes the error. Near |y| = 1 the residual is taken through erfc,
 * where 1 - |y| is still exact.
 */
export function erfinv(y: number): number {
  const a = Math.abs(y);
  if (!(a <= 1)) return NaN;
  if (a === 1) return y * Infinity;
  if (y === 0) return y;
  const shape = 0.147;
  const l = Math.log((1 - y) * (1 + y));
  const t = 2 / (Math.PI * shape) + l / 2;
  const sign = y > 0 ? 1 : -1;
  let x = sign * Math.sqrt(Math.sqrt(t * t - l / shape) - t);
  const complement = 1 - a;
  for (let i = 0; i < 2; i++) {
    const residual = a > 0.5 ? sign * (complement - erfc(sign * x)) : erf(x) - y;
    // f = erf(x) - y, f' = 2/sqrt(pi) e^{-x^2}, f'' = -2x f': Halley's step is f / (f' + x f).
    x -= residual / (twoOverSqrtPi * Math.exp(-x * x) + x * residual);
  }
  return x;
}

/** std::nearbyint in the default rounding mode: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// A NaN's sign bit is invisible to arithmetic; a store into a Float64Array keeps it.
const bits = new Float64Array(1);
const highWord = new Uint32Array(bits.buffer, 4, 1);

/** std::signbit: true for negative numbers, -0 and NaNs with the sign bit set. */
export function signbit(x: number): boolean {
  if (x === x) return x < 0 || (x === 0 && 1 / x < 0);
  bits[0] = x;
  return highWord[0] >>> 31 === 1;
}

// Correctly rounded log, sin and cos for doubles.
//
// PyTorch's double-precision samplers call glibc's log, sin and cos, which are correctly rounded in
// all but a few cases in a thousand; V8's Math.log/sin/cos (fdlibm) are off by an ulp far more
// often (one normal sample in twenty differed). Evaluating in double-double arithmetic (about 104
// bits) and rounding once reproduces glibc wherever glibc itself rounds correctly.

// ---- double-double arithmetic; each operation returns the high part and leaves the low in registers[0] ----

// The low part lives in a typed array: a module-level `let` holding doubles would allocate a heap
// number on every write.
const registers = new Float64Array(2);
const splitter = 134217729; // 2^27 + 1

function twoSum(a: number, b: number): number {
  const s = a + b;
  const bb = s - a;
  registers[0] = a - (s - bb) + (b - bb);
  return s;
}

function twoProduct(a: number, b: number): number {
  const p = a * b;
  let t = splitter * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = splitter * b;
  const bh = t - (t - b);
  const bl = b - bh;
  registers[0] = ah * bh - p + ah * bl + al * bh + al * bl;
  return p;
}

function ddAdd(ah: number, al: number, bh: number, bl: number): number {
  const s = twoSum(ah, bh);
  const e = registers[0] + al + bl;
  const r = s + e;
  registers[0] = e - (r - s);
  return r;
}

function ddMul(ah: number, al: number, bh: number, bl: number): number {
  const p = twoProduct(ah, bh);
  const e = registers[0] + (ah * bl + al * bh);
  const r = p + e;
  registers[0] = e - (r - p);
  return r;
}

function ddDiv(ah: number, al: number, bh: number, bl: number): number {
  const q1 = ah / bh;
  // remainder = a - q1 * b, then one correction step.
  const ph = ddMul(q1, 0, bh, bl);
  const pl = registers[0];
  const remainder = ddAdd(ah, al, -ph, -pl);
  const q2 = remainder / bh;
  const r = q1 + q2;
  registers[0] = q2 - (r - q1);
  return r;
}

/** Pairs (high, low) of 1/d for each denominator, computed once in double-double. */
function reciprocals(denominators: readonly number[]): Float64Array {
  const out = new Float64Array(denominators.length * 2);
  denominators.forEach((d, i) => {
    out[2 * i] = ddDiv(1, 0, d, 0);
    out[2 * i + 1] = registers[0];
  });
  return out;
}

// ---- log ----

const ln2High = 0.6931471805599453;
const ln2Low = 2.3190468138462996e-17;

// log(m) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), s = (m - 1) / (m + 1), |s| < 0.172 for
// m in [sqrt(1/2), sqrt(2)): 22 terms reach 2^-110.
const atanhTerms = 22;
const oddReciprocals = reciprocals(Array.from({ length: atanhTerms }, (_, i) => 2 * i + 1));

const scratch = new DataView(new ArrayBuffer(8));

/** The exponent k of the last splitMantissa: x = m * 2^k. */
let splitK = 0;

/** m with x = m * 2^k, m in [sqrt(1/2), sqrt(2)), for positive finite x; k left in splitK. */
function splitMantissa(x: number): number {
  let k = 0;
  if (x < 2 ** -1000) {
    x *= 2 ** 100;
    k -= 100;
  }
  scratch.setFloat64(0, x);
  const hi = scratch.getUint32(0);
  let e = ((hi >>> 20) & 0x7ff) - 1023;
  scratch.setUint32(0, (hi & 0x800fffff) | (1023 << 20));
  let m = scratch.getFloat64(0);
  if (m > Math.SQRT2) {
    m /= 2;
    e += 1;
  }
  splitK = k + e;
  return m;
}

/** 2 atanh(s) for s = (m - c) / (m + c), i.e. log(m / c), summing `terms` odd powers. */
function logRatio(m: number, c: number, terms: number): number {
  const denHigh = twoSum(m, c);
  const denLow = registers[0];
  // m - c is exact: the two are within a factor of two of each other (Sterbenz).
  const sh = ddDiv(m - c, 0, denHigh, denLow);
  const sl = registers[0];
  const zh = ddMul(sh, sl, sh, sl);
  const zl = registers[0];
  let ph = oddReciprocals[2 * (terms - 1)];
  let pl = oddReciprocals[2 * (terms - 1) + 1];
  for (let i = terms - 2; i >= 0; i--) {
    ph = ddMul(ph, pl, zh, zl);
    pl = registers[0];
    ph = ddAdd(ph, pl, oddReciprocals[2 * i], oddReciprocals[2 * i + 1]);
    pl = registers[0];
  }
  return ddMul(ph, pl, 2 * sh, 2 * sl);
}

// log(c) for c = 1 + j/64 across [sqrt(1/2), sqrt(2)]: then |m - c| <= 1/128 and 8 terms of the
// series reach 2^-110 where 22 were needed around 1.
const logGrid = 64;
const logFirst = -19;
const logTable = new Float64Array(2 * 47);
for (let j = logFirst; j < logFirst + 47; j++) {
  const c = 1 + j / logGrid;
  logTable[2 * (j - logFirst)] = c === 1 ? 0 : logRatio(c, 1, atanhTerms);
  logTable[2 * (j - logFirst) + 1] = c === 1 ? 0 : registers[0];
}

export function log(x: number): number {
  if (!(x > 0) || x === Infinity) return Math.log(x);
  if (x === 1) return 0;
  const m = splitMantissa(x);
  const k = splitK;
  const j = Math.round((m - 1) * logGrid);
  let h = logRatio(m, 1 + j / logGrid, 8);
  let l = registers[0];
  h = ddAdd(h, l, logTable[2 * (j - logFirst)], logTable[2 * (j - logFirst) + 1]);
  l = registers[0];
  if (k === 0) return h + l;
  const kh = twoProduct(k, ln2High);
  const kl = registers[0] + k * ln2Low;
  const r = ddAdd(kh, kl, h, l);
  return r + registers[0];
}

// ---- sin and cos ----

// pi/2 as three doubles: enough that x - k*pi/2 keeps full precision for |x| < 2^20.
const halfPi1 = 1.5707963267948966;
const halfPi2 = 6.123233995736766e-17;
const halfPi3 = -1.4973849048591698e-33;

// Taylor coefficients 1/(2i+1)! (sine) and 1/(2i)! (cosine): 15 terms reach 2^-110 on
// |r| <= pi/4, which builds the table below; 7 reach it on |d| <= 1/128, what each call needs.
const taylorTerms = 15;
const shortTerms = 7;
const factorials: number[] = [1];
for (let i = 1; i <= 2 * taylorTerms + 1; i++) factorials.push(factorials[i - 1] * i);
const sineCoefficients = reciprocals(
  Array.from({ length: taylorTerms }, (_, i) => factorials[2 * i + 1]),
);
const cosineCoefficients = reciprocals(
  Array.from({ length: taylorTerms }, (_, i) => factorials[2 * i]),
);

/** sum_i (-1)^i c_i z^i for i < terms, in double-double, z = r^2. */
function alternatingSeries(c: Float64Array, terms: number, zh: number, zl: number): number {
  const last = terms - 1;
  const lastSign = last % 2 === 0 ? 1 : -1;
  let ph = lastSign * c[2 * last];
  let pl = lastSign * c[2 * last + 1];
  for (let i = last - 1; i >= 0; i--) {
    ph = ddMul(ph, pl, zh, zl);
    pl = registers[0];
    const sign = i % 2 === 0 ? 1 : -1;
    ph = ddAdd(ph, pl, sign * c[2 * i], sign * c[2 * i + 1]);
    pl = registers[0];
  }
  return ph;
}

/** sin(h + l) as a double-double, by `terms` terms of its series. */
function sineSeries(h: number, l: number, terms: number): number {
  const zh = ddMul(h, l, h, l);
  const zl = registers[0];
  const sh = alternatingSeries(sineCoefficients, terms, zh, zl);
  return ddMul(sh, registers[0], h, l);
}

/** cos(h + l) as a double-double, by `terms` terms of its series. */
function cosineSeries(h: number, l: number, terms: number): number {
  const zh = ddMul(h, l, h, l);
  return alternatingSeries(cosineCoefficients, terms, zh, registers[0]);
}

// sin and cos of j/64 for |j| <= 51 (past pi/4), as double-doubles.
const trigGrid = 64;
const trigSpan = 51;
const sinTable = new Float64Array(2 * (2 * trigSpan + 1));
const cosTable = new Float64Array(2 * (2 * trigSpan + 1));
for (let j = -trigSpan; j <= trigSpan; j++) {
  const at = 2 * (j + trigSpan);
  sinTable[at] = sineSeries(j / trigGrid, 0, taylorTerms);
  sinTable[at + 1] = registers[0];
  cosTable[at] = cosineSeries(j / trigGrid, 0, taylorTerms);
  cosTable[at + 1] = registers[0];
}

/** Reduces x to r = x - k*pi/2 (double-double in registers 1 and 0); returns k mod 4. */
function reduce(x: number): number {
  const k = Math.round(x / halfPi1);
  let h = twoProduct(-k, halfPi1);
  let l = registers[0];
  h = ddAdd(x, 0, h, l);
  l = registers[0];
  h = ddAdd(h, l, -k * halfPi2, -twoProductLow(k, halfPi2));
  l = registers[0];
  h = ddAdd(h, l, -k * halfPi3, 0);
  registers[1] = h;
  return ((k % 4) + 4) % 4;
}

function twoProductLow(a: number, b: number): number {
  twoProduct(a, b);
  return registers[0];
}

/**
 * sin(r) (wantSine) or cos(r) for the reduced |r| <= pi/4 as a double-double: r = j/64 + d, then
 * the angle-sum formulas with the table and short series for d.
 */
function angleSum(h: number, l: number, wantSine: boolean): number {
  const j = Math.round(h * trigGrid);
  // h - j/64 is exact: the two are within a factor of two of each other, or j is 0.
  const dh = ddAdd(h - j / trigGrid, 0, l, 0);
  const dl = registers[0];
  const sdh = sineSeries(dh, dl, shortTerms);
  const sdl = registers[0];
  const cdh = cosineSeries(dh, dl, shortTerms);
  const cdl = registers[0];
  const at = 2 * (j + trigSpan);
  const sh = sinTable[at];
  const sl = sinTable[at + 1];
  const ch = cosTable[at];
  const cl = cosTable[at + 1];
  let ah: number;
  let al: number;
  let bh: number;
  let bl: number;
  if (wantSine) {
    // sin(a + d) = sin a cos d + cos a sin d
    ah = ddMul(sh, sl, cdh, cdl);
    al = registers[0];
    bh = ddMul(ch, cl, sdh, sdl);
    bl = registers[0];
  } else {
    // cos(a + d) = cos a cos d - sin a sin d
    ah = ddMul(ch, cl, cdh, cdl);
    al = registers[0];
    bh = -ddMul(sh, sl, sdh, sdl);
    bl = -registers[0];
  }
  return ddAdd(ah, al, bh, bl);
}

/** sin(r) or cos(r) for the reduced r, rounded to double. */
function ofReduced(h: number, l: number, wantSine: boolean): number {
  const r = angleSum(h, l, wantSine);
  return r + registers[0];
}

const reducibleLimit = 2 ** 20;

export function sin(x: number): number {
  if (!(Math.abs(x) < reducibleLimit)) return Math.sin(x);
  if (Math.abs(x) < 2 ** -26) return x;
  const q = reduce(x);
  const h = registers[1];
  const l = registers[0];
  if (q === 0) return ofReduced(h, l, true);
  if (q === 1) return ofReduced(h, l, false);
  if (q === 2) return -ofReduced(h, l, true);
  return -ofReduced(h, l, false);
}

export function cos(x: number): number {
  if (!(Math.abs(x) < reducibleLimit)) return Math.cos(x);
  if (Math.abs(x) < 2 ** -27) return 1;
  const q = reduce(x);
  const h = registers[1];
  const l = registers[0];
  if (q === 0) return ofReduced(h, l, false);
  if (q === 1) return -ofReduced(h, l, true);
  if (q === 2) return -ofReduced(h, l, false);
  return ofReduced(h, l, true);
}

/** tan(x), correctly rounded: sin over cos of the reduced argument in double-double. */
export function tan(x: number): number {
  if (!(Math.abs(x) < reducibleLimit)) return Math.tan(x);
  if (Math.abs(x) < 2 ** -27) return x;
  const q = reduce(x);
  const h = registers[1];
  const l = registers[0];
  const sh = angleSum(h, l, true);
  const sl = registers[0];
  const ch = angleSum(h, l, false);
  const cl = registers[0];
  // tan(r + k pi/2) is tan r for even k, -cot r for odd k.
  const r = q % 2 === 0 ? ddDiv(sh, sl, ch, cl) : -ddDiv(ch, cl, sh, sl);
  return q % 2 === 0 ? r + registers[0] : r - registers[0];
}

// ---- exp ----

// exp(r) for |r| <= ln2/2 by its Taylor series: 1/n! for n = 0..24 reaches 2^-110.
const expTerms = 25;
const inverseFactorials = reciprocals(Array.from({ length: expTerms }, (_, n) => factorials[n]));

/** exp of the double-double xh + xl, as a double-double (high returned, low in `registers[0]`). */
function expDouble(xh: number, xl: number): number {
  const k = Math.round(xh / ln2High);
  let rh = ddAdd(xh, xl, -twoProduct(k, ln2High), -registers[0]);
  let rl = registers[0];
  rh = ddAdd(rh, rl, -k * ln2Low, 0);
  rl = registers[0];
  let ph = inverseFactorials[2 * (expTerms - 1)];
  let pl = inverseFactorials[2 * (expTerms - 1) + 1];
  for (let n = expTerms - 2; n >= 0; n--) {
    ph = ddMul(ph, pl, rh, rl);
    pl = registers[0];
    ph = ddAdd(ph, pl, inverseFactorials[2 * n], inverseFactorials[2 * n + 1]);
    pl = registers[0];
  }
  // Scaling by 2^k is exact; two steps keep 2^k itself representable near the extremes.
  const half = Math.trunc(k / 2);
  const scale = 2 ** half * 2 ** (k - half);
  registers[0] = pl * scale;
  return ph * scale;
}

export function exp(x: number): number {
  if (!(x > -708 && x < 709.7)) return Math.exp(x);
  const r = expDouble(x, 0);
  return r + registers[0];
}

/** 2^x, correctly rounded. */
export function exp2(x: number): number {
  if (!(x > -1020 && x < 1023)) return 2 ** x;
  const h = twoProduct(x, ln2High);
  const r = expDouble(h, registers[0] + x * ln2Low);
  return r + registers[0];
}

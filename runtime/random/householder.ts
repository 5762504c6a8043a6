// The QR factorisation behind nn.init.orthogonal_, operation for operation as PyTorch gets it from
// the reference LAPACK and BLAS it links here (3.11): xGEQRF then xORGQR. Up to 128 columns they
// run the unblocked xGEQR2 / xORG2R: Householder reflections built by xLARFG (with xNRM2's scaled
// sum of squares and xLAPY2) and applied by xLARF (a transposed xGEMV and a rank-one xGER). Wider
// matrices go through blocks of 32 reflectors (xLARFT, xLARFB), as LAPACK's crossover says. Every
// operation rounds to the matrix's precision in the order of the Fortran loops, so float32 results
// match bit for bit. Matrices are column-major, as LAPACK keeps them.

import { at, ger, gemvT, larfbLeft, larft, sub, type View } from './blas.js';

/** Rounding and the scaling constants of Blue's norm for one precision. */
interface Precision {
  readonly round: (x: number) => number;
  /** xNRM2's thresholds: below tsml and above tbig entries are scaled by ssml and sbig. */
  readonly tsml: number;
  readonly tbig: number;
  readonly ssml: number;
  readonly sbig: number;
  /** xLAMCH('S') / xLAMCH('E'): below it xLARFG rescales. */
  readonly safmin: number;
}

const single: Precision = {
  round: Math.fround,
  tsml: 2 ** -63,
  tbig: 2 ** 52,
  ssml: 2 ** 75,
  sbig: 2 ** -76,
  safmin: 2 ** -102,
};

const double: Precision = {
  round: (x) => x,
  tsml: 2 ** -511,
  tbig: 2 ** 486,
  ssml: 2 ** 537,
  sbig: 2 ** -538,
  safmin: 2 ** -969,
};

/** xNRM2 of n entries of `a` from `start` (stride 1), Blue's three accumulators. */
function nrm2(p: Precision, a: Float64Array, start: number, n: number): number {
  const r = p.round;
  let small = 0;
  let medium = 0;
  let big = 0;
  let notBig = true;
  for (let i = 0; i < n; i++) {
    const ax = Math.abs(a[start + i]);
    if (ax > p.tbig) {
      const s = r(ax * p.sbig);
      big = r(big + r(s * s));
      notBig = false;
    } else if (ax < p.tsml) {
      if (notBig) {
        const s = r(ax * p.ssml);
        small = r(small + r(s * s));
      }
    } else {
      medium = r(medium + r(ax * ax));
    }
  }
  let scale: number;
  let sumsq: number;
  if (big > 0) {
    if (medium > 0 || medium !== medium) big = r(big + r(r(medium * p.sbig) * p.sbig));
    scale = r(1 / p.sbig);
    sumsq = big;
  } else if (small > 0) {
    if (medium > 0 || medium !== medium) {
      const med = r(Math.sqrt(medium));
      const sml = r(r(Math.sqrt(small)) / p.ssml);
      const [ymin, ymax] = sml > med ? [med, sml] : [sml, med];
      const q = r(ymin / ymax);
      scale = 1;
      sumsq = r(r(ymax * ymax) * r(1 + r(q * q)));
    } else {
      scale = r(1 / p.ssml);
      sumsq = small;
    }
  } else {
    scale = 1;
    sumsq = medium;
  }
  return r(scale * r(Math.sqrt(sumsq)));
}

/** xLAPY2: sqrt(x^2 + y^2) without needless overflow. */
function lapy2(p: Precision, x: number, y: number): number {
  const r = p.round;
  const xa = Math.abs(x);
  const ya = Math.abs(y);
  const w = Math.max(xa, ya);
  const z = Math.min(xa, ya);
  if (z === 0) return w;
  const q = r(z / w);
  return r(w * r(Math.sqrt(r(1 + r(q * q)))));
}

/** Fortran's SIGN(a, b): |a| with b's sign (a negative zero counts as negative). */
function withSign(a: number, b: number): number {
  return b < 0 || Object.is(b, -0) ? -Math.abs(a) : Math.abs(a);
}

/**
 * xLARFG on the n entries of column `a` from its first: makes the reflector that zeroes all but
 * the first, leaving beta there and v below it (v(1) = 1 implied); returns tau.
 */
function larfg(p: Precision, a: View, n: number): number {
  const r = p.round;
  if (n <= 1) return 0;
  const d = a.d;
  const head = a.o;
  let xnorm = nrm2(p, d, head + 1, n - 1);
  if (xnorm === 0) return 0;
  let alpha = d[head];
  let beta = -withSign(lapy2(p, alpha, xnorm), alpha);
  let rescalings = 0;
  if (Math.abs(beta) < p.safmin) {
    const inverse = r(1 / p.safmin);
    do {
      rescalings++;
      for (let k = 1; k < n; k++) d[head + k] = r(inverse * d[head + k]);
      beta = r(beta * inverse);
      alpha = r(alpha * inverse);
    } while (Math.abs(beta) < p.safmin && rescalings < 20);
    xnorm = nrm2(p, d, head + 1, n - 1);
    beta = -withSign(lapy2(p, alpha, xnorm), alpha);
  }
  const tau = r(r(beta - alpha) / beta);
  const scale = r(1 / r(alpha - beta));
  for (let k = 1; k < n; k++) d[head + k] = r(scale * d[head + k]);
  for (let k = 0; k < rescalings; k++) beta = r(beta * p.safmin);
  d[head] = beta;
  return tau;
}

/**
 * xLARF from the left: C := (I - tau v v^T) C for the rows-by-cols C, v contiguous with v(1) = 1.
 * Trailing zeros of v and zero trailing columns of C are skipped, as the reference code scans.
 */
function larfLeft(
  p: Precision,
  rows: number,
  cols: number,
  v: View,
  tau: number,
  c: View,
  work: View,
): void {
  if (tau === 0) return;
  const d = c.d;
  let lastv = rows;
  while (lastv > 0 && v.d[v.o + lastv - 1] === 0) lastv--;
  const nonzero = (j: number) => {
    for (let k = 0; k < lastv; k++) if (d[at(c, k, j)] !== 0) return true;
    return false;
  };
  let lastc = cols;
  if (cols > 0 && d[at(c, 0, cols - 1)] === 0 && d[at(c, lastv - 1, cols - 1)] === 0) {
    while (lastc > 0 && !nonzero(lastc - 1)) lastc--;
  }
  if (lastv === 0) return;
  gemvT(p.round, lastv, lastc, 1, c, v, 0, work);
  ger(p.round, lastv, lastc, -tau, v, work, c);
}

/** xGEQR2 on the rows-by-cols A: R above the diagonal, reflectors below, taus into tau. */
function geqr2(
  p: Precision,
  rows: number,
  cols: number,
  a: View,
  tau: Float64Array,
  tauAt: number,
  work: View,
): void {
  const k = Math.min(rows, cols);
  for (let i = 0; i < k; i++) {
    const column = sub(a, i, i);
    tau[tauAt + i] = larfg(p, column, rows - i);
    if (i < cols - 1) {
      const saved = a.d[column.o];
      a.d[column.o] = 1;
      larfLeft(p, rows - i, cols - i - 1, column, tau[tauAt + i], sub(a, i, i + 1), work);
      a.d[column.o] = saved;
    }
  }
}

/** xORG2R: the first cols columns of Q from the k reflectors stored in A. */
function org2r(
  p: Precision,
  rows: number,
  cols: number,
  k: number,
  a: View,
  tau: Float64Array,
  tauAt: number,
  work: View,
): void {
  const r = p.round;
  const d = a.d;
  for (let j = k; j < cols; j++) {
    for (let l = 0; l < rows; l++) d[at(a, l, j)] = 0;
    d[at(a, j, j)] = 1;
  }
  for (let i = k - 1; i >= 0; i--) {
    const t = tau[tauAt + i];
    if (i < cols - 1) {
      d[at(a, i, i)] = 1;
      larfLeft(p, rows - i, cols - i - 1, sub(a, i, i), t, sub(a, i, i + 1), work);
    }
    for (let l = i + 1; l < rows; l++) d[at(a, l, i)] = r(-t * d[at(a, l, i)]);
    d[at(a, i, i)] = r(1 - t);
    for (let l = 0; l < i; l++) d[at(a, l, i)] = 0;
  }
}

// LAPACK's tuning (ilaenv) for xGEQRF and xORGQR: blocks of 32, unblocked up to 128 columns.
const blockSize = 32;
const crossover = 128;

function workspace(rows: number, cols: number): View {
  return { d: new Float64Array(Math.max(rows * cols, 1)), o: 0, ld: Math.max(rows, 1) };
}

/** xGEQRF on the rows-by-cols A. */
function geqrf(p: Precision, rows: number, cols: number, a: View): Float64Array {
  const k = Math.min(rows, cols);
  const tau = new Float64Array(k);
  const work = workspace(cols, 1);
  let i = 0;
  if (blockSize < k && crossover < k) {
    const t = workspace(blockSize, blockSize);
    const w = workspace(cols, blockSize);
    for (; i < k - crossover; i += blockSize) {
      const ib = Math.min(k - i, blockSize);
      geqr2(p, rows - i, ib, sub(a, i, i), tau, i, work);
      if (i + ib < cols) {
        larft(p.round, rows - i, ib, sub(a, i, i), tau.subarray(i), t);
        larfbLeft(
          p.round,
          true,
          rows - i,
          cols - i - ib,
          ib,
          sub(a, i, i),
          t,
          sub(a, i, i + ib),
          w,
        );
      }
    }
  }
  if (i < k) geqr2(p, rows - i, cols - i, sub(a, i, i), tau, i, work);
  return tau;
}

/** xORGQR with k = cols: overwrites the reflectors in A with Q's first cols columns. */
function orgqr(p: Precision, rows: number, cols: number, a: View, tau: Float64Array): void {
  const k = cols;
  const work = workspace(cols, 1);
  let blocked = 0;
  let lastBlock = 0;
  if (blockSize < k && crossover < k) {
    lastBlock = Math.floor((k - crossover - 1) / blockSize) * blockSize;
    blocked = Math.min(k, lastBlock + blockSize);
    for (let j = blocked; j < cols; j++) for (let i = 0; i < blocked; i++) a.d[at(a, i, j)] = 0;
  }
  if (blocked < cols) {
    org2r(
      p,
      rows - blocked,
      cols - blocked,
      k - blocked,
      sub(a, blocked, blocked),
      tau,
      blocked,
      work,
    );
  }
  if (blocked === 0) return;
  const t = workspace(blockSize, blockSize);
  const w = workspace(cols, blockSize);
  for (let i = lastBlock; i >= 0; i -= blockSize) {
    const ib = Math.min(blockSize, k - i);
    if (i + ib < cols) {
      larft(p.round, rows - i, ib, sub(a, i, i), tau.subarray(i), t);
      larfbLeft(p.round, false, rows - i, cols - i - ib, ib, sub(a, i, i), t, sub(a, i, i + ib), w);
    }
    org2r(p, rows - i, ib, ib, sub(a, i, i), tau, i, work);
    for (let j = i; j < i + ib; j++) for (let l = 0; l < i; l++) a.d[at(a, l, j)] = 0;
  }
}

/**
 * orthogonal_'s matrix: for the rows-by-cols row-major `values`, Q of the QR factorisation of it
 * (or of its transpose when it is wide), each column signed by R's diagonal, returned row-major
 * in the rows-by-cols shape.
 */
export function orthogonalFactor(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  isSingle: boolean,
): Float64Array {
  const p = isSingle ? single : double;
  const wide = rows < cols;
  const m = wide ? cols : rows;
  const n = wide ? rows : cols;
  // Column-major A (m x n): A(i, j) = values[i][j], or values[j][i] for a wide matrix.
  const a: View = { d: new Float64Array(m * n), o: 0, ld: m };
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      a.d[at(a, i, j)] = wide ? values[j * cols + i] : values[i * cols + j];
    }
  }
  const tau = geqrf(p, m, n, a);
  const signs = Array.from({ length: n }, (_, j) => Math.sign(a.d[at(a, j, j)]));
  orgqr(p, m, n, a, tau);
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const q = a.d[at(a, i, j)] * signs[j];
      if (wide) out[j * cols + i] = q;
      else out[i * cols + j] = q;
    }
  }
  return out;
}

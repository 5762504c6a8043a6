// The reference BLAS routines (and LAPACK's block reflector helpers) that PyTorch's QR reaches,
// with the loop order of the Fortran reference implementation, so each sum rounds in the same
// sequence. Matrices are column-major views: element (i, j) of `m` is m.d[m.o + i + j * m.ld].
// Every result goes through the precision's rounding (Math.fround for float32).

/** A column-major matrix view over a shared buffer. */
export interface View {
  readonly d: Float64Array;
  /** Offset of element (0, 0). */
  readonly o: number;
  /** Leading dimension: the distance between columns. */
  readonly ld: number;
}

export type Round = (x: number) => number;

export function at(m: View, i: number, j: number): number {
  return m.o + i + j * m.ld;
}

/** The view of m starting at row i, column j. */
export function sub(m: View, i: number, j: number): View {
  return { d: m.d, o: at(m, i, j), ld: m.ld };
}

/** y := alpha A^T x + beta y for the rows x m by cols n block A; x and y contiguous (xGEMV 'T'). */
export function gemvT(
  r: Round,
  rows: number,
  cols: number,
  alpha: number,
  a: View,
  x: View,
  beta: number,
  y: View,
): void {
  if (rows === 0 || cols === 0 || (alpha === 0 && beta === 1)) return;
  if (beta !== 1) {
    for (let j = 0; j < cols; j++) y.d[y.o + j] = beta === 0 ? 0 : r(beta * y.d[y.o + j]);
  }
  if (alpha === 0) return;
  for (let j = 0; j < cols; j++) {
    let t = 0;
    const col = at(a, 0, j);
    for (let i = 0; i < rows; i++) t = r(t + r(a.d[col + i] * x.d[x.o + i]));
    y.d[y.o + j] = r(y.d[y.o + j] + r(alpha * t));
  }
}

/** A := A + alpha x y^T (xGER), x and y contiguous. */
export function ger(
  r: Round,
  rows: number,
  cols: number,
  alpha: number,
  x: View,
  y: View,
  a: View,
): void {
  for (let j = 0; j < cols; j++) {
    const yj = y.d[y.o + j];
    if (yj === 0) continue;
    const t = r(alpha * yj);
    const col = at(a, 0, j);
    for (let i = 0; i < rows; i++) a.d[col + i] = r(a.d[col + i] + r(x.d[x.o + i] * t));
  }
}

/** x := T x for the upper triangular, non-unit n-by-n T (xTRMV 'U', 'N', 'N'), x contiguous. */
export function trmvUpper(r: Round, n: number, t: View, x: View): void {
  for (let j = 0; j < n; j++) {
    const xj = x.d[x.o + j];
    if (xj === 0) continue;
    for (let i = 0; i < j; i++) x.d[x.o + i] = r(x.d[x.o + i] + r(xj * t.d[at(t, i, j)]));
    x.d[x.o + j] = r(xj * t.d[at(t, j, j)]);
  }
}

/** B(:, j) += s * B(:, k) over `rows` rows, s = A's entry, skipped when zero (xTRMM's inner step). */
function addColumn(r: Round, rows: number, b: View, j: number, k: number, s: number): void {
  if (s === 0) return;
  const cj = at(b, 0, j);
  const ck = at(b, 0, k);
  for (let i = 0; i < rows; i++) b.d[cj + i] = r(b.d[cj + i] + r(s * b.d[ck + i]));
}

function scaleColumn(r: Round, rows: number, b: View, j: number, s: number): void {
  const cj = at(b, 0, j);
  for (let i = 0; i < rows; i++) b.d[cj + i] = r(s * b.d[cj + i]);
}

/**
 * B := B op(A) for the rows-by-n B and the n-by-n triangular A (xTRMM with SIDE 'R', ALPHA 1):
 * `upper` picks A's triangle, `transpose` op(A) = A^T, `unit` an implicit unit diagonal.
 */
export function trmmRight(
  r: Round,
  rows: number,
  n: number,
  a: View,
  b: View,
  upper: boolean,
  transpose: boolean,
  unit: boolean,
): void {
  const diag = (j: number) => a.d[at(a, j, j)];
  if (!transpose && upper) {
    for (let j = n - 1; j >= 0; j--) {
      if (!unit) scaleColumn(r, rows, b, j, diag(j));
      for (let k = 0; k < j; k++) addColumn(r, rows, b, j, k, a.d[at(a, k, j)]);
    }
  } else if (!transpose) {
    for (let j = 0; j < n; j++) {
      if (!unit) scaleColumn(r, rows, b, j, diag(j));
      for (let k = j + 1; k < n; k++) addColumn(r, rows, b, j, k, a.d[at(a, k, j)]);
    }
  } else if (upper) {
    for (let k = 0; k < n; k++) {
      for (let j = 0; j < k; j++) addColumn(r, rows, b, j, k, a.d[at(a, j, k)]);
      if (!unit && diag(k) !== 1) scaleColumn(r, rows, b, k, diag(k));
    }
  } else {
    for (let k = n - 1; k >= 0; k--) {
      for (let j = k + 1; j < n; j++) addColumn(r, rows, b, j, k, a.d[at(a, j, k)]);
      if (!unit && diag(k) !== 1) scaleColumn(r, rows, b, k, diag(k));
    }
  }
}

/** C := A^T B + C for A inner-by-m, B inner-by-n, C m-by-n (xGEMM 'T', 'N', ALPHA = BETA = 1). */
export function gemmTN(
  r: Round,
  m: number,
  n: number,
  inner: number,
  a: View,
  b: View,
  c: View,
): void {
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < m; i++) {
      let t = 0;
      const ai = at(a, 0, i);
      const bj = at(b, 0, j);
      for (let l = 0; l < inner; l++) t = r(t + r(a.d[ai + l] * b.d[bj + l]));
      const ci = at(c, i, j);
      c.d[ci] = r(t + c.d[ci]);
    }
  }
}

/** C := C - A B^T for A m-by-inner, B n-by-inner, C m-by-n (xGEMM 'N', 'T', ALPHA -1, BETA 1). */
export function gemmNTminus(
  r: Round,
  m: number,
  n: number,
  inner: number,
  a: View,
  b: View,
  c: View,
): void {
  for (let j = 0; j < n; j++) {
    const cj = at(c, 0, j);
    for (let l = 0; l < inner; l++) {
      const t = -b.d[at(b, j, l)];
      const al = at(a, 0, l);
      for (let i = 0; i < m; i++) c.d[cj + i] = r(c.d[cj + i] + r(t * a.d[al + i]));
    }
  }
}

/**
 * xLARFT ('F', 'C'): the upper triangular k-by-k T of the block reflector H = H(1) ... H(k),
 * whose vectors are the columns of the rows-by-k V (unit diagonal implied).
 */
export function larft(
  r: Round,
  rows: number,
  k: number,
  v: View,
  tau: ArrayLike<number>,
  t: View,
): void {
  let previousLast = rows - 1;
  for (let i = 0; i < k; i++) {
    previousLast = Math.max(i, previousLast);
    if (tau[i] === 0) {
      for (let j = 0; j <= i; j++) t.d[at(t, j, i)] = 0;
      continue;
    }
    let last = rows - 1;
    while (last > i && v.d[at(v, last, i)] === 0) last--;
    for (let j = 0; j < i; j++) t.d[at(t, j, i)] = r(-tau[i] * v.d[at(v, i, j)]);
    const end = Math.min(last, previousLast);
    // T(0:i, i) += -tau_i V(i+1:end, 0:i)^T V(i+1:end, i)
    gemvT(r, end - i, i, -tau[i], sub(v, i + 1, 0), sub(v, i + 1, i), 1, sub(t, 0, i));
    trmvUpper(r, i, t, sub(t, 0, i));
    t.d[at(t, i, i)] = tau[i];
    previousLast = i > 0 ? Math.max(previousLast, last) : last;
  }
}

/**
 * xLARFB ('L', trans, 'F', 'C'): C := H^T C (transpose) or H C for the rows-by-cols C, with the
 * block reflector of the rows-by-k V and its T; `w` is cols-by-k workspace.
 */
export function larfbLeft(
  r: Round,
  transpose: boolean,
  rows: number,
  cols: number,
  k: number,
  v: View,
  t: View,
  c: View,
  w: View,
): void {
  if (rows <= 0 || cols <= 0) return;
  // W := C1^T, then W := W V1
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < cols; i++) w.d[at(w, i, j)] = c.d[at(c, j, i)];
  }
  trmmRight(r, cols, k, v, w, false, false, true);
  if (rows > k) gemmTN(r, cols, k, rows - k, sub(c, k, 0), sub(v, k, 0), w);
  // W := W T^T for H C, W T for H^T C
  trmmRight(r, cols, k, t, w, true, !transpose, false);
  if (rows > k) gemmNTminus(r, rows - k, cols, k, sub(v, k, 0), w, sub(c, k, 0));
  trmmRight(r, cols, k, v, w, false, true, true);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < cols; i++) {
      const ci = at(c, j, i);
      c.d[ci] = r(c.d[ci] - w.d[at(w, i, j)]);
    }
  }
}

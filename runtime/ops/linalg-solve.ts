// det, inverse and solve through an LU factorisation with partial pivoting, in double precision
// (LAPACK's getrf/getrs in float32 for float32 inputs; the results agree to rounding). Matrices
// here are small, as notebooks use them, so a plain O(n^3) loop per matrix is enough.

import { check, linAlgError } from '../errors.js';
import { isFloating, scalarTypeName } from '../tensor/dtype.js';
import { broadcastShapes, numelOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { expandView, transposeView, writeOutExact } from './linalg-views.js';
import { def } from './registry.js';

interface Factored {
  /** L (unit diagonal, below) and U (on and above), row-major n x n. */
  readonly lu: Float64Array;
  readonly pivots: Int32Array;
  /** +1 or -1: the parity of the row swaps. */
  readonly sign: number;
  /** 1-based index of the first zero pivot (LAPACK's info), 0 when there is none. */
  readonly singularAt: number;
}

/** getf2: column by column, swapping up the largest remaining entry (the first on ties). */
function luFactor(matrix: Float64Array, n: number): Factored {
  const a = matrix;
  const pivots = new Int32Array(n);
  let sign = 1;
  let singularAt = 0;
  for (let j = 0; j < n; j++) {
    let p = j;
    for (let i = j + 1; i < n; i++) if (Math.abs(a[i * n + j]) > Math.abs(a[p * n + j])) p = i;
    pivots[j] = p;
    if (a[p * n + j] === 0) {
      if (singularAt === 0) singularAt = j + 1;
      continue;
    }
    if (p !== j) {
      sign = -sign;
      for (let c = 0; c < n; c++) {
        const t = a[j * n + c];
        a[j * n + c] = a[p * n + c];
        a[p * n + c] = t;
      }
    }
    const pivot = a[j * n + j];
    for (let i = j + 1; i < n; i++) {
      const factor = (a[i * n + j] /= pivot);
      if (factor === 0) continue;
      for (let c = j + 1; c < n; c++) a[i * n + c] -= factor * a[j * n + c];
    }
  }
  return { lu: a, pivots, sign, singularAt };
}

/** Solves A X = B in place in `b` (n x k, row-major) from A's factors. */
function luSolve(f: Factored, n: number, b: Float64Array, k: number): void {
  const { lu, pivots } = f;
  for (let j = 0; j < n; j++) {
    const p = pivots[j];
    if (p !== j) {
      for (let c = 0; c < k; c++) {
        const t = b[j * k + c];
        b[j * k + c] = b[p * k + c];
        b[p * k + c] = t;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < i; r++) {
      const l = lu[i * n + r];
      if (l !== 0) for (let c = 0; c < k; c++) b[i * k + c] -= l * b[r * k + c];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let r = i + 1; r < n; r++) {
      const u = lu[i * n + r];
      if (u !== 0) for (let c = 0; c < k; c++) b[i * k + c] -= u * b[r * k + c];
    }
    const d = lu[i * n + i];
    for (let c = 0; c < k; c++) b[i * k + c] /= d;
  }
}

/** Matrix `index` of a [..., rows, cols] tensor, copied to row-major doubles. */
function readMatrix(t: Tensor, index: number, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  const base = index * rows * cols;
  for (let i = 0; i < out.length; i++) out[i] = t.data[t.storageIndex(base + i)];
  return out;
}

function checkSquare(t: Tensor, op: string): void {
  check(t.ndim >= 2, () => `${op}: The input tensor A must have at least 2 dimensions.`);
  const rows = t.shape[t.ndim - 2];
  const cols = t.shape[t.ndim - 1];
  check(
    rows === cols,
    () => `${op}: A must be batches of square matrices, but they are ${rows} by ${cols} matrices`,
  );
}

function checkFloating(t: Tensor, op: string): void {
  check(
    isFloating(t.dtype),
    () =>
      `${op}: Expected a floating point or complex tensor as input. Got ${scalarTypeName(t.dtype)}`,
  );
}

function batchPrefix(batches: number, index: number): string {
  return batches > 1 ? `(Batch element ${index}): ` : '';
}

// ---- det ----

export function linalgDet(a: Tensor): Tensor {
  checkSquare(a, 'linalg.det');
  checkFloating(a, 'linalg.det');
  const n = a.shape[a.ndim - 1];
  const batchShape = a.shape.slice(0, -2);
  const out = Tensor.empty(batchShape, a.dtype, a.device);
  for (let b = 0; b < out.data.length; b++) {
    const f = luFactor(readMatrix(a, b, n, n), n);
    let det = f.sign;
    for (let i = 0; i < n; i++) det *= f.lu[i * n + i];
    out.data[b] = det;
  }
  return out;
}

// ---- inverse ----

export function linalgInv(a: Tensor): Tensor {
  checkSquare(a, 'linalg.inv');
  checkFloating(a, 'linalg.inv');
  const n = a.shape[a.ndim - 1];
  const out = Tensor.empty(a.shape, a.dtype, a.device);
  const batches = numelOf(a.shape.slice(0, -2));
  for (let b = 0; b < batches; b++) {
    const f = luFactor(readMatrix(a, b, n, n), n);
    if (f.singularAt > 0) {
      throw linAlgError(
        `linalg.inv: ${batchPrefix(batches, b)}The diagonal element ${f.singularAt} is zero, the inversion could not be completed because the input matrix is singular.`,
      );
    }
    const x = new Float64Array(n * n);
    for (let i = 0; i < n; i++) x[i * n + i] = 1;
    luSolve(f, n, x, n);
    out.data.set(x, b * n * n);
  }
  return out;
}

// ---- solve ----

/** B is a (batch of) vector(s) when 1-D, or when its shape is A's without the last dim. */
function isVectorRhs(a: Tensor, b: Tensor): boolean {
  const vectorShape = a.shape.slice(0, -1);
  return b.ndim === 1 || (b.ndim === a.ndim - 1 && b.shape.every((s, i) => s === vectorShape[i]));
}

export function linalgSolve(a: Tensor, b: Tensor, left = true): Tensor {
  checkSquare(a, 'linalg.solve');
  checkFloating(a, 'linalg.solve');
  check(
    a.dtype === b.dtype,
    () =>
      `linalg.solve: Expected A and B to have the same dtype, but found A of type ${scalarTypeName(a.dtype)} and B of type ${scalarTypeName(b.dtype)} instead`,
  );
  const vector = isVectorRhs(a, b);
  const n = a.shape[a.ndim - 1];
  // A vector is a column; for XA = B the rows of B are the unknowns' rows.
  const matrix = vector ? b.view([...b.shape, 1], [...b.strides, 0]) : b;
  const rows = matrix.shape[matrix.ndim - 2];
  const cols = matrix.shape[matrix.ndim - 1];
  check(
    (left ? rows : cols) === n,
    () =>
      `linalg.solve: Incompatible shapes of A and B for the equation ${left ? 'AX = B' : 'XA = B'} (${n}x${n} and ${rows}x${cols})`,
  );
  // XA = B is A^T X^T = B^T.
  const rhsT = left ? matrix : transposeView(matrix, matrix.ndim - 1, matrix.ndim - 2);
  const k = rhsT.shape[rhsT.ndim - 1];
  const batchShape = broadcastShapes(a.shape.slice(0, -2), rhsT.shape.slice(0, -2));
  const aFull = expandView(left ? a : transposeView(a, a.ndim - 1, a.ndim - 2), [
    ...batchShape,
    n,
    n,
  ]);
  const bFull = expandView(rhsT, [...batchShape, n, k]);
  const batches = numelOf(batchShape);
  const x = Tensor.empty([...batchShape, n, k], a.dtype, a.device);
  for (let i = 0; i < batches; i++) {
    const f = luFactor(readMatrix(aFull, i, n, n), n);
    if (f.singularAt > 0) {
      throw linAlgError(
        `torch.linalg.solve: ${batchPrefix(batches, i)}The solver failed because the input matrix is singular.`,
      );
    }
    const values = readMatrix(bFull, i, n, k);
    luSolve(f, n, values, k);
    x.data.set(values, i * n * k);
  }
  if (vector) return x.view([...batchShape, n], x.strides.slice(0, -1));
  // For XA = B, x holds X^T.
  return left ? x : transposeView(x, x.ndim - 1, x.ndim - 2);
}

// ---- registration ----

def('aten::det(Tensor self) -> Tensor', linalgDet);
def('aten::linalg_det(Tensor A) -> Tensor', linalgDet);
def('aten::linalg_det.out(Tensor A, *, Tensor(a!) out) -> Tensor(a!)', (a: Tensor, out: Tensor) =>
  writeOutExact(out, linalgDet(a)),
);
def('aten::inverse(Tensor self) -> Tensor', linalgInv);
def('aten::inverse.out(Tensor self, *, Tensor(a!) out) -> Tensor(a!)', (a: Tensor, out: Tensor) =>
  writeOutExact(out, linalgInv(a)),
);
def('aten::linalg_inv(Tensor A) -> Tensor', linalgInv);
def('aten::linalg_inv.out(Tensor A, *, Tensor(a!) out) -> Tensor(a!)', (a: Tensor, out: Tensor) =>
  writeOutExact(out, linalgInv(a)),
);
def('aten::linalg_solve(Tensor A, Tensor B, *, bool left=True) -> Tensor', linalgSolve);
def(
  'aten::linalg_solve.out(Tensor A, Tensor B, *, bool left=True, Tensor(a!) out) -> Tensor(a!)',
  (a: Tensor, b: Tensor, left: boolean, out: Tensor) => writeOutExact(out, linalgSolve(a, b, left)),
);

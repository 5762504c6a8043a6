// Matrix products: mm, bmm, mv, dot, vdot, matmul with all of PyTorch's broadcasting and 1-D
// rules, inner, outer/ger and tensordot. Every product ends in the batched matmul kernel
// (runtime/kernels/matmul.ts), which picks the JS loop or tfjs by dtype and size.
//
// matmul follows PyTorch 1.13's paths, not just its results, because its error messages name
// the operator each path ends in: 1-D @ 1-D is dot, 2-D @ 1-D mv, a batch @ a matrix folds the
// batch into rows for one mm, a matrix @ a batch transposes both and folds, and batches
// broadcast and go to bmm.

import { check, runtimeError } from '../errors.js';
import { runKernel } from '../backend/kernel-table.js';
import { matmulKernel } from '../kernels/matmul.js';
import { scalarTypeName, type DType } from '../tensor/dtype.js';
import {
  broadcastShapes,
  contiguousStrides,
  formatShape,
  normalizeDim,
  numelOf,
} from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { mul } from './arithmetic.js';
import { contiguous, defOut } from './elementwise.js';
import {
  expandView,
  permuteView,
  reshapeTo,
  stridedBatch,
  tensorFrom,
  transposeView,
  unsqueezeView,
  writeOutDot,
  writeOutExact,
} from './linalg-views.js';
import { def } from './registry.js';
import './linalg-add.js';
import './linalg-extra.js';
import './linalg-einsum.js';
import './linalg-solve.js';

// ---- the core: one batched product ----

/** a: [batch, m, k] @ b: [batch, k, n] -> a new [batch, m, n]; shapes and dtypes checked. */
export function batchProduct(a: Tensor, b: Tensor): Tensor {
  const [batch, m, k] = a.shape;
  const n = b.shape[2];
  const data = runKernel(matmulKernel, {
    batch,
    m,
    k,
    n,
    a: stridedBatch(a),
    b: stridedBatch(b),
    dtype: a.dtype,
  });
  return tensorFrom(data, [batch, m, n], a.dtype);
}

/** PyTorch's check that two operands share a dtype, as the BLAS-backed kernels word it. */
export function checkSameDtype(expected: Tensor, found: Tensor): void {
  if (expected.dtype !== found.dtype) {
    throw runtimeError(
      `expected scalar type ${scalarTypeName(expected.dtype)} but found ${scalarTypeName(found.dtype)}`,
    );
  }
}

/** The CPU kernels behind the products have no bool version (and are not run when empty). */
export function checkNotBool(dtype: DType, kernel: string, work: number): void {
  if (dtype === 'bool' && work > 0) {
    throw runtimeError(`"${kernel}" not implemented for '${scalarTypeName(dtype)}'`);
  }
}

/** The matrix product of two 2-D tensors, checked as mm checks. */
export function matrixProduct(a: Tensor, b: Tensor, kernelName = 'addmm_impl_cpu_'): Tensor {
  check(
    a.shape[1] === b.shape[0],
    () =>
      `mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`,
  );
  checkSameDtype(a, b);
  checkNotBool(a.dtype, kernelName, a.shape[0] * b.shape[1] * a.shape[1]);
  const product = batchProduct(unsqueezeView(a, 0), unsqueezeView(b, 0));
  return product.view([a.shape[0], b.shape[1]], [b.shape[1], 1], 0);
}

// ---- mm, bmm, mv, dot, vdot ----

export function mm(self: Tensor, mat2: Tensor): Tensor {
  check(self.ndim === 2, () => 'self must be a matrix');
  check(mat2.ndim === 2, () => 'mat2 must be a matrix');
  return matrixProduct(self, mat2);
}

export function bmm(self: Tensor, mat2: Tensor, kernelName = 'bmm'): Tensor {
  check(self.ndim === 3, () => 'batch1 must be a 3D tensor');
  check(mat2.ndim === 3, () => 'batch2 must be a 3D tensor');
  const [batch, , k] = self.shape;
  check(
    mat2.shape[0] === batch && mat2.shape[1] === k,
    () =>
      `Expected size for first two dimensions of batch2 tensor to be: [${batch}, ${k}] but got: [${mat2.shape[0]}, ${mat2.shape[1]}].`,
  );
  checkSameDtype(self, mat2);
  checkNotBool(self.dtype, kernelName, batch * self.shape[1] * mat2.shape[2] * k);
  return batchProduct(self, mat2);
}

/** The checks of mv and addmv: `resultDims` is the dim of the vector added to (or made). */
export function checkMatrixVector(
  resultDims: number,
  resultSize: number,
  mat: Tensor,
  vec: Tensor,
): void {
  check(
    resultDims === 1 && mat.ndim === 2 && vec.ndim === 1,
    () => `vector + matrix @ vector expected, got ${resultDims}, ${mat.ndim}, ${vec.ndim}`,
  );
  check(
    mat.shape[1] === vec.shape[0] && mat.shape[0] === resultSize,
    () => `size mismatch, got ${resultSize}, ${mat.shape[0]}x${mat.shape[1]},${vec.shape[0]}`,
  );
}

/** mat @ vec, after the checks. */
export function matrixVector(mat: Tensor, vec: Tensor): Tensor {
  checkSameDtype(mat, vec);
  checkNotBool(mat.dtype, 'addmv_impl_cpu', mat.shape[0] * mat.shape[1]);
  const product = batchProduct(unsqueezeView(mat, 0), unsqueezeView(unsqueezeView(vec, 1), 0));
  return product.view([mat.shape[0]], [1], 0);
}

export function mv(self: Tensor, vec: Tensor): Tensor {
  checkMatrixVector(self.ndim === 2 ? 1 : self.ndim, self.ndim >= 1 ? self.shape[0] : 1, self, vec);
  return matrixVector(self, vec);
}

function checkDot(self: Tensor, other: Tensor): void {
  check(
    self.ndim === 1 && other.ndim === 1,
    () => `1D tensors expected, but got ${self.ndim}D and ${other.ndim}D tensors`,
  );
  check(
    self.dtype === other.dtype,
    () =>
      `dot : expected both vectors to have same dtype, but found ${scalarTypeName(self.dtype)} and ${scalarTypeName(other.dtype)}`,
  );
  const n1 = self.numel();
  const n2 = other.numel();
  check(
    n1 === n2,
    () =>
      `inconsistent tensor size, expected tensor [${n1}] and src [${n2}] to have the same number of elements, but got ${n1} and ${n2} elements respectively`,
  );
}

function vectorDot(self: Tensor, other: Tensor): Tensor {
  checkDot(self, other);
  // Even empty: dot checks the dtype before it looks at the sizes.
  checkNotBool(self.dtype, 'dot', 1);
  const product = batchProduct(
    unsqueezeView(unsqueezeView(self, 0), 0),
    unsqueezeView(unsqueezeView(other, 1), 0),
  );
  return product.view([], [], 0);
}

export function dot(self: Tensor, other: Tensor): Tensor {
  return vectorDot(self, other);
}

/** vdot conjugates its first argument: the same as dot for real dtypes. */
export function vdot(self: Tensor, other: Tensor): Tensor {
  return vectorDot(self, other);
}

// ---- matmul ----

/** Views `t` ([...batch, rows, cols]) as [batch, rows, cols] without copying when strides allow. */
function foldBatch(t: Tensor, batch: number, rows: number, cols: number): Tensor {
  const lead = t.ndim - 2;
  let stride: number | null = null;
  let mergeable = true;
  for (let d = lead - 1, expected = -1; d >= 0; d--) {
    if (t.shape[d] === 1) continue;
    if (stride === null) stride = t.strides[d];
    else if (t.strides[d] !== expected) mergeable = false;
    expected = t.strides[d] * t.shape[d];
  }
  if (!mergeable) return reshapeTo(contiguous(t), [batch, rows, cols]);
  return t.view([batch, rows, cols], [stride ?? 0, t.strides[lead], t.strides[lead + 1]]);
}

function matmulImpl(t1: Tensor, t2: Tensor): Tensor {
  const d1 = t1.ndim;
  const d2 = t2.ndim;
  check(
    d1 !== 0 && d2 !== 0,
    () => `both arguments to matmul need to be at least 1D, but they are ${d1}D and ${d2}D`,
  );
  if (d1 === 1 && d2 === 1) return dot(t1, t2);
  if (d1 === 2 && d2 === 1) return mv(t1, t2);
  if (d1 === 1 && d2 === 2) return squeezeFirst(mm(unsqueezeView(t1, 0), t2));
  if (d1 === 2 && d2 === 2) return mm(t1, t2);
  if (d1 >= 3 && (d2 === 1 || d2 === 2)) return foldedProduct(t1, t2);
  if ((d1 === 1 || d1 === 2) && d2 >= 3) {
    // (A @ B) = (B^T @ A^T)^T: folds B's batch into rows for one product.
    const t1T = d1 === 2 ? transposeView(t1, 0, 1) : t1;
    const resultT = matmulImpl(transposeView(t2, d2 - 1, d2 - 2), t1T);
    return d1 === 2 ? transposeView(resultT, resultT.ndim - 1, resultT.ndim - 2) : resultT;
  }
  return batchedProduct(t1, t2);
}

function squeezeFirst(t: Tensor): Tensor {
  return t.view(t.shape.slice(1), t.strides.slice(1));
}

/** [...batch, n, m] @ [m] or [m, p]: the batch folds into the rows of one mv or mm. */
function foldedProduct(t1: Tensor, t2: Tensor): Tensor {
  const rows = numelOf(t1.shape.slice(0, -1));
  const folded = reshapeTo(t1, [rows, t1.shape[t1.ndim - 1]]);
  const lead = t1.shape.slice(0, -1);
  if (t2.ndim === 1) return reshapeTo(mv(folded, t2), lead);
  return reshapeTo(mm(folded, t2), [...lead, t2.shape[1]]);
}

/** Batches broadcast against each other, then one bmm. */
function batchedProduct(t1: Tensor, t2: Tensor): Tensor {
  const n = t1.ndim > 1 ? t1.shape[t1.ndim - 2] : 1;
  const m1 = t1.shape[t1.ndim - 1];
  const m2 = t2.ndim > 1 ? t2.shape[t2.ndim - 2] : t2.shape[t2.ndim - 1];
  const p = t2.ndim > 1 ? t2.shape[t2.ndim - 1] : 1;
  const batchShape = broadcastShapes(
    t1.shape.slice(0, Math.max(t1.ndim - 2, 0)),
    t2.shape.slice(0, Math.max(t2.ndim - 2, 0)),
  );
  const batch = numelOf(batchShape);
  const a = foldBatch(expandView(asMatrices(t1, n, m1), [...batchShape, n, m1]), batch, n, m1);
  const b = foldBatch(expandView(asMatrices(t2, m2, p), [...batchShape, m2, p]), batch, m2, p);
  const product = bmm(a, b);
  const shape: number[] = [...batchShape];
  if (t1.ndim > 1) shape.push(n);
  if (t2.ndim > 1) shape.push(p);
  return product.view(shape, contiguousStrides(shape), 0);
}

/** A 1-D operand as a one-row or one-column matrix, others unchanged. */
function asMatrices(t: Tensor, rows: number, cols: number): Tensor {
  if (t.ndim > 1) return t;
  return t.view([rows, cols], rows === 1 ? [0, t.strides[0]] : [t.strides[0], 0]);
}

export function matmul(t1: Tensor, t2: Tensor): Tensor {
  return matmulImpl(t1, t2);
}

/** matmul's out=: dot's dtype rule when both are vectors, mm's otherwise. */
export function matmulOut(t1: Tensor, t2: Tensor, out: Tensor): Tensor {
  const result = matmulImpl(t1, t2);
  return t1.ndim === 1 && t2.ndim === 1 ? writeOutDot(out, result) : writeOutExact(out, result);
}

// ---- outer, inner, tensordot ----

export function outer(self: Tensor, vec2: Tensor): Tensor {
  check(self.ndim === 1, () => `outer: Expected 1-D argument self, but got ${self.ndim}-D`);
  check(vec2.ndim === 1, () => `outer: Expected 1-D argument vec2, but got ${vec2.ndim}-D`);
  return mul(self.view([self.shape[0], 1], [self.strides[0], 0]), vec2);
}

export function inner(self: Tensor, other: Tensor): Tensor {
  if (self.ndim === 0 || other.ndim === 0) return mul(self, other);
  const last1 = self.shape[self.ndim - 1];
  const last2 = other.shape[other.ndim - 1];
  check(
    last1 === last2,
    () =>
      `inner() the last dimension must match on both input tensors but got shapes ${formatShape(self.shape)} and ${formatShape(other.shape)}`,
  );
  return tensordot(self, other, [-1], [-1]);
}

function checkDimList(dims: readonly number[], ndim: number): number[] {
  const seen = new Set<number>();
  return dims.map((d) => {
    const n = normalizeDim(d, ndim);
    check(!seen.has(n), () => `dim ${n} appears multiple times in the list of dims`);
    seen.add(n);
    return n;
  });
}

export function tensordot(
  self: Tensor,
  other: Tensor,
  dimsSelf: readonly number[],
  dimsOther: readonly number[],
): Tensor {
  check(dimsSelf.length === dimsOther.length, () => 'both dimension lists should have same length');
  const c1 = checkDimList(dimsSelf, self.ndim);
  const c2 = checkDimList(dimsOther, other.ndim);
  let t1 = self;
  let t2 = other;
  let contracted = 1;
  for (let i = 0; i < c1.length; i++) {
    const s1 = self.shape[c1[i]];
    const s2 = other.shape[c2[i]];
    // A size-1 dim contracts with anything: it broadcasts, which sums the other side.
    if (s2 === 1 && s1 !== 1) t2 = expandDim(t2, c2[i], s1);
    else if (s1 === 1 && s2 !== 1) t1 = expandDim(t1, c1[i], s2);
    else
      check(
        s1 === s2,
        () =>
          `contracted dimensions need to match, but first has size ${s1} in dim ${c1[i]} and second has size ${s2} in dim ${c2[i]}`,
      );
    contracted *= Math.max(s1, s2);
  }
  const free1 = range(self.ndim).filter((d) => !c1.includes(d));
  const free2 = range(other.ndim).filter((d) => !c2.includes(d));
  const rows = numelOf(free1.map((d) => t1.shape[d]));
  const cols = numelOf(free2.map((d) => t2.shape[d]));
  const a = reshapeTo(permuteView(t1, [...free1, ...c1]), [rows, contracted]);
  const b = reshapeTo(permuteView(t2, [...c2, ...free2]), [contracted, cols]);
  const product = matrixProduct(a, b);
  return reshapeTo(product, [...free1.map((d) => t1.shape[d]), ...free2.map((d) => t2.shape[d])]);
}

function expandDim(t: Tensor, dim: number, size: number): Tensor {
  const shape = t.shape.slice();
  shape[dim] = size;
  return expandView(t, shape);
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function tensordotOut(
  self: Tensor,
  other: Tensor,
  dimsSelf: readonly number[],
  dimsOther: readonly number[],
  out: Tensor,
): Tensor {
  const result = tensordot(self, other, dimsSelf, dimsOther);
  check(
    out.dtype === result.dtype,
    () =>
      `tensordot: Expected the output tensor to have dtype ${scalarTypeName(result.dtype)}, but got an output tensor with dtype ${scalarTypeName(out.dtype)}`,
  );
  return writeOutExact(out, result);
}

function innerOut(self: Tensor, other: Tensor, out: Tensor): Tensor {
  if (self.ndim === 0 || other.ndim === 0) return writeOutExact(out, inner(self, other));
  return tensordotOut(self, other, [-1], [-1], out);
}

// ---- registration ----

def('aten::matmul(Tensor self, Tensor other) -> Tensor', matmul);
def('aten::matmul.out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)', matmulOut);
def('aten::linalg_matmul(Tensor self, Tensor other) -> Tensor', matmul);
def(
  'aten::linalg_matmul.out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)',
  matmulOut,
);
def('aten::mm(Tensor self, Tensor mat2) -> Tensor', mm);
def(
  'aten::mm.out(Tensor self, Tensor mat2, *, Tensor(a!) out) -> Tensor(a!)',
  (a: Tensor, b: Tensor, out: Tensor) => writeOutExact(out, mm(a, b)),
);
def('aten::bmm(Tensor self, Tensor mat2) -> Tensor', bmm);
def('aten::bmm.out(Tensor self, Tensor mat2, *, Tensor(a!) out) -> Tensor(a!)', (a, b, out) =>
  writeOutExact(out, bmm(a, b)),
);
def('aten::mv(Tensor self, Tensor vec) -> Tensor', mv);
def('aten::mv.out(Tensor self, Tensor vec, *, Tensor(a!) out) -> Tensor(a!)', (a, v, out) =>
  writeOutExact(out, mv(a, v)),
);
def('aten::dot(Tensor self, Tensor tensor) -> Tensor', dot);
def('aten::dot.out(Tensor self, Tensor tensor, *, Tensor(a!) out) -> Tensor(a!)', (a, b, out) =>
  writeOutDot(out, dot(a, b)),
);
def('aten::vdot(Tensor self, Tensor other) -> Tensor', vdot);
def('aten::vdot.out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)', (a, b, out) =>
  writeOutDot(out, vdot(a, b)),
);
def('aten::outer(Tensor self, Tensor vec2) -> Tensor', outer);
defOut('aten::outer.out(Tensor self, Tensor vec2, *, Tensor(a!) out) -> Tensor(a!)', outer);
def('aten::ger(Tensor self, Tensor vec2) -> Tensor', outer);
defOut('aten::ger.out(Tensor self, Tensor vec2, *, Tensor(a!) out) -> Tensor(a!)', outer);
def('aten::inner(Tensor self, Tensor other) -> Tensor', inner);
def('aten::inner.out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)', innerOut);
def(
  'aten::tensordot(Tensor self, Tensor other, int[] dims_self, int[] dims_other) -> Tensor',
  tensordot,
);
def(
  'aten::tensordot.out(Tensor self, Tensor other, int[] dims_self, int[] dims_other, *, Tensor(a!) out) -> Tensor(a!)',
  tensordotOut,
);

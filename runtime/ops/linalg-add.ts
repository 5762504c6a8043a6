// Products added to a tensor: addmm, addmv, addbmm, baddbmm, addr (beta * self + alpha * product,
// where beta = 0 ignores self, NaN included), and the layers built on them, linear and bilinear.

import { check, indexError, runtimeError } from '../errors.js';
import { runPointwise, type PointwiseKernel } from '../kernels/pointwise.js';
import { isFloating, type DType } from '../tensor/dtype.js';
import { scalarKind, scalarToNumber, type Scalar } from '../tensor/scalar.js';
import { formatShape, sameShape, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { add, add_ } from './arithmetic.js';
import {
  copyInto,
  defOut,
  elementwise,
  elementwiseInPlace,
  resizeInPlace,
  resultType,
} from './elementwise.js';
import {
  batchProduct,
  bmm,
  checkMatrixVector,
  checkSameDtype,
  matmul,
  matmulOut,
  matrixProduct,
  matrixVector,
} from './linalg.js';
import {
  cppTypeName,
  expandView,
  reshapeTo,
  transposeView,
  unsqueezeView,
  writeOutExact,
} from './linalg-views.js';
import { def } from './registry.js';

// ---- beta * self + alpha * product ----

const scaled: PointwiseKernel = { name: 'linalg_scaled', expr: 'p0 * a' };
const scaledSum: PointwiseKernel = { name: 'linalg_scaled_sum', expr: 'p1 * a + p0 * b' };

/** A Scalar as the kernels use it: integer dtypes truncate it (PyTorch casts to the dtype). */
function coefficient(s: Scalar, dtype: DType): number {
  const v = scalarToNumber(s);
  return isFloating(dtype) ? v : Math.trunc(v);
}

/** Writes beta * self + alpha * product into `out` (self already expanded to out's shape). */
function writeScaled(
  out: Tensor,
  self: Tensor,
  product: Tensor,
  beta: Scalar,
  alpha: Scalar,
): Tensor {
  const b = coefficient(beta, out.dtype);
  const a = coefficient(alpha, out.dtype);
  if (b === 0) runPointwise(scaled, out, [product], out.dtype, [a]);
  else runPointwise(scaledSum, out, [self, product], out.dtype, [a, b]);
  return out;
}

function combine(self: Tensor, product: Tensor, beta: Scalar, alpha: Scalar): Tensor {
  const out = Tensor.empty(product.shape, product.dtype, product.device);
  return writeScaled(out, expandView(self, product.shape), product, beta, alpha);
}

/** The structured kernels' rule for in-place calls: self must be the result's shape and dtype. */
function checkInPlace(self: Tensor, shape: Shape, dtype: DType): void {
  check(
    sameShape(self.shape, shape),
    () =>
      `Bad in-place call: input tensor size ${formatShape(self.shape)} and output tensor size ${formatShape(shape)} should match`,
  );
  check(
    self.dtype === dtype,
    () =>
      `Bad in-place call: input tensor dtype ${cppTypeName(self.dtype)} and output tensor dtype ${cppTypeName(dtype)} should match`,
  );
}

function checkDtypes(self: Tensor, mat1: Tensor, mat2: Tensor): void {
  check(self.dtype === mat2.dtype, () => 'self and mat2 must have the same dtype');
  check(mat1.dtype === mat2.dtype, () => 'mat1 and mat2 must have the same dtype');
}

// ---- addmm ----

function checkMatrix(t: Tensor, name: string): void {
  check(t.ndim === 2, () => `${name} must be a matrix, got ${t.ndim}-D tensor`);
}

/** mat1 @ mat2 after addmm's checks, and the shape self must fill. */
function addmmProduct(self: Tensor, mat1: Tensor, mat2: Tensor): Tensor {
  checkMatrix(mat1, 'mat1');
  checkMatrix(mat2, 'mat2');
  check(
    mat1.shape[1] === mat2.shape[0],
    () =>
      `mat1 and mat2 shapes cannot be multiplied (${mat1.shape[0]}x${mat1.shape[1]} and ${mat2.shape[0]}x${mat2.shape[1]})`,
  );
  checkDtypes(self, mat1, mat2);
  return matrixProduct(mat1, mat2);
}

export function addmm(
  self: Tensor,
  mat1: Tensor,
  mat2: Tensor,
  beta: Scalar = 1n,
  alpha: Scalar = 1n,
): Tensor {
  checkMatrix(mat1, 'mat1');
  checkMatrix(mat2, 'mat2');
  const target = expandView(self, [mat1.shape[0], mat2.shape[1]]);
  return combine(target, addmmProduct(self, mat1, mat2), beta, alpha);
}

function addmm_(self: Tensor, mat1: Tensor, mat2: Tensor, beta: Scalar, alpha: Scalar): Tensor {
  const product = addmmProduct(self, mat1, mat2);
  checkInPlace(self, product.shape, product.dtype);
  return writeScaled(self, self, product, beta, alpha);
}

// ---- addmv ----

function addmvProduct(self: Tensor, mat: Tensor, vec: Tensor): Tensor {
  const selfSize = self.ndim === 0 ? 1 : self.shape[0];
  const broadcasts = self.numel() === 1 && mat.ndim === 2;
  checkMatrixVector(
    self.ndim === 0 ? 1 : self.ndim,
    broadcasts ? mat.shape[0] : selfSize,
    mat,
    vec,
  );
  return matrixVector(mat, vec);
}

export function addmv(
  self: Tensor,
  mat: Tensor,
  vec: Tensor,
  beta: Scalar = 1n,
  alpha: Scalar = 1n,
): Tensor {
  return combine(self, addmvProduct(self, mat, vec), beta, alpha);
}

function addmv_(self: Tensor, mat: Tensor, vec: Tensor, beta: Scalar, alpha: Scalar): Tensor {
  const product = addmvProduct(self, mat, vec);
  checkInPlace(self, product.shape, product.dtype);
  return writeScaled(self, self, product, beta, alpha);
}

// ---- baddbmm, addbmm ----

function baddbmmProduct(batch1: Tensor, batch2: Tensor): Tensor {
  return bmm(batch1, batch2, 'baddbmm');
}

/** baddbmm sizes self from the batches before it checks them. */
function baddbmmTarget(self: Tensor, batch1: Tensor, batch2: Tensor): Tensor {
  return expandView(self, [dimSize(batch1, 0), dimSize(batch1, 1), dimSize(batch2, 2)]);
}

function dimSize(t: Tensor, dim: number): number {
  if (dim >= t.ndim) {
    throw indexError(
      `Dimension out of range (expected to be in range of [${-Math.max(t.ndim, 1)}, ${Math.max(t.ndim, 1) - 1}], but got ${dim})`,
    );
  }
  return t.shape[dim];
}

export function baddbmm(
  self: Tensor,
  batch1: Tensor,
  batch2: Tensor,
  beta: Scalar = 1n,
  alpha: Scalar = 1n,
): Tensor {
  const target = baddbmmTarget(self, batch1, batch2);
  return combine(target, baddbmmProduct(batch1, batch2), beta, alpha);
}

function baddbmm_(self: Tensor, b1: Tensor, b2: Tensor, beta: Scalar, alpha: Scalar): Tensor {
  const product = baddbmmProduct(b1, b2);
  checkInPlace(self, product.shape, product.dtype);
  return writeScaled(self, self, product, beta, alpha);
}

/** The sum over the batch of batch1[i] @ batch2[i], as one [m, b*k] @ [b*k, n] product. */
function addbmmProduct(self: Tensor, batch1: Tensor, batch2: Tensor): Tensor {
  check(batch1.ndim === 3, () => 'batch1 must be a 3D tensor');
  check(batch2.ndim === 3, () => 'batch2 must be a 3D tensor');
  const [batch, m, k] = batch1.shape;
  check(
    batch2.shape[0] === batch,
    () => `batch1 and batch2 must have same number of batches, got ${batch} and ${batch2.shape[0]}`,
  );
  check(
    batch2.shape[1] === k,
    () => `Incompatible matrix sizes for bmm (${m}x${k} and ${batch2.shape[1]}x${batch2.shape[2]})`,
  );
  checkDtypes(self, batch1, batch2);
  const n = batch2.shape[2];
  const rows = reshapeTo(transposeView(batch1, 0, 1), [m, batch * k]);
  const cols = reshapeTo(batch2, [batch * k, n]);
  return matrixProduct(rows, cols);
}

export function addbmm(
  self: Tensor,
  batch1: Tensor,
  batch2: Tensor,
  beta: Scalar = 1n,
  alpha: Scalar = 1n,
): Tensor {
  const target = expandView(self, [dimSize(batch1, 1), dimSize(batch2, 2)]);
  return combine(target, addbmmProduct(self, batch1, batch2), beta, alpha);
}

/** addbmm_ writes through addbmm's out= path, which resizes self when its shape differs. */
function addbmm_(self: Tensor, b1: Tensor, b2: Tensor, beta: Scalar, alpha: Scalar): Tensor {
  const result = addbmm(self, b1, b2, beta, alpha);
  if (!sameShape(self.shape, result.shape)) resizeInPlace(self, result.shape);
  return copyInto(self, result);
}

/** addbmm's out= adds into `out` as addmm_ would, so out must have the batches' dtype. */
function addbmmOut(
  self: Tensor,
  b1: Tensor,
  b2: Tensor,
  beta: Scalar,
  alpha: Scalar,
  out: Tensor,
): Tensor {
  const result = addbmm(self, b1, b2, beta, alpha);
  check(out.dtype === b2.dtype, () => 'self and mat2 must have the same dtype');
  return writeOutExact(out, result);
}

// ---- addr ----

function checkCoefficient(s: Scalar, name: string, dtype: DType): void {
  if (typeof s === 'boolean' && dtype !== 'bool') {
    throw runtimeError(`Boolean ${name} only supported for Boolean results.`);
  }
  if (scalarKind(s) === 'float' && !isFloating(dtype)) {
    throw runtimeError(
      `For integral input tensors, argument ${name} must not be a floating point number.`,
    );
  }
}

const addrKernel: PointwiseKernel = {
  name: 'addr',
  expr: (c) =>
    c === 'bool'
      ? '(p1 !== 0 && a !== 0) || (p0 !== 0 && b !== 0 && c !== 0) ? 1 : 0'
      : 'p1 * a + p0 * b * c',
};
const addrNoSelfKernel: PointwiseKernel = {
  name: 'addr_no_self',
  expr: (c) => (c === 'bool' ? 'p0 !== 0 && b !== 0 && c !== 0 ? 1 : 0' : 'p0 * b * c'),
};

/** self, vec1 as a column and vec2 as a row, all [n, m]; the kernel and its parameters. */
function addrOperands(vec1: Tensor, vec2: Tensor, beta: Scalar, alpha: Scalar) {
  check(vec1.ndim === 1, () => `addr: Expected 1-D argument vec1, but got ${vec1.ndim}-D`);
  check(vec2.ndim === 1, () => `addr: Expected 1-D argument vec2, but got ${vec2.ndim}-D`);
  const shape = [vec1.shape[0], vec2.shape[0]];
  const column = vec1.view(shape, [vec1.strides[0], 0]);
  const row = vec2.view(shape, [0, vec2.strides[0]]);
  const b = scalarToNumber(beta);
  const a = scalarToNumber(alpha);
  const kernel = b === 0 ? addrNoSelfKernel : addrKernel;
  return { shape, column, row, kernel, params: [a, b] };
}

function checkAddrCoefficients(dtype: DType, beta: Scalar, alpha: Scalar): void {
  checkCoefficient(beta, 'beta', dtype);
  checkCoefficient(alpha, 'alpha', dtype);
}

export function addr(
  self: Tensor,
  vec1: Tensor,
  vec2: Tensor,
  beta: Scalar = 1n,
  alpha: Scalar = 1n,
): Tensor {
  const { shape, column, row, kernel, params } = addrOperands(vec1, vec2, beta, alpha);
  const target = expandView(self, shape);
  const dtype = resultType(self, vec1, vec2);
  checkAddrCoefficients(dtype, beta, alpha);
  return elementwise(kernel, [target, column, row], {}, params);
}

function addr_(self: Tensor, vec1: Tensor, vec2: Tensor, beta: Scalar, alpha: Scalar): Tensor {
  check(self.ndim === 2, () => `2D tensor expected, got ${self.ndim}D tensor for input`);
  const { column, row, kernel, params } = addrOperands(vec1, vec2, beta, alpha);
  checkAddrCoefficients(resultType(self, vec1, vec2), beta, alpha);
  return elementwiseInPlace(kernel, self, [self, column, row], {}, params);
}

// ---- linear, bilinear ----

function transposeWeight(weight: Tensor): Tensor {
  check(
    weight.ndim <= 2,
    () => `t() expects a tensor with <= 2 dimensions, but self is ${weight.ndim}D`,
  );
  return weight.ndim === 2 ? transposeView(weight, 0, 1) : weight;
}

export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const weightT = transposeWeight(weight);
  if (bias !== null && input.ndim === 2) return addmm(bias, input, weightT);
  if (bias !== null && input.ndim === 3 && input.isContiguous()) {
    // A contiguous batch of rows folds into one addmm.
    const [b, r, c] = input.shape;
    const flat = addmm(bias, reshapeTo(input, [b * r, c]), weightT);
    return reshapeTo(flat, [b, r, flat.shape[1]]);
  }
  const output = matmul(input, weightT);
  return bias === null ? output : add_(output, bias);
}

function linearOut(input: Tensor, weight: Tensor, bias: Tensor | null, out: Tensor): Tensor {
  if (bias === null) return matmulOut(input, transposeWeight(weight), out);
  return writeOutExact(out, linear(input, weight, bias));
}

export function bilinear(
  input1: Tensor,
  input2: Tensor,
  weight: Tensor,
  bias: Tensor | null = null,
): Tensor {
  check(
    input1.ndim === input2.ndim,
    () => `bilinear(): input dimensions do not match: got ${input1.ndim} and ${input2.ndim}`,
  );
  const last = input1.ndim - 1;
  if (last < 0) throw indexError('Dimension specified as -1 but tensor has no dimensions');
  for (let i = 0; i < last; i++) {
    check(
      input1.shape[i] === input2.shape[i],
      () =>
        `bilinear(): input batch dimensions do not match at dim ${i}: got ${input1.shape[i]} and ${input2.shape[i]}`,
    );
  }
  check(
    input1.shape[last] === dimSize(weight, 1),
    () =>
      `bilinear(): input1 size does not match weight size: got ${input1.shape[last]} but expected ${weight.shape[1]}`,
  );
  check(
    input2.shape[last] === dimSize(weight, 2),
    () =>
      `bilinear(): input2 size does not match weight size: got ${input2.shape[last]} but expected ${weight.shape[2]}`,
  );
  check(
    bias === null || bias.shape[0] === weight.shape[0],
    () =>
      `bilinear(): bias size does not match weight size: got ${bias!.shape[0]} but expected ${weight.shape[0]}`,
  );
  const output = bilinearProduct(input1, input2, weight);
  return bias === null ? output : add(output, bias);
}

/** out[..., o] = sum_ij x1[..., i] W[o, i, j] x2[..., j], as two products. */
function bilinearProduct(x1: Tensor, x2: Tensor, weight: Tensor): Tensor {
  const [o, i, j] = weight.shape;
  const lead = x1.shape.slice(0, -1);
  const rows = lead.reduce((a, b) => a * b, 1);
  // t[r, o, j] = sum_i x1[r, i] W[o, i, j]
  const w = reshapeTo(transposeView(weight, 0, 1), [i, o * j]);
  const t = matrixProduct(reshapeTo(x1, [rows, i]), w, 'addmm_impl_cpu_');
  const x2Column = unsqueezeView(reshapeTo(x2, [rows, j]), 2);
  checkSameDtype(t, x2Column);
  const product = batchProduct(reshapeTo(t, [rows, o, j]), x2Column);
  return reshapeTo(product, [...lead, o]);
}

// ---- registration ----

def(
  'aten::addmm(Tensor self, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1) -> Tensor',
  addmm,
);
def(
  'aten::addmm.out(Tensor self, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1, Tensor(a!) out) -> Tensor(a!)',
  (s, m1, m2, beta, alpha, out) => writeOutExact(out, addmm(s, m1, m2, beta, alpha)),
);
def(
  'aten::addmm_(Tensor(a!) self, Tensor mat1, Tensor mat2, *, Scalar beta=1, Scalar alpha=1) -> Tensor(a!)',
  addmm_,
);
def(
  'aten::addmv(Tensor self, Tensor mat, Tensor vec, *, Scalar beta=1, Scalar alpha=1) -> Tensor',
  addmv,
);
def(
  'aten::addmv.out(Tensor self, Tensor mat, Tensor vec, *, Scalar beta=1, Scalar alpha=1, Tensor(a!) out) -> Tensor(a!)',
  (s, m, v, beta, alpha, out) => writeOutExact(out, addmv(s, m, v, beta, alpha)),
);
def(
  'aten::addmv_(Tensor(a!) self, Tensor mat, Tensor vec, *, Scalar beta=1, Scalar alpha=1) -> Tensor(a!)',
  addmv_,
);
def(
  'aten::baddbmm(Tensor self, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1) -> Tensor',
  baddbmm,
);
def(
  'aten::baddbmm.out(Tensor self, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1, Tensor(a!) out) -> Tensor(a!)',
  (s, b1, b2, beta, alpha, out) => writeOutExact(out, baddbmm(s, b1, b2, beta, alpha)),
);
def(
  'aten::baddbmm_(Tensor(a!) self, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1) -> Tensor(a!)',
  baddbmm_,
);
def(
  'aten::addbmm(Tensor self, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1) -> Tensor',
  addbmm,
);
def(
  'aten::addbmm.out(Tensor self, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1, Tensor(a!) out) -> Tensor(a!)',
  addbmmOut,
);
def(
  'aten::addbmm_(Tensor(a!) self, Tensor batch1, Tensor batch2, *, Scalar beta=1, Scalar alpha=1) -> Tensor(a!)',
  addbmm_,
);
def(
  'aten::addr(Tensor self, Tensor vec1, Tensor vec2, *, Scalar beta=1, Scalar alpha=1) -> Tensor',
  addr,
);
defOut(
  'aten::addr.out(Tensor self, Tensor vec1, Tensor vec2, *, Scalar beta=1, Scalar alpha=1, Tensor(a!) out) -> Tensor(a!)',
  addr,
);
def(
  'aten::addr_(Tensor(a!) self, Tensor vec1, Tensor vec2, *, Scalar beta=1, Scalar alpha=1) -> Tensor(a!)',
  addr_,
);
def('aten::linear(Tensor input, Tensor weight, Tensor? bias=None) -> Tensor', linear);
def(
  'aten::linear.out(Tensor input, Tensor weight, Tensor? bias=None, *, Tensor(a!) out) -> Tensor(a!)',
  linearOut,
);
def(
  'aten::bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor? bias=None) -> Tensor',
  bilinear,
);

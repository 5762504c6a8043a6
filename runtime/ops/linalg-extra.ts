// The rest of the products: kron, cross, trace, chain_matmul and multi_dot, matrix_power.

import { check, indexError, runtimeError } from '../errors.js';
import { runPointwise, type PointwiseKernel } from '../kernels/pointwise.js';
import { scalarTypeName } from '../tensor/dtype.js';
import { broadcastShapes, formatShape, normalizeDim } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { mul } from './arithmetic.js';
import { contiguous, defOut } from './elementwise.js';
import { checkNotBool, matmul, matrixProduct } from './linalg.js';
import { linalgInv } from './linalg-solve.js';
import {
  cppTypeName,
  expandView,
  reshapeTo,
  selectView,
  unsqueezeView,
  viewAs,
  writeOutExact,
} from './linalg-views.js';
import { def } from './registry.js';

// ---- kron ----

/** kron(a, b)[i*B + k] = a[i] * b[k] per dim, as one broadcast multiply of interleaved views. */
export function kron(self: Tensor, other: Tensor): Tensor {
  const ndim = Math.max(self.ndim, other.ndim);
  const a = padLeading(self, ndim);
  const b = padLeading(other, ndim);
  const aShape: number[] = [];
  const bShape: number[] = [];
  for (let d = 0; d < ndim; d++) {
    aShape.push(a.shape[d], 1);
    bShape.push(1, b.shape[d]);
  }
  const product = mul(viewAs(a, aShape), viewAs(b, bShape));
  return reshapeTo(
    product,
    a.shape.map((s, d) => s * b.shape[d]),
  );
}

function padLeading(t: Tensor, ndim: number): Tensor {
  let out = t;
  while (out.ndim < ndim) out = unsqueezeView(out, 0);
  return out;
}

// ---- cross ----

const crossKernel: PointwiseKernel = {
  name: 'cross',
  // int32 products must wrap as C's do; doubles would round them past 2^53.
  expr: (c) => (c === 'int32' ? '(Math.imul(a, b) - Math.imul(c, d)) | 0' : 'a * b - c * d'),
};

function wrapCrossDim(dim: number, ndim: number): number {
  if (ndim === 0) throw indexError(`Dimension specified as ${dim} but tensor has no dimensions`);
  return normalizeDim(dim, ndim);
}

export function linalgCross(self: Tensor, other: Tensor, dim = -1): Tensor {
  check(
    self.ndim === other.ndim,
    () => 'linalg.cross: inputs must have the same number of dimensions.',
  );
  const d = wrapCrossDim(dim, self.ndim);
  check(
    self.shape[d] === 3 && other.shape[d] === 3,
    () =>
      `linalg.cross: inputs dimension ${dim} must have length 3. Got ${self.shape[d]} and ${other.shape[d]}`,
  );
  const shape = broadcastShapes(self.shape, other.shape);
  if (self.dtype !== other.dtype) {
    throw runtimeError(
      `expected scalar type ${scalarTypeName(self.dtype)} but found ${scalarTypeName(other.dtype)}`,
    );
  }
  checkNotBool(self.dtype, 'cross', 1);
  const x = expandView(self, shape);
  const y = expandView(other, shape);
  const out = Tensor.empty(shape, self.dtype, self.device);
  // out_i = x_j * y_k - x_k * y_j for (i, j, k) cycling through (0, 1, 2).
  for (let i = 0; i < 3; i++) {
    const j = (i + 1) % 3;
    const k = (i + 2) % 3;
    const inputs = [
      selectView(x, d, j),
      selectView(y, d, k),
      selectView(x, d, k),
      selectView(y, d, j),
    ];
    runPointwise(crossKernel, selectView(out, d, i), inputs, self.dtype);
  }
  return out;
}

/** torch.cross without a dim uses the first dim of size 3 of self. */
export function cross(self: Tensor, other: Tensor, dim: number | null = null): Tensor {
  if (dim !== null) return linalgCross(self, other, dim);
  const found = self.shape.indexOf(3);
  check(found >= 0, () => 'no dimension of size 3 in input');
  return linalgCross(self, other, found);
}

// ---- trace ----

export function trace(self: Tensor): Tensor {
  check(self.ndim === 2, () => `trace: expected a matrix, but got tensor with dim ${self.ndim}`);
  checkNotBool(self.dtype, 'trace', 1);
  const dtype = self.dtype === 'float32' || self.dtype === 'float64' ? self.dtype : 'int64';
  const n = Math.min(self.shape[0], self.shape[1]);
  const step = self.strides[0] + self.strides[1];
  let sum = 0;
  for (let i = 0, at = self.offset; i < n; i++, at += step) sum += self.data[at];
  const out = Tensor.empty([], dtype, self.device);
  out.data[0] = sum;
  return out;
}

// ---- chain_matmul, multi_dot ----

export function chainMatmul(matrices: readonly Tensor[]): Tensor {
  check(matrices.length > 0, () => 'chain_matmul(): Expected one or more matrices');
  for (const m of matrices) {
    check(m.ndim === 2, () => `Tensor dimension is ${m.ndim}, expected 2 instead.`);
  }
  if (matrices.length === 1)
    return contiguous(matrices[0]).storage === matrices[0].storage
      ? cloneOf(matrices[0])
      : contiguous(matrices[0]);
  return multiDot(matrices);
}

function cloneOf(t: Tensor): Tensor {
  const out = Tensor.empty(t.shape, t.dtype, t.device);
  runPointwise({ name: 'identity', expr: 'a' }, out, [t], t.dtype);
  return out;
}

function checkMultiDot(tensors: readonly Tensor[]): void {
  const n = tensors.length;
  check(n >= 2, () => `multi_dot(): expected at least 2 tensors but got ${n}`);
  const first = tensors[0].ndim;
  const last = tensors[n - 1].ndim;
  check(
    first === 1 || first === 2,
    () => `multi_dot(): the first tensor must be 1D or 2D but got ${first}D`,
  );
  check(
    last === 1 || last === 2,
    () => `multi_dot(): the last tensor must be 1D or 2D but got ${last}D`,
  );
  for (let i = 1; i < n - 1; i++) {
    check(
      tensors[i].ndim === 2,
      () => `multi_dot(): tensor ${i} must be 2D but got ${tensors[i].ndim}D`,
    );
  }
  for (let i = 1; i < n; i++) {
    check(
      tensors[i].dtype === tensors[0].dtype,
      () =>
        `multi_dot(): all tensors must have be the same dtype but tensor 0 is ${cppTypeName(tensors[0].dtype)} and tensor ${i} ${cppTypeName(tensors[i].dtype)}`,
    );
  }
}

/** The chain as matrices: a 1-D first tensor is a row, a 1-D last one a column. */
function asChain(tensors: readonly Tensor[]): Tensor[] {
  return tensors.map((t, i) => {
    if (t.ndim === 2) return t;
    return i === 0 ? unsqueezeView(t, 0) : unsqueezeView(t, 1);
  });
}

export function multiDot(tensors: readonly Tensor[]): Tensor {
  checkMultiDot(tensors);
  const chain = asChain(tensors);
  for (let i = 0; i + 1 < chain.length; i++) {
    check(
      chain[i].shape[1] === chain[i + 1].shape[0],
      () =>
        `multi_dot(): tensors ${i} and ${i + 1} with shapes ${formatShape(tensors[i].shape)} and ${formatShape(tensors[i + 1].shape)} cannot be multiplied`,
    );
  }
  const product = chainProduct(chain, chainOrder(chain), 0, chain.length - 1);
  const shape: number[] = [];
  if (tensors[0].ndim === 2) shape.push(product.shape[0]);
  if (tensors[tensors.length - 1].ndim === 2) shape.push(product.shape[1]);
  return reshapeTo(product, shape);
}

/** The classic dynamic programme for the cheapest order of a matrix chain: split[i][j]. */
function chainOrder(chain: readonly Tensor[]): number[][] {
  const n = chain.length;
  const dims = [chain[0].shape[0], ...chain.map((t) => t.shape[1])];
  const cost = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const split = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let length = 1; length < n; length++) {
    for (let i = 0; i + length < n; i++) {
      const j = i + length;
      cost[i][j] = Infinity;
      for (let k = i; k < j; k++) {
        const c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1];
        if (c < cost[i][j]) {
          cost[i][j] = c;
          split[i][j] = k;
        }
      }
    }
  }
  return split;
}

function chainProduct(chain: readonly Tensor[], split: number[][], i: number, j: number): Tensor {
  if (i === j) return chain[i];
  const k = split[i][j];
  return matrixProduct(chainProduct(chain, split, i, k), chainProduct(chain, split, k + 1, j));
}

function multiDotOut(tensors: readonly Tensor[], out: Tensor): Tensor {
  const result = multiDot(tensors);
  check(
    out.dtype === result.dtype,
    () =>
      `multi_dot(): expected out tensor to have dtype ${cppTypeName(result.dtype)} but got ${cppTypeName(out.dtype)}`,
  );
  return writeOutExact(out, result);
}

// ---- matrix_power ----

function checkSquareBatches(t: Tensor, op: string): void {
  check(t.ndim >= 2, () => `${op}: The input tensor A must have at least 2 dimensions.`);
  const rows = t.shape[t.ndim - 2];
  const cols = t.shape[t.ndim - 1];
  check(
    rows === cols,
    () => `${op}: A must be batches of square matrices, but they are ${rows} by ${cols} matrices`,
  );
}

function identityLike(t: Tensor): Tensor {
  const out = Tensor.empty(t.shape, t.dtype, t.device);
  const n = t.shape[t.ndim - 1];
  for (let i = 0; i < out.data.length; i++) {
    const within = i % (n * n);
    out.data[i] = Math.floor(within / n) === within % n ? 1 : 0;
  }
  return out;
}

export function matrixPower(self: Tensor, n: number): Tensor {
  checkSquareBatches(self, 'linalg.matrix_power');
  if (n === 0) return identityLike(self);
  const base = n < 0 ? linalgInv(self) : self;
  const exponent = Math.abs(n);
  if (exponent === 1) return n < 0 ? base : cloneOf(base);
  // Binary powering: the running square doubles, the result collects the set bits.
  let result: Tensor | null = null;
  let square = base;
  for (let e = exponent; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = result === null ? square : matmul(result, square);
    if (e > 1) square = matmul(square, square);
  }
  return result!;
}

// ---- registration ----

def('aten::kron(Tensor self, Tensor other) -> Tensor', kron);
defOut('aten::kron.out(Tensor self, Tensor other, *, Tensor(a!) out) -> Tensor(a!)', kron);
def('aten::cross(Tensor self, Tensor other, int? dim=None) -> Tensor', cross);
def(
  'aten::cross.out(Tensor self, Tensor other, int? dim=None, *, Tensor(a!) out) -> Tensor(a!)',
  (a: Tensor, b: Tensor, dim: number | null, out: Tensor) => writeOutExact(out, cross(a, b, dim)),
);
def('aten::linalg_cross(Tensor self, Tensor other, *, int dim=-1) -> Tensor', linalgCross);
def(
  'aten::linalg_cross.out(Tensor self, Tensor other, *, int dim=-1, Tensor(a!) out) -> Tensor(a!)',
  (a: Tensor, b: Tensor, dim: number, out: Tensor) => writeOutExact(out, linalgCross(a, b, dim)),
);
def('aten::trace(Tensor self) -> Tensor', trace);
defOut('aten::trace.out(Tensor self, *, Tensor(a!) out) -> Tensor(a!)', trace);
def('aten::chain_matmul(Tensor[] matrices) -> Tensor', chainMatmul);
def(
  'aten::chain_matmul.out(Tensor[] matrices, *, Tensor(a!) out) -> Tensor(a!)',
  (ms: Tensor[], out: Tensor) => writeOutExact(out, chainMatmul(ms)),
);
def('aten::linalg_multi_dot(Tensor[] tensors) -> Tensor', multiDot);
def('aten::linalg_multi_dot.out(Tensor[] tensors, *, Tensor(a!) out) -> Tensor(a!)', multiDotOut);
def('aten::matrix_power(Tensor self, int n) -> Tensor', matrixPower);
def(
  'aten::matrix_power.out(Tensor self, int n, *, Tensor(a!) out) -> Tensor(a!)',
  (t: Tensor, n: number, out: Tensor) => writeOutExact(out, matrixPower(t, n)),
);
def('aten::linalg_matrix_power(Tensor self, int n) -> Tensor', matrixPower);
def(
  'aten::linalg_matrix_power.out(Tensor self, int n, *, Tensor(a!) out) -> Tensor(a!)',
  (t: Tensor, n: number, out: Tensor) => writeOutExact(out, matrixPower(t, n)),
);

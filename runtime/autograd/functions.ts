// The tensor operations derivative formulas are written with: registry operators, called by their
// schema with every argument in order. They go through the registry's (wrapped) implementations,
// so a backward pass run with grad mode on (create_graph) records its own graph.

import { lookup, type Operator } from '../ops/registry.js';
import type { DType } from '../tensor/dtype.js';
import type { Scalar } from '../tensor/scalar.js';
import { Tensor } from '../tensor/tensor.js';

const operators = new Map<string, Operator>();

function operator(qualified: string): Operator {
  let op = operators.get(qualified);
  if (op === undefined) {
    op = lookup(qualified);
    if (op === undefined) throw new Error(`autograd: no operator ${qualified}`);
    operators.set(qualified, op);
  }
  return op;
}

/** Calls `qualified` with all its arguments, in schema order. */
export function run(qualified: string, ...args: unknown[]): unknown {
  return operator(qualified).impl(...args);
}

/** Calls `qualified`, which returns one tensor. */
export function tensor(qualified: string, ...args: unknown[]): Tensor {
  const result = run(qualified, ...args);
  if (!(result instanceof Tensor)) throw new Error(`autograd: ${qualified} returned no tensor`);
  return result;
}

/** Calls `qualified`, which returns several tensors. */
export function tensors(qualified: string, ...args: unknown[]): Tensor[] {
  const result = run(qualified, ...args);
  if (!Array.isArray(result) || !result.every((t) => t instanceof Tensor)) {
    throw new Error(`autograd: ${qualified} returned no tensors`);
  }
  return result;
}

// ---- arithmetic ----

export const add = (a: Tensor, b: Tensor): Tensor => tensor('aten::add.Tensor', a, b, 1n);
export const sub = (a: Tensor, b: Tensor): Tensor => tensor('aten::sub.Tensor', a, b, 1n);
export const mul = (a: Tensor, b: Tensor): Tensor => tensor('aten::mul.Tensor', a, b);
export const div = (a: Tensor, b: Tensor): Tensor => tensor('aten::div.Tensor', a, b);
export const addScalar = (a: Tensor, s: Scalar): Tensor => tensor('aten::add.Scalar', a, s, 1n);
export const mulScalar = (a: Tensor, s: Scalar): Tensor => tensor('aten::mul.Scalar', a, s);
export const divScalar = (a: Tensor, s: Scalar): Tensor => tensor('aten::div.Scalar', a, s);
/** s - a */
export const rsubScalar = (a: Tensor, s: Scalar): Tensor => tensor('aten::rsub.Scalar', a, s, 1n);
export const neg = (a: Tensor): Tensor => tensor('aten::neg', a);
export const powScalar = (a: Tensor, e: Scalar): Tensor => tensor('aten::pow.Tensor_Scalar', a, e);
export const pow = (a: Tensor, e: Tensor): Tensor => tensor('aten::pow.Tensor_Tensor', a, e);
export const square = (a: Tensor): Tensor => mul(a, a);
export const exp = (a: Tensor): Tensor => tensor('aten::exp', a);
export const log = (a: Tensor): Tensor => tensor('aten::log', a);
export const sqrt = (a: Tensor): Tensor => tensor('aten::sqrt', a);
export const rsqrt = (a: Tensor): Tensor => tensor('aten::rsqrt', a);
export const reciprocal = (a: Tensor): Tensor => tensor('aten::reciprocal', a);
export const sin = (a: Tensor): Tensor => tensor('aten::sin', a);
export const cos = (a: Tensor): Tensor => tensor('aten::cos', a);
export const tanh = (a: Tensor): Tensor => tensor('aten::tanh', a);
export const sigmoid = (a: Tensor): Tensor => tensor('aten::sigmoid', a);
export const sign = (a: Tensor): Tensor => tensor('aten::sign', a);
export const abs = (a: Tensor): Tensor => tensor('aten::abs', a);
export const erf = (a: Tensor): Tensor => tensor('aten::erf', a);

// ---- comparison and selection ----

export const gtScalar = (a: Tensor, s: Scalar): Tensor => tensor('aten::gt.Scalar', a, s);
export const geScalar = (a: Tensor, s: Scalar): Tensor => tensor('aten::ge.Scalar', a, s);
export const ltScalar = (a: Tensor, s: Scalar): Tensor => tensor('aten::lt.Scalar', a, s);
export const leScalar = (a: Tensor, s: Scalar): Tensor => tensor('aten::le.Scalar', a, s);
export const eqScalar = (a: Tensor, s: Scalar): Tensor => tensor('aten::eq.Scalar', a, s);
export const gt = (a: Tensor, b: Tensor): Tensor => tensor('aten::gt.Tensor', a, b);
export const ge = (a: Tensor, b: Tensor): Tensor => tensor('aten::ge.Tensor', a, b);
export const lt = (a: Tensor, b: Tensor): Tensor => tensor('aten::lt.Tensor', a, b);
export const le = (a: Tensor, b: Tensor): Tensor => tensor('aten::le.Tensor', a, b);
export const eq = (a: Tensor, b: Tensor): Tensor => tensor('aten::eq.Tensor', a, b);
export const logicalAnd = (a: Tensor, b: Tensor): Tensor => tensor('aten::logical_and', a, b);
export const logicalNot = (a: Tensor): Tensor => tensor('aten::logical_not', a);
export const where = (c: Tensor, a: Tensor, b: Tensor): Tensor =>
  tensor('aten::where.self', c, a, b);
/** where(c, a, 0): the gradient kept where the condition holds. */
export const maskedKeep = (c: Tensor, a: Tensor): Tensor =>
  tensor('aten::where.ScalarOther', c, a, 0);
export const maskedFill = (a: Tensor, mask: Tensor, value: Scalar): Tensor =>
  tensor('aten::masked_fill.Scalar', a, mask, value);

// ---- reductions ----

export const sumAll = (a: Tensor): Tensor => tensor('aten::sum', a, null);
export const sumDims = (a: Tensor, dims: readonly number[], keepdim: boolean): Tensor =>
  tensor('aten::sum.dim_IntList', a, dims, keepdim, null);
export const meanDims = (a: Tensor, dims: readonly number[], keepdim: boolean): Tensor =>
  tensor('aten::mean.dim', a, dims, keepdim, null);
export const cumsum = (a: Tensor, dim: number): Tensor => tensor('aten::cumsum', a, dim, null);

// ---- creation ----

export const zerosLike = (a: Tensor): Tensor =>
  tensor('aten::zeros_like', a, null, null, null, null, null);
export const onesLike = (a: Tensor): Tensor =>
  tensor('aten::ones_like', a, null, null, null, null, null);
export const fullLike = (a: Tensor, value: Scalar): Tensor =>
  tensor('aten::full_like', a, value, null, null, null, null, null);
export const zeros = (shape: readonly number[], like: Tensor, dtype: DType = like.dtype): Tensor =>
  tensor('aten::new_zeros', like, shape, dtype, null, null, null);
export const clone = (a: Tensor): Tensor => tensor('aten::clone', a, null);
export const toDType = (a: Tensor, dtype: DType): Tensor =>
  tensor('aten::_to_copy', a, dtype, null, null, null, false, null);

// ---- shapes and views ----

export const view = (a: Tensor, shape: readonly number[]): Tensor => tensor('aten::view', a, shape);
export const reshape = (a: Tensor, shape: readonly number[]): Tensor =>
  tensor('aten::reshape', a, shape);
export const expand = (a: Tensor, shape: readonly number[]): Tensor =>
  tensor('aten::expand', a, shape, false);
export const unsqueeze = (a: Tensor, dim: number): Tensor => tensor('aten::unsqueeze', a, dim);
export const squeezeDim = (a: Tensor, dim: number): Tensor => tensor('aten::squeeze.dim', a, dim);
export const transpose = (a: Tensor, d0: number, d1: number): Tensor =>
  tensor('aten::transpose.int', a, d0, d1);
export const t = (a: Tensor): Tensor => tensor('aten::t', a);
export const permute = (a: Tensor, dims: readonly number[]): Tensor =>
  tensor('aten::permute', a, dims);
export const select = (a: Tensor, dim: number, index: number): Tensor =>
  tensor('aten::select.int', a, dim, index);
export const narrow = (a: Tensor, dim: number, start: number, length: number): Tensor =>
  tensor('aten::narrow', a, dim, start, length);
export const slice = (
  a: Tensor,
  dim: number,
  start: number | null,
  end: number | null,
  step: number,
): Tensor => tensor('aten::slice.Tensor', a, dim, start, end, step);
export const contiguous = (a: Tensor): Tensor => tensor('aten::contiguous', a, 0);
export const cat = (list: readonly Tensor[], dim: number): Tensor => tensor('aten::cat', list, dim);
export const flip = (a: Tensor, dims: readonly number[]): Tensor => tensor('aten::flip', a, dims);

// ---- in-place writes (into fresh tensors only: a backward pass never writes to its inputs) ----

export const copyInto = (dst: Tensor, src: Tensor): Tensor =>
  tensor('aten::copy_', dst, src, false);
export const addInto = (dst: Tensor, src: Tensor): Tensor =>
  tensor('aten::add_.Tensor', dst, src, 1n);

// ---- linear algebra ----

export const mm = (a: Tensor, b: Tensor): Tensor => tensor('aten::mm', a, b);
export const bmm = (a: Tensor, b: Tensor): Tensor => tensor('aten::bmm', a, b);
export const matmul = (a: Tensor, b: Tensor): Tensor => tensor('aten::matmul', a, b);

// ---- indexing ----

export const gather = (a: Tensor, dim: number, index: Tensor): Tensor =>
  tensor('aten::gather', a, dim, index, false);
export const scatterAdd = (a: Tensor, dim: number, index: Tensor, src: Tensor): Tensor =>
  tensor('aten::scatter_add', a, dim, index, src);
export const indexSelect = (a: Tensor, dim: number, index: Tensor): Tensor =>
  tensor('aten::index_select', a, dim, index);
export const indexAdd = (a: Tensor, dim: number, index: Tensor, source: Tensor): Tensor =>
  tensor('aten::index_add', a, dim, index, source, 1n);
export const index = (a: Tensor, indices: readonly (Tensor | null)[]): Tensor =>
  tensor('aten::index.Tensor', a, indices);
export const indexPut = (
  a: Tensor,
  indices: readonly (Tensor | null)[],
  values: Tensor,
  accumulate: boolean,
): Tensor => tensor('aten::index_put', a, indices, values, accumulate);

// ---- shape helpers (no operators) ----

/** Sums a gradient that broadcast from `shape` back to it (PyTorch's at::sum_to). */
export function sumTo(grad: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(grad.shape, shape)) return grad;
  const lead = grad.ndim - shape.length;
  const dims: number[] = [];
  for (let d = 0; d < grad.ndim; d++) {
    if (d < lead || (shape[d - lead] === 1 && grad.shape[d] !== 1)) dims.push(d);
  }
  const summed = dims.length === 0 ? grad : sumDims(grad, dims, true);
  return lead === 0 && sameShape(summed.shape, shape) ? summed : view(summed, shape);
}

/** Whether a tensor of `shape` broadcasts to `target`. */
export function expandableTo(shape: readonly number[], target: readonly number[]): boolean {
  if (shape.length > target.length) return false;
  const lead = target.length - shape.length;
  return shape.every((s, i) => s === 1 || s === target[lead + i]);
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** A dimension counted from the end made positive. */
export function wrapDim(dim: number, ndim: number): number {
  const rank = Math.max(ndim, 1);
  return dim < 0 ? dim + rank : dim;
}

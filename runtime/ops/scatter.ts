// Indexing along one dim: gather, scatter (with its reductions), scatter_add, scatter_reduce,
// index_fill, index_copy, index_add, take_along_dim and one_hot. gather/scatter pair every
// element of `index` with the element of self (or src) at the same coordinates, except along
// `dim`, where the index value picks the position.

import { indexError, runtimeError } from '../errors.js';
import type { PointwiseKernel } from '../kernels/pointwise.js';
import { runPointwise } from '../kernels/pointwise.js';
import { isFloating, scalarTypeName, type DType, type TypedArray } from '../tensor/dtype.js';
import type { Scalar } from '../tensor/scalar.js';
import { broadcastShapes, formatShape, normalizeDim, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { identity, writeInto } from './elementwise.js';
import { def } from './registry.js';
import {
  checkedScalar,
  copyContiguous,
  defCastOut,
  defExactOut,
  elementOffsets,
  forEachRow,
  rowLayout,
} from './strided.js';
import { expand, select, unsqueeze, view } from './view.js';

/** Size of dim `d`, a 0-dim tensor counting as one element along dim 0. */
const sizeAt = (t: Tensor, d: number) => (t.ndim === 0 ? 1 : t.shape[normalizeDim(d, t.ndim)]);
const strideAt = (t: Tensor, d: number) => (t.ndim === 0 ? 0 : t.strides[d]);
const atLeastOneDim = (n: number) => Math.max(n, 1);

/**
 * The strides and offsets for forEachRow to walk `index` together with `tensors` at the same
 * coordinates (index first). A tensor marked in `along` gets stride 0 along `dim`: there the
 * index value picks the position instead.
 */
function strideTables(
  index: Tensor,
  dim: number,
  tensors: readonly Tensor[],
  along: readonly boolean[],
) {
  const strides = [
    index.strides.slice(),
    ...tensors.map((t, k) =>
      index.shape.map((_, d) => (along[k] && d === dim ? 0 : strideAt(t, d))),
    ),
  ];
  return { strides, offsets: [index.offset, ...tensors.map((t) => t.offset)] };
}

/** The values of `t` in row-major order (index tensors: their int64 values). */
function readValues(t: Tensor): Float64Array {
  const at = elementOffsets(t.shape, t.strides, t.offset);
  const data = t.data;
  for (let i = 0; i < at.length; i++) at[i] = data[at[i]];
  return at;
}

function outOfRange(v: number, dim: number, size: number): never {
  throw runtimeError(`index ${v} is out of bounds for dimension ${dim} with size ${size}`);
}

// ---- gather ----

export function gather(self: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, self.ndim);
  const out = Tensor.empty(index.shape, self.dtype, self.device);
  if (index.numel() === 0) return out;
  if (index.dtype !== 'int64') throw runtimeError('gather(): Expected dtype int64 for index');
  const dims = atLeastOneDim(self.ndim);
  if (dims !== atLeastOneDim(index.ndim)) {
    throw runtimeError('Index tensor must have the same number of dimensions as input tensor');
  }
  for (let i = 0; i < dims; i++) {
    if (i !== d && sizeAt(index, i) > sizeAt(self, i)) {
      throw runtimeError(
        `Size does not match at dimension ${i} expected index ${formatShape(index.shape)} to be smaller than self ${formatShape(self.shape)} apart from dimension ${d}`,
      );
    }
  }
  const size = sizeAt(self, d);
  const stride = strideAt(self, d);
  const { strides, offsets } = strideTables(index, d, [self], [true]);
  const { length, steps } = rowLayout(index.shape, strides);
  const [indexStep, selfStep] = steps;
  const from = self.data;
  const values = index.data;
  const to = out.data;
  forEachRow(index.shape, strides, offsets, ([indexAt, selfAt], first) => {
    for (let j = 0, k = first; j < length; j++) {
      const v = values[indexAt + j * indexStep];
      if (v < 0 || v >= size) outOfRange(v, d, size);
      to[k++] = from[selfAt + j * selfStep + v * stride];
    }
  });
  return out;
}

// ---- scatter and its reductions ----

type Reduction = 'none' | 'sum' | 'prod' | 'mean' | 'amax' | 'amin';

function checkScatterArgs(self: Tensor, dim: number, index: Tensor, src: Tensor | null): void {
  if (index.numel() !== 0 && index.dtype !== 'int64') {
    throw runtimeError('scatter(): Expected dtype int64 for index');
  }
  if (src !== null && src.dtype !== self.dtype) {
    throw runtimeError('scatter(): Expected self.dtype to be equal to src.dtype');
  }
  if (index.numel() === 0) return;
  const dims = atLeastOneDim(self.ndim);
  if (dims !== atLeastOneDim(index.ndim)) {
    throw runtimeError('Index tensor must have the same number of dimensions as self tensor');
  }
  let wrongShape = false;
  for (let i = 0; i < dims && !wrongShape; i++) {
    if (i !== dim && sizeAt(index, i) > sizeAt(self, i)) wrongShape = true;
  }
  for (let i = 0; i < dims && !wrongShape && src !== null; i++) {
    if (sizeAt(index, i) > sizeAt(src, i)) wrongShape = true;
  }
  const expected = `Expected index ${formatShape(index.shape)} to be smaller than self ${formatShape(self.shape)} apart from dimension ${dim}`;
  if (src !== null) {
    if (atLeastOneDim(src.ndim) !== atLeastOneDim(index.ndim)) {
      throw runtimeError('Index tensor must have the same number of dimensions as src tensor');
    }
    if (wrongShape) {
      throw runtimeError(`${expected} and to be smaller size than src ${formatShape(src.shape)}`);
    }
  } else if (wrongShape) {
    throw runtimeError(expected);
  }
}

function scatterReduction(reduce: string | null, newNames: boolean): Reduction {
  if (reduce === null) return 'none';
  if (!newNames) {
    if (reduce === 'add') return 'sum';
    if (reduce === 'multiply') return 'prod';
    throw runtimeError('reduce argument must be either add or multiply.');
  }
  if (['sum', 'prod', 'mean', 'amax', 'amin'].includes(reduce)) return reduce as Reduction;
  throw runtimeError('reduce argument must be either sum, prod, mean, amax or amin.');
}

/** The smallest and largest value of each dtype, as reductions start from them. */
const dtypeLimits: Record<DType, [number, number]> = {
  bool: [0, 1],
  uint8: [0, 255],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-2147483648, 2147483647],
  int64: [-(2 ** 63), 2 ** 63],
  float32: [-Infinity, Infinity],
  float64: [-Infinity, Infinity],
};

/** The starting value of a reduction that leaves self out (scatter_reduce include_self=False). */
function reductionIdentity(reduction: Reduction, dtype: DType): number {
  if (reduction === 'prod') return 1;
  if (reduction === 'amax') return dtypeLimits[dtype][0];
  if (reduction === 'amin') return dtypeLimits[dtype][1];
  return 0;
}

/**
 * For each element of `index` (row-major): the storage index in self it scatters to (checked
 * against the size of `dim`) and the value it scatters (src's at the same coordinates, or the
 * scalar).
 */
function scatterPlan(self: Tensor, dim: number, index: Tensor, src: Tensor | number) {
  const n = index.numel();
  const targets = new Float64Array(n);
  const sources = new Float64Array(n);
  const size = sizeAt(self, dim);
  const stride = strideAt(self, dim);
  const srcTensor = typeof src === 'number' ? index : src;
  const { strides, offsets } = strideTables(index, dim, [self, srcTensor], [true, false]);
  const { length, steps } = rowLayout(index.shape, strides);
  const [indexStep, selfStep, srcStep] = steps;
  const values = index.data;
  const srcData = srcTensor.data;
  forEachRow(index.shape, strides, offsets, ([indexAt, selfAt, srcAt], first) => {
    for (let j = 0, k = first; j < length; j++, k++) {
      const v = values[indexAt + j * indexStep];
      if (v < 0 || v >= size) outOfRange(v, dim, size);
      targets[k] = selfAt + j * selfStep + v * stride;
      sources[k] = srcData[srcAt + j * srcStep];
    }
  });
  if (typeof src === 'number') sources.fill(src);
  return { targets, sources };
}

/**
 * data[targets[i]] = reduce(data[targets[i]], sources[i]), in order (duplicates accumulate);
 * `saturate` makes sums stop at 1, as bool arithmetic does.
 */
function reduceInto(
  data: TypedArray,
  targets: Float64Array,
  sources: Float64Array,
  reduction: Reduction,
  saturate: boolean,
): void {
  const n = targets.length;
  switch (reduction) {
    case 'none':
      for (let i = 0; i < n; i++) data[targets[i]] = sources[i];
      break;
    case 'sum':
    case 'mean':
      if (saturate)
        for (let i = 0; i < n; i++) data[targets[i]] = +(data[targets[i]] + sources[i] !== 0);
      else for (let i = 0; i < n; i++) data[targets[i]] += sources[i];
      break;
    case 'prod':
      for (let i = 0; i < n; i++) data[targets[i]] *= sources[i];
      break;
    case 'amax':
      for (let i = 0; i < n; i++) data[targets[i]] = Math.max(data[targets[i]], sources[i]);
      break;
    case 'amin':
      for (let i = 0; i < n; i++) data[targets[i]] = Math.min(data[targets[i]], sources[i]);
      break;
  }
}

/** scatter_reduce's mean: each scattered-to element divided by how many values it received. */
function divideByCounts(self: Tensor, targets: Float64Array, includeSelf: boolean): void {
  const counts = new Map<number, number>();
  for (let i = 0; i < targets.length; i++) {
    counts.set(targets[i], (counts.get(targets[i]) ?? (includeSelf ? 1 : 0)) + 1);
  }
  const floor = !isFloating(self.dtype);
  for (const [at, count] of counts) {
    self.data[at] = floor ? Math.floor(self.data[at] / count) : self.data[at] / count;
  }
}

/** Scatters into `self` in place; `src` is a tensor or a value already cast to self's dtype. */
function scatterInto(
  self: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor | number,
  reduction: Reduction,
  includeSelf = true,
): Tensor {
  if (index.numel() === 0) return self;
  const { targets, sources } = scatterPlan(self, dim, index, src);
  const data = self.data;
  if (!includeSelf && reduction !== 'none') {
    const start = reductionIdentity(reduction, self.dtype);
    for (let i = 0; i < targets.length; i++) data[targets[i]] = start;
  }
  reduceInto(data, targets, sources, reduction, self.dtype === 'bool');
  if (reduction === 'mean') divideByCounts(self, targets, includeSelf);
  return self;
}

function scatterSrc_(
  self: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor,
  reduce: string | null = null,
) {
  const d = normalizeDim(dim, self.ndim);
  checkScatterArgs(self, d, index, src);
  return scatterInto(self, d, index, src, scatterReduction(reduce, false));
}

function scatterValue_(
  self: Tensor,
  dim: number,
  index: Tensor,
  value: Scalar,
  reduce: string | null = null,
) {
  const d = normalizeDim(dim, self.ndim);
  checkScatterArgs(self, d, index, null);
  const reduction = scatterReduction(reduce, false);
  return scatterInto(self, d, index, checkedScalar(value, self.dtype), reduction);
}

function scatterAdd_(self: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  const d = normalizeDim(dim, self.ndim);
  checkScatterArgs(self, d, index, src);
  return scatterInto(self, d, index, src, 'sum');
}

function scatterReduce_(
  self: Tensor,
  dim: number,
  index: Tensor,
  src: Tensor,
  reduce: string,
  includeSelf = true,
): Tensor {
  const d = normalizeDim(dim, self.ndim);
  checkScatterArgs(self, d, index, src);
  const reduction = scatterReduction(reduce, true);
  if (reduction === 'mean' && self.dtype === 'bool') {
    throw runtimeError(`"scatter_gather_tensor_cpu_reduce_mean" not implemented for 'Bool'`);
  }
  return scatterInto(self, d, index, src, reduction, includeSelf);
}

/** The functional form of an in-place operator: the same on a copy of self. */
const onCopy =
  <A extends unknown[]>(fn: (self: Tensor, ...args: A) => Tensor) =>
  (self: Tensor, ...args: A): Tensor =>
    fn(copyContiguous(self), ...args);

const scatterSrc = onCopy(scatterSrc_);
const scatterValue = onCopy(scatterValue_);
const scatterAdd = onCopy(scatterAdd_);
const scatterReduce = onCopy(scatterReduce_);

// ---- index_fill, index_copy, index_add ----

export function indexFill_(self: Tensor, dim: number, index: Tensor, value: Scalar): Tensor {
  if (index.dtype !== 'int64') throw indexError('index_fill_(): Expected dtype int64 for index.');
  const target = self.ndim === 0 ? unsqueeze(self, -1) : self;
  const d = normalizeDim(dim, target.ndim);
  if (index.ndim > 1) throw runtimeError('Index has to be a vector/scalar');
  const fill = checkedScalar(value, self.dtype);
  const size = target.shape[d];
  for (let v of readValues(index)) {
    if (v < -size || v >= size) {
      throw indexError(`index ${v} is out of bounds for dimension ${d} with size ${size}`);
    }
    if (v < 0) v += size;
    const slab = select(target, d, v);
    for (const at of elementOffsets(slab.shape, slab.strides, slab.offset)) {
      target.data[at] = fill;
    }
  }
  return self;
}

function indexFillTensor_(self: Tensor, dim: number, index: Tensor, value: Tensor): Tensor {
  if (value.ndim !== 0) {
    throw runtimeError(
      `index_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.ndim} dimension(s).`,
    );
  }
  return indexFill_(self, dim, index, value.item());
}

const sliceShape = (t: Tensor, dim: number) =>
  t.ndim === 0 ? [] : t.shape.filter((_, k) => k !== dim);

function checkIndexCopy(self: Tensor, dim: number, index: Tensor, source: Tensor): void {
  if (index.ndim >= 2) {
    throw indexError(`index_copy_(): Index should have dimension 1 or 0 (got ${index.ndim})`);
  }
  const n = index.numel();
  if (source.ndim === 0 && n !== 1) {
    throw indexError(
      `index_copy_(): When source is scalar, index should have one element (got ${n})`,
    );
  }
  if (source.ndim !== self.ndim && source.ndim !== 0 && self.ndim !== 0) {
    throw indexError(
      `index_copy_(): When source and destination are not scalars, their dimensionality must match. Source dimensionality (${source.ndim}), destination dimensionality (${self.ndim})`,
    );
  }
  if (index.dtype !== 'int64') {
    throw runtimeError(
      `index_copy_(): Expected a long tensor for index, but got ${scalarTypeName(index.dtype)}`,
    );
  }
  if (self.dtype !== source.dtype) {
    throw runtimeError(
      `index_copy_(): self and source expected to have the same dtype, but got (self) ${scalarTypeName(self.dtype)} and (source) ${scalarTypeName(source.dtype)}`,
    );
  }
  const selfSlice = sliceShape(self, dim);
  const sourceSlice = sliceShape(source, dim);
  if (selfSlice.join() !== sourceSlice.join() || selfSlice.length !== sourceSlice.length) {
    throw runtimeError(
      `index_copy_(): Source/destination tensor must have same slice shapes. Destination slice shape: ${selfSlice.join(' ')} at dimension ${dim} and source slice shape: ${sourceSlice.join(' ')} at dimension 0.`,
    );
  }
  if (source.ndim !== 0 && n !== source.shape[dim]) {
    throw indexError(
      `index_copy_(): Number of indices (${n}) should be equal to source.size(dim) (${source.shape[dim]})`,
    );
  }
}

/** The i-th slice of `t` along dim (t itself when it is 0-dim). */
const sliceOf = (t: Tensor, dim: number, i: number) => (t.ndim === 0 ? t : select(t, dim, i));

export function indexCopy_(self: Tensor, dim: number, index: Tensor, source: Tensor): Tensor {
  const d = normalizeDim(dim, self.ndim);
  checkIndexCopy(self, d, index, source);
  const size = sizeAt(self, d);
  readValues(index).forEach((v, i) => {
    if (v < 0 || v >= size) {
      throw indexError(
        `index_copy_(): index ${v} is out of bounds for dimension ${d} with size ${size}`,
      );
    }
    runPointwise(identity, sliceOf(self, d, v), [sliceOf(source, d, i)], self.dtype);
  });
  return self;
}

const indexAddKernel: PointwiseKernel = {
  name: 'index_add',
  expr: (c) =>
    c === 'float32'
      ? 'a + Math.fround(p0 * b)'
      : c === 'int32'
        ? 'a + Math.imul(p0, b)'
        : 'a + p0 * b',
};

export function indexAdd_(
  self: Tensor,
  dim: number,
  index: Tensor,
  source: Tensor,
  alpha: Scalar = 1n,
): Tensor {
  const d = normalizeDim(dim, self.ndim);
  const n = index.numel();
  if (index.ndim > 1) {
    throw indexError(
      `index_add_(): Index is supposed to be a vector, but got dim: ${index.ndim} with type: ${scalarTypeName(index.dtype)} and size: ${formatShape(index.shape)}`,
    );
  }
  if (index.dtype !== 'int64' && index.dtype !== 'int32') {
    throw runtimeError(
      `index_add_(): Expected dtype int32/int64 for index but got: ${scalarTypeName(index.dtype)}`,
    );
  }
  if (self.dtype !== source.dtype) {
    throw runtimeError(
      `index_add_(): self (${scalarTypeName(self.dtype)}) and source (${scalarTypeName(source.dtype)}) must have the same scalar type`,
    );
  }
  const sourceSize = sizeAt(source, d);
  if (n !== (source.ndim === 0 ? 1 : sourceSize)) {
    throw runtimeError(
      `index_add_(): Number of indices (${n}) should be equal to source.size(dim): (${sourceSize}), for dim: ${d}`,
    );
  }
  if (self.ndim > 0 && source.ndim > 0) {
    writeInto(select(self, d, 0), self.dtype, [select(source, d, 0)], 'result type');
  }
  const size = sizeAt(self, d);
  const scale = checkedScalar(alpha, self.dtype);
  readValues(index).forEach((v, i) => {
    if (v < 0 || v >= size) throw indexError('index out of range in self');
    const slab = sliceOf(self, d, v);
    runPointwise(indexAddKernel, slab, [slab, sliceOf(source, d, i)], self.dtype, [scale]);
  });
  return self;
}

const indexFill = onCopy(indexFill_);
const indexFillTensor = onCopy(indexFillTensor_);
const indexCopy = onCopy(indexCopy_);
const indexAdd = onCopy(indexAdd_);

// ---- take_along_dim, one_hot ----

export function takeAlongDim(self: Tensor, indices: Tensor, dim: number | null = null): Tensor {
  if (dim === null) return gather(view(self, [-1]), 0, view(indices, [-1]));
  if (self.ndim !== indices.ndim) {
    throw runtimeError(
      `torch.take_along_dim(): input and indices should have the same number of dimensions, but got ${self.ndim} dimensions for input, and ${indices.ndim} dimensions for indices`,
    );
  }
  if (indices.dtype !== 'int64') {
    throw runtimeError(
      `torch.take_along_dim(): dtype of indices should be Long but got ${scalarTypeName(indices.dtype)}`,
    );
  }
  const d = normalizeDim(dim, self.ndim);
  const withIndexSize: Shape = self.shape.map((s, k) => (k === d ? indices.shape[d] : s));
  const indicesShape = broadcastShapes(withIndexSize, indices.shape);
  const withSelfSize: Shape = indices.shape.map((s, k) => (k === d ? self.shape[d] : s));
  const selfShape = broadcastShapes(withSelfSize, self.shape);
  return gather(expand(self, selfShape), d, expand(indices, indicesShape));
}

export function oneHot(self: Tensor, numClasses = -1): Tensor {
  if (self.dtype !== 'int64') throw runtimeError('one_hot is only applicable to index tensor.');
  if (self.numel() === 0) {
    if (numClasses <= 0) {
      throw runtimeError('Can not infer total number of classes from empty tensor.');
    }
    return Tensor.empty([...self.shape, numClasses], 'int64', self.device);
  }
  const values = readValues(self);
  const min = values.reduce((a, b) => Math.min(a, b));
  const max = values.reduce((a, b) => Math.max(a, b));
  if (min < 0) throw runtimeError('Class values must be non-negative.');
  const classes = numClasses === -1 ? max + 1 : numClasses;
  if (numClasses !== -1 && classes <= max) {
    throw runtimeError('Class values must be smaller than num_classes.');
  }
  const out = Tensor.empty([...self.shape, classes], 'int64', self.device);
  for (let i = 0; i < values.length; i++) out.data[i * classes + values[i]] = 1;
  return out;
}

// ---- registrations ----

def(
  'aten::gather(Tensor self, int dim, Tensor index, *, bool sparse_grad=False) -> Tensor',
  gather,
);
defExactOut(
  'aten::gather.out(Tensor self, int dim, Tensor index, *, bool sparse_grad=False, Tensor(a!) out) -> Tensor(a!)',
  gather,
);
def(
  'aten::scatter.value(Tensor self, int dim, Tensor index, Scalar value) -> Tensor',
  scatterValue,
);
def('aten::scatter.src(Tensor self, int dim, Tensor index, Tensor src) -> Tensor', scatterSrc);
def(
  'aten::scatter.reduce(Tensor self, int dim, Tensor index, Tensor src, *, str reduce) -> Tensor',
  scatterSrc,
);
def(
  'aten::scatter.value_reduce(Tensor self, int dim, Tensor index, Scalar value, *, str reduce) -> Tensor',
  scatterValue,
);
defExactOut(
  'aten::scatter.src_out(Tensor self, int dim, Tensor index, Tensor src, *, Tensor(a!) out) -> Tensor(a!)',
  scatterSrc,
);
defExactOut(
  'aten::scatter.value_out(Tensor self, int dim, Tensor index, Scalar value, *, Tensor(a!) out) -> Tensor(a!)',
  scatterValue,
);
defExactOut(
  'aten::scatter.reduce_out(Tensor self, int dim, Tensor index, Tensor src, *, str reduce, Tensor(a!) out) -> Tensor(a!)',
  scatterSrc,
);
defExactOut(
  'aten::scatter.value_reduce_out(Tensor self, int dim, Tensor index, Scalar value, *, str reduce, Tensor(a!) out) -> Tensor(a!)',
  scatterValue,
);
def(
  'aten::scatter_.src(Tensor(a!) self, int dim, Tensor index, Tensor src) -> Tensor(a!)',
  scatterSrc_,
);
def(
  'aten::scatter_.value(Tensor(a!) self, int dim, Tensor index, Scalar value) -> Tensor(a!)',
  scatterValue_,
);
def(
  'aten::scatter_.reduce(Tensor(a!) self, int dim, Tensor index, Tensor src, *, str reduce) -> Tensor(a!)',
  scatterSrc_,
);
def(
  'aten::scatter_.value_reduce(Tensor(a!) self, int dim, Tensor index, Scalar value, *, str reduce) -> Tensor(a!)',
  scatterValue_,
);
def('aten::scatter_add(Tensor self, int dim, Tensor index, Tensor src) -> Tensor', scatterAdd);
defExactOut(
  'aten::scatter_add.out(Tensor self, int dim, Tensor index, Tensor src, *, Tensor(a!) out) -> Tensor(a!)',
  scatterAdd,
);
def(
  'aten::scatter_add_(Tensor(a!) self, int dim, Tensor index, Tensor src) -> Tensor(a!)',
  scatterAdd_,
);
def(
  'aten::scatter_reduce.two(Tensor self, int dim, Tensor index, Tensor src, str reduce, *, bool include_self=True) -> Tensor',
  scatterReduce,
);
defExactOut(
  'aten::scatter_reduce.two_out(Tensor self, int dim, Tensor index, Tensor src, str reduce, *, bool include_self=True, Tensor(a!) out) -> Tensor(a!)',
  scatterReduce,
);
def(
  'aten::scatter_reduce_.two(Tensor(a!) self, int dim, Tensor index, Tensor src, str reduce, *, bool include_self=True) -> Tensor(a!)',
  scatterReduce_,
);

def(
  'aten::index_fill.int_Scalar(Tensor self, int dim, Tensor index, Scalar value) -> Tensor',
  indexFill,
);
def(
  'aten::index_fill.int_Tensor(Tensor self, int dim, Tensor index, Tensor value) -> Tensor',
  indexFillTensor,
);
defCastOut(
  'aten::index_fill.int_Scalar_out(Tensor self, int dim, Tensor index, Scalar value, *, Tensor(a!) out) -> Tensor(a!)',
  indexFill,
);
defCastOut(
  'aten::index_fill.int_Tensor_out(Tensor self, int dim, Tensor index, Tensor value, *, Tensor(a!) out) -> Tensor(a!)',
  indexFillTensor,
);
def(
  'aten::index_fill_.int_Scalar(Tensor(a!) self, int dim, Tensor index, Scalar value) -> Tensor(a!)',
  indexFill_,
);
def(
  'aten::index_fill_.int_Tensor(Tensor(a!) self, int dim, Tensor index, Tensor value) -> Tensor(a!)',
  indexFillTensor_,
);
def('aten::index_copy(Tensor self, int dim, Tensor index, Tensor source) -> Tensor', indexCopy);
defExactOut(
  'aten::index_copy.out(Tensor self, int dim, Tensor index, Tensor source, *, Tensor(a!) out) -> Tensor(a!)',
  indexCopy,
);
def(
  'aten::index_copy_(Tensor(a!) self, int dim, Tensor index, Tensor source) -> Tensor(a!)',
  indexCopy_,
);
def(
  'aten::index_add(Tensor self, int dim, Tensor index, Tensor source, *, Scalar alpha=1) -> Tensor',
  indexAdd,
);
defExactOut(
  'aten::index_add.out(Tensor self, int dim, Tensor index, Tensor source, *, Scalar alpha=1, Tensor(a!) out) -> Tensor(a!)',
  indexAdd,
);
def(
  'aten::index_add_(Tensor(a!) self, int dim, Tensor index, Tensor source, *, Scalar alpha=1) -> Tensor(a!)',
  indexAdd_,
);
def('aten::take_along_dim(Tensor self, Tensor indices, int? dim=None) -> Tensor', takeAlongDim);
defExactOut(
  'aten::take_along_dim.out(Tensor self, Tensor indices, int? dim=None, *, Tensor(a!) out) -> Tensor(a!)',
  takeAlongDim,
);
def('aten::one_hot(Tensor self, int num_classes=-1) -> Tensor', oneHot);

// Advanced indexing: index.Tensor (x[tensors]), index_put_, index_select, masked_select,
// masked_scatter, nonzero, take and put. Unlike views, these copy: the result owns new storage,
// and the writing forms (index_put_, masked_scatter_, put_) write through `self`'s strides.
//
// The engine behind index/index_put_/index_select splits the source into three groups of dims:
// the ones before the indexed block, the indexed block (replaced by the index tensors' broadcast
// shape) and the ones after. Each group becomes a table of storage offsets, and the copy is a
// triple loop adding one offset from each table.

import { check, indexError, runtimeError } from '../errors.js';
import { broadcastStrides } from '../kernels/layout.js';
import { scalarTypeName } from '../tensor/dtype.js';
import {
  broadcastShapes,
  formatShape,
  normalizeDim,
  numelOf,
  type Shape,
} from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { writeOut } from './elementwise.js';
import { def } from './registry.js';
import {
  assertNoOverlap,
  checkedScalar,
  copyContiguous,
  countNonzero,
  defCastOut,
  elementOffsets,
  forEachRow,
  rowLayout,
} from './strided.js';
import { expandLayout, permute, select, unsqueeze } from './view.js';

/** Storage offsets of `t`'s elements as if broadcast to `shape`, in row-major order. */
export function broadcastOffsets(t: Tensor, shape: Shape): Float64Array {
  return elementOffsets(shape, broadcastStrides(t, shape), t.offset);
}

const isMask = (t: Tensor) => t.dtype === 'bool' || t.dtype === 'uint8';

// ---- nonzero ----

/** The coordinates of the nonzero elements of `self`, one row each: int64 of shape (n, ndim). */
export function nonzero(self: Tensor): Tensor {
  const strides = [self.strides];
  const { length, steps } = rowLayout(self.shape, strides);
  const step = steps[0];
  const data = self.data;
  const count = countNonzero(data, self.shape, self.strides, self.offset);
  const nd = self.ndim;
  const out = Tensor.empty([count, nd], 'int64', self.device);
  const coords = out.data;
  // The coordinates of the current row's first element, advanced like an odometer per row.
  const rowCoords = new Array<number>(Math.max(nd - 1, 0)).fill(0);
  let written = 0;
  forEachRow(self.shape, strides, [self.offset], ([at]) => {
    let k = written;
    for (let j = 0; j < length; j++) {
      if (data[at + j * step] === 0) continue;
      for (let d = 0; d < nd - 1; d++) coords[k++] = rowCoords[d];
      if (nd > 0) coords[k++] = j;
    }
    written = k;
    for (let d = nd - 2; d >= 0; d--) {
      if (++rowCoords[d] < self.shape[d]) break;
      rowCoords[d] = 0;
    }
  });
  return out;
}

function nonzeroOut(self: Tensor, out: Tensor): Tensor {
  if (out.dtype !== 'int64') {
    throw runtimeError(
      `nonzero: Expected out tensor to have scalar type Long but got scalar type${scalarTypeName(out.dtype)}`,
    );
  }
  return writeOut(out, nonzero(self));
}

function nonzeroNumpy(self: Tensor): Tensor[] {
  const coords = nonzero(self.ndim === 0 ? unsqueeze(self, 0) : self);
  return Array.from({ length: coords.shape[1] }, (_, d) => copyContiguous(select(coords, 1, d)));
}

// ---- the advanced-indexing engine ----

interface IndexPlan {
  /** self, or a permuted view of it in which the indexed dims are adjacent. */
  readonly src: Tensor;
  /** How many dims of src come before the indexed block. */
  readonly before: number;
  /** How many dims of src the indexed block replaces. */
  readonly span: number;
  readonly resultShape: Shape;
  /** Storage offsets (past src's own) of each position of the indexed block, bounds-checked. */
  readonly middle: () => Float64Array;
}

function checkIndexCount(self: Tensor, count: number): void {
  if (count > self.ndim) {
    throw indexError(`too many indices for tensor of dimension ${self.ndim} (got ${count})`);
  }
}

/** Replaces each bool/uint8 mask by the int64 coordinates of its true elements. */
function expandMasks(self: Tensor, indices: readonly (Tensor | null)[]): (Tensor | null)[] {
  for (const index of indices) {
    if (index !== null && index.dtype !== 'int64' && !isMask(index)) {
      throw indexError('tensors used as indices must be long, byte or bool tensors');
    }
  }
  const out: (Tensor | null)[] = [];
  for (const index of indices) {
    if (index === null || !isMask(index)) {
      out.push(index);
      continue;
    }
    for (let j = 0; j < index.ndim; j++) {
      const at = out.length + j;
      if (index.shape[j] !== self.shape[normalizeDim(at, self.ndim)]) {
        throw indexError(
          `The shape of the mask ${formatShape(index.shape)} at index ${j} does not match the shape of the indexed tensor ${formatShape(self.shape)} at index ${at}`,
        );
      }
    }
    const coords = nonzero(index);
    for (let j = 0; j < index.ndim; j++) out.push(select(coords, 1, j));
  }
  return out;
}

/** Whether the non-null indices form one run of adjacent dims. */
function adjacent(indices: readonly (Tensor | null)[]): boolean {
  const positions = indices.flatMap((t, i) => (t === null ? [] : [i]));
  return positions[positions.length - 1] - positions[0] === positions.length - 1;
}

/**
 * The common x[mask] (one bool mask, after nothing but Nones) without going through nonzero:
 * the indexed block is the mask's true positions. Null when the general path applies (or must
 * report an error).
 */
function maskPlan(self: Tensor, indices: readonly (Tensor | null)[]): IndexPlan | null {
  const before = indices.findIndex((t) => t !== null);
  const mask = indices[before];
  if (!mask || !isMask(mask) || mask.ndim === 0) return null;
  if (indices.some((t, i) => i !== before && t !== null)) return null;
  const span = mask.ndim;
  if (before + span > self.ndim || mask.shape.some((s, j) => s !== self.shape[before + j])) {
    return null;
  }
  const strides = [mask.strides, self.strides.slice(before, before + span)];
  const { length, steps } = rowLayout(mask.shape, strides);
  const [maskStep, srcStep] = steps;
  const m = mask.data;
  const count = countNonzero(m, mask.shape, mask.strides, mask.offset);
  const middle = new Float64Array(count);
  let written = 0;
  forEachRow(mask.shape, strides, [mask.offset, 0], ([at, srcAt]) => {
    let k = written;
    for (let j = 0; j < length; j++) {
      if (m[at + j * maskStep] !== 0) middle[k++] = srcAt + j * srcStep;
    }
    written = k;
  });
  const resultShape = [...self.shape.slice(0, before), count, ...self.shape.slice(before + span)];
  return { src: self, before, span, resultShape, middle: () => middle };
}

/** The plan of an index without index tensors: the whole of self (PyTorch asserts here). */
const wholePlan = (self: Tensor): IndexPlan => ({
  src: self,
  before: 0,
  span: 0,
  resultShape: self.shape,
  middle: () => new Float64Array(1),
});

function planIndex(self: Tensor, rawIndices: readonly (Tensor | null)[]): IndexPlan {
  if (rawIndices.every((t) => t === null)) return wholePlan(self);
  const fast = maskPlan(self, rawIndices);
  if (fast !== null) return fast;
  let indices = expandMasks(self, rawIndices);
  const defined = indices.filter((t): t is Tensor => t !== null);
  // A 0-dim mask indexes no dim, so it expands to nothing.
  if (defined.length === 0) return wholePlan(self);
  let indexShape: Shape = [];
  try {
    for (const t of defined) indexShape = broadcastShapes(indexShape, t.shape);
  } catch {
    throw indexError(
      `shape mismatch: indexing tensors could not be broadcast together with shapes ${defined.map((t) => formatShape(t.shape)).join(', ')}`,
    );
  }
  while (indices.length < self.ndim) indices.push(null);
  let src = self;
  if (defined.length > 0 && !adjacent(indices)) {
    // Indexed dims that are not next to each other go first, as numpy does.
    const order = [...indices.keys()].sort(
      (a, b) => +(indices[a] === null) - +(indices[b] === null),
    );
    src = permute(self, order);
    indices = order.map((d) => indices[d]);
  }
  const before = indices.findIndex((t) => t !== null);
  const span = defined.length;
  const indexedSizes = src.shape.slice(before, before + span);
  if (indexedSizes.includes(0) && !indexShape.includes(0)) {
    throw indexError('index is out of bounds for dimension with size 0');
  }
  const resultShape = [
    ...src.shape.slice(0, before),
    ...indexShape,
    ...src.shape.slice(before + span),
  ];
  const middle = () => indexedOffsets(src, before, defined, indexShape);
  return { src, before, span, resultShape, middle };
}

/** Storage offsets (past src.offset) of every position of the indexed block, bounds-checked. */
function indexedOffsets(
  src: Tensor,
  before: number,
  indices: readonly Tensor[],
  indexShape: Shape,
): Float64Array {
  const n = numelOf(indexShape);
  const out = new Float64Array(n);
  indices.forEach((index, k) => {
    const dim = before + k;
    const size = src.shape[dim];
    const stride = src.strides[dim];
    const at = broadcastOffsets(index, indexShape);
    const values = index.data;
    for (let p = 0; p < n; p++) {
      let v = values[at[p]];
      if (v < -size || v >= size) {
        throw indexError(`index ${v} is out of bounds for dimension ${k} with size ${size}`);
      }
      if (v < 0) v += size;
      out[p] += v * stride;
    }
  });
  return out;
}

/** The offset tables of the dims before and after the indexed block. */
function outerInner(src: Tensor, before: number, count: number) {
  const outer = elementOffsets(
    src.shape.slice(0, before),
    src.strides.slice(0, before),
    src.offset,
  );
  const rest = before + count;
  const inner = elementOffsets(src.shape.slice(rest), src.strides.slice(rest), 0);
  return { outer, inner };
}

/** Whether an offset table is the run 0, 1, 2, ...: then a block can be copied in one go. */
function isUnitRun(offsets: Float64Array): boolean {
  const n = offsets.length;
  return n >= 16 && offsets[0] === 0 && offsets[n - 1] === n - 1 && offsets[n >> 1] === n >> 1;
}

/** out (contiguous, in outer × middle × inner order) = src.data at the summed offsets. */
function gatherBlocks(
  out: Tensor,
  src: Tensor,
  outer: Float64Array,
  middle: Float64Array,
  inner: Float64Array,
): Tensor {
  const from = src.data;
  const to = out.data;
  const n = inner.length;
  // Row-major inner dims (x[idx] on a contiguous x) copy whole blocks.
  const unit = isUnitRun(inner) && inner.every((v, i) => v === i);
  let o = 0;
  for (let a = 0; a < outer.length; a++) {
    for (let m = 0; m < middle.length; m++) {
      const base = outer[a] + middle[m];
      if (unit) {
        to.set(from.subarray(base, base + n), o);
        o += n;
      } else {
        for (let i = 0; i < n; i++) to[o++] = from[base + inner[i]];
      }
    }
  }
  return out;
}

export function index(self: Tensor, indices: readonly (Tensor | null)[]): Tensor {
  checkIndexCount(self, indices.length);
  const plan = planIndex(self, indices);
  const out = Tensor.empty(plan.resultShape, self.dtype, self.device);
  if (out.numel() === 0) return out;
  const { outer, inner } = outerInner(plan.src, plan.before, plan.span);
  return gatherBlocks(out, plan.src, outer, plan.middle(), inner);
}

// ---- index_put_ ----

/** index_put_ with a single mask and a one-element value is a masked fill, as in PyTorch. */
function maskForFill(
  self: Tensor,
  indices: readonly (Tensor | null)[],
  values: Tensor,
): Tensor | null {
  if (values.numel() !== 1) return null;
  let dims = 0;
  let mask: Tensor | null = null;
  for (const index of indices) {
    if (index === null) {
      dims++;
      continue;
    }
    if (!isMask(index) || mask !== null) return null;
    for (let j = 0; j < index.ndim; j++) {
      const at = dims + j;
      if (index.shape[j] !== self.shape[normalizeDim(at, self.ndim)]) {
        throw indexError(
          `The shape of the mask ${formatShape(index.shape)} at index ${j} does not match the shape of the indexed tensor ${formatShape(self.shape)} at index ${at}`,
        );
      }
    }
    mask = index;
    dims += index.ndim;
  }
  if (mask === null) return null;
  for (let d = dims; d < self.ndim; d++) mask = unsqueeze(mask, -1);
  return mask;
}

/** Writes `value` wherever `mask` (broadcast to self's shape) is true. */
export function fillWhere(self: Tensor, mask: Tensor, value: number): Tensor {
  const maskStrides = expandLayout(mask, self.shape).strides;
  const strides = [self.strides, maskStrides];
  const { length, steps } = rowLayout(self.shape, strides);
  const [selfStep, maskStep] = steps;
  const m = mask.data;
  const d = self.data;
  forEachRow(self.shape, strides, [self.offset, mask.offset], ([at, maskAt]) => {
    for (let j = 0; j < length; j++)
      if (m[maskAt + j * maskStep] !== 0) d[at + j * selfStep] = value;
  });
  return self;
}

function isExpandableTo(shape: Shape, target: Shape): boolean {
  if (shape.length > target.length) return false;
  const lead = target.length - shape.length;
  return shape.every((s, i) => s === 1 || s === target[lead + i]);
}

export function indexPut_(
  self: Tensor,
  indices: readonly (Tensor | null)[],
  values: Tensor,
  accumulate = false,
): Tensor {
  checkIndexCount(self, indices.length);
  if (!accumulate) {
    const mask = maskForFill(self, indices, values);
    if (mask !== null) return fillWhere(self, mask, checkedScalar(values.item(), self.dtype));
  }
  assertNoOverlap(self, values);
  const plan = planIndex(self, indices);
  if (!isExpandableTo(values.shape, plan.resultShape)) {
    throw runtimeError(
      `shape mismatch: value tensor of shape ${formatShape(values.shape)} cannot be broadcast to indexing result of shape ${formatShape(plan.resultShape)}`,
    );
  }
  if (values.dtype !== self.dtype) {
    throw runtimeError(
      `Index put requires the source and destination dtypes match, got ${scalarTypeName(self.dtype)} for the destination and ${scalarTypeName(values.dtype)} for the source.`,
    );
  }
  if (numelOf(plan.resultShape) === 0) return self;
  // Overlap that PyTorch cannot prove (strided views) is read as the writes go, as in PyTorch.
  const { outer, inner } = outerInner(plan.src, plan.before, plan.span);
  const valueAt = broadcastOffsets(values, plan.resultShape);
  scatterBlocks(self, valueAt, values, outer, plan.middle(), inner, accumulate);
  return self;
}

/** dest.data at the summed offsets = (or +=) the values, read in outer × middle × inner order. */
function scatterBlocks(
  dest: Tensor,
  valueAt: Float64Array,
  values: Tensor,
  outer: Float64Array,
  middle: Float64Array,
  inner: Float64Array,
  accumulate: boolean,
): void {
  const to = dest.data;
  const from = values.data;
  const isBool = dest.dtype === 'bool';
  let v = 0;
  for (let a = 0; a < outer.length; a++) {
    for (let m = 0; m < middle.length; m++) {
      const base = outer[a] + middle[m];
      for (let i = 0; i < inner.length; i++) {
        const at = base + inner[i];
        const x = from[valueAt[v++]];
        if (!accumulate) to[at] = x;
        else to[at] = isBool ? +(to[at] + x !== 0) : to[at] + x;
      }
    }
  }
}

function indexPut(
  self: Tensor,
  indices: readonly (Tensor | null)[],
  values: Tensor,
  accumulate = false,
): Tensor {
  return indexPut_(copyContiguous(self), indices, values, accumulate);
}

// ---- index_select ----

function checkSelectIndex(self: Tensor, dim: number, values: ArrayLike<number>): void {
  const size = self.ndim === 0 ? 1 : self.shape[dim];
  // PyTorch's CPU kernels disagree on the words: the dim-1 fast path has its own message.
  const dimOnePath = self.ndim > 1 && (dim === 1 || self.numel() === 0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v >= 0 && v < size) continue;
    if (dimOnePath) {
      throw runtimeError(`INDICES element is out of DATA bounds, id=${v} axis_dim=${size}`);
    }
    throw indexError('index out of range in self');
  }
}

export function indexSelect(self: Tensor, dim: number, index: Tensor): Tensor {
  const d = normalizeDim(dim, self.ndim);
  if (index.ndim > 1) throw indexError('index_select(): Index is supposed to be a vector');
  if (index.dtype !== 'int64' && index.dtype !== 'int32') {
    throw runtimeError('index_select(): Expected dtype int32 or int64 for index');
  }
  const values = index.toArray();
  const shape = self.shape.slice();
  if (self.ndim > 0) shape[d] = values.length;
  const out = Tensor.empty(shape, self.dtype, self.device);
  if (self.ndim > 1 && values.length === 0) return out;
  if (self.ndim > 1 && self.numel() === 0) {
    check(self.shape[d] > 0, () => 'index_select(): self indexing axis dim should be positive');
  }
  checkSelectIndex(self, d, values);
  if (out.numel() === 0) return out;
  const count = self.ndim === 0 ? 0 : 1;
  const { outer, inner } = outerInner(self, d, count);
  const stride = self.ndim === 0 ? 0 : self.strides[d];
  const middle = Float64Array.from(self.ndim === 0 ? [0] : values, (v) => v * stride);
  return gatherBlocks(out, self, outer, middle, inner);
}

function indexSelectOut(self: Tensor, dim: number, index: Tensor, out: Tensor): Tensor {
  if (out.dtype !== self.dtype) {
    throw runtimeError('index_select(): self and result must have the same scalar type');
  }
  return writeOut(out, indexSelect(self, dim, index));
}

// ---- masked_select, masked_scatter ----

export function maskedSelect(self: Tensor, mask: Tensor): Tensor {
  if (!isMask(mask)) {
    throw runtimeError('masked_select: expected BoolTensor or ByteTensor for mask');
  }
  const shape = broadcastShapes(mask.shape, self.shape);
  const strides = [broadcastStrides(mask, shape), broadcastStrides(self, shape)];
  const { length, steps } = rowLayout(shape, strides);
  const [maskStep, selfStep] = steps;
  const m = mask.data;
  const count = countNonzero(m, shape, strides[0], mask.offset);
  const out = Tensor.empty([count], self.dtype, self.device);
  const to = out.data;
  const from = self.data;
  let written = 0;
  forEachRow(shape, strides, [mask.offset, self.offset], ([maskAt, at]) => {
    let k = written;
    for (let j = 0; j < length; j++) {
      if (m[maskAt + j * maskStep] !== 0) to[k++] = from[at + j * selfStep];
    }
    written = k;
  });
  return out;
}

function maskedSelectOut(self: Tensor, mask: Tensor, out: Tensor): Tensor {
  if (out.dtype !== self.dtype) {
    throw runtimeError('masked_select(): self and result must have the same scalar type');
  }
  return writeOut(out, maskedSelect(self, mask));
}

export function maskedScatter_(self: Tensor, mask: Tensor, source: Tensor): Tensor {
  if (self.dtype !== source.dtype) {
    throw runtimeError(
      `masked_scatter: expected self and source to have same dtypes but got${scalarTypeName(self.dtype)} and ${scalarTypeName(source.dtype)}`,
    );
  }
  const { shape, strides } = expandLayout(mask, self.shape);
  const maskAt = elementOffsets(shape, strides, mask.offset);
  const selfAt = elementOffsets(self.shape, self.strides, self.offset);
  const sourceAt = elementOffsets(source.shape, source.strides, source.offset);
  let next = 0;
  for (let i = 0; i < selfAt.length; i++) {
    if (mask.data[maskAt[i]] === 0) continue;
    if (next >= sourceAt.length) {
      throw runtimeError('Number of elements of source < number of ones in mask');
    }
    self.data[selfAt[i]] = source.data[sourceAt[next++]];
  }
  return self;
}

function maskedScatter(self: Tensor, mask: Tensor, source: Tensor): Tensor {
  const shape = broadcastShapes(mask.shape, self.shape);
  const base = copyContiguous(self.view(shape, broadcastStrides(self, shape)));
  return maskedScatter_(base, mask, source);
}

// ---- take, put ----

function checkFlatIndex(v: number, numel: number): number {
  if (v < -numel || v >= numel) {
    throw indexError(`out of range: tried to access index ${v} on a tensor of ${numel} elements.`);
  }
  return v < 0 ? v + numel : v;
}

export function take(self: Tensor, index: Tensor): Tensor {
  if (index.dtype !== 'int64') {
    throw runtimeError(
      `take(): Expected a long tensor for index, but got ${scalarTypeName(index.dtype)}`,
    );
  }
  const n = self.numel();
  if (n === 0 && index.numel() !== 0)
    throw indexError('take(): tried to take from an empty tensor');
  const out = Tensor.empty(index.shape, self.dtype, self.device);
  const at = elementOffsets(index.shape, index.strides, index.offset);
  for (let i = 0; i < at.length; i++) {
    out.data[i] = self.data[self.storageIndex(checkFlatIndex(index.data[at[i]], n))];
  }
  return out;
}

function takeOut(self: Tensor, index: Tensor, out: Tensor): Tensor {
  if (out.dtype !== self.dtype) {
    throw runtimeError(
      `take(): self and out expected to have the same dtype, but got self.dtype = ${scalarTypeName(self.dtype)} and out.dtype = ${scalarTypeName(out.dtype)}`,
    );
  }
  return writeOut(out, take(self, index));
}

export function put_(self: Tensor, index: Tensor, source: Tensor, accumulate = false): Tensor {
  if (index.dtype !== 'int64') {
    throw runtimeError(
      `put_(): Expected a long tensor for index, but got ${scalarTypeName(index.dtype)}`,
    );
  }
  if (self.dtype !== source.dtype) {
    throw runtimeError(
      `put_(): self and source expected to have the same dtype, but got self.dtype = ${scalarTypeName(self.dtype)} and source.dtype = ${scalarTypeName(source.dtype)}`,
    );
  }
  if (source.numel() !== index.numel()) {
    throw indexError(
      `put_(): Expected source and index to have the same number of elements, but got source.numel() = ${source.numel()}, index.numel() = ${index.numel()}`,
    );
  }
  const n = self.numel();
  if (n === 0 && index.numel() !== 0)
    throw indexError('put_(): Tried to put elements into an empty tensor');
  const indexAt = elementOffsets(index.shape, index.strides, index.offset);
  const sourceAt = elementOffsets(source.shape, source.strides, source.offset);
  const isBool = self.dtype === 'bool';
  for (let i = 0; i < indexAt.length; i++) {
    const at = self.storageIndex(checkFlatIndex(index.data[indexAt[i]], n));
    const x = source.data[sourceAt[i]];
    if (!accumulate) self.data[at] = x;
    else self.data[at] = isBool ? +(self.data[at] + x !== 0) : self.data[at] + x;
  }
  return self;
}

function put(self: Tensor, index: Tensor, source: Tensor, accumulate = false): Tensor {
  return put_(copyContiguous(self), index, source, accumulate);
}

// ---- registrations ----

def('aten::index.Tensor(Tensor self, Tensor?[] indices) -> Tensor', index);
defCastOut(
  'aten::index.Tensor_out(Tensor self, Tensor?[] indices, *, Tensor(a!) out) -> Tensor(a!)',
  index,
);
def('aten::index.Tensor_hacked_twin(Tensor self, Tensor[] indices) -> Tensor', index);
def(
  'aten::index_put_(Tensor(a!) self, Tensor?[] indices, Tensor values, bool accumulate=False) -> Tensor(a!)',
  indexPut_,
);
def(
  'aten::index_put_.hacked_twin(Tensor(a!) self, Tensor[] indices, Tensor values, bool accumulate=False) -> Tensor(a!)',
  indexPut_,
);
def(
  'aten::index_put(Tensor self, Tensor?[] indices, Tensor values, bool accumulate=False) -> Tensor',
  indexPut,
);
defCastOut(
  'aten::index_put.out(Tensor self, Tensor?[] indices, Tensor values, bool accumulate=False, *, Tensor(a!) out) -> Tensor(a!)',
  indexPut,
);
def(
  'aten::index_put.hacked_twin(Tensor self, Tensor[] indices, Tensor values, bool accumulate=False) -> Tensor',
  indexPut,
);
def(
  'aten::_index_put_impl_(Tensor(a!) self, Tensor?[] indices, Tensor values, bool accumulate=False, bool unsafe=False) -> Tensor(a!)',
  indexPut_,
);
def(
  'aten::_index_put_impl_.hacked_twin(Tensor(a!) self, Tensor[] indices, Tensor values, bool accumulate=False, bool unsafe=False) -> Tensor(a!)',
  indexPut_,
);
def('aten::index_select(Tensor self, int dim, Tensor index) -> Tensor', indexSelect);
def(
  'aten::index_select.out(Tensor self, int dim, Tensor index, *, Tensor(a!) out) -> Tensor(a!)',
  indexSelectOut,
);
def('aten::masked_select(Tensor self, Tensor mask) -> Tensor', maskedSelect);
def(
  'aten::masked_select.out(Tensor self, Tensor mask, *, Tensor(a!) out) -> Tensor(a!)',
  maskedSelectOut,
);
def('aten::masked_scatter(Tensor self, Tensor mask, Tensor source) -> Tensor', maskedScatter);
defCastOut(
  'aten::masked_scatter.out(Tensor self, Tensor mask, Tensor source, *, Tensor(a!) out) -> Tensor(a!)',
  maskedScatter,
);
def(
  'aten::masked_scatter_(Tensor(a!) self, Tensor mask, Tensor source) -> Tensor(a!)',
  maskedScatter_,
);
def('aten::nonzero(Tensor self) -> Tensor', nonzero);
def('aten::nonzero.out(Tensor self, *, Tensor(a!) out) -> Tensor(a!)', nonzeroOut);
def('aten::nonzero_numpy(Tensor self) -> Tensor[]', nonzeroNumpy);
def('aten::argwhere(Tensor self) -> Tensor', nonzero);
def('aten::take(Tensor self, Tensor index) -> Tensor', take);
def('aten::take.out(Tensor self, Tensor index, *, Tensor(a!) out) -> Tensor(a!)', takeOut);
def(
  'aten::put_(Tensor(a!) self, Tensor index, Tensor source, bool accumulate=False) -> Tensor(a!)',
  put_,
);
def('aten::put(Tensor self, Tensor index, Tensor source, bool accumulate=False) -> Tensor', put);
defCastOut(
  'aten::put.out(Tensor self, Tensor index, Tensor source, bool accumulate=False, *, Tensor(a!) out) -> Tensor(a!)',
  put,
);

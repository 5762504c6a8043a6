// Views: operators whose result shares its input's storage (view, transpose, expand, select,
// slice, split, ...). They only compute new sizes, strides and a storage offset, so writes through
// the result are seen through the input and the other way round. In-place variants (t_,
// unsqueeze_, ...) change the tensor's own metadata through Tensor.setView.

import { indexError, runtimeError } from '../errors.js';
import { dtypeInfo, scalarTypeName } from '../tensor/dtype.js';
import {
  contiguousStrides,
  formatShape,
  inferSize,
  normalizeDim,
  numelOf,
  sameShape,
  type Shape,
} from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { contiguous } from './elementwise.js';
import { def } from './registry.js';
import {
  MemoryFormat,
  channelsLastStrides,
  copyWithStrides,
  legacyTypeName,
  normalizeDimStrict,
} from './strided.js';

const int64Max = Number.MAX_SAFE_INTEGER;

/** A plain alias of `t`: same storage, sizes, strides and offset. */
export function alias(t: Tensor): Tensor {
  return t.view(t.shape.slice(), t.strides.slice(), t.offset);
}

// ---- view, reshape, as_strided ----

/**
 * The strides that let `newShape` view memory laid out as (oldShape, oldStrides), or null when
 * some new dimension would have to span two separately strided chunks. Dimensions of the old
 * shape that are contiguous with each other form a chunk; the new shape must split into runs
 * whose element counts match the chunks exactly (PyTorch's computeStride rule).
 */
export function viewStrides(
  oldShape: Shape,
  oldStrides: readonly number[],
  newShape: Shape,
): number[] | null {
  if (oldShape.length === 0) return newShape.map(() => 1);
  const numel = numelOf(oldShape);
  if (numel === 0)
    return sameShape(oldShape, newShape) ? oldStrides.slice() : contiguousStrides(newShape);
  const out = new Array<number>(newShape.length);
  let viewDim = newShape.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1];
  let chunkNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    chunkNumel *= oldShape[d];
    const chunkEnds =
      d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== chunkNumel * chunkBase);
    if (!chunkEnds) continue;
    while (viewDim >= 0 && (viewNumel < chunkNumel || newShape[viewDim] === 1)) {
      out[viewDim] = viewNumel * chunkBase;
      viewNumel *= newShape[viewDim];
      viewDim--;
    }
    if (viewNumel !== chunkNumel) return null;
    if (d > 0) {
      chunkBase = oldStrides[d - 1];
      chunkNumel = 1;
      viewNumel = 1;
    }
  }
  return viewDim === -1 ? out : null;
}

export function view(self: Tensor, size: readonly number[]): Tensor {
  const shape = inferSize(size, self.numel());
  const strides = viewStrides(self.shape, self.strides, shape);
  if (strides === null) {
    throw runtimeError(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  }
  return self.view(shape, strides);
}

/** A view when the memory allows one, else a reshaped contiguous copy. */
export function reshape(self: Tensor, size: readonly number[]): Tensor {
  const shape = inferSize(size, self.numel());
  const strides = viewStrides(self.shape, self.strides, shape);
  if (strides !== null) return self.view(shape, strides);
  const copy = contiguous(self);
  return copy.view(shape, contiguousStrides(shape), copy.offset);
}

function reshapeAlias(self: Tensor, size: readonly number[], stride: readonly number[]): Tensor {
  return self.view(size.slice(), stride.slice());
}

/** The elements a (sizes, strides) layout needs past its offset: 0 when it holds no element. */
function storageExtent(sizes: Shape, strides: readonly number[]): number {
  let extent = 1;
  for (let i = 0; i < sizes.length; i++) {
    if (sizes[i] === 0) return 0;
    extent += strides[i] * (sizes[i] - 1);
  }
  return extent;
}

function checkLayoutSizes(sizes: Shape, strides: readonly number[]): void {
  if (sizes.some((s) => s < 0)) {
    throw runtimeError(
      `Storage size calculation overflowed with sizes=${formatShape(sizes)} and strides=${formatShape(strides)}`,
    );
  }
}

export function asStrided(
  self: Tensor,
  size: readonly number[],
  stride: readonly number[],
  storageOffset: number | null = null,
): Tensor {
  const offset = storageOffset ?? self.offset;
  if (size.length !== stride.length) throw runtimeError('mismatch in length of strides and shape');
  if (stride.some((s) => s < 0)) {
    throw runtimeError(
      `as_strided: Negative strides are not supported at the moment, got strides: ${formatShape(stride)}`,
    );
  }
  if (offset < 0) throw runtimeError(`Tensor: invalid storage offset ${offset}`);
  checkLayoutSizes(size, stride);
  const extent = storageExtent(size, stride);
  const itemsize = dtypeInfo(self.dtype).itemsize;
  const needed = extent === 0 ? 0 : (offset + extent) * itemsize;
  const available = self.storage.data.length * itemsize;
  if (needed > available) {
    throw runtimeError(
      `setStorage: sizes ${formatShape(size)}, strides ${formatShape(stride)}, storage offset ${offset}, and itemsize ${itemsize} requiring a storage size of ${needed} are out of bounds for storage of size ${available}`,
    );
  }
  return self.view(size.slice(), stride.slice(), offset);
}

// ---- squeeze, unsqueeze, transpose, permute ----

function squeezedLayout(t: Tensor, keep: (d: number) => boolean) {
  const shape: number[] = [];
  const strides: number[] = [];
  t.shape.forEach((s, d) => {
    if (keep(d)) {
      shape.push(s);
      strides.push(t.strides[d]);
    }
  });
  return { shape, strides };
}

function squeezeLayout(t: Tensor, dim: number | null) {
  if (dim === null) return squeezedLayout(t, (d) => t.shape[d] !== 1);
  const wrapped = normalizeDim(dim, t.ndim);
  return squeezedLayout(t, (d) => d !== wrapped || t.shape[d] !== 1);
}

export function squeeze(self: Tensor, dim: number | null = null): Tensor {
  const { shape, strides } = squeezeLayout(self, dim);
  return self.view(shape, strides);
}

function squeeze_(self: Tensor, dim: number | null = null): Tensor {
  const { shape, strides } = squeezeLayout(self, dim);
  return self.setView(shape, strides, self.offset);
}

function unsqueezeLayout(t: Tensor, dim: number) {
  const d = normalizeDim(dim, t.ndim + 1);
  const shape = t.shape.slice();
  const strides = t.strides.slice();
  shape.splice(d, 0, 1);
  strides.splice(d, 0, d >= t.ndim ? 1 : t.shape[d] * t.strides[d]);
  return { shape, strides };
}

export function unsqueeze(self: Tensor, dim: number): Tensor {
  const { shape, strides } = unsqueezeLayout(self, dim);
  return self.view(shape, strides);
}

function unsqueeze_(self: Tensor, dim: number): Tensor {
  const { shape, strides } = unsqueezeLayout(self, dim);
  return self.setView(shape, strides, self.offset);
}

function transposeLayout(t: Tensor, dim0: number, dim1: number) {
  const a = normalizeDim(dim0, t.ndim);
  const b = normalizeDim(dim1, t.ndim);
  const shape = t.shape.slice();
  const strides = t.strides.slice();
  if (t.ndim === 0) return { shape, strides };
  [shape[a], shape[b]] = [shape[b], shape[a]];
  [strides[a], strides[b]] = [strides[b], strides[a]];
  return { shape, strides };
}

export function transpose(self: Tensor, dim0: number, dim1: number): Tensor {
  const { shape, strides } = transposeLayout(self, dim0, dim1);
  return self.view(shape, strides);
}

function transpose_(self: Tensor, dim0: number, dim1: number): Tensor {
  const { shape, strides } = transposeLayout(self, dim0, dim1);
  return self.setView(shape, strides, self.offset);
}

function checkMatrix(self: Tensor, name: string): void {
  if (self.ndim > 2) {
    throw runtimeError(`${name} expects a tensor with <= 2 dimensions, but self is ${self.ndim}D`);
  }
}

export function t(self: Tensor): Tensor {
  checkMatrix(self, 't()');
  return transpose(self, 0, self.ndim < 2 ? 0 : 1);
}

function t_(self: Tensor): Tensor {
  checkMatrix(self, 't_()');
  return transpose_(self, 0, self.ndim < 2 ? 0 : 1);
}

export function permute(self: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== self.ndim) {
    throw runtimeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${self.ndim} is not equal to len(dims) = ${dims.length}`,
    );
  }
  const order = dims.map((d) => normalizeDim(d, self.ndim));
  if (new Set(order).size !== order.length) {
    throw runtimeError('permute(): duplicate dims are not allowed.');
  }
  return self.view(
    order.map((d) => self.shape[d]),
    order.map((d) => self.strides[d]),
  );
}

// ---- expand ----

/** Sizes and strides of `t` broadcast to `sizes` (-1 keeps a size); broadcast dims get stride 0. */
export function expandLayout(t: Tensor, sizes: readonly number[]) {
  if (sizes.length < t.ndim) {
    throw runtimeError(
      `expand(${legacyTypeName(t)}{${formatShape(t.shape)}}, size=${formatShape(sizes)}): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${t.ndim})`,
    );
  }
  const n = sizes.length;
  const shape = new Array<number>(n);
  const strides = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const d = t.ndim - n + i;
    let size = d >= 0 ? t.shape[d] : 1;
    let stride = d >= 0 ? t.strides[d] : i === n - 1 ? 1 : shape[i + 1] * strides[i + 1];
    let target = sizes[i];
    if (target === -1) {
      if (d < 0) {
        throw runtimeError(
          `The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`,
        );
      }
      target = size;
    }
    if (size !== target) {
      if (size !== 1) {
        throw runtimeError(
          `The expanded size of the tensor (${target}) must match the existing size (${size}) at non-singleton dimension ${i}.  Target sizes: ${formatShape(sizes)}.  Tensor sizes: ${formatShape(t.shape)}`,
        );
      }
      size = target;
      stride = 0;
    }
    shape[i] = size;
    strides[i] = stride;
  }
  return { shape, strides };
}

export function expand(self: Tensor, size: readonly number[]): Tensor {
  const { shape, strides } = expandLayout(self, size);
  return self.view(shape, strides);
}

// ---- narrow, select, slice, unfold, diagonal ----

export function slice(
  self: Tensor,
  dim = 0,
  start: number | null = null,
  end: number | null = null,
  step = 1,
): Tensor {
  if (self.ndim === 0) throw indexError('slice() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, self.ndim);
  if (step <= 0) throw runtimeError('slice step must be positive');
  const size = self.shape[d];
  let first = start ?? 0;
  let last = end ?? int64Max;
  if (first < 0) first += size;
  if (last < 0) last += size;
  first = Math.min(Math.max(first, 0), size);
  last = Math.min(Math.max(last, first), size);
  const shape = self.shape.slice();
  const strides = self.strides.slice();
  shape[d] = Math.floor((last - first + step - 1) / step);
  strides[d] *= step;
  return self.view(shape, strides, self.offset + first * self.strides[d]);
}

export function narrow(self: Tensor, dim: number, start: number, length: number): Tensor {
  if (self.ndim === 0) throw runtimeError('narrow() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, self.ndim);
  const size = self.shape[d];
  const first = start === size ? start : normalizeDim(start, size);
  if (length < 0 || first > size - length) {
    throw runtimeError(`start (${first}) + length (${length}) exceeds dimension size (${size}).`);
  }
  return slice(self, d, first, first + length, 1);
}

function narrowTensor(self: Tensor, dim: number, start: Tensor, length: number): Tensor {
  if (start.ndim !== 0 || start.dtype === 'bool' || dtypeInfo(start.dtype).isFloating) {
    throw runtimeError('start must be an 0-dim integral Tensor.');
  }
  return narrow(self, dim, Number(start.item()), length);
}

export function select(self: Tensor, dim: number, index: number): Tensor {
  if (self.ndim === 0) throw indexError('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, self.ndim);
  const size = self.shape[d];
  if (index < -size || index >= size) {
    throw indexError(
      `select(): index ${index} out of range for tensor of size ${formatShape(self.shape)} at dimension ${d}`,
    );
  }
  const i = index < 0 ? index + size : index;
  const shape = self.shape.filter((_, k) => k !== d);
  const strides = self.strides.filter((_, k) => k !== d);
  return self.view(shape, strides, self.offset + i * self.strides[d]);
}

export function unfold(self: Tensor, dimension: number, size: number, step: number): Tensor {
  const d = normalizeDim(dimension, self.ndim);
  const maxSize = self.ndim === 0 ? 1 : self.shape[d];
  if (size > maxSize) {
    throw runtimeError(
      `maximum size for tensor at dimension ${d} is ${maxSize} but size is ${size}`,
    );
  }
  if (step <= 0) throw runtimeError(`step is ${step} but must be > 0`);
  const shape = self.shape.slice();
  const strides = self.strides.slice();
  const stride = self.ndim === 0 ? 1 : self.strides[d];
  if (self.ndim > 0) {
    shape[d] = Math.floor((self.shape[d] - size) / step) + 1;
    strides[d] = step * stride;
  }
  shape.push(size);
  strides.push(stride);
  checkLayoutSizes(shape, strides);
  return self.view(shape, strides);
}

export function diagonal(self: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  const a = normalizeDim(dim1, self.ndim);
  const b = normalizeDim(dim2, self.ndim);
  if (a === b) throw runtimeError(`diagonal dimensions cannot be identical ${dim1}, ${dim2}`);
  const length =
    offset >= 0
      ? Math.max(Math.min(self.shape[a], self.shape[b] - offset), 0)
      : Math.max(Math.min(self.shape[a] + offset, self.shape[b]), 0);
  let start = self.offset;
  if (length > 0) start += offset >= 0 ? offset * self.strides[b] : -offset * self.strides[a];
  const keep = (_: number, k: number) => k !== a && k !== b;
  const shape = self.shape.filter(keep);
  const strides = self.strides.filter(keep);
  shape.push(length);
  strides.push(self.strides[a] + self.strides[b]);
  return self.view(shape, strides, start);
}

// ---- movedim, flatten, unflatten ----

export function movedim(
  self: Tensor,
  source: readonly number[],
  destination: readonly number[],
): Tensor {
  if (source.length !== destination.length) {
    throw runtimeError(
      `movedim: Invalid source or destination dims: source (${formatShape(source)} dims) should contain the same number of dims as destination (${formatShape(destination)} dims)`,
    );
  }
  const ndim = self.ndim;
  const src = source.map((d) => normalizeDim(d, ndim));
  const dst = destination.map((d) => normalizeDim(d, ndim));
  if (new Set(src).size !== src.length) {
    throw runtimeError(`movedim: repeated dim in \`source\` (${formatShape(source)})`);
  }
  if (new Set(dst).size !== dst.length) {
    throw runtimeError(`movedim: repeated dim in \`destination\` (${formatShape(destination)})`);
  }
  const order = new Array<number>(Math.max(ndim, 1)).fill(-1);
  src.forEach((s, i) => (order[dst[i]] = s));
  const rest = [...order.keys()].filter((d) => !src.includes(d));
  let next = 0;
  for (let i = 0; i < order.length; i++) if (order[i] === -1) order[i] = rest[next++];
  return ndim === 0 ? alias(self) : permute(self, order);
}

function movedimInt(self: Tensor, source: number, destination: number): Tensor {
  return movedim(self, [source], [destination]);
}

export function flatten(self: Tensor, startDim = 0, endDim = -1): Tensor {
  const start = normalizeDim(startDim, self.ndim);
  const end = normalizeDim(endDim, self.ndim);
  if (start > end) {
    throw runtimeError('flatten() has invalid args: start_dim cannot come after end_dim');
  }
  if (self.ndim === 0) return reshape(self, [1]);
  if (start === end) return self;
  const merged = numelOf(self.shape.slice(start, end + 1));
  return reshape(self, [...self.shape.slice(0, start), merged, ...self.shape.slice(end + 1)]);
}

export function unflatten(self: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = normalizeDimStrict(dim, self.ndim);
  if (sizes.length === 0) throw runtimeError('unflatten: sizes must be non-empty');
  let inner: number[];
  try {
    inner = inferSize(sizes, self.shape[d]);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (message.includes('is invalid for input of size')) {
      throw runtimeError(
        `unflatten: Provided sizes ${formatShape(sizes)} don't multiply up to the size of dim ${d} (${self.shape[d]}) in the input tensor`,
      );
    }
    throw runtimeError(`unflatten got an unexpected error:\n${message}`);
  }
  return view(self, [...self.shape.slice(0, d), ...inner, ...self.shape.slice(d + 1)]);
}

// ---- unbind, split, chunk, tensor_split ----

export function unbind(self: Tensor, dim = 0): Tensor[] {
  const d = normalizeDimStrict(dim, self.ndim);
  return Array.from({ length: self.shape[d] }, (_, i) => select(self, d, i));
}

export function split(self: Tensor, splitSize: number, dim = 0): Tensor[] {
  if (self.ndim === 0) throw runtimeError('split expects at least a 1-dimensional tensor');
  if (splitSize < 0) {
    throw runtimeError(`split expects split_size be non-negative, but got split_size=${splitSize}`);
  }
  const d = normalizeDim(dim, self.ndim);
  const size = self.shape[d];
  if (splitSize === 0 && size !== 0) {
    throw runtimeError(
      `split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`,
    );
  }
  const count = splitSize === 0 ? 1 : Math.max(Math.ceil(size / splitSize), 1);
  return Array.from({ length: count }, (_, i) => {
    const start = i * splitSize;
    return narrow(self, d, start, Math.min(splitSize, size - start));
  });
}

export function splitWithSizes(self: Tensor, sizes: readonly number[], dim = 0): Tensor[] {
  if (self.ndim === 0) throw runtimeError('split expects at least a 1-dimensional tensor');
  const size = self.shape[normalizeDim(dim, self.ndim)];
  const parts: Tensor[] = [];
  let start = 0;
  for (const length of sizes) {
    if (length < 0) {
      throw runtimeError(
        `split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=${formatShape(sizes)}`,
      );
    }
    parts.push(slice(self, dim, start, start + length));
    start += length;
  }
  if (start !== size) {
    throw runtimeError(
      `split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${dim}), but got split_sizes=${formatShape(sizes)}`,
    );
  }
  return parts;
}

export function chunk(self: Tensor, chunks: number, dim = 0): Tensor[] {
  if (self.ndim === 0) throw runtimeError('chunk expects at least a 1-dimensional tensor');
  if (chunks <= 0)
    throw runtimeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const d = normalizeDim(dim, self.ndim);
  const size = self.shape[d];
  const splitSize = Math.ceil(size / chunks);
  // An empty dimension still yields `chunks` empty pieces rather than one.
  if (splitSize === 0 && size === 0) return splitWithSizes(self, new Array(chunks).fill(0), d);
  return split(self, splitSize, d);
}

function checkTensorSplitInput(self: Tensor): void {
  if (self.ndim === 0) {
    throw runtimeError(
      `tensor_split expected at least a 1-dimensional tensor, but got a tensor with ${self.ndim} dims`,
    );
  }
}

export function tensorSplitSections(self: Tensor, sections: number, dim = 0): Tensor[] {
  checkTensorSplitInput(self);
  if (sections <= 0) {
    throw runtimeError(`number of sections must be larger than 0, got ${sections}`);
  }
  const d = normalizeDim(dim, self.ndim);
  const size = self.shape[d];
  const base = Math.floor(size / sections);
  const extra = size % sections;
  const parts: Tensor[] = [];
  let start = 0;
  for (let i = 0; i < sections; i++) {
    const length = base + (i < extra ? 1 : 0);
    parts.push(slice(self, d, start, start + length));
    start += length;
  }
  return parts;
}

export function tensorSplitIndices(self: Tensor, indices: readonly number[], dim = 0): Tensor[] {
  checkTensorSplitInput(self);
  const d = normalizeDim(dim, self.ndim);
  const parts: Tensor[] = [];
  let start = 0;
  for (const index of indices) {
    parts.push(slice(self, d, start, index));
    start = index;
  }
  parts.push(slice(self, d, start));
  return parts;
}

function tensorSplitTensor(self: Tensor, indicesOrSections: Tensor, dim = 0): Tensor[] {
  checkTensorSplitInput(self);
  const spec = indicesOrSections;
  if (spec.dtype !== 'int64') {
    throw runtimeError(
      `tensor_split expected tensor_indices_or_sections to have dtype of long, but got ${scalarTypeName(spec.dtype)}`,
    );
  }
  if (spec.ndim > 1) {
    throw runtimeError(
      `tensor_split expected tensor_indices_or_sections to be a zero-dimensional or one-dimensional tensor, but got a tensor with ${spec.ndim} dims`,
    );
  }
  if (spec.ndim === 0) return tensorSplitSections(self, Number(spec.item()), dim);
  return tensorSplitIndices(self, spec.toArray(), dim);
}

/** hsplit, vsplit and dsplit: tensor_split along a fixed dim, with their own checks. */
function directionalSplit(name: string, minDims: number, dimFor: (t: Tensor) => number) {
  const checkDims = (self: Tensor) => {
    if (self.ndim < minDims) {
      throw runtimeError(
        `torch.${name} requires a tensor with at least ${minDims} dimension, but got a tensor with ${self.ndim} dimensions!`,
      );
    }
  };
  const sections = (self: Tensor, count: number): Tensor[] => {
    checkDims(self);
    const d = dimFor(self);
    if (count === 0 || self.shape[d] % count !== 0) {
      throw runtimeError(
        `torch.${name} attempted to split along dimension ${d}, but the size of the dimension ${self.shape[d]} is not divisible by the split_size ${count}!`,
      );
    }
    return tensorSplitSections(self, count, d);
  };
  const indices = (self: Tensor, at: readonly number[]): Tensor[] => {
    checkDims(self);
    return tensorSplitIndices(self, at, dimFor(self));
  };
  return { sections, indices };
}

const hsplit = directionalSplit('hsplit', 1, (t) => (t.ndim === 1 ? 0 : 1));
const vsplit = directionalSplit('vsplit', 2, () => 0);
const dsplit = directionalSplit('dsplit', 3, () => 2);

// ---- contiguous ----

function hasStrides(t: Tensor, strides: readonly number[]): boolean {
  return t.shape.every((s, d) => s === 1 || t.strides[d] === strides[d]);
}

export function contiguousOp(self: Tensor, memoryFormat: number | null = 0): Tensor {
  const format = memoryFormat ?? MemoryFormat.contiguous;
  if (format === MemoryFormat.contiguous || format === MemoryFormat.preserve) {
    if (self.isContiguous()) return self;
    if (format === MemoryFormat.preserve) {
      throw runtimeError('preserve memory format is unsupported by the contiguous operator');
    }
    return contiguous(self);
  }
  const strides = channelsLastStrides(self.shape, format);
  return hasStrides(self, strides) ? self : copyWithStrides(self, strides);
}

// ---- registrations ----

/** The same memory, but no view for autograd, as PyTorch's detach is none. */
function detach(self: Tensor): Tensor {
  const t = alias(self);
  t.base = null;
  return t;
}

def('aten::view(Tensor(a) self, SymInt[] size) -> Tensor(a)', view);
def('aten::reshape(Tensor(a) self, SymInt[] shape) -> Tensor(a)', reshape);
def(
  'aten::_reshape_alias(Tensor(a) self, SymInt[] size, SymInt[] stride) -> Tensor(a)',
  reshapeAlias,
);
def('aten::view_as(Tensor(a) self, Tensor other) -> Tensor(a)', (self: Tensor, other: Tensor) =>
  view(self, other.shape),
);
def('aten::reshape_as(Tensor(a) self, Tensor other) -> Tensor(a)', (self: Tensor, other: Tensor) =>
  reshape(self, other.shape),
);
def(
  'aten::as_strided(Tensor(a) self, SymInt[] size, SymInt[] stride, SymInt? storage_offset=None) -> Tensor(a)',
  asStrided,
);
def('aten::squeeze(Tensor(a) self) -> Tensor(a)', (self: Tensor) => squeeze(self));
def('aten::squeeze.dim(Tensor(a) self, int dim) -> Tensor(a)', squeeze);
def('aten::squeeze_(Tensor(a!) self) -> Tensor(a!)', (self: Tensor) => squeeze_(self));
def('aten::squeeze_.dim(Tensor(a!) self, int dim) -> Tensor(a!)', squeeze_);
def('aten::unsqueeze(Tensor(a) self, int dim) -> Tensor(a)', unsqueeze);
def('aten::unsqueeze_(Tensor(a!) self, int dim) -> Tensor(a!)', unsqueeze_);
def('aten::transpose.int(Tensor(a) self, int dim0, int dim1) -> Tensor(a)', transpose);
def('aten::transpose_(Tensor(a!) self, int dim0, int dim1) -> Tensor(a!)', transpose_);
def('aten::swapaxes(Tensor(a) self, int axis0, int axis1) -> Tensor(a)', transpose);
def('aten::swapdims(Tensor(a) self, int dim0, int dim1) -> Tensor(a)', transpose);
def('aten::t(Tensor(a) self) -> Tensor(a)', t);
def('aten::t_(Tensor(a!) self) -> Tensor(a!)', t_);
def('aten::permute(Tensor(a) self, int[] dims) -> Tensor(a)', permute);
def('aten::expand(Tensor(a) self, SymInt[] size, *, bool implicit=False) -> Tensor(a)', expand);
def('aten::expand_as(Tensor(a) self, Tensor other) -> Tensor(a)', (self: Tensor, other: Tensor) =>
  expand(self, other.shape),
);
def('aten::narrow(Tensor(a) self, int dim, int start, int length) -> Tensor(a)', narrow);
def(
  'aten::narrow.Tensor(Tensor(a) self, int dim, Tensor start, int length) -> Tensor(a)',
  narrowTensor,
);
def('aten::select.int(Tensor(a) self, int dim, int index) -> Tensor(a)', select);
def(
  'aten::slice.Tensor(Tensor(a) self, int dim=0, SymInt? start=None, SymInt? end=None, SymInt step=1) -> Tensor(a)',
  slice,
);
def('aten::unfold(Tensor(a) self, int dimension, int size, int step) -> Tensor(a)', unfold);
def('aten::diagonal(Tensor(a) self, int offset=0, int dim1=0, int dim2=1) -> Tensor(a)', diagonal);
def('aten::movedim.intlist(Tensor(a) self, int[] source, int[] destination) -> Tensor(a)', movedim);
def('aten::movedim.int(Tensor(a) self, int source, int destination) -> Tensor(a)', movedimInt);
def(
  'aten::moveaxis.intlist(Tensor(a) self, int[] source, int[] destination) -> Tensor(a)',
  movedim,
);
def('aten::moveaxis.int(Tensor(a) self, int source, int destination) -> Tensor(a)', movedimInt);
def(
  'aten::flatten.using_ints(Tensor(a) self, int start_dim=0, int end_dim=-1) -> Tensor(a)',
  flatten,
);
def('aten::unflatten.int(Tensor(a) self, int dim, int[] sizes) -> Tensor(a)', unflatten);
def('aten::alias(Tensor(a) self) -> Tensor(a)', alias);
def('aten::detach(Tensor(a) self) -> Tensor(a)', detach);
def('aten::real(Tensor(a) self) -> Tensor(a)', (self: Tensor) => self);
def('aten::contiguous(Tensor(a) self, *, MemoryFormat memory_format=0) -> Tensor(a)', contiguousOp);
def('aten::unbind.int(Tensor(a -> *) self, int dim=0) -> Tensor(a)[]', unbind);
def('aten::split.Tensor(Tensor(a -> *) self, int split_size, int dim=0) -> Tensor(a)[]', split);
def(
  'aten::split.sizes(Tensor(a -> *) self, int[] split_size, int dim=0) -> Tensor(a)[]',
  splitWithSizes,
);
def(
  'aten::split(Tensor(a -> *) self, int[] split_sizes, int dim=0) -> Tensor(a)[]',
  splitWithSizes,
);
def(
  'aten::split_with_sizes(Tensor(a -> *) self, int[] split_sizes, int dim=0) -> Tensor(a)[]',
  splitWithSizes,
);
def('aten::chunk(Tensor(a -> *) self, int chunks, int dim=0) -> Tensor(a)[]', chunk);
def(
  'aten::tensor_split.sections(Tensor(a -> *) self, int sections, int dim=0) -> Tensor(a)[]',
  tensorSplitSections,
);
def(
  'aten::tensor_split.indices(Tensor(a -> *) self, int[] indices, int dim=0) -> Tensor(a)[]',
  tensorSplitIndices,
);
def(
  'aten::tensor_split.tensor_indices_or_sections(Tensor(a -> *) self, Tensor tensor_indices_or_sections, int dim=0) -> Tensor(a)[]',
  tensorSplitTensor,
);
def('aten::hsplit.int(Tensor(a -> *) self, int sections) -> Tensor(a)[]', hsplit.sections);
def('aten::hsplit.array(Tensor(a -> *) self, int[] indices) -> Tensor(a)[]', hsplit.indices);
def('aten::vsplit.int(Tensor(a -> *) self, int sections) -> Tensor(a)[]', vsplit.sections);
def('aten::vsplit.array(Tensor(a -> *) self, int[] indices) -> Tensor(a)[]', vsplit.indices);
def('aten::dsplit.int(Tensor(a -> *) self, int sections) -> Tensor(a)[]', dsplit.sections);
def('aten::dsplit.array(Tensor(a -> *) self, int[] indices) -> Tensor(a)[]', dsplit.indices);

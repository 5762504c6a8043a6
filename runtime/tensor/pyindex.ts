// Python's tensor indexing, `x[index]` and `x[index] = value`, with PyTorch's rules: ints,
// slices, None, Ellipsis and booleans index "basically" and give views that alias `x`; tensors
// and lists index "advancedly" and give copies (or, on assignment, index_put_ into `x`).
//
// An index is what Python hands to __getitem__, in JS form:
//   int            bigint, or a number holding an integer (a non-integer number is a float)
//   slice          { start, stop, step }, each a bigint/number or null
//   None           null
//   Ellipsis       'ellipsis'
//   True / False   boolean
//   Tensor         Tensor
//   list           { list: [...] } (items: ints, bools, nested lists, or anything a tuple holds)
//   tuple          a JS array of the above
// Augmented assignment (`x[i] += 1`) is Python's get, in-place add, set: nothing special here.

import { indexError, runtimeError, typeError, valueError } from '../errors.js';
import { runPointwise } from '../kernels/pointwise.js';
import { identity } from '../ops/elementwise.js';
import { indexPut_ } from '../ops/indexing.js';
// Views, indexing and writes through the registry, so that autograd records them.
import * as recorded from '../ops/recorded_views.js';
import { index as advancedIndex, alias, select, slice, unsqueeze } from '../ops/recorded_views.js';
import { assertNoInternalOverlap, assertNoPartialOverlap, checkedScalar } from '../ops/strided.js';
import { expand, view } from '../ops/view.js';
import { dtypeInfo, isFloating } from './dtype.js';
import { fromArray } from './factory.js';
import { isScalar, type Scalar } from './scalar.js';
import { sameShape, type Shape } from './shape.js';
import { Tensor } from './tensor.js';

export type PyInt = bigint | number;

export interface PySlice {
  readonly start: PyInt | null;
  readonly stop: PyInt | null;
  readonly step: PyInt | null;
}

export interface PyList {
  readonly list: readonly PyIndexItem[];
}

export type PyIndexItem = PyInt | boolean | null | 'ellipsis' | PySlice | PyList | Tensor;
export type PyIndex = PyIndexItem | readonly PyIndexItem[];

export function pySlice(
  start: PyInt | null = null,
  stop: PyInt | null = null,
  step: PyInt | null = null,
): PySlice {
  return { start, stop, step };
}

export function pyList(...items: PyIndexItem[]): PyList {
  return { list: items };
}

const isSlice = (v: unknown): v is PySlice =>
  typeof v === 'object' && v !== null && !(v instanceof Tensor) && 'step' in v;
const isList = (v: unknown): v is PyList =>
  typeof v === 'object' && v !== null && !(v instanceof Tensor) && 'list' in v;
const isInt = (v: unknown): v is PyInt =>
  typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));

const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;
const ssizeMax = Number.MAX_SAFE_INTEGER;

function pythonTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'tuple';
  return typeof v;
}

/** A Python int as an index; C++ reads it into an int64_t. */
function toIndex(v: PyInt): number {
  if (typeof v === 'bigint' && (v < int64Min || v > int64Max)) {
    throw runtimeError('Overflow when unpacking long');
  }
  return Number(v);
}

function invalidIndex(item: unknown): never {
  throw indexError(
    `only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${pythonTypeName(item)})`,
  );
}

// ---- lists: a tuple in disguise, or data for an index tensor ----

/** numpy's heuristic: a short list holding tensors, sequences, slices, None or ... is a tuple. */
function listIsTuple(list: PyList): boolean {
  if (list.list.length >= 32) return false;
  return list.list.some(
    (v) => v instanceof Tensor || isList(v) || isSlice(v) || v === null || v === 'ellipsis',
  );
}

/** torch.tensor(list) for indexing: bool when every element is a bool, else int64 (truncated). */
function listToTensor(list: PyList): Tensor {
  const values: number[] = [];
  const shape: number[] = [];
  let allBool = true;
  const walk = (item: PyIndexItem, depth: number): void => {
    if (isList(item)) {
      if (shape.length === depth) shape.push(item.list.length);
      else if (shape[depth] !== item.list.length) {
        throw valueError(
          `expected sequence of length ${shape[depth]} at dim ${depth} (got ${item.list.length})`,
        );
      }
      for (const x of item.list) walk(x, depth + 1);
      return;
    }
    if (depth !== shape.length) throw valueError(`expected sequence at dim ${depth}`);
    if (typeof item === 'boolean') values.push(item ? 1 : 0);
    else if (typeof item === 'number' || typeof item === 'bigint') {
      allBool = false;
      values.push(Math.trunc(Number(item)));
    } else invalidIndex(item);
  };
  walk(list, 0);
  return fromArray(values, shape, allBool && values.length > 0 ? 'bool' : 'int64');
}

function asTuple(index: PyIndex): readonly PyIndexItem[] {
  if (Array.isArray(index)) return index as readonly PyIndexItem[];
  const item = index as PyIndexItem;
  return isList(item) && listIsTuple(item) ? item.list : [item];
}

// ---- basic indexing steps ----

function applySelect(t: Tensor, dim: number, index: number, realDim: number): Tensor {
  if (index === 0 && dim === 0 && t.ndim === 0) {
    throw indexError(
      'invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number',
    );
  }
  const size = dim < t.ndim ? t.shape[dim] : 0;
  if (index < -size || index >= size) {
    throw indexError(`index ${index} is out of bounds for dimension ${realDim} with size ${size}`);
  }
  return select(t, dim, index);
}

/** PySlice_Unpack: Python's defaults and its refusal of a zero step. */
function unpackSlice(s: PySlice): { start: number; stop: number; step: number } {
  const step = s.step === null ? 1 : clampSsize(s.step);
  if (step === 0) throw valueError('slice step cannot be zero');
  const start = s.start === null ? (step < 0 ? ssizeMax : 0) : clampSsize(s.start);
  const stop = s.stop === null ? (step < 0 ? -ssizeMax : ssizeMax) : clampSsize(s.stop);
  return { start, stop, step };
}

function clampSsize(v: PyInt): number {
  const n = Number(v);
  return Math.min(Math.max(n, -ssizeMax), ssizeMax);
}

function applySlice(t: Tensor, dim: number, s: PySlice): Tensor {
  const { start, stop, step } = unpackSlice(s);
  if (step <= 0) throw valueError('step must be greater than zero');
  return slice(t, dim, start, stop, step);
}

/** The index tensor a Python bool becomes: [0] for True, empty for False. */
function boolIndex(value: boolean): Tensor {
  return fromArray(value ? [0] : [], [value ? 1 : 0], 'int64');
}

/** How many dims of the tensor an index tuple consumes (masks consume their ndim). */
function specifiedDims(items: readonly PyIndexItem[]): number {
  let count = 0;
  for (const item of items) {
    if (item instanceof Tensor)
      count += item.dtype === 'bool' || item.dtype === 'uint8' ? item.ndim : 1;
    else if (item !== null && item !== 'ellipsis' && typeof item !== 'boolean') count++;
  }
  return count;
}

interface Sliced {
  /** The tensor after the basic steps: a view of the original. */
  readonly result: Tensor;
  /** The index tensors recorded for advanced indexing of `result`, by dim (null: untouched). */
  readonly indices: (Tensor | null)[];
}

/** Applies the basic steps of an index tuple and collects its tensors for advanced indexing. */
function applySlicing(self: Tensor, items: readonly PyIndexItem[]): Sliced {
  const specified = specifiedDims(items);
  if (specified > self.ndim) {
    throw indexError(`too many indices for tensor of dimension ${self.ndim}`);
  }
  let result = self;
  let dim = 0;
  const indices: (Tensor | null)[] = [];
  // A recorded tensor indexes the current dim, which then counts as consumed.
  const record = (t: Tensor) => {
    while (indices.length <= dim) indices.push(null);
    indices[dim++] = t;
  };
  items.forEach((item, realDim) => {
    if (isInt(item)) {
      result = applySelect(result, dim, toIndex(item), realDim);
    } else if (isSlice(item)) {
      result = applySlice(result, dim++, item);
    } else if (item === 'ellipsis') {
      dim += self.ndim - specified;
    } else if (item === null) {
      result = unsqueeze(result, dim++);
    } else if (typeof item === 'boolean') {
      result = unsqueeze(result, dim);
      record(boolIndex(item));
    } else if (item instanceof Tensor) {
      if (
        item.ndim === 0 &&
        !isFloating(item.dtype) &&
        item.dtype !== 'bool' &&
        item.dtype !== 'uint8'
      ) {
        // A 0-dim integer tensor selects, like the int it holds.
        result = applySelect(result, dim, Number(item.item()), realDim);
      } else if (item.ndim === 0 && (item.dtype === 'bool' || item.dtype === 'uint8')) {
        result = unsqueeze(result, dim);
        record(boolIndex(item.item() !== false && item.item() !== 0n));
      } else {
        record(item);
      }
    } else if (isList(item)) {
      record(listToTensor(item));
    } else {
      invalidIndex(item);
    }
  });
  return { result, indices };
}

// ---- __getitem__ ----

export function getItem(self: Tensor, index: PyIndex): Tensor {
  if (!Array.isArray(index)) {
    const item = index as PyIndexItem;
    if (item === null) return unsqueeze(self, 0);
    if (item === 'ellipsis') return alias(self);
    if (isInt(item)) return applySelect(self, 0, toIndex(item), 0);
    if (isSlice(item)) return applySlice(self, 0, item);
    if (typeof item === 'boolean') return advancedIndex(unsqueeze(self, 0), [boolIndex(item)]);
  }
  const { result, indices } = applySlicing(self, asTuple(index));
  if (indices.length === 0) return result === self ? alias(self) : result;
  return advancedIndex(result, indices);
}

// ---- __setitem__ ----

/** The value as a tensor: Python scalars become 0-dim tensors of self's dtype, checked. */
function valueToTensor(self: Tensor, value: unknown): Tensor {
  if (value instanceof Tensor) return value;
  if (!isScalar(value)) {
    throw typeError(
      `can't assign a ${pythonTypeName(value)} to a torch.${dtypeInfo(self.dtype).legacyName}`,
    );
  }
  const pythonInt: Scalar = typeof value === 'boolean' ? BigInt(value) : value;
  return fromArray([checkedScalar(pythonInt, self.dtype)], [], self.dtype);
}

/** The shape without its leading 1s: a value of shape [1, 1, 3] assigns like one of shape [3]. */
function withoutLeadingOnes(shape: Shape): number[] {
  const first = shape.findIndex((s) => s !== 1);
  return first === -1 ? [] : shape.slice(first);
}

/**
 * copy_ as setitem uses it: memory that provably overlaps only in part is refused; overlap that
 * PyTorch cannot prove (strided views) is copied element by element in order, as PyTorch does.
 */
function copyInto(dest: Tensor, src: Tensor): void {
  if (dest === src) return;
  assertNoInternalOverlap(dest);
  assertNoPartialOverlap(dest, src);
  runPointwise(identity, dest, [src], dest.dtype);
}

/** Writes `value` into `dest` the way setitem does: copy, fill, or broadcast-then-copy. */
function copyTo(dest: Tensor, value: Tensor): void {
  if (sameShape(dest.shape, value.shape)) return copyInto(dest, value);
  if (value.ndim === 0) {
    const fill = fromArray([checkedScalar(value.item(), dest.dtype)], [], dest.dtype);
    runPointwise(identity, dest, [fill], dest.dtype);
    return;
  }
  const trimmed = view(value, withoutLeadingOnes(value.shape));
  copyInto(dest, expand(trimmed, dest.shape));
}

/** A write autograd must see, as copy_ of the value (its leading 1s dropped) into dest. */
function copyRecorded(dest: Tensor, value: Tensor): void {
  recorded.copy_(dest, recorded.view(value, withoutLeadingOnes(value.shape)));
}

export function setItem(self: Tensor, index: PyIndex, value: Scalar | Tensor): void {
  const v = valueToTensor(self, value);
  if (self.requiresGrad || v.requiresGrad) return setItemRecorded(self, index, v);
  writeItem(self, index, v);
  // A write autograd must be able to tell from the tensor's saved versions.
  self.storage.version++;
}

function writeItem(self: Tensor, index: PyIndex, v: Tensor): void {
  if (!Array.isArray(index)) {
    const item = index as PyIndexItem;
    if (item === false) return;
    if (item === 'ellipsis') return copyTo(self, v);
    if (item === null || item === true) return copyTo(unsqueeze(self, 0), v);
    if (isInt(item)) return copyTo(applySelect(self, 0, toIndex(item), 0), v);
    if (isSlice(item)) return copyTo(applySlice(self, 0, item), v);
  }
  const { result, indices } = applySlicing(self, asTuple(index));
  if (indices.length === 0) return copyTo(result, v);
  indexPut_(result, indices, view(v, withoutLeadingOnes(v.shape)), false);
}

/** setItem when autograd records: the same destinations, written by registry operators. */
function setItemRecorded(self: Tensor, index: PyIndex, v: Tensor): void {
  if (!Array.isArray(index)) {
    const item = index as PyIndexItem;
    if (item === false) return;
    if (item === 'ellipsis') return copyRecorded(self, v);
    if (item === null || item === true) return copyRecorded(unsqueeze(self, 0), v);
    if (isInt(item)) return copyRecorded(applySelect(self, 0, toIndex(item), 0), v);
    if (isSlice(item)) return copyRecorded(applySlice(self, 0, item), v);
  }
  const { result, indices } = applySlicing(self, asTuple(index));
  if (indices.length === 0) return copyRecorded(result, v);
  recorded.indexPut_(result, indices, recorded.view(v, withoutLeadingOnes(v.shape)), false);
}

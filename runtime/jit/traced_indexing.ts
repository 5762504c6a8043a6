// x[index] and x[index] = value while tracing, recorded as the operators PyTorch's indexing
// calls (torch/csrc/autograd/python_variable_indexing.cpp with ATen's TensorIndexing.h): an int
// is `aten::select`, a slice `aten::slice` (full slices too: a trace must not depend on the
// sizes it saw), None `aten::unsqueeze`, `...` alone `aten::alias`, tensors and lists one
// `aten::index` (or `aten::index_put_`). Assignment writes the selected view with `aten::copy_`,
// `aten::fill_` for a 0-dim value, or `aten::view` + `aten::expand` + `aten::copy_` to broadcast.
// Python numbers assigned become 0-dim tensors of x's dtype, which enter the trace as constants.

import { indexError, notSupported, typeError, valueError } from '../errors.js';
import type { PySlice } from '../tensor/pyindex.js';
import { isScalar, type Scalar } from '../tensor/scalar.js';
import { checkedScalar } from '../ops/strided.js';
import { dtypeInfo, isFloating } from '../tensor/dtype.js';
import { fromArray } from '../tensor/factory.js';
import { sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { ellipsis } from '../python/wire.js';
import type { Tracer } from './tracer.js';
import { stashInt } from './traced_numbers.js';

/** PY_SSIZE_T_MAX, the stop of an open slice as PyTorch records it. */
const openStop = 9223372036854775807n;

type Item = unknown;

const isSlice = (v: Item): v is PySlice =>
  typeof v === 'object' && v !== null && !(v instanceof Tensor) && 'step' in v;

function isTuple(v: Item): v is readonly Item[] {
  return Array.isArray(v) && Object.isFrozen(v);
}

function isList(v: Item): v is readonly Item[] {
  return Array.isArray(v) && !Object.isFrozen(v);
}

/** A 0-dim integer tensor indexes like the int it holds. */
function isTensorNumber(v: Item): v is Tensor {
  return (
    v instanceof Tensor &&
    v.ndim === 0 &&
    !isFloating(v.dtype) &&
    v.dtype !== 'bool' &&
    v.dtype !== 'uint8'
  );
}

class TracedIndexing {
  constructor(private readonly tracer: Tracer) {}

  /**
   * The `ordinal`-th int argument of the next recorded call; a traced number given for it is
   * stashed, as PyTorch's argument parser does.
   */
  private int(v: Item, ordinal: number): number {
    if (v instanceof Tensor) {
      const stashed = stashInt(this.tracer, v, ordinal);
      this.tracer.stash.push(stashed);
      return stashed.value;
    }
    return Number(v as bigint);
  }

  select(t: Tensor, dim: number, index: Item, realDim: number): Tensor {
    const i = this.int(index, 1);
    if (i === 0 && dim === 0 && t.ndim === 0) {
      throw indexError(
        'invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number',
      );
    }
    const size = t.shape[dim] ?? 0;
    if (i < -size || i >= size) {
      throw indexError(`index ${i} is out of bounds for dimension ${realDim} with size ${size}`);
    }
    return this.tracer.call('aten::select.int', [t, dim, i]) as Tensor;
  }

  slice(t: Tensor, dim: number, s: PySlice): Tensor {
    const start = s.start === null ? 0 : this.int(s.start, 1);
    const stop = s.stop === null ? null : this.int(s.stop, 2);
    const step = s.step === null ? 1 : this.int(s.step, 3);
    if (step === 0) throw valueError('slice step cannot be zero');
    if (step < 0) throw valueError('step must be greater than zero');
    const impl = [t, dim, start, stop ?? Number.MAX_SAFE_INTEGER, step];
    const recorded = [t, dim, start, stop ?? openStop, step];
    return this.tracer.callRecordingAs('aten::slice.Tensor', impl, recorded) as Tensor;
  }

  unsqueeze(t: Tensor, dim: number): Tensor {
    return this.tracer.call('aten::unsqueeze', [t, dim]) as Tensor;
  }

  /** The basic steps of an index tuple; the tensors for advanced indexing, by dim. */
  slicing(self: Tensor, items: readonly Item[]): { result: Tensor; indices: (Tensor | null)[] } {
    const specified = items.filter(
      (i) => i !== null && i !== ellipsis && typeof i !== 'boolean',
    ).length;
    if (specified > self.ndim) {
      throw indexError(`too many indices for tensor of dimension ${self.ndim}`);
    }
    let result = self;
    let dim = 0;
    const indices: (Tensor | null)[] = [];
    const record = (t: Tensor) => {
      while (indices.length <= dim) indices.push(null);
      indices[dim++] = t;
    };
    items.forEach((item, realDim) => {
      if (typeof item === 'bigint' || isTensorNumber(item)) {
        result = this.select(result, dim, item, realDim);
      } else if (isSlice(item)) result = this.slice(result, dim++, item);
      else if (item === ellipsis) dim += self.ndim - specified;
      else if (item === null) result = this.unsqueeze(result, dim++);
      else if (typeof item === 'boolean') {
        result = this.unsqueeze(result, dim);
        record(boolIndex(item));
      } else if (item instanceof Tensor) record(item);
      else if (isList(item)) record(listIndex(item));
      else throw invalidIndex(item);
    });
    return { result, indices };
  }

  getItem(self: Tensor, index: Item): Tensor {
    if (index === null) return this.unsqueeze(self, 0);
    if (index === ellipsis) return this.tracer.call('aten::alias', [self]) as Tensor;
    if (typeof index === 'bigint' || isTensorNumber(index)) return this.select(self, 0, index, 0);
    if (isSlice(index)) return this.slice(self, 0, index);
    if (typeof index === 'boolean') {
      const unsqueezed = this.unsqueeze(self, 0);
      return this.index(unsqueezed, [boolIndex(index)]);
    }
    const { result, indices } = this.slicing(self, asTuple(index));
    if (indices.length === 0) {
      return result === self ? (this.tracer.call('aten::alias', [self]) as Tensor) : result;
    }
    return this.index(result, indices);
  }

  private index(t: Tensor, indices: readonly (Tensor | null)[]): Tensor {
    return this.tracer.call('aten::index.Tensor', [t, indices]) as Tensor;
  }

  setItem(self: Tensor, index: Item, value: Item): void {
    const v = valueToTensor(self, value);
    if (index === false) return;
    if (index === ellipsis) return this.copyTo(self, v);
    if (index === null || index === true) return this.copyTo(this.unsqueeze(self, 0), v);
    if (typeof index === 'bigint' || isTensorNumber(index)) {
      return this.copyTo(this.select(self, 0, index, 0), v);
    }
    if (isSlice(index)) return this.copyTo(this.slice(self, 0, index), v);
    const { result, indices } = this.slicing(self, asTuple(index));
    if (indices.length === 0) return this.copyTo(result, v);
    const prefix = withoutLeadingOnes(v.shape);
    const values = sameShape(prefix, v.shape) ? v : this.view(v, prefix);
    this.tracer.call('aten::index_put_', [result, indices, values, false]);
  }

  private view(t: Tensor, shape: readonly number[]): Tensor {
    return this.tracer.call('aten::view', [t, shape]) as Tensor;
  }

  /** ATen's copy_to: copy, fill from a 0-dim value, or broadcast then copy. */
  private copyTo(dest: Tensor, src: Tensor): void {
    if (sameShape(dest.shape, src.shape)) {
      this.tracer.call('aten::copy_', [dest, src, false]);
      return;
    }
    if (src.ndim === 0) {
      this.tracer.call('aten::fill_.Tensor', [dest, src]);
      return;
    }
    const viewed = this.view(src, withoutLeadingOnes(src.shape));
    const expanded = sameShape(dest.shape, viewed.shape)
      ? viewed
      : (this.tracer.call('aten::expand', [viewed, dest.shape.slice(), false]) as Tensor);
    this.tracer.call('aten::copy_', [dest, expanded, false]);
  }
}

function asTuple(index: Item): readonly Item[] {
  if (isTuple(index)) return index;
  if (isList(index) && listIsTuple(index)) return index;
  return [index];
}

/** numpy's heuristic, as PyTorch's: a short list holding sequences, slices, None or ... */
function listIsTuple(list: readonly Item[]): boolean {
  if (list.length >= 32) return false;
  return list.some(
    (v) => v instanceof Tensor || Array.isArray(v) || isSlice(v) || v === null || v === ellipsis,
  );
}

function boolIndex(value: boolean): Tensor {
  return fromArray(value ? [0] : [], [value ? 1 : 0], 'int64');
}

/** A list index as the tensor PyTorch makes of it: int64, or bool when every item is one. */
function listIndex(list: readonly Item[]): Tensor {
  if (list.some((x) => Array.isArray(x))) {
    throw notSupported('tracing an index given as a nested list');
  }
  const allBool = list.length > 0 && list.every((x) => typeof x === 'boolean');
  const values = list.map((x) => {
    if (typeof x === 'boolean') return x ? 1 : 0;
    if (typeof x === 'bigint') return Number(x);
    throw invalidIndex(x);
  });
  return fromArray(values, [list.length], allBool ? 'bool' : 'int64');
}

function invalidIndex(item: Item): Error {
  const name = typeof item === 'number' ? 'float' : typeof item === 'string' ? 'str' : 'object';
  return indexError(
    `only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${name})`,
  );
}

/** Python numbers assigned become 0-dim tensors of the target's dtype. */
function valueToTensor(self: Tensor, value: Item): Tensor {
  if (value instanceof Tensor) return value;
  if (!isScalar(value)) {
    throw typeError(
      `can't assign a ${typeof value} to a torch.${dtypeInfo(self.dtype).legacyName}`,
    );
  }
  const pythonInt: Scalar = typeof value === 'boolean' ? BigInt(value) : value;
  return fromArray([checkedScalar(pythonInt, self.dtype)], [], self.dtype);
}

function withoutLeadingOnes(shape: readonly number[]): number[] {
  const first = shape.findIndex((s) => s !== 1);
  return first === -1 ? [] : shape.slice(first);
}

export function tracedGetItem(tracer: Tracer, self: Tensor, index: unknown): Tensor {
  return new TracedIndexing(tracer).getItem(self, index);
}

export function tracedSetItem(tracer: Tracer, self: Tensor, index: unknown, value: unknown): void {
  new TracedIndexing(tracer).setItem(self, index, value);
}

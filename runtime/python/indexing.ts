// x[index] and x[index] = value from Python: the decoded index in pyindex.ts's form. A tuple
// is the index tuple; a list, or a sequence inside the tuple, is a PyList; slices keep their
// bounds; the Python types no index accepts fail here with PyTorch's messages.

import { indexError, typeError } from '../errors.js';
import {
  getItem,
  setItem,
  type PyIndex,
  type PyIndexItem,
  type PySlice,
} from '../tensor/pyindex.js';
import { isScalar, type Scalar } from '../tensor/scalar.js';
import { Tensor } from '../tensor/tensor.js';
import { ellipsis, ForeignPythonObject } from './wire.js';

export function pythonGetItem(self: Tensor, index: unknown): Tensor {
  return getItem(self, toIndex(index));
}

export function pythonSetItem(self: Tensor, index: unknown, value: unknown): void {
  setItem(self, toIndex(index), value as Scalar | Tensor);
}

function toIndex(v: unknown): PyIndex {
  if (Array.isArray(v) && Object.isFrozen(v)) return v.map(toItem);
  return toItem(v);
}

function toItem(v: unknown): PyIndexItem {
  if (v === ellipsis) return 'ellipsis';
  if (Array.isArray(v)) return { list: v.map(toItem) };
  if (isSlice(v)) return toSlice(v);
  if (v === null || v instanceof Tensor || typeof v === 'bigint' || typeof v === 'boolean') {
    return v;
  }
  throw indexError(
    `only integers, slices (\`:\`), ellipsis (\`...\`), None and long or byte Variables are valid indices (got ${pythonTypeName(v)})`,
  );
}

function isSlice(v: unknown): v is PySlice {
  return typeof v === 'object' && v !== null && !(v instanceof Tensor) && 'step' in v;
}

/** Slice bounds are ints, None, or what has __index__ (a one-element integer tensor). */
function toSlice(s: PySlice): PySlice {
  return { start: sliceBound(s.start), stop: sliceBound(s.stop), step: sliceBound(s.step) };
}

function sliceBound(v: unknown): bigint | null {
  if (v === null || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return BigInt(v);
  if (v instanceof Tensor && v.numel() === 1 && v.dtype !== 'bool') {
    const item = v.item();
    if (typeof item === 'bigint') return item;
  }
  throw typeError('slice indices must be integers or None or have an __index__ method');
}

function pythonTypeName(v: unknown): string {
  if (v instanceof ForeignPythonObject) return v.typeName;
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'str';
  if (isScalar(v)) return typeof v;
  return 'object';
}

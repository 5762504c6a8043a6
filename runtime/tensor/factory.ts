// Making tensors from JS values.

import { scalarKindDType, type DType } from './dtype.js';
import { cpu, type Device } from './device.js';
import { contiguousStrides, numelOf, type Shape } from './shape.js';
import { scalarKind, scalarToNumber, type Scalar } from './scalar.js';
import { Storage, allocateArray } from './storage.js';
import { Tensor } from './tensor.js';

/** A Python number where a tensor is expected: 0-dim, int64/float64/bool, promoting as a scalar. */
export function wrapScalar(s: Scalar): Tensor {
  const dtype = scalarKindDType(scalarKind(s));
  const data = allocateArray(dtype, 1);
  data[0] = scalarToNumber(s);
  return new Tensor(new Storage(data), [], [], 0, dtype, true);
}

/** A contiguous tensor holding `values` (numbers, bools as 0/1) in row-major order. */
export function fromArray(
  values: ArrayLike<number>,
  shape: Shape,
  dtype: DType,
  device: Device = cpu,
): Tensor {
  const n = numelOf(shape);
  if (values.length !== n)
    throw new Error(`fromArray: ${values.length} values for shape [${shape.join(', ')}]`);
  const data = allocateArray(dtype, n);
  if (dtype === 'bool') for (let i = 0; i < n; i++) data[i] = values[i] !== 0 ? 1 : 0;
  else if (dtype === 'int64') for (let i = 0; i < n; i++) data[i] = Math.trunc(values[i]);
  else data.set(values);
  return new Tensor(new Storage(data, device), shape.slice(), contiguousStrides(shape), 0, dtype);
}

export function full(shape: Shape, value: number, dtype: DType, device: Device = cpu): Tensor {
  const t = Tensor.empty(shape, dtype, device);
  if (value !== 0) t.data.fill(dtype === 'bool' ? (value !== 0 ? 1 : 0) : value);
  return t;
}

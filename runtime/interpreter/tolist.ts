// prim::tolist: a tensor as nested lists of the annotated element type and depth.

import { runtimeError } from '../errors.js';
import { isFloating } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';

const elementNames = ['int', 'float', 'bool'];

export function tensorToList(t: Tensor, dims: number, elem: number): unknown {
  if (t.ndim !== dims) {
    throw runtimeError(
      `Output annotation list dimension and runtime tensor dimension must match for tolist()`,
    );
  }
  const matches =
    (elem === 0 && !isFloating(t.dtype) && t.dtype !== 'bool') ||
    (elem === 1 && isFloating(t.dtype)) ||
    (elem === 2 && t.dtype === 'bool');
  if (!matches) {
    throw runtimeError(
      `Output annotation element type and runtime tensor element type must match for tolist(): expected ${elementNames[elem]}`,
    );
  }
  const read = (i: number) => {
    const v = t.data[t.storageIndex(i)];
    return elem === 2 ? v !== 0 : v;
  };
  let flat = 0;
  const build = (dim: number): unknown => {
    if (dim === t.ndim) return read(flat++);
    return Array.from({ length: t.shape[dim] }, () => build(dim + 1));
  };
  return build(0);
}

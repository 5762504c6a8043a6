// The view and index operators Python indexing (x[0, 1:3], x[idx]) applies, called through the
// registry rather than directly, so that autograd records them (SelectBackward0, SliceBackward0,
// IndexBackward0) as PyTorch's indexing does.

import type { Tensor } from '../tensor/tensor.js';
import { lookup, type Operator } from './registry.js';

const operators = new Map<string, Operator>();

function run(qualified: string, ...args: unknown[]): Tensor {
  let op = operators.get(qualified);
  if (op === undefined) {
    op = lookup(qualified);
    if (op === undefined) throw new Error(`no operator ${qualified}`);
    operators.set(qualified, op);
  }
  return op.impl(...args) as Tensor;
}

export const alias = (self: Tensor): Tensor => run('aten::alias', self);
export const unsqueeze = (self: Tensor, dim: number): Tensor => run('aten::unsqueeze', self, dim);
export const select = (self: Tensor, dim: number, index: number): Tensor =>
  run('aten::select.int', self, dim, index);
export const slice = (
  self: Tensor,
  dim: number,
  start: number | null,
  end: number | null,
  step: number,
): Tensor => run('aten::slice.Tensor', self, dim, start, end, step);
export const index = (self: Tensor, indices: readonly (Tensor | null)[]): Tensor =>
  run('aten::index.Tensor', self, indices);
export const view = (self: Tensor, size: readonly number[]): Tensor =>
  run('aten::view', self, size);

// Writes of x[index] = value where autograd must see them (self or value requires grad): a leaf
// is refused, a view's base gets CopySlices, as in PyTorch.
export const copy_ = (self: Tensor, src: Tensor): Tensor => run('aten::copy_', self, src, false);
export const indexPut_ = (
  self: Tensor,
  indices: readonly (Tensor | null)[],
  values: Tensor,
  accumulate: boolean,
): Tensor => run('aten::index_put_', self, indices, values, accumulate);

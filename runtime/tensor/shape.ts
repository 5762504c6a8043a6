// Shapes and strides: broadcasting, dimension wrapping, size inference.

import { check, indexError, runtimeError } from '../errors.js';

export type Shape = readonly number[];

export function numelOf(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = step;
    step *= Math.max(shape[i], 1);
  }
  return strides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** The shape two operands broadcast to (torch.broadcast_shapes), in PyTorch's words when they can't. */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  if (sameShape(a, b)) return a.slice();
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const offset = n - 1 - i;
    const da = a.length - 1 - offset >= 0 ? a[a.length - 1 - offset] : 1;
    const db = b.length - 1 - offset >= 0 ? b[b.length - 1 - offset] : 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw runtimeError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Wraps a possibly negative dimension into [0, ndim); a 0-dim tensor accepts -1 and 0. */
export function normalizeDim(dim: number, ndim: number): number {
  const bound = Math.max(ndim, 1);
  if (dim < -bound || dim >= bound) {
    throw indexError(
      `Dimension out of range (expected to be in range of [${-bound}, ${bound - 1}], but got ${dim})`,
    );
  }
  return dim < 0 ? dim + bound : dim;
}

/** Normalizes a list of dims, rejecting repeats as PyTorch does. */
export function normalizeDims(dims: readonly number[], ndim: number): number[] {
  const out = dims.map((d) => normalizeDim(d, ndim));
  const seen = new Set<number>();
  for (const d of out) {
    check(!seen.has(d), () => `dim ${d} appears multiple times in the list of dims`);
    seen.add(d);
  }
  return out;
}

/** Resolves one -1 in a requested shape (view, reshape) against the element count. */
export function inferSize(shape: readonly number[], numel: number): number[] {
  let inferred = -1;
  let known = 1;
  shape.forEach((s, i) => {
    if (s === -1) {
      check(inferred < 0, () => 'only one dimension can be inferred');
      inferred = i;
    } else {
      check(s >= 0, () => `invalid shape dimension ${s}`);
      known *= s;
    }
  });
  const out = shape.slice();
  check(
    !(inferred >= 0 && known === 0 && numel === 0),
    () =>
      `cannot reshape tensor of 0 elements into shape ${formatShape(shape)} because the unspecified dimension size -1 can be any value and is ambiguous`,
  );
  const valid = inferred >= 0 ? known > 0 && numel % known === 0 : known === numel;
  if (!valid) {
    throw runtimeError(`shape '[${shape.join(', ')}]' is invalid for input of size ${numel}`);
  }
  if (inferred >= 0) out[inferred] = numel / known;
  return out;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

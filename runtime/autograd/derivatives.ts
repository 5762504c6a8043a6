// The table of derivative formulas, keyed by operator schema (`aten::mul.Tensor`), as PyTorch's
// derivatives.yaml is. An entry is either a derivative — the node name PyTorch gives the operation,
// what its backward must keep, and the gradient of each differentiable argument — or a
// decomposition: the operator recorded as the operators PyTorch's own implementation of it calls
// (linear as addmm of a transposed weight), for operators PyTorch does not differentiate as one.
// Operators with neither still record a node under PyTorch's name (node_names.json), whose
// backward says their derivative is not supported yet.

import type { Impl } from '../ops/registry.js';
import type { Device } from '../tensor/device.js';
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import type { BackwardContext } from './context.js';

/** The gradient of one argument: a tensor, null for zero, one per element for a Tensor[]. */
export type GradResult = Tensor | null | readonly (Tensor | null)[];

export type GradFormula = (c: BackwardContext) => GradResult;

export interface Derivative {
  /** PyTorch's name for the node: `MulBackward0`. */
  readonly node: string;
  /**
   * The tensor arguments (by schema name) and outputs (`result`, or the schema's name of a
   * returned tensor) the formulas read: kept until backward, and checked for in-place changes.
   */
  readonly saves?: readonly string[];
  /** How many of the outputs are differentiable (the first ones); all when not given. */
  readonly outputs?: number;
  /** The gradient of each differentiable argument, by schema name. */
  readonly grads: Readonly<Record<string, GradFormula>>;
}

export type Entry =
  | { readonly kind: 'derivative'; readonly derivative: Derivative }
  | { readonly kind: 'decomposition'; readonly run: Impl };

const table = new Map<string, Entry>();

function declare(qualified: string, entry: Entry): void {
  if (table.has(qualified)) throw new Error(`autograd: ${qualified} declared twice`);
  table.set(qualified, entry);
}

/** Declares the derivatives of operators, keyed by qualified name (`aten::add.Tensor`). */
export function derivatives(entries: Readonly<Record<string, Derivative>>): void {
  for (const [qualified, derivative] of Object.entries(entries)) {
    declare(qualified, { kind: 'derivative', derivative });
  }
}

/**
 * Declares how an operator records: by running `run` (with the operator's arguments, in schema
 * order), which calls the operators PyTorch's implementation calls.
 */
export function decomposition(qualified: string, run: Impl): void {
  declare(qualified, { kind: 'decomposition', run });
}

export function entryOf(qualified: string): Entry | undefined {
  return table.get(qualified);
}

/** The operators that have an entry, for tests. */
export function declaredOperators(): string[] {
  return [...table.keys()];
}

/** What the backward pass knows of a tensor it does not keep. */
export interface TensorMeta {
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly device: Device;
}

export function metaOf(t: Tensor): TensorMeta {
  return { shape: t.shape, dtype: t.dtype, device: t.device };
}

// AccumulateGrad: the node at the end of every path, one per leaf that requires grad. Running it
// adds the gradient that reached it into the leaf's .grad. Gradient edges into the graph start
// here too: a tensor's edge is its gradFn's output, or its leaf's accumulator.

import type { Tensor } from '../tensor/tensor.js';
import { add, addInto, clone, contiguous } from './functions.js';
import { gradMode } from './grad_mode.js';
import { gradFnOf, Node, type Edge } from './node.js';

export class AccumulateGrad extends Node {
  constructor(readonly variable: Tensor) {
    super('AccumulateGrad', []);
  }

  /** Runs as soon as it is ready: PyTorch gives it the highest sequence number. */
  override readonly sequenceNr = Number.POSITIVE_INFINITY;

  override qualifiedName(): string {
    return 'torch::autograd::AccumulateGrad';
  }

  apply(grads: readonly (Tensor | null)[]): (Tensor | null)[] {
    const g = grads[0];
    if (g !== null && g !== undefined) accumulate(this.variable, g);
    return [];
  }
}

/**
 * Adds `grad` into t.grad: the first gradient is copied (a formula may hand the same tensor to
 * several inputs, and .grad must be t's own), later ones are added in place, as PyTorch does when
 * no graph of the backward pass is recorded (with create_graph, out of place).
 */
export function accumulate(t: Tensor, grad: Tensor): void {
  if (t.grad === null) t.grad = grad.isContiguous() ? clone(grad) : contiguous(grad);
  else if (gradMode.enabled) t.grad = add(t.grad, grad);
  else addInto(t.grad, grad);
}

// A leaf keeps its accumulator while it lives, so that every use of it in a graph reaches the same
// node (PyTorch keeps it while a graph holds it; a leaf outliving its graphs gets the same node).
const accumulators = new WeakMap<Tensor, AccumulateGrad>();

export function accumulatorOf(leaf: Tensor): AccumulateGrad {
  let node = accumulators.get(leaf);
  if (node === undefined) {
    node = new AccumulateGrad(leaf);
    accumulators.set(leaf, node);
  }
  return node;
}

/** Where the gradient of `t` goes: its node's output, its accumulator, or nowhere (null). */
export function edgeOf(t: Tensor): Edge | null {
  if (!t.requiresGrad) return null;
  const fn = gradFnOf(t);
  if (fn !== null) return { node: fn, inputNr: t.outputNr, shape: t.shape, dtype: t.dtype };
  return { node: accumulatorOf(t), inputNr: 0, shape: t.shape, dtype: t.dtype };
}

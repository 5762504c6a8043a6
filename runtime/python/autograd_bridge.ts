// The bridge functions torch/_C uses for autograd state Python reads as attributes rather than
// calling operators: a tensor's grad_fn and grad, a node's name and next_functions.

import { runtimeError } from '../errors.js';
import { accumulatorOf } from '../autograd/accumulate_grad.js';
import { gradFnOf, type Node } from '../autograd/node.js';
import { isFloating } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';

/** Tensor.grad = value: None, or a tensor of self's shape and dtype. */
function setGrad(t: Tensor, value: Tensor | null | undefined): void {
  if (value === null || value === undefined) {
    t.grad = null;
    return;
  }
  if (value.dtype !== t.dtype) {
    throw runtimeError('assigned grad has data of a different type');
  }
  if (value.shape.length !== t.shape.length || value.shape.some((s, i) => s !== t.shape[i])) {
    throw runtimeError('assigned grad has data of a different size');
  }
  t.grad = value;
}

/** Tensor.requires_grad = flag: leaves only, floating point only. */
function setRequiresGradAttribute(t: Tensor, flag: boolean): void {
  if (t.gradFn !== null) {
    const hint = flag
      ? ''
      : " If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().";
    throw runtimeError(`you can only change requires_grad flags of leaf variables.${hint}`);
  }
  if (flag && !isFloating(t.dtype)) {
    throw runtimeError('only Tensors of floating point dtype can require gradients');
  }
  t.requiresGrad = flag;
}

// Python receives JS undefined as None (null would be Pyodide's jsnull).

/** next_functions flattened: node (or undefined), input number, node, input number... */
function nextFunctions(node: Node): (Node | number | undefined)[] {
  return node.nextEdges.flatMap((e) => (e === null ? [undefined, 0] : [e.node, e.inputNr]));
}

/**
 * Tensor.register_hook: `hook` (a Python function, wrapped to take and give JS tensors) may
 * replace the gradient of t as backward computes it: a result's on entering the node that made
 * it, a leaf's before it is accumulated. Returns what removes it.
 */
function registerHook(t: Tensor, hook: (grad: Tensor) => Tensor | undefined): () => void {
  const node = gradFnOf(t);
  const target = node ?? accumulatorOf(t);
  return target.addHook(node === null ? 0 : t.outputNr, (grad) => hook(grad) ?? null);
}

export function autogradBridge(): Record<string, unknown> {
  return {
    gradFn: (t: Tensor) => gradFnOf(t) ?? undefined,
    nodeName: (node: Node) => node.name,
    nodeQualifiedName: (node: Node) => node.qualifiedName(),
    nextFunctions,
    getGrad: (t: Tensor) => t.grad ?? undefined,
    setGrad,
    isLeaf: (t: Tensor) => t.gradFn === null,
    setRequiresGrad: setRequiresGradAttribute,
    registerHook,
  };
}

// The operators about autograd's state of a tensor — requires_grad_, is_leaf, grad, retain_grad,
// detach_, backward, autograd.grad, versions — in the registry, so that TorchScript code and
// Python calls reach the same ones.

import { runtimeError } from '../errors.js';
import { def } from '../ops/registry.js';
import { isFloating } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { backward, grad } from './engine.js';
import { gradFnOf } from './node.js';

/** Tensor.requires_grad_(flag), with PyTorch's refusals. */
export function setRequiresGrad(self: Tensor, flag: boolean): Tensor {
  if (self.gradFn !== null) {
    if (!flag) {
      throw runtimeError(
        "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
      );
    }
    return self;
  }
  if (flag && !isFloating(self.dtype)) {
    throw runtimeError('only Tensors of floating point dtype can require gradients');
  }
  self.requiresGrad = flag;
  return self;
}

/** Tensor.retain_grad(): a non-leaf keeps the gradient backward gives it. */
export function retainGrad(self: Tensor): void {
  if (!self.requiresGrad) {
    throw runtimeError("can't retain_grad on Tensor that has requires_grad=False");
  }
  const fn = gradFnOf(self);
  if (fn !== null) fn.retain(self.outputNr, self);
}

export function retainsGrad(self: Tensor): boolean {
  const fn = gradFnOf(self);
  return fn !== null && fn.retained?.get(self.outputNr) === self;
}

/** Tensor.detach_(): cuts self out of the graph, made a leaf that does not require grad. */
export function detachInPlace(self: Tensor): Tensor {
  if (self.base !== null && self.gradFn !== null) {
    throw runtimeError(
      "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.",
    );
  }
  self.gradFn = null;
  self.outputNr = 0;
  self.requiresGrad = false;
  return self;
}

def('prim::grad(Tensor a) -> Tensor(*)', (a: Tensor) => a.grad);
def('aten::is_leaf(Tensor self) -> bool', (self: Tensor) => self.gradFn === null);
def('aten::retains_grad(Tensor self) -> bool', retainsGrad);
def('aten::retain_grad(Tensor(a!) self) -> ()', retainGrad);
def(
  'aten::requires_grad_(Tensor(a!) self, bool requires_grad=True) -> Tensor(a!)',
  setRequiresGrad,
);
def('aten::detach_(Tensor(a!) self) -> Tensor(a!)', detachInPlace);
def('aten::output_nr(Tensor self) -> int', (self: Tensor) => self.outputNr);
def(
  'aten::backward(Tensor self, Tensor? gradient=None, bool? retain_graph=None, bool create_graph=False) -> ()',
  (self: Tensor, gradient: Tensor | null, retainGraph: boolean | null, createGraph: boolean) => {
    backward([self], [gradient], { retainGraph, createGraph });
    return null;
  },
);
def(
  'aten::backward.TensorList(Tensor[] tensors, Tensor?[]? grad_tensors=None, bool? retain_graph=None, bool create_graph=False) -> ()',
  (
    tensors: Tensor[],
    grads: (Tensor | null)[] | null,
    retainGraph: boolean | null,
    createGraph: boolean,
  ) => {
    backward(tensors, grads ?? tensors.map(() => null), { retainGraph, createGraph });
    return null;
  },
);
def(
  'aten::grad(Tensor[] outputs, Tensor[] inputs, Tensor?[]? grad_outputs=None, bool? retain_graph=None, bool create_graph=False, bool allow_unused=False) -> Tensor?[]',
  (
    outputs: Tensor[],
    inputs: Tensor[],
    gradOutputs: (Tensor | null)[] | null,
    retainGraph: boolean | null,
    createGraph: boolean,
    allowUnused: boolean,
  ) => grad(outputs, inputs, gradOutputs, { retainGraph, createGraph }, allowUnused),
);

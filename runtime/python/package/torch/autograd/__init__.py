"""torch.autograd: backward passes (runtime/autograd/engine.ts) and the grad-mode switches."""

import torch
from torch.autograd import graph
from torch.autograd.grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    no_grad,
    set_grad_enabled,
)

__all__ = ["backward", "enable_grad", "grad", "graph", "inference_mode", "is_grad_enabled",
           "no_grad", "set_grad_enabled"]


def _tensors(value):
    if isinstance(value, torch.Tensor):
        return [value]
    return list(value)


def _grads(grad_tensors, count):
    if grad_tensors is None:
        return [None] * count
    if isinstance(grad_tensors, torch.Tensor):
        return [grad_tensors]
    return list(grad_tensors)


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None,
             inputs=None):
    """Accumulates the gradients of `tensors` into the leaves' .grad (or only `inputs`')."""
    if grad_variables is not None:
        grad_tensors = grad_variables
    if create_graph:
        raise NotImplementedError("backward with create_graph=True is not supported yet")
    if inputs is not None:
        raise NotImplementedError("backward(inputs=...) is not supported yet")
    tensors = _tensors(tensors)
    grads = _grads(grad_tensors, len(tensors))
    if len(tensors) == 1:
        torch._C.call_function("aten::backward", "backward",
                               (tensors[0], grads[0], retain_graph, create_graph), None)
        return
    torch._C.call_function("aten::backward", "backward",
                           (tensors, grads, retain_graph, create_graph), None)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=False, is_grads_batched=False):
    """The gradients of `outputs` with respect to `inputs`, as a tuple."""
    if create_graph:
        raise NotImplementedError("autograd.grad with create_graph=True is not supported yet")
    if is_grads_batched:
        raise NotImplementedError("autograd.grad with is_grads_batched=True is not supported yet")
    outputs = _tensors(outputs)
    inputs = _tensors(inputs)
    grad_outputs = None if grad_outputs is None else _grads(grad_outputs, len(outputs))
    result = torch._C.call_function(
        "aten::grad", "grad",
        (outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused), None)
    return tuple(result)

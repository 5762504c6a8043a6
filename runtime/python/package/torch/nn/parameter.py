"""torch.nn.Parameter: a tensor that a Module registers as one of its parameters when it is
assigned as an attribute. It views the memory of the tensor it wraps and requires gradients
unless told otherwise; operations on it give plain tensors, as PyTorch's do."""

import torch
from torch import Tensor


class Parameter(Tensor):
    """A Tensor subclass that nn.Module treats as a parameter (see Module.__setattr__)."""

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            data = torch.empty(0)
        if not isinstance(data, Tensor):
            # PyTorch calls data.detach() on what is not a Tensor, and fails so.
            raise AttributeError(f"'{type(data).__name__}' object has no attribute 'detach'")
        if requires_grad and not (data.is_floating_point() or data.is_complex()):
            # _make_subclass's words, which differ from requires_grad_()'s.
            raise RuntimeError(
                "Only Tensors of floating point and complex dtype can require gradients"
            )
        return Tensor._make_subclass(cls, data, requires_grad)

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        copy = type(self)(self.data.clone(), self.requires_grad)
        memo[id(self)] = copy
        return copy

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

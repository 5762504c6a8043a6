"""torch._C._nn: the aten operators PyTorch exposes there (linear, softmax's relatives, losses,
padding, pooling), generated like the torch.* functions."""

from torch._torch_functions import generate as _generate

# Frames of the generated functions are plumbing: tracebacks shown to cells leave them out.
__tracebackhide__ = True

from torch import _C as _bridge  # noqa: E402

globals().update(_generate(_bridge.python_api["nn_functions"], "torch._C._nn"))

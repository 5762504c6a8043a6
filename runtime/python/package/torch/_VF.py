"""torch._VF: PyTorch's direct path to its operators, which its Python code (torch/functional.py,
torch/nn/functional.py) uses where torch.<name> is itself written in Python."""

from torch._torch_functions import _function

__tracebackhide__ = True


def __getattr__(name):
    if name.startswith("__") or name not in _function.__globals__["_C"].operator_names():
        raise AttributeError(f"module 'torch._VF' has no attribute '{name}'")
    return _function(name, "torch._VF")

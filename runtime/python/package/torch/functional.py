"""torch functions PyTorch writes in Python (torch/functional.py) over an operator taking a list:
they take the tensors as separate arguments."""

from torch import _C

__tracebackhide__ = True


def _tensors(tensors):
    """f(a, b) and f([a, b]) alike, as PyTorch's functions accept both."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        return list(tensors[0])
    return list(tensors)


def broadcast_tensors(*tensors):
    return _C.call_function("aten::broadcast_tensors", "broadcast_tensors", (_tensors(tensors),), None)


def block_diag(*tensors):
    return _C.call_function("aten::block_diag", "block_diag", (_tensors(tensors),), None)


def cartesian_prod(*tensors):
    return _C.call_function("aten::cartesian_prod", "cartesian_prod", (_tensors(tensors),), None)


def meshgrid(*tensors, indexing=None):
    kwargs = None if indexing is None else {"indexing": indexing}
    return _C.call_function("aten::meshgrid", "meshgrid", (_tensors(tensors),), kwargs)


def einsum(equation, *operands):
    return _C.call_function("aten::einsum", "einsum", (equation, _tensors(operands)), None)

"""The torch functions written by hand: torch.tensor, defaults and print options, is_tensor."""

from torch import _C
from torch._dtypes import dtype as _dtype
from torch._tensor import Tensor


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """A new tensor holding a copy of `data`: nested lists or tuples of numbers or one-element
    tensors, its dtype inferred as PyTorch infers it (any float makes it the default float type,
    else any int int64, else bool)."""
    if pin_memory:
        raise NotImplementedError("torch.tensor(pin_memory=True) is not supported yet")
    return _C.make_tensor(data, dtype, device, requires_grad)


def is_tensor(obj):
    return isinstance(obj, Tensor)


def get_default_dtype():
    return _C.get_default_dtype()


def set_default_dtype(d):
    if not isinstance(d, _dtype):
        raise TypeError("only floating-point types are supported as the default type")
    _C.set_default_dtype(d)


def set_printoptions(
    precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None
):
    """How tensors print: digits, the element count past which they are summarised, and so on."""
    _C.set_printoptions(
        dict(
            precision=precision,
            threshold=threshold,
            edgeitems=edgeitems,
            linewidth=linewidth,
            profile=profile,
            sci_mode=sci_mode,
        )
    )

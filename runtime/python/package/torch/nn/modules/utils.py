"""Helpers the layers and torch.nn.functional use to accept a number where a tuple is expected
(kernel_size=3 for (3, 3)). TorchScript does not compile these: it knows them as builtins
(_pair is aten::_pair, _list_with_default is aten::list_with_default), whose parameters are
BroadcastingLists, so inside TorchScript they receive lists already."""
from itertools import repeat


def _ntuple(n, name):
    def as_tuple(x):
        if isinstance(x, (list, tuple)):
            return tuple(x)
        return tuple(repeat(x, n))

    as_tuple.__name__ = name
    return as_tuple


_single = _ntuple(1, "_single")
_pair = _ntuple(2, "_pair")
_triple = _ntuple(3, "_triple")
_quadruple = _ntuple(4, "_quadruple")


def _list_with_default(out_size, defaults):
    """An output size where None entries take the input's size in that dimension (the last
    dimensions of ``defaults``)."""
    if isinstance(out_size, int):
        return out_size
    if len(defaults) <= len(out_size):
        raise ValueError("Input dimension should be at least {}".format(len(out_size) + 1))
    tail = defaults[-len(out_size):]
    return [default if size is None else size for size, default in zip(out_size, tail)]

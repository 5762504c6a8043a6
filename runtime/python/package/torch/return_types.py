"""torch.return_types: the named tuples operators return (torch.return_types.max(values=...,
indices=...)), made from python_api.json when first asked for."""

from torch import _C


def __getattr__(name):
    cls = _C.return_type(name)
    if cls is None:
        raise AttributeError(f"module 'torch.return_types' has no attribute '{name}'")
    return cls

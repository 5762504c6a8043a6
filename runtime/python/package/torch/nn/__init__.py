"""torch.nn: Module and Parameter, the layers (torch.nn.modules), torch.nn.init and
torch.nn.functional, as PyTorch 1.13.1 lays them out."""

from torch.nn.parameter import Parameter  # noqa: I001  (modules import it)
from torch.nn.modules import *  # noqa: F401,F403
from torch.nn.modules import _NOT_SUPPORTED_YET as _MODULES_NOT_SUPPORTED_YET
from torch.nn import functional, init, modules, parameter  # noqa: F401

# PyTorch's names of torch.nn beyond its layers that this package does not define yet.
_NOT_SUPPORTED_YET = _MODULES_NOT_SUPPORTED_YET + (
    "DataParallel",
    "grad",
    "UninitializedBuffer",
    "UninitializedParameter",
    "intrinsic",
    "parallel",
    "qat",
    "quantizable",
    "quantized",
    "utils",
)


def factory_kwargs(kwargs):
    """The device, dtype and memory_format of a layer's **kwargs, merged with a
    `factory_kwargs` dict among them, for passing on to tensor factories."""
    if kwargs is None:
        return {}
    simple_keys = {"device", "dtype", "memory_format"}
    expected_keys = simple_keys | {"factory_kwargs"}
    if not kwargs.keys() <= expected_keys:
        raise TypeError(f"unexpected kwargs {kwargs.keys() - expected_keys}")
    merged = dict(kwargs.get("factory_kwargs", {}))
    for key in simple_keys:
        if key in kwargs:
            if key in merged:
                raise TypeError(f"{key} specified twice, in **kwargs and in factory_kwargs")
            merged[key] = kwargs[key]
    return merged


def __getattr__(name):
    # Only names not defined here reach this (PEP 562).
    if name in _NOT_SUPPORTED_YET:
        raise NotImplementedError(f"torch.nn.{name} is not supported yet")
    raise AttributeError(f"module 'torch.nn' has no attribute '{name}'")

"""The reduction argument of the losses (reduction='mean') and its legacy spellings
(size_average, reduce), as the loss functions of torch.nn.functional read them. Compiled by
TorchScript as __torch__.torch.nn._reduction.<name>."""
import warnings
from typing import Optional


def get_enum(reduction: str) -> int:
    """The number aten's loss operators take: none 0, mean 1, sum 2."""
    if reduction == "none":
        return 0
    if reduction == "mean":
        return 1
    if reduction == "elementwise_mean":
        warnings.warn("reduction='elementwise_mean' is deprecated, please use reduction='mean' instead.")
        return 1
    if reduction == "sum":
        return 2
    raise ValueError("{} is not a valid value for reduction".format(reduction))


def legacy_get_string(size_average: Optional[bool], reduce: Optional[bool], emit_warning: bool = True) -> str:
    """The reduction the deprecated size_average and reduce flags ask for (both default to True)."""
    averaging = size_average is None or size_average
    reducing = reduce is None or reduce
    if not reducing:
        reduction = "none"
    elif averaging:
        reduction = "mean"
    else:
        reduction = "sum"
    if emit_warning:
        warnings.warn(
            "size_average and reduce args will be deprecated, please use reduction='{}' instead.".format(reduction)
        )
    return reduction


def legacy_get_enum(size_average: Optional[bool], reduce: Optional[bool], emit_warning: bool = True) -> int:
    return get_enum(legacy_get_string(size_average, reduce, emit_warning))

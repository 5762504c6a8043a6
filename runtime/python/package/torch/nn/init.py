"""torch.nn.init: filling tensors with the values PyTorch's initialisation schemes draw.

The arithmetic and the sampling are the runtime's (runtime/nn/init.ts), which reproduces
PyTorch's random numbers bit for bit after torch.manual_seed; these functions keep PyTorch's
signatures and warnings, and return the tensor they filled. The runtime fills memory without
recording autograd history; what is filled here through tensor operations runs under
torch.no_grad(), as in PyTorch.

The functions whose names start with `_reset` are the layers' default initialisation in one
call each (Linear.reset_parameters and its relatives use them).
"""

import math
import warnings

import torch
from torch import Tensor, _C


def _runtime(name, *args):
    """Calls runtime/nn/init.ts's function `name` through the bridge's nnInit. These are no
    operators, so torch._C's operator calls do not reach them: this goes by its plumbing."""
    encoder = _C.encode_call(args, None)
    result = _C._call(_C._js.nnInit, name, encoder.text(), *encoder.values)
    return _C._decode(result, encoder.tensors)


def _fill(name, tensor, *args):
    _runtime(name, tensor, *args)
    return tensor


def calculate_gain(nonlinearity, param=None):
    """The recommended gain for a nonlinearity: 1 for linear functions and sigmoid, 5/3 for
    tanh, sqrt(2) for relu, sqrt(2 / (1 + slope^2)) for leaky_relu, 3/4 for selu."""
    return _runtime("calculate_gain", nonlinearity, param)


def _calculate_fan_in_and_fan_out(tensor):
    return _runtime("_calculate_fan_in_and_fan_out", tensor)


def _calculate_correct_fan(tensor, mode):
    mode = mode.lower()
    valid_modes = ["fan_in", "fan_out"]
    if mode not in valid_modes:
        raise ValueError("Mode {} not supported, please use one of {}".format(mode, valid_modes))
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0) -> Tensor:
    return _fill("uniform_", tensor, a, b)


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0) -> Tensor:
    return _fill("normal_", tensor, mean, std)


def trunc_normal_(
    tensor: Tensor, mean: float = 0.0, std: float = 1.0, a: float = -2.0, b: float = 2.0
) -> Tensor:
    """Normal values redrawn into [a, b] through the inverse CDF."""
    if _runtime("_trunc_normal_warns", mean, std, a, b):
        warnings.warn(
            "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
            "The distribution of values may be incorrect.",
            stacklevel=2,
        )
    return _fill("trunc_normal_", tensor, mean, std, a, b)


def constant_(tensor: Tensor, val: float) -> Tensor:
    return _fill("constant_", tensor, val)


def ones_(tensor: Tensor) -> Tensor:
    return _fill("ones_", tensor)


def zeros_(tensor: Tensor) -> Tensor:
    return _fill("zeros_", tensor)


def eye_(tensor):
    return _fill("eye_", tensor)


def dirac_(tensor, groups=1):
    return _fill("dirac_", tensor, groups)


def xavier_uniform_(tensor: Tensor, gain: float = 1.0) -> Tensor:
    return _fill("xavier_uniform_", tensor, gain)


def xavier_normal_(tensor: Tensor, gain: float = 1.0) -> Tensor:
    return _fill("xavier_normal_", tensor, gain)


def _warns_if_empty(tensor):
    """kaiming_* leave a tensor with no elements alone, and say so."""
    if 0 in tensor.shape:
        warnings.warn("Initializing zero-element tensors is a no-op")
        return True
    return False


def kaiming_uniform_(
    tensor: Tensor, a: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu"
):
    if _warns_if_empty(tensor):
        return tensor
    return _fill("kaiming_uniform_", tensor, a, mode, nonlinearity)


def kaiming_normal_(
    tensor: Tensor, a: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu"
):
    if _warns_if_empty(tensor):
        return tensor
    return _fill("kaiming_normal_", tensor, a, mode, nonlinearity)


def orthogonal_(tensor, gain=1):
    return _fill("orthogonal_", tensor, gain)


def sparse_(tensor, sparsity, std=0.01):
    """Normal values with a fraction `sparsity` of each column zeroed, the rows to zero drawn
    by randperm, column by column, as PyTorch draws them."""
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    rows, cols = tensor.shape
    num_zeros = int(math.ceil(sparsity * rows))
    with torch.no_grad():
        tensor.normal_(0, std)
        for col_idx in range(cols):
            zero_indices = torch.randperm(rows)[:num_zeros]
            tensor[zero_indices, col_idx] = 0
    return tensor


# ---- the layers' default initialisation ----


def _reset_linear(weight, bias):
    """Linear: kaiming_uniform_(weight, a=sqrt(5)), bias uniform in +-1/sqrt(fan_in)."""
    _runtime("_reset_linear", weight, bias)


def _reset_conv(weight, bias):
    """_ConvNd: as Linear, except that a bias whose fan_in is 0 is left as it is."""
    _runtime("_reset_conv", weight, bias)


def _reset_bilinear(weight, bias):
    _runtime("_reset_bilinear", weight, bias)


def _reset_embedding(weight, padding_idx):
    """N(0, 1), then the padding row zeroed."""
    _runtime("_reset_embedding", weight, padding_idx)


def _reset_recurrent(hidden_size, parameters):
    """Every parameter of a recurrent layer, in order, uniform in +-1/sqrt(hidden_size)."""
    _runtime("_reset_recurrent", hidden_size, list(parameters))


def _reset_affine(weight, bias):
    """The affine part of a normalisation layer: weight ones, bias zeros (either may be None)."""
    _runtime("_reset_affine", weight, bias)


def _reset_running_stats(running_mean, running_var, num_batches_tracked):
    _runtime("_reset_running_stats", running_mean, running_var, num_batches_tracked)


# ---- the names without the trailing underscore, deprecated ----


def _make_deprecate(function):
    new_name = function.__name__
    old_name = new_name[:-1]

    def deprecated_init(*args, **kwargs):
        warnings.warn(
            "nn.init.{} is now deprecated in favor of nn.init.{}.".format(old_name, new_name),
            stacklevel=2,
        )
        return function(*args, **kwargs)

    deprecated_init.__name__ = old_name
    deprecated_init.__doc__ = f"Deprecated: use torch.nn.init.{new_name}."
    return deprecated_init


uniform = _make_deprecate(uniform_)
normal = _make_deprecate(normal_)
constant = _make_deprecate(constant_)
eye = _make_deprecate(eye_)
dirac = _make_deprecate(dirac_)
xavier_uniform = _make_deprecate(xavier_uniform_)
xavier_normal = _make_deprecate(xavier_normal_)
kaiming_uniform = _make_deprecate(kaiming_uniform_)
kaiming_normal = _make_deprecate(kaiming_normal_)
orthogonal = _make_deprecate(orthogonal_)
sparse = _make_deprecate(sparse_)

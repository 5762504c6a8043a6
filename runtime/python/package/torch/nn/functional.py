"""torch.nn.functional as PyTorch 1.13.1 defines it: convolution, pooling, activations,
normalization, dropout, losses, resampling and distances as functions.

Each name is one of three kinds, and TorchScript treats each as PyTorch's does:

* an alias of an operator (``linear = torch._C._nn.linear``): a call compiles to the operator,
  ``aten::linear(...)``;
* a Python function: TorchScript compiles it from this source as
  ``__torch__.torch.nn.functional.<name>``, and a caller's graph calls it with
  ``prim::CallFunction``, every default filled in. Signatures (parameter names, defaults,
  annotations) are PyTorch's exactly, since callers' graphs and code show them; the bodies are
  this package's own, written in the TorchScript subset and calling operators of our registry;
* a ``boolean_dispatch`` (``max_pool2d`` picks ``max_pool2d_with_indices`` or ``_max_pool2d`` by
  the constant ``return_indices``) or an ``@_overload``ed function (``interpolate``).

Functions whose operators the runtime does not have yet are not defined here: they are listed in
_NOT_SUPPORTED_YET (avg_pool3d, max_pool3d, the fractional and unpooling functions,
embedding_bag, ctc_loss, the multi-margin losses, grid_sample, affine_grid, unfold, fold), and
spec/compiler/host/functional.spec.ts checks the list against PyTorch's inventory.
"""
import math
import warnings
from typing import Callable, List, Optional, Tuple, Union

import torch
from torch import Tensor
from torch._jit_internal import BroadcastingList1, BroadcastingList2, _overload, boolean_dispatch
from torch.nn import _reduction as _Reduction
from torch.nn.modules.utils import _list_with_default, _pair

# PyTorch's names this module does not define yet, for want of the runtime's operators. Python
# and the TorchScript compiler both answer them with a "not supported yet" error.
_NOT_SUPPORTED_YET = (
    "_adaptive_max_pool3d",
    "_fractional_max_pool2d",
    "_fractional_max_pool3d",
    "_max_pool3d",
    "_no_grad_embedding_renorm_",
    "_scaled_dot_product_attention",
    "adaptive_avg_pool3d",
    "adaptive_max_pool3d",
    "adaptive_max_pool3d_with_indices",
    "affine_grid",
    "avg_pool3d",
    "channel_shuffle",
    "conv_tbc",
    "ctc_loss",
    "embedding_bag",
    "fold",
    "fractional_max_pool2d",
    "fractional_max_pool2d_with_indices",
    "fractional_max_pool3d",
    "fractional_max_pool3d_with_indices",
    "grid_sample",
    "max_pool3d",
    "max_pool3d_with_indices",
    "max_unpool1d",
    "max_unpool2d",
    "max_unpool3d",
    "multi_margin_loss",
    "multilabel_margin_loss",
    "native_channel_shuffle",
    "pdist",
    "unfold",
)


def __getattr__(name):
    # Only names not defined here reach this (PEP 562). An AttributeError still, so hasattr()
    # answers False, but one that says why.
    if name in _NOT_SUPPORTED_YET:
        raise AttributeError(f"torch.nn.functional.{name} is not supported yet")
    raise AttributeError(f"module 'torch.nn.functional' has no attribute '{name}'")


# ---- convolution --------------------------------------------------------------------------

conv1d = torch.conv1d
conv2d = torch.conv2d
conv3d = torch.conv3d
conv_transpose1d = torch.conv_transpose1d
conv_transpose2d = torch.conv_transpose2d
conv_transpose3d = torch.conv_transpose3d


# ---- pooling ------------------------------------------------------------------------------

avg_pool1d = torch.avg_pool1d
avg_pool2d = torch._C._nn.avg_pool2d
adaptive_avg_pool1d = torch.adaptive_avg_pool1d


def max_pool1d_with_indices(
    input: Tensor,
    kernel_size: BroadcastingList1[int],
    stride: Optional[BroadcastingList1[int]] = None,
    padding: BroadcastingList1[int] = 0,
    dilation: BroadcastingList1[int] = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tuple[Tensor, Tensor]:
    # Without a stride the window moves by its own size.
    step = kernel_size if stride is None else stride
    return torch.max_pool1d_with_indices(input, kernel_size, step, padding, dilation, ceil_mode)


def _max_pool1d(
    input: Tensor,
    kernel_size: BroadcastingList1[int],
    stride: Optional[BroadcastingList1[int]] = None,
    padding: BroadcastingList1[int] = 0,
    dilation: BroadcastingList1[int] = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tensor:
    step = kernel_size if stride is None else stride
    return torch.max_pool1d(input, kernel_size, step, padding, dilation, ceil_mode)


max_pool1d = boolean_dispatch(
    arg_name="return_indices",
    arg_index=6,
    default=False,
    if_true=max_pool1d_with_indices,
    if_false=_max_pool1d,
    module_name=__name__,
    func_name="max_pool1d",
)


def max_pool2d_with_indices(
    input: Tensor,
    kernel_size: BroadcastingList2[int],
    stride: Optional[BroadcastingList2[int]] = None,
    padding: BroadcastingList2[int] = 0,
    dilation: BroadcastingList2[int] = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tuple[Tensor, Tensor]:
    step = kernel_size if stride is None else stride
    return torch._C._nn.max_pool2d_with_indices(input, kernel_size, step, padding, dilation, ceil_mode)


def _max_pool2d(
    input: Tensor,
    kernel_size: BroadcastingList2[int],
    stride: Optional[BroadcastingList2[int]] = None,
    padding: BroadcastingList2[int] = 0,
    dilation: BroadcastingList2[int] = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tensor:
    step = kernel_size if stride is None else stride
    return torch.max_pool2d(input, kernel_size, step, padding, dilation, ceil_mode)


max_pool2d = boolean_dispatch(
    arg_name="return_indices",
    arg_index=6,
    default=False,
    if_true=max_pool2d_with_indices,
    if_false=_max_pool2d,
    module_name=__name__,
    func_name="max_pool2d",
)


def _unpool_output_size(
    input: Tensor, kernel_size: List[int], stride: List[int], padding: List[int], output_size: Optional[List[int]]
) -> List[int]:
    """The spatial size max_unpool produces: the one pooling came from, or output_size when it is
    one of the sizes that pool to the input's (it may include the batch and channel sizes)."""
    spatial = len(kernel_size)
    input_size = input.size()
    natural: List[int] = []
    for d in range(spatial):
        extent = input_size[len(input_size) - spatial + d]
        natural.append((extent - 1) * stride[d] + kernel_size[d] - 2 * padding[d])
    if output_size is None:
        return natural
    requested = output_size
    if len(requested) == spatial + 2:
        requested = requested[2:]
    if len(requested) != spatial:
        raise ValueError(
            "output_size should be a sequence containing {} or {} elements, but it has a length of '{}'".format(
                spatial, spatial + 2, len(requested)
            )
        )
    for d in range(spatial):
        low = natural[d] - stride[d]
        high = natural[d] + stride[d]
        if requested[d] <= low or requested[d] >= high:
            raise ValueError(
                'invalid output_size "{}" (dim {} must be between {} and {})'.format(requested, d, low, high)
            )
    return requested


def lp_pool2d(
    input: Tensor,
    norm_type: Union[int, float],
    kernel_size: BroadcastingList2[int],
    stride: Optional[BroadcastingList2[int]] = None,
    ceil_mode: bool = False,
) -> Tensor:
    kernel_height, kernel_width = _pair(kernel_size)
    if stride is None:
        mean = avg_pool2d(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    else:
        mean = avg_pool2d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    # The p-norm of each window: the mean of x^p times the window size, to the power 1/p.
    return mean.mul(kernel_height * kernel_width).pow(1.0 / norm_type)


def lp_pool1d(
    input: Tensor,
    norm_type: Union[int, float],
    kernel_size: int,
    stride: Optional[BroadcastingList1[int]] = None,
    ceil_mode: bool = False,
) -> Tensor:
    if stride is None:
        mean = avg_pool1d(input.pow(norm_type), kernel_size, padding=0, ceil_mode=ceil_mode)
    else:
        mean = avg_pool1d(input.pow(norm_type), kernel_size, stride, 0, ceil_mode)
    return mean.mul(kernel_size).pow(1.0 / norm_type)


def adaptive_max_pool1d_with_indices(
    input: Tensor, output_size: BroadcastingList1[int], return_indices: bool = False
) -> Tuple[Tensor, Tensor]:
    return torch.adaptive_max_pool1d(input, output_size)


def _adaptive_max_pool1d(input: Tensor, output_size: BroadcastingList1[int], return_indices: bool = False) -> Tensor:
    values, _ = torch.adaptive_max_pool1d(input, output_size)
    return values


adaptive_max_pool1d = boolean_dispatch(
    arg_name="return_indices",
    arg_index=2,
    default=False,
    if_true=adaptive_max_pool1d_with_indices,
    if_false=_adaptive_max_pool1d,
    module_name=__name__,
    func_name="adaptive_max_pool1d",
)


def adaptive_max_pool2d_with_indices(
    input: Tensor, output_size: BroadcastingList2[int], return_indices: bool = False
) -> Tuple[Tensor, Tensor]:
    # None in output_size (Python callers only) keeps the input's size in that dimension.
    return torch._C._nn.adaptive_max_pool2d(input, _list_with_default(output_size, input.size()))


def _adaptive_max_pool2d(input: Tensor, output_size: BroadcastingList2[int], return_indices: bool = False) -> Tensor:
    values, _ = torch._C._nn.adaptive_max_pool2d(input, _list_with_default(output_size, input.size()))
    return values


adaptive_max_pool2d = boolean_dispatch(
    arg_name="return_indices",
    arg_index=2,
    default=False,
    if_true=adaptive_max_pool2d_with_indices,
    if_false=_adaptive_max_pool2d,
    module_name=__name__,
    func_name="adaptive_max_pool2d",
)


def adaptive_avg_pool2d(input: Tensor, output_size: BroadcastingList2[int]) -> Tensor:
    return torch._C._nn.adaptive_avg_pool2d(input, _list_with_default(output_size, input.size()))


# ---- dropout ------------------------------------------------------------------------------


def _check_dropout_probability(p: float) -> None:
    if p < 0.0 or p > 1.0:
        raise ValueError("dropout probability has to be between 0 and 1, but got {}".format(p))


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    _check_dropout_probability(p)
    if inplace:
        return torch.dropout_(input, p, training)
    return torch.dropout(input, p, training)


def alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False, inplace: bool = False) -> Tensor:
    _check_dropout_probability(p)
    if inplace:
        return torch.alpha_dropout_(input, p, training)
    return torch.alpha_dropout(input, p, training)


def _channel_dropout(input: Tensor, p: float, training: bool, inplace: bool, batched: bool) -> Tensor:
    """Zeroes whole channels (dimension 1 of a batch); an unbatched input is made a batch of one."""
    if not batched:
        input = input.unsqueeze_(0) if inplace else input.unsqueeze(0)
    if inplace:
        result = torch.feature_dropout_(input, p, training)
    else:
        result = torch.feature_dropout(input, p, training)
    if not batched:
        result = result.squeeze_(0) if inplace else result.squeeze(0)
    return result


def dropout1d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    _check_dropout_probability(p)
    dims = input.dim()
    if dims != 2 and dims != 3:
        raise RuntimeError(
            "dropout1d: Expected 2D or 3D input, but received a {}D input. Note that dropout1d exists to "
            "provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an "
            "optional batch dimension (i.e. 2D or 3D inputs).".format(dims)
        )
    return _channel_dropout(input, p, training, inplace, dims == 3)


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    _check_dropout_probability(p)
    dims = input.dim()
    if dims != 3 and dims != 4:
        warnings.warn(
            "dropout2d: Received a {}-D input to dropout2d, which is deprecated and will result in an error "
            "in a future release. To retain the behavior and silence this warning, please use dropout "
            "instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial "
            "dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).".format(dims)
        )
    if dims == 3:
        warnings.warn(
            "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior "
            "is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior "
            "will change in a future release to interpret the input as one without a batch dimension, i.e. "
            "shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using "
            "dropout1d instead."
        )
    # PyTorch 1.13 still treats every input as batched here (see the warning above).
    return _channel_dropout(input, p, training, inplace, True)


def dropout3d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    _check_dropout_probability(p)
    dims = input.dim()
    if dims != 4 and dims != 5:
        warnings.warn(
            "dropout3d: Received a {}-D input to dropout3d, which is deprecated and will result in an error "
            "in a future release. To retain the behavior and silence this warning, please use dropout "
            "instead. Note that dropout3d exists to provide channel-wise dropout on inputs with 3 spatial "
            "dimensions, a channel dimension, and an optional batch dimension (i.e. 4D or 5D inputs).".format(dims)
        )
    return _channel_dropout(input, p, training, inplace, dims == 5)


def feature_alpha_dropout(input: Tensor, p: float = 0.5, training: bool = False, inplace: bool = False) -> Tensor:
    _check_dropout_probability(p)
    if inplace:
        return torch.feature_alpha_dropout_(input, p, training)
    return torch.feature_alpha_dropout(input, p, training)


# ---- activations --------------------------------------------------------------------------


def _threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:
    if inplace:
        return torch.threshold_(input, threshold, value)
    return torch.threshold(input, threshold, value)


threshold = _threshold
threshold_ = torch.threshold_


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        return torch.relu_(input)
    return torch.relu(input)


relu_ = torch.relu_


def glu(input: Tensor, dim: int = -1) -> Tensor:
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    return torch._C._nn.glu(input, dim)


def hardtanh(input: Tensor, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> Tensor:
    if inplace:
        return torch._C._nn.hardtanh_(input, min_val, max_val)
    return torch._C._nn.hardtanh(input, min_val, max_val)


hardtanh_ = torch._C._nn.hardtanh_


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        return torch._C._nn.relu6_(input)
    return torch._C._nn.relu6(input)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    if inplace:
        return torch._C._nn.elu_(input, alpha)
    return torch._C._nn.elu(input, alpha)


elu_ = torch._C._nn.elu_


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        return torch.selu_(input)
    return torch.selu(input)


selu_ = torch.selu_


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    if inplace:
        return torch.celu_(input, alpha)
    return torch.celu(input, alpha)


celu_ = torch.celu_


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    if inplace:
        return torch._C._nn.leaky_relu_(input, negative_slope)
    return torch._C._nn.leaky_relu(input, negative_slope)


leaky_relu_ = torch._C._nn.leaky_relu_
prelu = torch.prelu


def rrelu(
    input: Tensor, lower: float = 0.125, upper: float = 0.3333333333333333, training: bool = False, inplace: bool = False
) -> Tensor:
    # The defaults are 1/8 and 1/3, written as the floats they are.
    if inplace:
        return torch.rrelu_(input, lower, upper, training)
    return torch.rrelu(input, lower, upper, training)


rrelu_ = torch.rrelu_
logsigmoid = torch._C._nn.log_sigmoid
gelu = torch._C._nn.gelu
hardshrink = torch.hardshrink


def tanhshrink(input):
    return input - torch.tanh(input)


def softsign(input):
    return input / (torch.abs(input) + 1)


softplus = torch._C._nn.softplus


def _get_softmax_dim(name: str, ndim: int, stacklevel: int) -> int:
    """The dimension softmax used to pick when none was given: 0 for 0-, 1- and 3-dimensional
    inputs, else 1."""
    warnings.warn(
        "Implicit dimension choice for {} has been deprecated. Change the call to include dim=X as an argument.".format(
            name
        ),
        stacklevel=stacklevel,
    )
    if ndim == 0 or ndim == 1 or ndim == 3:
        return 0
    return 1


def softmin(input: Tensor, dim: Optional[int] = None, _stacklevel: int = 3, dtype: Optional[int] = None) -> Tensor:
    if dim is None:
        dim = _get_softmax_dim("softmin", input.dim(), _stacklevel)
    return torch.neg(input).softmax(dim, dtype)


def softmax(input: Tensor, dim: Optional[int] = None, _stacklevel: int = 3, dtype: Optional[int] = None) -> Tensor:
    if dim is None:
        dim = _get_softmax_dim("softmax", input.dim(), _stacklevel)
    return input.softmax(dim, dtype)


def gumbel_softmax(logits: Tensor, tau: float = 1.0, hard: bool = False, eps: float = 1e-10, dim: int = -1) -> Tensor:
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.")
    # Gumbel(0, 1) noise is -log of Exponential(1) samples.
    noise = torch.empty_like(logits, memory_format=torch.contiguous_format).exponential_().log().neg()
    soft = ((logits + noise) / tau).softmax(dim)
    if not hard:
        return soft
    index = soft.max(dim, keepdim=True)[1]
    one_hot_sample = torch.zeros_like(logits, memory_format=torch.contiguous_format).scatter_(dim, index, 1.0)
    # Straight through: the one-hot values, with the soft sample's gradient.
    return one_hot_sample - soft.detach() + soft


def log_softmax(input: Tensor, dim: Optional[int] = None, _stacklevel: int = 3, dtype: Optional[int] = None) -> Tensor:
    if dim is None:
        dim = _get_softmax_dim("log_softmax", input.dim(), _stacklevel)
    return input.log_softmax(dim, dtype)


softshrink = torch._C._nn.softshrink


def tanh(input):
    warnings.warn("nn.functional.tanh is deprecated. Use torch.tanh instead.")
    return torch.tanh(input)


def sigmoid(input):
    warnings.warn("nn.functional.sigmoid is deprecated. Use torch.sigmoid instead.")
    return torch.sigmoid(input)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        return torch._C._nn.hardsigmoid_(input)
    return torch._C._nn.hardsigmoid(input)


linear = torch._C._nn.linear
bilinear = torch.bilinear


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        return torch._C._nn.silu_(input)
    return torch._C._nn.silu(input)


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        return torch._C._nn.mish_(input)
    return torch._C._nn.mish(input)


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        return torch._C._nn.hardswish_(input)
    return torch._C._nn.hardswish(input)


# ---- embedding ----------------------------------------------------------------------------


def embedding(
    input: Tensor,
    weight: Tensor,
    padding_idx: Optional[int] = None,
    max_norm: Optional[float] = None,
    norm_type: float = 2.0,
    scale_grad_by_freq: bool = False,
    sparse: bool = False,
) -> Tensor:
    # The operator takes the padding row as a non-negative index, or -1 for none.
    if padding_idx is None:
        padding_idx = -1
    elif padding_idx > 0:
        assert padding_idx < weight.size(0), "Padding_idx must be within num_embeddings"
    elif padding_idx < 0:
        assert padding_idx >= -weight.size(0), "Padding_idx must be within num_embeddings"
        padding_idx = weight.size(0) + padding_idx
    if max_norm is not None:
        # The rows looked up are scaled down to max_norm in place, outside of autograd.
        input = input.contiguous()
        torch.embedding_renorm_(weight.detach(), input, max_norm, norm_type)
    return torch.embedding(weight, input, padding_idx, scale_grad_by_freq, sparse)


# ---- normalization ------------------------------------------------------------------------

# The normalization operators' last argument says whether cuDNN may be used: never, here.


def _verify_batch_size(size: List[int]) -> None:
    """Batch statistics need more than one value per channel."""
    values_per_channel = size[0]
    for extent in size[2:]:
        values_per_channel *= extent
    if values_per_channel == 1:
        raise ValueError("Expected more than 1 value per channel when training, got input size {}".format(size))


def batch_norm(
    input: Tensor,
    running_mean: Optional[Tensor],
    running_var: Optional[Tensor],
    weight: Optional[Tensor] = None,
    bias: Optional[Tensor] = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    if training:
        _verify_batch_size(input.size())
    # PyTorch passes torch.backends.cudnn.enabled, which is True unless set otherwise; we have no
    # cuDNN, so the flag changes nothing but the graph's constant.
    return torch.batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, True)


def _verify_spatial_size(size: List[int]) -> None:
    """Instance statistics need more than one value per instance and channel."""
    spatial_elements = 1
    for extent in size[2:]:
        spatial_elements *= extent
    if spatial_elements == 1:
        raise ValueError("Expected more than 1 spatial element when training, got input size {}".format(size))


def instance_norm(
    input: Tensor,
    running_mean: Optional[Tensor] = None,
    running_var: Optional[Tensor] = None,
    weight: Optional[Tensor] = None,
    bias: Optional[Tensor] = None,
    use_input_stats: bool = True,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    if use_input_stats:
        _verify_spatial_size(input.size())
    return torch.instance_norm(input, weight, bias, running_mean, running_var, use_input_stats, momentum, eps, False)


def layer_norm(
    input: Tensor,
    normalized_shape: List[int],
    weight: Optional[Tensor] = None,
    bias: Optional[Tensor] = None,
    eps: float = 1e-5,
) -> Tensor:
    return torch.layer_norm(input, normalized_shape, weight, bias, eps, False)


def group_norm(
    input: Tensor, num_groups: int, weight: Optional[Tensor] = None, bias: Optional[Tensor] = None, eps: float = 1e-5
) -> Tensor:
    # Statistics are taken per group: the input seen as (N * C / G, G, *spatial).
    grouped = [input.size(0) * input.size(1) // num_groups, num_groups]
    _verify_batch_size(grouped + list(input.size()[2:]))
    return torch.group_norm(input, num_groups, weight, bias, eps, False)


def local_response_norm(input: Tensor, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0) -> Tensor:
    dims = input.dim()
    if dims < 3:
        raise ValueError(
            "Expected 3D or higher dimensionality                          input (got {} dimensions)".format(dims)
        )
    if input.numel() == 0:
        return input
    # The mean of the squares over `size` neighbouring channels: the channels become the rows of
    # a one-channel image (the other dimensions flattened into its columns), padded and averaged
    # over windows one column wide.
    sizes = input.size()
    squares = input.mul(input).view(sizes[0], 1, sizes[1], -1)
    squares = pad(squares, [0, 0, size // 2, (size - 1) // 2])
    mean = avg_pool2d(squares, [size, 1], stride=1).squeeze(1).view(sizes)
    return input / mean.mul(alpha).add(k).pow(beta)


# ---- losses -------------------------------------------------------------------------------


def _legacy_or_reduction_enum(size_average: Optional[bool], reduce: Optional[bool], reduction: str) -> int:
    """The reduction the deprecated size_average and reduce ask for when either is given, else
    `reduction`, as the number the loss operators take."""
    if size_average is not None or reduce is not None:
        return _Reduction.legacy_get_enum(size_average, reduce)
    return _Reduction.get_enum(reduction)


def _warn_if_sizes_differ(input: Tensor, target: Tensor) -> None:
    if target.size() != input.size():
        warnings.warn(
            "Using a target size ({}) that is different to the input size ({}). This will likely lead to "
            "incorrect results due to broadcasting. Please ensure they have the same size.".format(
                target.size(), input.size()
            ),
            stacklevel=3,
        )


def nll_loss(
    input: Tensor,
    target: Tensor,
    weight: Optional[Tensor] = None,
    size_average: Optional[bool] = None,
    ignore_index: int = -100,
    reduce: Optional[bool] = None,
    reduction: str = "mean",
) -> Tensor:
    reduction_enum = _legacy_or_reduction_enum(size_average, reduce, reduction)
    return torch._C._nn.nll_loss_nd(input, target, weight, reduction_enum, ignore_index)


def poisson_nll_loss(
    input: Tensor,
    target: Tensor,
    log_input: bool = True,
    full: bool = False,
    size_average: Optional[bool] = None,
    eps: float = 1e-8,
    reduce: Optional[bool] = None,
    reduction: str = "mean",
) -> Tensor:
    if size_average is not None or reduce is not None:
        reduction = _Reduction.legacy_get_string(size_average, reduce)
    if reduction != "none" and reduction != "mean" and reduction != "sum":
        raise ValueError(reduction + " is not valid")
    return torch.poisson_nll_loss(input, target, log_input, full, eps, _Reduction.get_enum(reduction))


def gaussian_nll_loss(
    input: Tensor, target: Tensor, var: Tensor, full: bool = False, eps: float = 1e-6, reduction: str = "mean"
) -> Tensor:
    if var.size() != input.size():
        # One variance per sample: var lacks the last dimension, or has it of size 1.
        if input.size()[:-1] == var.size():
            var = torch.unsqueeze(var, -1)
        elif input.size()[:-1] != var.size()[:-1] or var.size(-1) != 1:
            raise ValueError("var is of incorrect size")
    if reduction != "none" and reduction != "mean" and reduction != "sum":
        raise ValueError(reduction + " is not valid")
    if bool(torch.any(var < 0)):
        raise ValueError("var has negative entry/entries")
    var = var.clamp(min=eps)
    loss = 0.5 * (torch.log(var) + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def kl_div(
    input: Tensor,
    target: Tensor,
    size_average: Optional[bool] = None,
    reduce: Optional[bool] = None,
    reduction: str = "mean",
    log_target: bool = False,
) -> Tensor:
    if size_average is not None or reduce is not None:
        reduction_enum = _Reduction.legacy_get_enum(size_average, reduce)
    else:
        if reduction == "mean":
            warnings.warn(
                "reduction: 'mean' divides the total loss by both the batch size and the support size."
                "'batchmean' divides only by the batch size, and aligns with the KL div math definition."
                "'mean' will be changed to behave the same as 'batchmean' in the next major release."
            )
        # batchmean is the sum divided by the batch size, below.
        reduction_enum = _Reduction.get_enum("sum" if reduction == "batchmean" else reduction)
    loss = torch.kl_div(input, target, reduction_enum, log_target=log_target)
    if reduction == "batchmean" and input.dim() != 0:
        loss = loss / input.size()[0]
    return loss


def cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Optional[Tensor] = None,
    size_average: Optional[bool] = None,
    ignore_index: int = -100,
    reduce: Optional[bool] = None,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    reduction_enum = _legacy_or_reduction_enum(size_average, reduce, reduction)
    return torch._C._nn.cross_entropy_loss(input, target, weight, reduction_enum, ignore_index, label_smoothing)


def binary_cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Optional[Tensor] = None,
    size_average: Optional[bool] = None,
    reduce: Optional[bool] = None,
    reduction: str = "mean",
) -> Tensor:
    reduction_enum = _legacy_or_reduction_enum(size_average, reduce, reduction)
    if target.size() != input.size():
        raise ValueError(
            "Using a target size ({}) that is different to the input size ({}) is deprecated. "
            "Please ensure they have the same size.".format(target.size(), input.size())
        )
    if weight is not None:
        # The weight is broadcast to the target's shape.
        weight = torch.broadcast_tensors(target, weight)[1]
    return torch._C._nn.binary_cross_entropy(input, target, weight, reduction_enum)


def binary_cross_entropy_with_logits(
    input: Tensor,
    target: Tensor,
    weight: Optional[Tensor] = None,
    size_average: Optional[bool] = None,
    reduce: Optional[bool] = None,
    reduction: str = "mean",
    pos_weight: Optional[Tensor] = None,
) -> Tensor:
    reduction_enum = _legacy_or_reduction_enum(size_average, reduce, reduction)
    if target.size() != input.size():
        raise ValueError("Target size ({}) must be the same as input size ({})".format(target.size(), input.size()))
    return torch.binary_cross_entropy_with_logits(input, target, weight, pos_weight, reduction_enum)


def smooth_l1_loss(
    input: Tensor,
    target: Tensor,
    size_average: Optional[bool] = None,
    reduce: Optional[bool] = None,
    reduction: str = "mean",
    beta: float = 1.0,
) -> Tensor:
    _warn_if_sizes_differ(input, target)
    reduction_enum = _legacy_or_reduction_enum(size_average, reduce, reduction)
    broadcast_input, broadcast_target = torch.broadcast_tensors(input, target)
    return torch._C._nn.smooth_l1_loss(broadcast_input, broadcast_target, reduction_enum, beta)


def huber_loss(input: Tensor, target: Tensor, reduction: str = "mean", delta: float = 1.0) -> Tensor:
    _warn_if_sizes_differ(input, target)
    broadcast_input, broadcast_target = torch.broadcast_tensors(input, target)
    return torch._C._nn.huber_loss(broadcast_input, broadcast_target, _Reduction.get_enum(reduction), delta)


def l1_loss(
    input: Tensor,
    target: Tensor,
    size_average: Optional[bool] = None,
    reduce: Optional[bool] = None,
    reduction: str = "mean",
) -> Tensor:
    _warn_if_sizes_differ(input, target)
    reduction_enum = _legacy_or_reduction_enum(size_average, reduce, reduction)
    broadcast_input, broadcast_target = torch.broadcast_tensors(input, target)
    return torch._C._nn.l1_loss(broadcast_input, broadcast_target, reduction_enum)


def mse_loss(
    input: Tensor,
    target: Tensor,
    size_average: Optional[bool] = None,
    reduce: Optional[bool] = None,
    reduction: str = "mean",
) -> Tensor:
    _warn_if_sizes_differ(input, target)
    reduction_enum = _legacy_or_reduction_enum(size_average, reduce, reduction)
    broadcast_input, broadcast_target = torch.broadcast_tensors(input, target)
    return torch._C._nn.mse_loss(broadcast_input, broadcast_target, reduction_enum)


def margin_ranking_loss(
    input1: Tensor,
    input2: Tensor,
    target: Tensor,
    margin: float = 0.0,
    size_average: Optional[bool] = None,
    reduce: Optional[bool] = None,
    reduction: str = "mean",
) -> Tensor:
    reduction_enum = _legacy_or_reduction_enum(size_average, reduce, reduction)
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(
            "margin_ranking_loss : All input tensors should have same dimension but got sizes: "
            "input1: {}, input2: {}, target: {} ".format(input1.size(), input2.size(), target.size())
        )
    return torch.margin_ranking_loss(input1, input2, target, margin, reduction_enum)


def hinge_embedding_loss(
    input: Tensor,
    target: Tensor,
    margin: float = 1.0,
    size_average: Optional[bool] = None,
    reduce: Optional[bool] = None,
    reduction: str = "mean",
) -> Tensor:
    reduction_enum = _legacy_or_reduction_enum(size_average, reduce, reduction)
    return torch.hinge_embedding_loss(input, target, margin, reduction_enum)


def soft_margin_loss(
    input: Tensor,
    target: Tensor,
    size_average: Optional[bool] = None,
    reduce: Optional[bool] = None,
    reduction: str = "mean",
) -> Tensor:
    reduction_enum = _legacy_or_reduction_enum(size_average, reduce, reduction)
    return torch._C._nn.soft_margin_loss(input, target, reduction_enum)


def multilabel_soft_margin_loss(
    input: Tensor,
    target: Tensor,
    weight: Optional[Tensor] = None,
    size_average: Optional[bool] = None,
    reduce: Optional[bool] = None,
    reduction: str = "mean",
) -> Tensor:
    if size_average is not None or reduce is not None:
        reduction = _Reduction.legacy_get_string(size_average, reduce)
    # Binary cross entropy with logits of every class, averaged over the classes (the last dim).
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    loss = loss.sum(dim=class_dim) / input.size(class_dim)
    if reduction == "none":
        return loss
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    raise ValueError(reduction + " is not valid")


def cosine_embedding_loss(
    input1: Tensor,
    input2: Tensor,
    target: Tensor,
    margin: float = 0.0,
    size_average: Optional[bool] = None,
    reduce: Optional[bool] = None,
    reduction: str = "mean",
) -> Tensor:
    reduction_enum = _legacy_or_reduction_enum(size_average, reduce, reduction)
    return torch.cosine_embedding_loss(input1, input2, target, margin, reduction_enum)


def triplet_margin_loss(
    anchor: Tensor,
    positive: Tensor,
    negative: Tensor,
    margin: float = 1.0,
    p: float = 2.0,
    eps: float = 1e-6,
    swap: bool = False,
    size_average: Optional[bool] = None,
    reduce: Optional[bool] = None,
    reduction: str = "mean",
) -> Tensor:
    reduction_enum = _legacy_or_reduction_enum(size_average, reduce, reduction)
    return torch.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap, reduction_enum)


def triplet_margin_with_distance_loss(
    anchor: Tensor,
    positive: Tensor,
    negative: Tensor,
    *,
    distance_function: Optional[Callable[[Tensor, Tensor], Tensor]] = None,
    margin: float = 1.0,
    swap: bool = False,
    reduction: str = "mean",
) -> Tensor:
    # TorchScript rejects this signature (keyword-only parameters, a Callable), as PyTorch's does.
    distance = pairwise_distance if distance_function is None else distance_function
    positive_distance = distance(anchor, positive)
    negative_distance = distance(anchor, negative)
    if swap:
        # The harder negative of the two: from the anchor or from the positive.
        negative_distance = torch.min(negative_distance, distance(positive, negative))
    loss = torch.clamp(positive_distance - negative_distance + margin, min=0.0)
    reduction_enum = _Reduction.get_enum(reduction)
    if reduction_enum == 1:
        return loss.mean()
    if reduction_enum == 2:
        return loss.sum()
    return loss


# ---- shuffling, padding, distances --------------------------------------------------------

pixel_shuffle = torch.pixel_shuffle
pixel_unshuffle = torch.pixel_unshuffle
pad = torch._C._nn.pad
pairwise_distance = torch.pairwise_distance
cosine_similarity = torch.cosine_similarity
one_hot = torch._C._nn.one_hot


def normalize(input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12, out: Optional[Tensor] = None) -> Tensor:
    # Each slice along dim divided by its p-norm, kept away from zero by eps.
    norms = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    if out is None:
        return input / norms
    return torch.div(input, norms, out=out)


def assert_int_or_pair(arg: List[int], arg_name: str, message: str) -> None:
    """Deprecated. TorchScript knows it as the builtin aten::_assert_int_or_pair."""
    if not isinstance(arg, int) and len(arg) != 2:
        raise AssertionError(message.format(arg_name))


# ---- multi-head attention -----------------------------------------------------------------


def _in_projection_packed(q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: Optional[Tensor] = None) -> List[Tensor]:
    """The query, key and value projected by one packed weight (the three weights stacked)."""
    E = q.size(-1)
    if k is v:
        if q is k:
            # Self-attention: one projection, split in three.
            return linear(q, w, b).chunk(3, dim=-1)
        # Encoder-decoder attention: the key and value share one projection.
        w_q, w_kv = w.split([E, E * 2])
        b_q: Optional[Tensor] = None
        b_kv: Optional[Tensor] = None
        if b is not None:
            b_q, b_kv = b.split([E, E * 2])
        k_projected, v_projected = linear(k, w_kv, b_kv).chunk(2, dim=-1)
        return [linear(q, w_q, b_q), k_projected, v_projected]
    w_q, w_k, w_v = w.chunk(3)
    b_q: Optional[Tensor] = None
    b_k: Optional[Tensor] = None
    b_v: Optional[Tensor] = None
    if b is not None:
        b_q, b_k, b_v = b.chunk(3)
    return [linear(q, w_q, b_q), linear(k, w_k, b_k), linear(v, w_v, b_v)]


def _in_projection(
    q: Tensor,
    k: Tensor,
    v: Tensor,
    w_q: Tensor,
    w_k: Tensor,
    w_v: Tensor,
    b_q: Optional[Tensor] = None,
    b_k: Optional[Tensor] = None,
    b_v: Optional[Tensor] = None,
) -> Tuple[Tensor, Tensor, Tensor]:
    """The query, key and value projected by weights of their own."""
    Eq, Ek, Ev = q.size(-1), k.size(-1), v.size(-1)
    assert list(w_q.shape) == [Eq, Eq], "expecting query weights shape of {}, but got {}".format((Eq, Eq), w_q.shape)
    assert list(w_k.shape) == [Eq, Ek], "expecting key weights shape of {}, but got {}".format((Eq, Ek), w_k.shape)
    assert list(w_v.shape) == [Eq, Ev], "expecting value weights shape of {}, but got {}".format((Eq, Ev), w_v.shape)
    if b_q is not None:
        assert list(b_q.shape) == [Eq], "expecting query bias shape of {}, but got {}".format((Eq,), b_q.shape)
    if b_k is not None:
        assert list(b_k.shape) == [Eq], "expecting key bias shape of {}, but got {}".format((Eq,), b_k.shape)
    if b_v is not None:
        assert list(b_v.shape) == [Eq], "expecting value bias shape of {}, but got {}".format((Eq,), b_v.shape)
    return linear(q, w_q, b_q), linear(k, w_k, b_k), linear(v, w_v, b_v)


def _mha_shape_check(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    key_padding_mask: Optional[Tensor],
    attn_mask: Optional[Tensor],
    num_heads: int,
):
    """Whether the inputs are a batch (a 3-D query) or one sequence (2-D), once the other shapes
    are checked to agree."""
    if query.dim() == 3:
        assert key.dim() == 3 and value.dim() == 3, (
            "For batched (3-D) `query`, expected `key` and `value` to be 3-D but found {}-D and {}-D tensors "
            "respectively".format(key.dim(), value.dim())
        )
        if key_padding_mask is not None:
            assert key_padding_mask.dim() == 2, (
                "For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but found {}-D "
                "tensor instead".format(key_padding_mask.dim())
            )
        if attn_mask is not None:
            assert attn_mask.dim() == 2 or attn_mask.dim() == 3, (
                "For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found {}-D "
                "tensor instead".format(attn_mask.dim())
            )
        return True
    if query.dim() == 2:
        assert key.dim() == 2 and value.dim() == 2, (
            "For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found {}-D and {}-D tensors "
            "respectively".format(key.dim(), value.dim())
        )
        if key_padding_mask is not None:
            assert key_padding_mask.dim() == 1, (
                "For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D but found {}-D "
                "tensor instead".format(key_padding_mask.dim())
            )
        if attn_mask is not None:
            assert attn_mask.dim() == 2 or attn_mask.dim() == 3, (
                "For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but found {}-D "
                "tensor instead".format(attn_mask.dim())
            )
            if attn_mask.dim() == 3:
                expected_shape = (num_heads, query.shape[0], key.shape[0])
                assert list(attn_mask.shape) == [num_heads, query.shape[0], key.shape[0]], (
                    "Expected `attn_mask` shape to be {} but got {}".format(expected_shape, attn_mask.shape)
                )
        return False
    raise AssertionError(
        "query should be unbatched 2D or batched 3D tensor but received {}-D query tensor".format(query.dim())
    )


def _mha_float_mask(attn_mask: Tensor, tgt_len: int, src_len: int, batch_heads: int) -> Tensor:
    """The attention mask checked against the attention's shape, 3-D (one per batch and head or
    one for all), uint8 masks as bool ones."""
    if attn_mask.dtype == torch.uint8:
        warnings.warn("Byte tensor for attn_mask in nn.MultiheadAttention is deprecated. Use bool tensor instead.")
        attn_mask = attn_mask.to(torch.bool)
    else:
        assert attn_mask.is_floating_point() or attn_mask.dtype == torch.bool, (
            "Only float, byte, and bool types are supported for attn_mask, not {}".format(attn_mask.dtype)
        )
    if attn_mask.dim() == 2:
        if list(attn_mask.shape) != [tgt_len, src_len]:
            raise RuntimeError(
                "The shape of the 2D attn_mask is {}, but should be {}.".format(attn_mask.shape, (tgt_len, src_len))
            )
        return attn_mask.unsqueeze(0)
    if attn_mask.dim() == 3:
        if list(attn_mask.shape) != [batch_heads, tgt_len, src_len]:
            raise RuntimeError(
                "The shape of the 3D attn_mask is {}, but should be {}.".format(
                    attn_mask.shape, (batch_heads, tgt_len, src_len)
                )
            )
        return attn_mask
    raise RuntimeError("attn_mask's dimension {} is not supported".format(attn_mask.dim()))


def _mha_split_heads(projected: Tensor, static: Optional[Tensor], batch_heads: int, head_dim: int, name: str) -> Tensor:
    """(length, batch, embed) as (batch * heads, length, head_dim), or the static one given."""
    if static is None:
        return projected.contiguous().view(projected.shape[0], batch_heads, head_dim).transpose(0, 1)
    assert static.size(0) == batch_heads, "expecting {}.size(0) of {}, but got {}".format(
        name, batch_heads, static.size(0)
    )
    assert static.size(2) == head_dim, "expecting {}.size(2) of {}, but got {}".format(name, head_dim, static.size(2))
    return static


def multi_head_attention_forward(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    embed_dim_to_check: int,
    num_heads: int,
    in_proj_weight: Optional[Tensor],
    in_proj_bias: Optional[Tensor],
    bias_k: Optional[Tensor],
    bias_v: Optional[Tensor],
    add_zero_attn: bool,
    dropout_p: float,
    out_proj_weight: Tensor,
    out_proj_bias: Optional[Tensor],
    training: bool = True,
    key_padding_mask: Optional[Tensor] = None,
    need_weights: bool = True,
    attn_mask: Optional[Tensor] = None,
    use_separate_proj_weight: bool = False,
    q_proj_weight: Optional[Tensor] = None,
    k_proj_weight: Optional[Tensor] = None,
    v_proj_weight: Optional[Tensor] = None,
    static_k: Optional[Tensor] = None,
    static_v: Optional[Tensor] = None,
    average_attn_weights: bool = True,
) -> Tuple[Tensor, Optional[Tensor]]:
    is_batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    if not is_batched:
        # One sequence is a batch of one; the batch is dimension 1.
        query = query.unsqueeze(1)
        key = key.unsqueeze(1)
        value = value.unsqueeze(1)
        if key_padding_mask is not None:
            key_padding_mask = key_padding_mask.unsqueeze(0)
    tgt_len, bsz, embed_dim = query.shape
    src_len, _, _ = key.shape
    if key_padding_mask is not None:
        if key_padding_mask.dtype != torch.bool and not torch.is_floating_point(key_padding_mask):
            raise AssertionError("only bool and floating types of key_padding_mask are supported")
    assert embed_dim == embed_dim_to_check, "was expecting embedding dimension of {}, but got {}".format(
        embed_dim_to_check, embed_dim
    )
    head_dim = embed_dim // num_heads
    assert head_dim * num_heads == embed_dim, "embed_dim {} not divisible by num_heads {}".format(embed_dim, num_heads)
    if use_separate_proj_weight:
        assert key.shape[:2] == value.shape[:2], "key's sequence and batch dims {} do not match value's {}".format(
            key.shape[:2], value.shape[:2]
        )
    else:
        assert key.shape == value.shape, "key shape {} does not match value shape {}".format(key.shape, value.shape)

    # The projections of query, key and value.
    if not use_separate_proj_weight:
        assert in_proj_weight is not None, "use_separate_proj_weight is False but in_proj_weight is None"
        q, k, v = _in_projection_packed(query, key, value, in_proj_weight, in_proj_bias)
    else:
        assert q_proj_weight is not None, "use_separate_proj_weight is True but q_proj_weight is None"
        assert k_proj_weight is not None, "use_separate_proj_weight is True but k_proj_weight is None"
        assert v_proj_weight is not None, "use_separate_proj_weight is True but v_proj_weight is None"
        b_q: Optional[Tensor] = None
        b_k: Optional[Tensor] = None
        b_v: Optional[Tensor] = None
        if in_proj_bias is not None:
            b_q, b_k, b_v = in_proj_bias.chunk(3)
        q, k, v = _in_projection(query, key, value, q_proj_weight, k_proj_weight, v_proj_weight, b_q, b_k, b_v)

    batch_heads = bsz * num_heads
    if attn_mask is not None:
        attn_mask = _mha_float_mask(attn_mask, tgt_len, src_len, batch_heads)

    # A learned bias key and value appended to the sequence (the masks grow a column for them).
    if bias_k is not None and bias_v is not None:
        assert static_k is None, "bias cannot be added to static key."
        assert static_v is None, "bias cannot be added to static value."
        k = torch.cat([k, bias_k.repeat(1, bsz, 1)])
        v = torch.cat([v, bias_v.repeat(1, bsz, 1)])
        if attn_mask is not None:
            attn_mask = pad(attn_mask, [0, 1])
        if key_padding_mask is not None:
            key_padding_mask = pad(key_padding_mask, [0, 1])
    else:
        assert bias_k is None
        assert bias_v is None

    q = q.contiguous().view(tgt_len, batch_heads, head_dim).transpose(0, 1)
    k = _mha_split_heads(k, static_k, batch_heads, head_dim, "static_k")
    v = _mha_split_heads(v, static_v, batch_heads, head_dim, "static_v")

    # A zero key and value appended to the sequence.
    if add_zero_attn:
        k = torch.cat([k, torch.zeros([batch_heads, 1, head_dim], dtype=k.dtype, device=k.device)], dim=1)
        v = torch.cat([v, torch.zeros([batch_heads, 1, head_dim], dtype=v.dtype, device=v.device)], dim=1)
        if attn_mask is not None:
            attn_mask = pad(attn_mask, [0, 1])
        if key_padding_mask is not None:
            key_padding_mask = pad(key_padding_mask, [0, 1])
    src_len = k.size(1)

    # The key padding mask joins the attention mask, one per batch and head.
    if key_padding_mask is not None:
        assert list(key_padding_mask.shape) == [bsz, src_len], "expecting key_padding_mask shape of {}, but got {}".format(
            (bsz, src_len), key_padding_mask.shape
        )
        key_padding_mask = (
            key_padding_mask.view(bsz, 1, 1, src_len).expand(-1, num_heads, -1, -1).reshape(batch_heads, 1, src_len)
        )
        if attn_mask is None:
            attn_mask = key_padding_mask
        elif attn_mask.dtype == torch.bool:
            attn_mask = attn_mask.logical_or(key_padding_mask)
        else:
            attn_mask = attn_mask.masked_fill(key_padding_mask, float("-inf"))
    # A bool mask becomes an additive one: -inf where attention is not allowed.
    if attn_mask is not None and attn_mask.dtype == torch.bool:
        additive = torch.zeros_like(attn_mask, dtype=q.dtype)
        additive.masked_fill_(attn_mask, float("-inf"))
        attn_mask = additive

    if not training:
        dropout_p = 0.0
    # Scaled dot-product attention.
    q_scaled = q / math.sqrt(q.size(2))
    if attn_mask is not None:
        weights = torch.baddbmm(attn_mask, q_scaled, k.transpose(-2, -1))
    else:
        weights = torch.bmm(q_scaled, k.transpose(-2, -1))
    weights = softmax(weights, dim=-1)
    if dropout_p > 0.0:
        weights = dropout(weights, p=dropout_p)
    attn_output = torch.bmm(weights, v)
    attn_output = attn_output.transpose(0, 1).contiguous().view(tgt_len * bsz, embed_dim)
    attn_output = linear(attn_output, out_proj_weight, out_proj_bias)
    attn_output = attn_output.view(tgt_len, bsz, attn_output.size(1))
    if not is_batched:
        attn_output = attn_output.squeeze(1)
    if not need_weights:
        return attn_output, None
    weights = weights.view(bsz, num_heads, tgt_len, src_len)
    if average_attn_weights:
        weights = weights.sum(dim=1) / num_heads
    if not is_batched:
        weights = weights.squeeze(0)
    return attn_output, weights


# ---- resampling ---------------------------------------------------------------------------


@_overload
def upsample(  # noqa: F811
    input: Tensor,
    size: Optional[int] = None,
    scale_factor: Optional[float] = None,
    mode: str = "nearest",
    align_corners: Optional[bool] = None,
) -> Tensor:
    pass


@_overload
def upsample(  # noqa: F811
    input: Tensor,
    size: Optional[List[int]] = None,
    scale_factor: Optional[float] = None,
    mode: str = "nearest",
    align_corners: Optional[bool] = None,
) -> Tensor:
    pass


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):  # noqa: F811
    warnings.warn("nn.functional.upsample is deprecated. Use nn.functional.interpolate instead.")
    return interpolate(input, size, scale_factor, mode, align_corners)


@_overload
def interpolate(  # noqa: F811
    input: Tensor,
    size: Optional[int] = None,
    scale_factor: Optional[List[float]] = None,
    mode: str = "nearest",
    align_corners: Optional[bool] = None,
    recompute_scale_factor: Optional[bool] = None,
    antialias: bool = False,
) -> Tensor:
    pass


@_overload
def interpolate(  # noqa: F811
    input: Tensor,
    size: Optional[List[int]] = None,
    scale_factor: Optional[List[float]] = None,
    mode: str = "nearest",
    align_corners: Optional[bool] = None,
    recompute_scale_factor: Optional[bool] = None,
    antialias: bool = False,
) -> Tensor:
    pass


@_overload
def interpolate(  # noqa: F811
    input: Tensor,
    size: Optional[int] = None,
    scale_factor: Optional[float] = None,
    mode: str = "nearest",
    align_corners: Optional[bool] = None,
    recompute_scale_factor: Optional[bool] = None,
    antialias: bool = False,
) -> Tensor:
    pass


@_overload
def interpolate(  # noqa: F811
    input: Tensor,
    size: Optional[List[int]] = None,
    scale_factor: Optional[float] = None,
    mode: str = "nearest",
    align_corners: Optional[bool] = None,
    recompute_scale_factor: Optional[bool] = None,
    antialias: bool = False,
) -> Tensor:
    pass


def interpolate(  # noqa: F811
    input: Tensor,
    size: Optional[int] = None,
    scale_factor: Optional[List[float]] = None,
    mode: str = "nearest",
    align_corners: Optional[bool] = None,
    recompute_scale_factor: Optional[bool] = None,
    antialias: bool = False,
) -> Tensor:
    if mode == "nearest" or mode == "area" or mode == "nearest-exact":
        if align_corners is not None:
            raise ValueError(
                "align_corners option can only be set with the interpolating modes: "
                "linear | bilinear | bicubic | trilinear"
            )
    elif align_corners is None:
        align_corners = False

    # The output size, or the scale factors the operator computes it from: one per spatial dim.
    spatial_dims = input.dim() - 2
    output_size: Optional[List[int]] = None
    scale_factors: Optional[List[float]] = None
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    elif size is not None:
        # One size for every spatial dimension, or a sequence of them (the overloads tell apart).
        if isinstance(size, int):
            output_size = [size] * spatial_dims
        else:
            if len(size) != spatial_dims:
                raise ValueError(
                    "Input and output must have the same number of spatial dimensions, but got input with "
                    "spatial dimensions of {} and output size of {}. Please provide input tensor in "
                    "(N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.".format(
                        list(input.shape[2:]), size
                    )
                )
            output_size = size
    elif scale_factor is not None:
        if isinstance(scale_factor, (int, float)):
            scale_factors = [float(scale_factor)] * spatial_dims
        else:
            if len(scale_factor) != spatial_dims:
                raise ValueError(
                    "Input and scale_factor must have the same number of spatial dimensions, but got input "
                    "with spatial dimensions of {} and scale_factor of shape {}. Please provide input tensor "
                    "in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.".format(
                        list(input.shape[2:]), scale_factor
                    )
                )
            scale_factors = scale_factor
    else:
        raise ValueError("either size or scale_factor should be defined")

    if recompute_scale_factor is not None and recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == "area" and output_size is None:
        recompute_scale_factor = True
    if recompute_scale_factor is not None and recompute_scale_factor:
        # The output size is computed here and the operator is not given the scale factors.
        assert scale_factors is not None
        computed: List[int] = []
        for i in range(spatial_dims):
            computed.append(int(math.floor(float(input.size(i + 2)) * scale_factors[i])))
        output_size = computed
        scale_factors = None

    if antialias and not ((mode == "bilinear" or mode == "bicubic") and input.dim() == 4):
        raise ValueError("Anti-alias option is only supported for bilinear and bicubic modes")
    return _resample(input, output_size, scale_factors, mode, align_corners, antialias)


def _resample(
    input: Tensor,
    output_size: Optional[List[int]],
    scale_factors: Optional[List[float]],
    mode: str,
    align_corners: Optional[bool],
    antialias: bool,
) -> Tensor:
    """interpolate's operator for the input's rank and the mode."""
    dims = input.dim()
    if dims == 3 and mode == "nearest":
        return torch._C._nn.upsample_nearest1d(input, output_size, scale_factors)
    if dims == 4 and mode == "nearest":
        return torch._C._nn.upsample_nearest2d(input, output_size, scale_factors)
    if dims == 3 and mode == "nearest-exact":
        return torch._C._nn._upsample_nearest_exact1d(input, output_size, scale_factors)
    if dims == 4 and mode == "nearest-exact":
        return torch._C._nn._upsample_nearest_exact2d(input, output_size, scale_factors)
    if dims == 3 and mode == "area":
        assert output_size is not None
        return adaptive_avg_pool1d(input, output_size)
    if dims == 4 and mode == "area":
        assert output_size is not None
        return adaptive_avg_pool2d(input, output_size)
    if dims == 3 and mode == "linear":
        assert align_corners is not None
        return torch._C._nn.upsample_linear1d(input, output_size, align_corners, scale_factors)
    if dims == 4 and mode == "bilinear" and not antialias:
        assert align_corners is not None
        return torch._C._nn.upsample_bilinear2d(input, output_size, align_corners, scale_factors)
    # What PyTorch has operators for and the runtime does not yet (4D bilinear here is antialiased).
    resampled_in_4d = mode == "bicubic" or mode == "bilinear"
    resampled_in_5d = mode == "nearest" or mode == "nearest-exact" or mode == "area" or mode == "trilinear"
    if (dims == 4 and resampled_in_4d) or (dims == 5 and resampled_in_5d):
        raise NotImplementedError(
            "interpolate: mode '{}'{} on {}D input is not supported yet".format(
                mode, " with antialias" if antialias else "", dims
            )
        )
    if dims == 3 and mode == "bilinear":
        raise NotImplementedError("Got 3D input, but bilinear mode needs 4D input")
    if dims == 3 and mode == "trilinear":
        raise NotImplementedError("Got 3D input, but trilinear mode needs 5D input")
    if dims == 4 and mode == "linear":
        raise NotImplementedError("Got 4D input, but linear mode needs 3D input")
    if dims == 4 and mode == "trilinear":
        raise NotImplementedError("Got 4D input, but trilinear mode needs 5D input")
    if dims == 5 and mode == "linear":
        raise NotImplementedError("Got 5D input, but linear mode needs 3D input")
    if dims == 5 and mode == "bilinear":
        raise NotImplementedError("Got 5D input, but bilinear mode needs 4D input")
    raise NotImplementedError(
        "Input Error: Only 3D, 4D and 5D input Tensors supported (got {}D) for the modes: "
        "nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got {})".format(dims, mode)
    )


@_overload
def upsample_nearest(input: Tensor, size: Optional[int] = None, scale_factor: Optional[float] = None) -> Tensor:  # noqa: F811
    pass


@_overload
def upsample_nearest(  # noqa: F811
    input: Tensor, size: Optional[List[int]] = None, scale_factor: Optional[float] = None
) -> Tensor:
    pass


def upsample_nearest(input, size=None, scale_factor=None):  # noqa: F811
    warnings.warn("nn.functional.upsample_nearest is deprecated. Use nn.functional.interpolate instead.")
    return interpolate(input, size, scale_factor, mode="nearest")


@_overload
def upsample_bilinear(  # noqa: F811
    input: Tensor, size: Optional[int] = None, scale_factor: Optional[float] = None
) -> Tensor:
    pass


@_overload
def upsample_bilinear(  # noqa: F811
    input: Tensor, size: Optional[List[int]] = None, scale_factor: Optional[float] = None
) -> Tensor:
    pass


@_overload
def upsample_bilinear(  # noqa: F811
    input: Tensor, size: Optional[int] = None, scale_factor: Optional[List[float]] = None
) -> Tensor:
    pass


@_overload
def upsample_bilinear(  # noqa: F811
    input: Tensor, size: Optional[List[int]] = None, scale_factor: Optional[List[float]] = None
) -> Tensor:
    pass


def upsample_bilinear(input, size=None, scale_factor=None):  # noqa: F811
    warnings.warn("nn.functional.upsample_bilinear is deprecated. Use nn.functional.interpolate instead.")
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)

"""Our torch: PyTorch 1.13.1's Python API over the TypeScript runtime.

A thin facade: tensors, operators, dtypes, printing and random numbers live in TypeScript
(runtime/), reached through torch._C, the one module that talks to JavaScript. What is Python
here is what Python semantics demand: the classes users hold (Tensor, dtype, device, Size,
Generator), operator protocols, and the functions generated from PyTorch's own name lists.
"""

__version__ = "1.13.1"

from torch import _C
from torch._dtypes import ATTRIBUTES as _DTYPE_ATTRIBUTES
from torch._dtypes import UNSUPPORTED as _UNSUPPORTED_DTYPES
from torch._dtypes import dtype
from torch._device import device
from torch._size import Size
from torch._tensor import Tensor

# The generated torch.<operator> functions first, so the hand-written ones below replace them.
from torch._torch_functions import *  # noqa: F401,F403
from torch._factories import (
    get_default_dtype,
    is_tensor,
    set_default_dtype,
    set_printoptions,
    tensor,
)
from torch._generator import (
    Generator,
    default_generator,
    get_rng_state,
    initial_seed,
    manual_seed,
    seed,
    set_rng_state,
)
from torch.functional import (
    block_diag,
    broadcast_tensors,
    cartesian_prod,
    einsum,
    meshgrid,
    unique,
    unique_consecutive,
)
from torch.autograd.grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    no_grad,
    set_grad_enabled,
)
from torch import autograd, backends, cuda, return_types
from torch._C import _nn  # noqa: F401  (torch._C._nn)

globals().update(_DTYPE_ATTRIBUTES)

# ---------------------------------------------------------------------------------------------
# Subpackages written apart from this core: torch.jit, torch.nn (with torch.nn.functional) and
# torch._jit_internal. Their imports go here, after everything above that they build on:
#
#     from torch import jit, nn
# ---------------------------------------------------------------------------------------------
from torch import nn  # noqa: E402
from torch import optim  # noqa: E402

from torch import jit  # noqa: E402
from torch import testing  # noqa: E402

ScriptMethod = jit.ScriptMethod


def __getattr__(name):
    if name in _UNSUPPORTED_DTYPES:
        raise AttributeError(
            f"module 'torch' has no attribute '{name}': torch.{name} is not supported yet"
        )
    raise AttributeError(f"module 'torch' has no attribute '{name}'")

"""torch.jit.freeze, run_frozen_optimizations and optimize_for_inference, as PyTorch 1.13's
torch/jit/_freeze.py, over the TypeScript passes (runtime/jit/freeze.ts): freezing clones the
module, inlines its methods and makes constants of the attributes nothing changes; the
frozen-graph passes then drop dropouts and fold convolutions with what follows them.

The module classes need torch.nn, which imports after torch.jit: they are imported on use.
"""

from typing import List, Optional

import _torch_jit_bridge as _js
from pyodide.ffi import JsException, to_js

from torch._C import _python_error

__tracebackhide__ = True


def _bridge(function, *args):
    try:
        return function(*args)
    except JsException as error:
        raise _python_error(error) from None


def freeze(mod, preserved_attrs: Optional[List[str]] = None, optimize_numerics: bool = True):
    """A frozen copy of a scripted module in eval mode: attributes nothing writes to become
    constants of its graphs, whose calls are inlined; `preserved_attrs` (attributes and methods,
    `sub.attr` for a submodule's) stay, with forward."""
    from torch.jit._script_module import RecursiveScriptModule, ScriptModule

    if not isinstance(mod, ScriptModule):
        raise RuntimeError(
            "Freezing expects a ScriptModule as input. "
            "Please use torch.jit.script or torch.jit.trace to script your 'nn.Module'."
        )
    if mod.training:
        raise RuntimeError(
            "Freezing is currently only implemented for modules in eval mode. "
            "Please call .eval() on your module before freezing."
        )
    preserved_attrs = preserved_attrs if preserved_attrs is not None else []
    handle = _bridge(_js.freezeModule, mod._c, to_js(list(preserved_attrs)))
    out = _frozen_module(RecursiveScriptModule._from_handle(handle))
    preserved_methods = [x for x in preserved_attrs if mod._c.hasMethod(x)]
    run_frozen_optimizations(out, optimize_numerics, preserved_methods)
    return out


def _frozen_module(module):
    """The wrapper as PyTorch makes it for a frozen module: the submodules freezing kept are
    reachable as attributes, but not children (repr, named_children), since PyTorch wraps the
    frozen module without constructing its submodules' wrappers."""
    for name, submodule in list(module._modules.items()):
        del module._modules[name]
        module.__dict__[name] = submodule
    return module


def run_frozen_optimizations(
    mod, optimize_numerics: bool = True, preserved_methods: Optional[List[str]] = None
):
    """Drops dropouts that do nothing and, with `optimize_numerics`, folds convolutions with the
    batch norms, additions, subtractions, multiplications and divisions after them."""
    if mod._c.hasMethod("forward"):
        _bridge(_js.optimizeFrozenGraph, mod._c, "forward", optimize_numerics)
    for method in preserved_methods or []:
        _bridge(_js.optimizeFrozenGraph, mod._c, method, optimize_numerics)


def optimize_for_inference(mod, other_methods: Optional[List[str]] = None):
    """Freezes the module (in eval mode) unless it is frozen, then rewrites its graphs for
    inference on this build: linear layers become a matmul with their weight transposed once
    (there is no MKLDNN nor cuDNN here: torch.backends.mkldnn.is_available() is False)."""
    from torch.jit._script_module import ScriptModule

    if not isinstance(mod, ScriptModule):
        raise RuntimeError(
            "optimize_for_inference expects a ScriptModule as input. "
            "Please use torch.jit.script or torch.jit.trace to script your 'nn.Module'."
        )
    if other_methods is None:
        other_methods = []
    if hasattr(mod, "training"):
        mod = freeze(mod.eval(), preserved_attrs=other_methods)
    _bridge(_js.optimizeForInference, mod._c, to_js(list(other_methods)))
    return mod


__all__ = ["freeze", "optimize_for_inference", "run_frozen_optimizations"]

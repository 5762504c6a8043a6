"""torch.jit: scripting, the TorchScript markers and forks, over our TypeScript compiler."""

import collections
import typing

from torch._C import _jit as _C_jit, register_encoder, set_script_object_wrapper

from torch._C import JITException as Error
from torch.jit._fork import Future, fork, wait
from torch.jit._freeze import freeze, optimize_for_inference, run_frozen_optimizations
from torch.jit._modifiers import export, ignore, script_method, unused
from torch.jit._script import ScriptFunction, script
from torch.jit._serialization import load, save

__all__ = [
    "Attribute",
    "Error",
    "Final",
    "Future",
    "ScriptFunction",
    "annotate",
    "export",
    "fork",
    "freeze",
    "ignore",
    "is_scripting",
    "isinstance",
    "load",
    "optimize_for_inference",
    "run_frozen_optimizations",
    "save",
    "script_method",
    "script",
    "trace",
    "trace_module",
    "is_tracing",
    "TracerWarning",
    "unused",
    "wait",
]

Final = typing.Final

set_script_object_wrapper(_C_jit.ScriptObject)
register_encoder(_C_jit.ScriptObject, lambda e, v: e.leaf("O", v._js))


def annotate(the_type, the_value):
    """In Python the value itself; inside TorchScript, the value typed as `the_type`."""
    return the_value


def is_scripting():
    """False in Python; True inside compiled code."""
    return False


def isinstance(obj, target_type):  # noqa: A001  (PyTorch's name)
    import builtins

    return builtins.isinstance(obj, target_type)


def _unwrap_optional(x):
    assert x is not None, "Unwrapping null optional"
    return x


Attribute = collections.namedtuple("Attribute", ["value", "type"])
Attribute.__doc__ = """A module attribute's value with its TorchScript type: scripting unwraps it
(a ScriptModule subclass as it is assigned); in eager Python it stays this pair, as in PyTorch."""


def __getattr__(name):
    # The module classes need torch.nn, which imports after torch.jit.
    if name in ("ScriptModule", "RecursiveScriptModule", "ScriptMethod"):
        from torch.jit import _script_module

        return getattr(_script_module, name)
    # Tracing makes modules too, so it also waits for torch.nn.
    if name in ("trace", "trace_module", "is_tracing", "TracerWarning", "TracedModule",
                "TopLevelTracedModule"):
        from torch.jit import _trace

        return getattr(_trace, name)
    raise AttributeError(f"module 'torch.jit' has no attribute '{name}'")

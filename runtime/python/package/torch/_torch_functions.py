"""The torch.* functions generated from python_api.json: each name PyTorch's torch module has as
an aten operator calls that operator through the runtime's registry; a name our registry lacks
raises NotImplementedError "torch.<name> is not supported yet". torch/__init__.py imports them
all, then the functions written by hand replace the few that are more than an operator call.
"""

from torch import _C

# Frames of the generated functions are plumbing: tracebacks shown to cells leave them out.
__tracebackhide__ = True


def _function(name, prefix):
    qualified = "aten::" + name
    call_function = _C.call_function

    def function(*args, **kwargs):
        return call_function(qualified, name, args, kwargs)

    function.__name__ = function.__qualname__ = name
    function.__module__ = prefix
    return function


def _unsupported(name, prefix):
    def function(*args, **kwargs):
        raise NotImplementedError(f"{prefix}.{name} is not supported yet")

    function.__name__ = function.__qualname__ = name
    function.__module__ = prefix
    return function


def generate(names, prefix):
    """{name: function} for the names of one namespace of PyTorch (prefix: "torch")."""
    available = _C.operator_names()
    return {
        name: _function(name, prefix) if name in available else _unsupported(name, prefix)
        for name in names
    }


_generated = generate(_C.python_api["torch_functions"], "torch")
globals().update(_generated)
__all__ = sorted(_generated)

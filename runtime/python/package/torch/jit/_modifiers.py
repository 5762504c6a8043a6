"""The decorators that tell the compiler how to treat a module's methods: @torch.jit.export
(compile it with forward), @torch.jit.script_method (compile it, in a torch.jit.ScriptModule
subclass, the older API), @torch.jit.ignore (leave it in Python, called from compiled code;
with drop=True, raise if reached), @torch.jit.unused (raise if reached)."""

__tracebackhide__ = True

EXPORT = "export"
SCRIPT_METHOD = "script_method"
IGNORE = "ignore"
UNUSED = "unused"


def modifier(function):
    """The mark a decorator left on `function`, or None."""
    return getattr(function, "_torchscript_modifier", None)


def export(function):
    function._torchscript_modifier = EXPORT
    return function


def script_method(function):
    function._torchscript_modifier = SCRIPT_METHOD
    return function


def unused(function):
    if isinstance(function, property):
        unused(function.fget)
        return function
    function._torchscript_modifier = UNUSED
    return function


def ignore(drop=False, **kwargs):
    """@torch.jit.ignore or @torch.jit.ignore(drop=True)."""
    if callable(drop):
        drop._torchscript_modifier = IGNORE
        return drop
    if "drop_on_export" in kwargs:
        drop = kwargs.pop("drop_on_export")
    if kwargs:
        raise TypeError(f"ignore() got unexpected keyword arguments {sorted(kwargs)}")

    def decorator(function):
        function._torchscript_modifier = UNUSED if drop else IGNORE
        return function

    return decorator

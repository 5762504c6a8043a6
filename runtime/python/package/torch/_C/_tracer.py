"""The tracer's half of torch._C: the trace that runs now, and what only Python can tell it.

torch.jit.trace (torch/jit/_trace.py) begins a trace through the JS module `_torch_jit_bridge`
(runtime/jit/trace_bridge.ts), which records every operator Python calls. The recorder asks
back here for what PyTorch's C++ tracer gets from the interpreter: the name a variable of the
innermost user frame gives a tensor (traced values are named after them), where that frame is
(nodes are located at its line), how to warn there (TracerWarning), and whether gradients are
on (traced types say which results require grad).

"User frames" are those not of the torch package's plumbing: the modules that play the part of
PyTorch's C++ are skipped, as C++ frames are not Python frames.
"""

import sys
import warnings

import _torch_jit_bridge as _js
from pyodide.ffi import JsException, create_proxy

from torch._C import _decode, _python_error, encode_call

__tracebackhide__ = True

_state = None


def _get_tracing_state():
    """torch._C._get_tracing_state(): the running trace, or None."""
    return _state


def _is_tracing():
    return _state is not None


# ---- the innermost user frame ----


# Frames of the modules of our torch that stand for PyTorch's C++ (tensor methods, operators,
# the argument parser) are not Python frames for the tracer: it names values after the variables
# of the innermost frame that is, and locates nodes at its line.
_NATIVE_MODULES = frozenset(
    {
        "torch._C",
        "torch._C._jit",
        "torch._C._nn",
        "torch._C._tracer",
        "torch._tensor",
        "torch._torch_functions",
        "torch._factories",
        "torch._size",
    }
)

# Single functions of other modules that are C++ in PyTorch: calls of compiled code.
_NATIVE_FUNCTIONS = frozenset(
    {
        ("torch.jit._script", "ScriptFunction.__call__"),
        ("torch.jit._script_module", "ScriptMethod.__call__"),
        ("torch.jit._script_module", "RecursiveScriptModule.__call__"),
    }
)

# The tensor methods PyTorch writes in Python (its torch/_tensor.py): operators they call are
# located there. Ours are the functions of these names; the reflected operators are lambdas.
_PYTHON_TENSOR_FUNCTIONS = frozenset(
    {
        "Tensor.__len__",
        "Tensor.__iter__",
        "Tensor.__reversed__",
        "Tensor.__contains__",
        "Tensor.__format__",
        "Tensor.<lambda>",
        "_swapped.<locals>.<lambda>",
    }
)
# Binary operators PyTorch wraps in Python (__pow__, __floordiv__, __rsub__), by operator name.
_PYTHON_BINARY_OPERATORS = frozenset({"pow", "pow_", "floor_divide", "rsub"})


def _is_native(frame):
    module = frame.f_globals.get("__name__")
    qualname = frame.f_code.co_qualname
    if module == "torch._tensor":
        if qualname in _PYTHON_TENSOR_FUNCTIONS:
            return False
        if qualname in ("_binary.<locals>.operator", "_inplace.<locals>.operator"):
            return frame.f_locals.get("name") not in _PYTHON_BINARY_OPERATORS
    return module in _NATIVE_MODULES or (module, qualname) in _NATIVE_FUNCTIONS


def _user_frame():
    frame = sys._getframe(1)
    while frame is not None and _is_native(frame):
        frame = frame.f_back
    return frame


def _variable_name(js_tensor):
    """The name of the innermost user frame's local holding the tensor ('' for `self`)."""
    from torch._tensor import Tensor

    frame = _user_frame()
    if frame is None:
        return ""
    for name, value in frame.f_locals.items():
        if isinstance(value, Tensor) and value._js == js_tensor:
            return "" if name == "self" else name
    return ""


def _location():
    """The innermost user frame's file and line, and the user stack as PyTorch's tracer
    writes it (`file(line): function` per frame, innermost first)."""
    frame = _user_frame()
    if frame is None:
        return None
    first = frame
    lines = []
    while frame is not None:
        if not _is_native(frame):
            code = frame.f_code
            lines.append(f"{code.co_filename}({frame.f_lineno}): {code.co_name}\n")
        frame = frame.f_back
    return [first.f_code.co_filename, first.f_lineno, "".join(lines)]


def warn(message):
    """A TracerWarning at the innermost user frame: filtered as warnings from that module are
    (PyTorch ignores its library's own TracerWarnings, torch.jit's excepted)."""
    from torch.jit._trace import TracerWarning

    frame = _user_frame()
    if frame is None:
        warnings.warn(message, TracerWarning)
        return
    module_globals = frame.f_globals
    warnings.warn_explicit(
        message,
        TracerWarning,
        frame.f_code.co_filename,
        frame.f_lineno,
        module=module_globals.get("__name__", "<unknown>"),
        registry=module_globals.setdefault("__warningregistry__", {}),
    )


_PYTHON_DATAFLOW = (
    " might cause the trace to be incorrect. We can't record the data flow of Python values, so "
    "this value will be treated as a constant in the future. This means that the trace might "
    "not generalize to other inputs!"
)


def warn_caller(message):
    """A TracerWarning at the caller of a tensor method PyTorch writes in Python (len, iter)."""
    if _state is not None:
        from torch.jit._trace import TracerWarning

        warnings.warn(message, TracerWarning, stacklevel=3)


def warn_python_dataflow(what):
    """A tensor became a Python value (`what`: "Python boolean", ...) while tracing."""
    if _state is not None:
        warn(f"Converting a tensor to a {what}{_PYTHON_DATAFLOW}")


def _grad_enabled():
    from torch.autograd import grad_mode

    return grad_mode.is_grad_enabled()


_HOST = None


def _host():
    global _HOST
    if _HOST is None:
        from pyodide.ffi import to_js
        import js

        _HOST = to_js(
            {
                "variableName": create_proxy(_variable_name),
                "location": create_proxy(_location),
                "warn": create_proxy(warn),
                "gradEnabled": create_proxy(_grad_enabled),
            },
            dict_converter=js.Object.fromEntries,
            create_pyproxies=False,
        )
    return _HOST


def _call(function, *args):
    try:
        return function(*args)
    except JsException as error:
        raise _python_error(error) from None


class TracingState:
    """The trace that runs now, as torch._C._get_tracing_state() returns it."""

    __slots__ = ("_js",)

    def __init__(self, strict, module_handle):
        self._js = _call(_js.beginTrace, _host(), strict, module_handle)

    def push_scope(self, name):
        self._js.enterModule(name)

    def pop_scope(self):
        self._js.exitModule()

    def add_inputs(self, inputs, names):
        from pyodide.ffi import to_js

        encoder = encode_call((tuple(inputs),), None)
        _call(self._js.addInputs, to_js(list(names)), encoder.text(), *encoder.values)

    def set_outputs(self, result):
        encoder = encode_call((result,), None)
        _call(self._js.setOutputs, encoder.text(), *encoder.values)

    def finish_function(self, qualified_name):
        return _call(self._js.finishFunction, qualified_name)

    def finish_method(self, name):
        _call(self._js.finishMethod, name)

    def abandon(self):
        self._js.abandon()

    def size(self, tensor, dim):
        from torch._tensor import _wrap

        return _wrap(_call(self._js.size, tensor._js, dim))

    def shape(self, tensor):
        return _decode(_call(self._js.shape, tensor._js), ())


def begin(strict, module_handle=None):
    """Starts a trace (of a method of `module_handle`'s module when given)."""
    global _state
    _state = TracingState(strict, module_handle)
    return _state


def end():
    global _state
    _state = None


def traced_size(tensor, dim):
    """Tensor.size() while tracing: the sizes are 0-dim tensors the trace computes."""
    from torch._size import Size

    if dim is None:
        return Size._of(_state.shape(tensor))
    return _state.size(tensor, dim)


def traced_shape(tensor):
    from torch._size import Size

    return Size._of(_state.shape(tensor))


def create_traced_module(description):
    return _call(_js.createTracedModule, description)


def checked_graph(handle, method_name=None):
    """A traced graph as the trace checker compares it: its text, and per top-level node its
    kind, str(), Python stack and tensor constant (or None)."""
    from torch._tensor import _wrap

    checked = _call(_js.checkedGraph, handle, method_name)
    nodes = []
    for node in checked.nodes:
        tensor = node.objectConstant
        nodes.append((node.kind, node.text, node.source, None if tensor is None else _wrap(tensor)))
    return checked.text, nodes


def nondeterministic_nodes(handle, method_name=None):
    return list(_call(_js.nondeterministicNodes, handle, method_name).to_py())

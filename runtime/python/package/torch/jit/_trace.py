"""torch.jit.trace and torch.jit.trace_module: Python code run on example inputs, every operator
it calls on tensors recorded into a TorchScript graph.

The recording is TypeScript's (runtime/jit/tracer.ts, compiler/tracer/); this module does what
needs Python, as PyTorch's torch/jit/_trace.py does: it wraps the example inputs, makes the
module that traces of a module's methods belong to (TracedModule: a type of its own for every
module instance, sharing the instance's parameters), marks calls of submodules so that they
become methods of theirs (nn.Module._slow_forward calls _traced_module_call), runs the traced
code, and checks the result (torch/jit/_trace_check.py).
"""

import inspect
import warnings

import torch
from torch._C import _tracer
from torch.jit._script import ScriptFunction
from torch.jit._script_module import RecursiveScriptModule, ScriptModule

__tracebackhide__ = True


class TracerWarning(Warning):
    """Warns of Python code whose trace may not be correct for other inputs."""

    @staticmethod
    def ignore_lib_warnings():
        # The torch package's own code (its shape checks) would trigger them; torch.jit's count.
        warnings.filterwarnings("ignore", category=TracerWarning, module="torch.(?!jit)")


TracerWarning.ignore_lib_warnings()

# Each submodule of the module being traced, to its scope name (`__module.a.lin`).
_trace_module_map = None


def is_tracing():
    """True while torch.jit.trace runs the code it traces."""
    return _tracer._is_tracing()


def _qualified_name(obj):
    """`__torch__.<module>.<name>`, as PyTorch names traced functions and module classes."""
    name = obj.__name__
    if name == "<lambda>":
        name = "_lambda"
    module = obj.__module__
    prefix = "__torch__" if module == "__main__" else "__torch__." + module
    return prefix + "." + name


def _argument_names(fn):
    """The names of `fn`'s positional-or-keyword parameters; none when it has others."""
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return []
    names = []
    for name, parameter in signature.parameters.items():
        if parameter.kind != parameter.POSITIONAL_OR_KEYWORD:
            return []
        names.append(name)
    return names


def _make_tuple(example_inputs):
    if isinstance(example_inputs, (torch.Tensor, dict)):
        return (example_inputs,)
    if not isinstance(example_inputs, tuple):
        return tuple(example_inputs)
    return example_inputs


def _traced_module_call(module, args, kwargs):
    """A submodule's forward while tracing, recorded in the submodule's scope."""
    state = _tracer._get_tracing_state()
    if state is None or isinstance(module, ScriptModule):
        return module.forward(*args, **kwargs)
    name = None if _trace_module_map is None else _trace_module_map.get(module)
    if not name:
        return module.forward(*args, **kwargs)
    state.push_scope(name)
    try:
        return module.forward(*args, **kwargs)
    finally:
        state.pop_scope()


def _distinct_inputs(inputs):
    """A tensor given twice is given the second time as a view of itself, as PyTorch's tracer
    does, so that each input is a value of its own in the graph."""
    seen = set()
    distinct = []
    for value in inputs:
        if isinstance(value, torch.Tensor):
            if id(value) in seen:
                value = value.view(value.size())
            seen.add(id(value))
        distinct.append(value)
    return tuple(distinct)


def _run_trace(func, example_inputs, argument_names, strict, module_handle=None, kwargs=None):
    """Runs `func` on the inputs while recording; returns the finished tracing state."""
    example_inputs = _distinct_inputs(example_inputs)
    state = _tracer.begin(strict, module_handle)
    try:
        state.add_inputs(example_inputs, argument_names)
        if kwargs is None:
            result = func(*example_inputs)
        else:
            result = func(**kwargs)
        state.set_outputs(result)
    except BaseException:
        state.abandon()
        raise
    finally:
        _tracer.end()
    return state


def _trace_function(func, example_inputs, strict, kwargs=None):
    names = _argument_names(func)
    if kwargs is not None:
        names = [n for n in names if n in kwargs]
        unknown = [k for k in kwargs if k not in names]
        if unknown:
            raise RuntimeError(
                f"The keys of example_kwarg_inputs ({', '.join(unknown)}) are not argument names "
                "of the traced function"
            )
        example_inputs = tuple(kwargs[n] for n in names)
    state = _run_trace(func, example_inputs, names, strict, kwargs=kwargs)
    handle = state.finish_function(_qualified_name(func))
    return ScriptFunction(handle, func)


def trace(
    func,
    example_inputs=None,
    optimize=None,
    check_trace=True,
    check_inputs=None,
    check_tolerance=1e-5,
    strict=True,
    _force_outplace=False,
    _module_class=None,
    _compilation_unit=None,
    example_kwarg_inputs=None,
    _store_inputs=True,
):
    """Traces a function (a ScriptFunction results) or an nn.Module or its forward (a
    ScriptModule results, whose forward is the trace)."""
    if optimize is not None:
        warnings.warn(
            "`optimize` is deprecated and has no effect. Use `with torch.jit.optimized_execution() "
            "instead"
        )
    if isinstance(func, ScriptModule):
        warnings.warn(
            "The input to trace is already a ScriptModule, tracing it is a no-op. Returning the "
            "object as is."
        )
        return func
    if _force_outplace:
        raise NotImplementedError("torch.jit.trace with _force_outplace=True is not supported yet")
    if example_inputs is None and example_kwarg_inputs is None:
        raise RuntimeError("example_kwarg_inputs or example_inputs should be specified")
    module = None
    if isinstance(func, torch.nn.Module):
        module = func
    elif inspect.ismethod(func) and isinstance(func.__self__, torch.nn.Module):
        if func.__name__ != "forward":
            raise AttributeError(
                "trace doesn't support compiling individual module's functions.\n"
                "Please use trace_module"
            )
        module = func.__self__
    if module is not None:
        if example_kwarg_inputs is not None:
            raise NotImplementedError(
                "torch.jit.trace of a module with example_kwarg_inputs is not supported yet"
            )
        return trace_module(
            module,
            {"forward": example_inputs},
            None,
            check_trace,
            None if check_inputs is None else [{"forward": c} for c in check_inputs],
            check_tolerance,
            strict,
            _force_outplace,
            _module_class,
        )
    kwargs = None
    if example_inputs is None:
        if not isinstance(example_kwarg_inputs, dict):
            raise RuntimeError("example_kwarg_inputs should be a dict")
        kwargs = example_kwarg_inputs
    else:
        example_inputs = _make_tuple(example_inputs)
    traced = _trace_function(func, example_inputs, strict, kwargs)
    if check_trace and kwargs is None:
        from torch.jit._trace_check import check_trace as _check

        _check(
            check_inputs if check_inputs is not None else [example_inputs],
            func,
            traced,
            check_tolerance,
            strict,
            False,
            _module_class,
        )
    return traced


# ---- modules ----


def _module_description(module):
    """What TypeScript needs to make the traced module of `module` (and of its submodules)."""
    from torch._C import _jit, encode_call

    seen = set()

    def unique(tensor):
        if id(tensor) in seen:
            raise ValueError("TracedModules don't support parameter sharing between modules")
        seen.add(id(tensor))

    if getattr(module, "_backward_hooks", None):
        raise ValueError(
            f"Modules that have backward hooks assigned can't be compiled: {module}"
        )
    parameters = [(n, p) for n, p in module._parameters.items() if p is not None]
    buffers = [(n, b) for n, b in module._buffers.items() if b is not None]
    for _, t in parameters + buffers:
        unique(t)
    encoder = encode_call([t for _, t in parameters + buffers], None)
    submodules = []
    for name, sub in module._modules.items():
        if sub is None:
            continue
        if isinstance(sub, ScriptModule):
            described = _jit.js_object({"compiled": sub._c})
        else:
            described = _jit.js_object({"traced": _module_description(sub)})
        submodules.append(_jit.js_object([name, described]))
    return _jit.js_object(
        {
            "qualifiedName": _qualified_name(type(module)),
            "training": module.training,
            "parameterNames": [n for n, _ in parameters],
            "bufferNames": [n for n, _ in buffers],
            "tensorCodes": encoder.text(),
            "tensors": encoder.values,
            "submodules": submodules,
        }
    )


class TracedModule(RecursiveScriptModule):
    """A module made by tracing: its methods are traces, its parameters the original's."""

    @classmethod
    def _from_trace(cls, handle, original):
        self = cls.__new__(cls)
        torch.nn.Module.__init__(self)
        state = self.__dict__
        state["_c"] = handle
        state["_name"] = type(original).__name__
        state["_original_name"] = type(original).__name__
        state["_attribute_names"] = set(torch._C._jit.attribute_names(handle))
        for name, p in original._parameters.items():
            if p is not None:
                self._parameters[name] = p
        for name, b in original._buffers.items():
            if b is not None:
                self._buffers[name] = b
        for name, sub in original._modules.items():
            if sub is None:
                continue
            if isinstance(sub, ScriptModule):
                self._modules[name] = sub
            else:
                self._modules[name] = TracedModule._from_trace(handle.submodule(name), sub)
        state["training"] = original.training
        return self

    def _get_name(self):
        return self._name

    def extra_repr(self):
        return f"original_name={self._name}"


class TopLevelTracedModule(TracedModule):
    """The module torch.jit.trace returns for an nn.Module."""


def make_module(mod, _module_class=None):
    """The module traces of `mod`'s methods go to: `mod` when it is compiled already."""
    if isinstance(mod, ScriptModule):
        return mod
    cls = TopLevelTracedModule if _module_class is None else _module_class
    handle = _tracer.create_traced_module(_module_description(mod))
    return cls._from_trace(handle, mod)


def _has_exports(mod):
    """Whether a module's class marks methods @torch.jit.export (PyTorch then scripts them)."""
    from torch.jit import _modifiers

    return any(
        _modifiers.modifier(f) == _modifiers.EXPORT
        for _, f in inspect.getmembers(type(mod), inspect.isfunction)
    )


def _register_submodules(mod, prefix, table):
    for name, child in mod.named_children():
        qualified = prefix + "." + name
        table[child] = qualified
        _register_submodules(child, qualified, table)


def trace_module(
    mod,
    inputs,
    optimize=None,
    check_trace=True,
    check_inputs=None,
    check_tolerance=1e-5,
    strict=True,
    _force_outplace=False,
    _module_class=None,
    _compilation_unit=None,
):
    """Traces the methods of `mod` named in `inputs` (name -> example inputs) into one
    ScriptModule."""
    global _trace_module_map
    if optimize is not None:
        warnings.warn(
            "`optimize` is deprecated and has no effect. Use `with torch.jit.optimized_execution() "
            "instead"
        )
    if not isinstance(mod, torch.nn.Module):
        raise AttributeError("expected torch.nn.Module as the first argument")
    if not isinstance(inputs, dict):
        raise AttributeError("expected a dictionary of (method_name, input) pairs")
    if isinstance(mod, ScriptModule):
        raise NotImplementedError("torch.jit.trace_module of a ScriptModule is not supported yet")
    if _force_outplace:
        raise NotImplementedError(
            "torch.jit.trace_module with _force_outplace=True is not supported yet"
        )
    if _has_exports(mod):
        raise NotImplementedError(
            "torch.jit.trace of a module with @torch.jit.export methods is not supported yet"
        )
    old_map = _trace_module_map
    try:
        table = {"__module": mod}
        _register_submodules(mod, "__module", table)
        _trace_module_map = table
        module = make_module(mod, _module_class)
        for method_name, example_inputs in inputs.items():
            if method_name == "forward":
                func = mod
                argument_names = _argument_names(getattr(mod, "forward"))
            else:
                func = getattr(mod, method_name)
                argument_names = _argument_names(func)
            example_inputs = _make_tuple(example_inputs)
            state = _run_trace(func, example_inputs, argument_names, strict, module._c)
            state.finish_method(method_name)
            if check_trace:
                from torch.jit._trace_check import check_trace as _check

                _check(
                    check_inputs if check_inputs is not None else [inputs],
                    func,
                    getattr(module, method_name),
                    check_tolerance,
                    strict,
                    True,
                    _module_class,
                )
    finally:
        _trace_module_map = old_map
    return module


def __getattr__(name):
    if name == "TracingCheckError":
        from torch.jit._trace_check import TracingCheckError

        return TracingCheckError
    raise AttributeError(f"module 'torch.jit._trace' has no attribute '{name}'")


__all__ = [
    "TopLevelTracedModule",
    "TracingCheckError",
    "TracedModule",
    "TracerWarning",
    "is_tracing",
    "trace",
    "trace_module",
]

"""Compiled modules as Python holds them.

A compiled module is an nn.Module whose parameters and buffers are the original module's own
objects (so they stay shared), whose submodules are compiled too, and whose methods run compiled:
calling it runs the compiled forward. Attribute reads and writes of TorchScript attributes go to
the compiled instance, so compiled code and Python see the same values (`training` included).

RecursiveScriptModule is what torch.jit.script makes of an nn.Module. Subclassing ScriptModule
is the older API: the methods marked @torch.jit.script_method (and exported ones) are compiled
once the instance's __init__ has run, each instance with a type of its own.
"""

import functools

import torch
from torch._C import _jit
from torch.jit._script import Graph, ScriptFunction

__tracebackhide__ = True


class _ScriptMeta(type):
    """Compiles instances of ScriptModule subclasses when the most derived __init__ returns."""

    def __init__(cls, name, bases, attrs):
        super().__init__(name, bases, attrs)
        if getattr(cls, "_disable_script_meta", False):
            return
        original_init = cls.__init__

        @functools.wraps(original_init)
        def init_then_compile(self, *args, **kwargs):
            original_init(self, *args, **kwargs)
            if type(self) is cls:
                from torch.jit import _recursive

                self._adopt(_jit.compile_module(_recursive.describe(self)))

        cls.__init__ = init_then_compile


def is_compiled(module):
    """Whether `module` runs compiled (scripted, traced, loaded or an old-API ScriptModule)."""
    return isinstance(module, ScriptModule) and "_c" in module.__dict__


class ScriptMethod:
    """A compiled method bound to its module: call it; .graph, .code and .schema show it."""

    __module__ = "torch"  # where PyTorch's lives, as type(module.forward) shows it

    __slots__ = ("_module", "_name")

    def __init__(self, module, name):
        self._module = module
        self._name = name

    @property
    def name(self):
        return self._name

    @property
    def graph(self):
        return Graph(self._module._c.graph(self._name))

    @property
    def inlined_graph(self):
        return Graph(self._module._c.inlinedGraph(self._name))

    @property
    def code(self):
        return self._module._c.code(self._name)

    @property
    def schema(self):
        return self._module._c.schema(self._name)

    def _return_annotation(self):
        return self._module._c.returnType(self._name)

    def __call__(self, *args, **kwargs):
        return _jit.call_method(self._module._c, self._name, args, kwargs)

    def __repr__(self):
        return f"<torch.ScriptMethod object at {hex(id(self))}>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        """Its graph drawn and its code, in a notebook (torch/jit/_display.py)."""
        from torch.jit import _display

        return _display.compiled_bundle(self)


class ScriptModule(torch.nn.Module, metaclass=_ScriptMeta):
    """The base of compiled modules, as PyTorch's torch.jit.ScriptModule."""

    __module__ = "torch.jit._script"  # where PyTorch's lives, as type(module) shows it

    def _adopt(self, handle):
        """Runs on `handle`, the compiled instance; plain submodules become compiled views."""
        state = self.__dict__
        state["_c"] = handle
        state["_original_name"] = handle.originalName
        state["_attribute_names"] = set(_jit.attribute_names(handle))
        state["_constant_names"] = set(_jit.constant_names(handle))
        for name, sub in self._modules.items():
            if sub is not None and not is_compiled(sub):
                self._modules[name] = RecursiveScriptModule._from(handle.submodule(name), sub)

    def save(self, f, **kwargs):
        from torch.jit._serialization import save

        save(self, f, **kwargs)

    @property
    def original_name(self):
        return self._original_name

    @property
    def graph(self):
        return self.forward.graph

    @property
    def inlined_graph(self):
        return self.forward.inlined_graph

    @property
    def code(self):
        return self.forward.code

    def __getattribute__(self, name):
        if name in ("forward", "__call__") or not name.startswith("_"):
            state = object.__getattribute__(self, "__dict__")
            handle = state.get("_c")
            if handle is not None and name != "__call__" and handle.hasMethod(name):
                return ScriptMethod(self, name)
            if handle is not None and name in state.get("_attribute_names", ()):
                if name not in self._parameters and name not in self._buffers:
                    if name not in self._modules:
                        return _jit.get_attribute(handle, name)
            if handle is not None and name in state.get("_constant_names", ()):
                return _jit.get_constant(handle, name)
        return super().__getattribute__(name)

    def __setattr__(self, name, value):
        state = self.__dict__
        handle = state.get("_c")
        if handle is None and isinstance(value, torch.jit.Attribute):
            # The older API: the type goes to the class's annotations, the value to the module.
            if "__annotations__" not in type(self).__dict__:
                type(self).__annotations__ = {}
            type(self).__annotations__[name] = value.type
            value = value.value
        if handle is not None and name in state.get("_attribute_names", ()):
            if name not in self._modules:
                _jit.set_attribute(handle, name, value)
            if name == "training":
                state["training"] = value
                return
        super().__setattr__(name, value)

    def _repr_mimebundle_(self, include=None, exclude=None):
        """Its graph drawn and its code, in a notebook (torch/jit/_display.py)."""
        from torch.jit import _display

        return _display.compiled_bundle(self)


class RecursiveScriptModule(ScriptModule):
    __module__ = "torch.jit._script"
    _disable_script_meta = True

    @classmethod
    def _from(cls, handle, original):
        self = cls.__new__(cls)
        torch.nn.Module.__init__(self)
        self._parameters.update(original._parameters)
        self._buffers.update(original._buffers)
        self._modules.update(original._modules)
        self.__dict__["training"] = original.training
        self._adopt(handle)
        return self

    @classmethod
    def _from_handle(cls, handle):
        """A module with no Python original (loaded from an archive): parameters and buffers
        come from the compiled instance."""
        from torch.nn import Parameter

        self = cls.__new__(cls)
        torch.nn.Module.__init__(self)
        state = self.__dict__
        state["_c"] = handle
        state["_original_name"] = handle.originalName
        state["_attribute_names"] = set(_jit.attribute_names(handle))
        state["_constant_names"] = set(_jit.constant_names(handle))
        for name in handle.parameterNames().to_py():
            value = _jit.get_attribute(handle, name)
            self._parameters[name] = None if value is None else Parameter(value)
        for name in handle.bufferNames().to_py():
            self._buffers[name] = _jit.get_attribute(handle, name)
        for name in handle.submoduleNames().to_py():
            self._modules[name] = cls._from_handle(handle.submodule(name))
        if "training" in state["_attribute_names"]:
            state["training"] = _jit.get_attribute(handle, "training")
        else:
            # A frozen module has no `training`: reading it raises AttributeError, as in PyTorch.
            del state["training"]
        return self

    def forward(self, *args, **kwargs):
        raise RuntimeError(f"{self._original_name} has no forward method")

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def _get_name(self):
        return "RecursiveScriptModule"

    def extra_repr(self):
        return f"original_name={self._original_name}"


__all__ = ["RecursiveScriptModule", "ScriptFunction", "ScriptMethod", "ScriptModule"]

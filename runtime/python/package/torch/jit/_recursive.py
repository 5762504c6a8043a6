"""torch.jit.script of an nn.Module instance: what the compiler needs to know of it (PyTorch's
concrete module type: attributes and their types, constants, submodules, methods), and
RecursiveScriptModule, the compiled module Python holds.

Attribute types come from the class's annotations where there are some, else from the values
(an int is `int`, a non-empty list of ints `List[int]`); a value TorchScript has no type for is a
"failed attribute" the compiler names if code uses it. `__constants__` and `Final` attributes are
constants. forward and @torch.jit.export methods are compiled with the module; others when
compiled code calls them; @ignore / @unused ones are left in Python.
"""

import inspect
import warnings
import typing

import torch
from torch._C import _jit, encode_call
from torch.jit import _modifiers, _resolution, _script

__tracebackhide__ = True

# Module state that is PyTorch's bookkeeping, not attributes TorchScript sees.
_BOOKKEEPING = {
    "_version",
    "_parameters",
    "_buffers",
    "_non_persistent_buffers_set",
    "_backward_hooks",
    "_backward_pre_hooks",
    "_forward_hooks",
    "_forward_hooks_with_kwargs",
    "_forward_pre_hooks",
    "_forward_pre_hooks_with_kwargs",
    "_state_dict_hooks",
    "_state_dict_pre_hooks",
    "_load_state_dict_pre_hooks",
    "_load_state_dict_post_hooks",
    "_modules",
    "_initializing",
    "dump_patches",
    "training",
    "_is_full_backward_hook",
}


class _Unsupported(Exception):
    """A value TorchScript has no type for; the message says why."""


def _annotation_text(annotation):
    if isinstance(annotation, str):
        return annotation
    if annotation is type(None) or annotation is None:
        return "NoneType"
    if isinstance(annotation, type):
        if annotation is torch.Tensor or issubclass(annotation, torch.Tensor):
            return "Tensor"
        if annotation.__module__ in ("builtins", "torch"):
            return annotation.__name__
        return _script._qualified_name(annotation)
    text = repr(annotation).replace("typing.", "").replace("torch.Tensor", "Tensor")
    return text.replace("NoneType", "None") if text.startswith("Optional[") else text


def _infer_type(value):
    """The annotation text of a value's TorchScript type, as PyTorch infers it."""
    if isinstance(value, torch.Tensor):
        return "Tensor"
    if value is None:
        return "NoneType"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, torch.device):
        return "Device"
    if isinstance(value, torch.dtype):
        return "int"
    if isinstance(value, list):
        if not value:
            raise _Unsupported("List trace inputs must have elements")
        return f"List[{_common_type(value, 'List')}]"
    if isinstance(value, tuple):
        return f"Tuple[{', '.join(_infer_type(v) for v in value)}]" if value else "Tuple[()]"
    if isinstance(value, dict):
        if not value:
            raise _Unsupported("Dictionary inputs must have entries")
        return f"Dict[{_common_type(list(value), 'Dict')}, {_common_type(list(value.values()), 'Dict')}]"
    raise _Unsupported("")


def _common_type(values, container):
    types = {_infer_type(v) for v in values}
    if len(types) != 1:
        raise _Unsupported(f"{container} inputs to traced functions must have consistent element type")
    return types.pop()


def _class_annotations(cls):
    """The class's own and inherited annotations, nn.Module's bookkeeping left out."""
    annotations = {}
    for base in reversed(cls.__mro__):
        if base.__module__.startswith("torch.nn.modules.module") or base is object:
            continue
        annotations.update(getattr(base, "__dict__", {}).get("__annotations__", {}))
    return annotations


def _is_final(annotation):
    return getattr(annotation, "__origin__", None) is typing.Final or (
        isinstance(annotation, str) and annotation.startswith(("Final[", "torch.jit.Final["))
    )


def _final_inner(annotation):
    return typing.get_args(annotation)[0] if typing.get_args(annotation) else None


def _failure_hint(name, value, reason):
    kind = type(value).__name__
    detail = f" {reason}." if reason else ""
    return (
        f"This attribute exists on the Python module, but we failed to convert Python type: "
        f"'{kind}' to a TorchScript type.{detail} Its type was inferred; try adding a type "
        "annotation for the attribute."
    )


def _kind(module):
    nn = torch.nn
    for name in ("ModuleList", "Sequential", "ModuleDict"):
        container = getattr(nn, name, None)
        if container is not None and isinstance(module, container):
            return name
    return "module"


def _method_source(cls, name):
    function = getattr(cls, name, None)
    if not inspect.isfunction(function) or _modifiers.modifier(function) in (
        _modifiers.IGNORE,
        _modifiers.UNUSED,
    ):
        return None
    return _source_descriptor(function)


def _source_descriptor(function):
    """Where a method's source is, with its evaluated defaults on the wire."""
    source, filename, first_line = _script._source_of(function)
    defaults = encode_call((), _script._defaults(function))
    return _jit.js_object(
        {
            "source": source,
            "filename": filename,
            "line": first_line,
            "defaultCodes": defaults.text(),
            "defaultValues": defaults.values,
        }
    )


def _ignored_methods(module):
    cls = type(module)
    out = []
    for name, function in inspect.getmembers(cls, inspect.isfunction):
        mark = _modifiers.modifier(function)
        if mark not in (_modifiers.IGNORE, _modifiers.UNUSED):
            continue
        def call(args, function=function):
            return _call_python_method(function, module, args)

        out.append(
            _jit.js_object(
                {
                    "name": name,
                    "kind": "ignore" if mark == _modifiers.IGNORE else "unused",
                    "source": _source_descriptor(function),
                    "call": _jit.callback(call),
                }
            )
        )
    return out


def _call_python_method(function, module, args):
    """An @ignore method called from compiled code: runtime values in, a runtime value out."""
    return call_python(function, [module] + [_from_runtime(a) for a in list(args)[1:]])


def call_python(function, values):
    """Runs Python for compiled code: its result as a runtime value, or what it raised as the
    RuntimeError PyTorch raises (the exception, then the Python stack, innermost first)."""
    try:
        result = function(*values)
    except Exception as error:  # noqa: BLE001  (handed to the interpreter)
        return _jit.python_failure(_python_failure_message(error))
    return result._js if isinstance(result, torch.Tensor) else result


def _python_failure_message(error):
    tb = error.__traceback__
    while tb.tb_next is not None:
        tb = tb.tb_next
    frames = []
    frame = tb.tb_frame
    while frame is not None:
        if not frame.f_code.co_filename.startswith(_PACKAGE_DIR):
            frames.append(f"  {frame.f_code.co_filename}({frame.f_lineno}): {frame.f_code.co_name}\n")
        frame = frame.f_back
    return f"{type(error).__name__}: {error}\n\nAt:\n{''.join(frames)}"


_PACKAGE_DIR = __file__.rsplit("/torch/", 1)[0] + "/"


def _from_runtime(value):
    from torch._tensor import _wrap

    if type(value).__name__ == "JsProxy" and hasattr(value, "storageIndex"):
        return _wrap(value)
    return value


def _compiled_methods(module):
    from torch.jit._script_module import ScriptModule

    cls = type(module)
    if isinstance(module, ScriptModule):
        marked = (_modifiers.SCRIPT_METHOD, _modifiers.EXPORT)
        return [
            name for name, function in inspect.getmembers(cls, inspect.isfunction)
            if _modifiers.modifier(function) in marked
        ]
    names = []
    forward = getattr(cls, "forward", None)
    module_forward = getattr(getattr(torch.nn, "Module", object), "forward", None)
    if inspect.isfunction(forward) and forward is not module_forward:
        if _modifiers.modifier(forward) not in (_modifiers.IGNORE, _modifiers.UNUSED):
            names.append("forward")
    for name, function in inspect.getmembers(cls, inspect.isfunction):
        if name != "forward" and _modifiers.modifier(function) == _modifiers.EXPORT:
            names.append(name)
    return names


def _warn_about_constants(module, constants):
    """PyTorch's warnings for __constants__ names that are not constants (it goes on without them)."""
    for name in constants:
        kind = (
            "submodule" if name in module._modules
            else "buffer" if name in module._buffers
            else "parameter" if name in module._parameters
            else None
        )
        if kind is not None:
            warnings.warn(
                f"'{name}' was found in ScriptModule constants,  but it is a non-constant {kind}. "
                "Consider removing it."
            )
        elif not hasattr(module, name):
            warnings.warn(
                f"'{name}' was found in ScriptModule constants, but was not actually set in "
                "__init__. Consider removing it."
            )


def describe(module):
    """The compiler's description of a module instance (a JS object), submodules included."""
    from torch.jit._script_module import ScriptModule, is_compiled

    cls = type(module)
    annotations = _class_annotations(cls)
    constants = set(getattr(cls, "__constants__", ())) | {
        name for name, a in annotations.items() if _is_final(a)
    }
    attributes = [_jit.js_object(
        {"name": "training", "annotation": "bool", "isParameter": False, "isBuffer": False}
    )]
    values = [module.training]
    failed = []
    constant_values = {}
    submodules = []

    def attribute(name, annotation, value, parameter=False, buffer=False):
        attributes.append(
            _jit.js_object(
                {"name": name, "annotation": annotation, "isParameter": parameter, "isBuffer": buffer}
            )
        )
        values.append(value)

    for name, p in module._parameters.items():
        attribute(name, "Tensor" if p is not None else "NoneType", p, parameter=True)
    for name, b in module._buffers.items():
        attribute(name, "Tensor" if b is not None else "NoneType", b, buffer=True)
    for name, sub in module._modules.items():
        if sub is None:
            attribute(name, "NoneType", None)
        elif is_compiled(sub):
            # Already scripted: its compiled type and instance are used as they are.
            submodules.append(_jit.js_object([name, _jit.js_object({"compiled": sub._c})]))
        else:
            submodules.append(_jit.js_object([name, describe(sub)]))
    for name, value in vars(module).items():
        if name in _BOOKKEEPING or name in module._parameters or name in module._buffers:
            continue
        if name in module._modules or inspect.isfunction(value) or inspect.ismethod(value):
            continue
        if name in constants:
            constant_values[name] = value
            continue
        if isinstance(value, torch.jit.Attribute):
            attribute(name, _annotation_text(value.type), value.value)
            continue
        if name in annotations:
            attribute(name, _annotation_text(annotations[name]), value)
            continue
        try:
            attribute(name, _infer_type(value), value)
        except _Unsupported as why:
            failed.append(_jit.js_object([name, _failure_hint(name, value, str(why))]))
    for name in constants:
        if name not in constant_values and hasattr(cls, name):
            constant_values[name] = getattr(cls, name)
    _warn_about_constants(module, constants)

    encoder = encode_call(values, constant_values)
    return _jit.js_object(
        {
            "qualifiedName": _script._qualified_name(cls),
            "kind": _kind(module),
            "attributes": attributes,
            "valueCodes": encoder.text(),
            "values": encoder.values,
            "constantNames": list(constant_values),
            "submodules": submodules,
            "ignored": _ignored_methods(module),
            "failed": failed,
            "compiledMethods": _compiled_methods(module),
            "shareType": not isinstance(module, ScriptModule),
            "methodSource": _jit.callback(lambda name: _method_source(cls, name)),
            "lookup": _resolution.lookup_for_class(cls),
        }
    )


def script_module(module):
    handle = _jit.compile_module(describe(module))
    from torch.jit._script_module import RecursiveScriptModule

    return RecursiveScriptModule._from(handle, module)

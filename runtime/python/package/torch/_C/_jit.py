"""The compiler's half of torch._C: the JS module `_torch_jit_bridge` (runtime/jit/bridge.ts),
which compiles what torch.jit hands it and runs the result."""

import _torch_jit_bridge as _js
import js
from pyodide.ffi import JsException, create_proxy, to_js

from torch._C import _decode, _python_error, encode_call

__tracebackhide__ = True


def js_object(fields):
    """A plain JS object of `fields` (a descriptor the compiler reads); values already JS-ready."""
    return to_js(fields, dict_converter=js.Object.fromEntries, create_pyproxies=False)


def callback(function):
    """A Python function JS may call for as long as the compiled code lives."""
    return create_proxy(function)


def python_failure(message):
    """The interpreter's error for an exception of Python code it called (a JS Error)."""
    return _js.pythonFailure(message)


def compile_function(qualified_name, source, filename, first_line, lookup, defaults):
    encoder = encode_call((), defaults)
    try:
        return _js.compileFunction(
            qualified_name, source, filename, first_line, lookup, encoder.text(), *encoder.values
        )
    except JsException as error:
        raise _python_error(error) from None


def compile_class(qualified_name, source, filename, first_line, lookup):
    try:
        return _js.compileClass(qualified_name, source, filename, first_line, lookup)
    except JsException as error:
        raise _python_error(error) from None


def named_tuple_type(qualified_name, fields, annotations, lookup):
    try:
        return _js.namedTupleType(qualified_name, to_js(fields), to_js(annotations), lookup)
    except JsException as error:
        raise _python_error(error) from None


def call_handle(handle, args, kwargs):
    """Calls a compiled function (or method) handle with Python's arguments."""
    encoder = encode_call(args, kwargs)
    try:
        result = handle.call(encoder.text(), *encoder.values)
    except JsException as error:
        raise _python_error(error) from None
    return _decode(result, encoder.tensors)


def compile_module(description):
    try:
        return _js.compileModule(description)
    except JsException as error:
        raise _python_error(error) from None


def call_method(handle, name, args, kwargs):
    """Calls the compiled method `name` of a scripted module's handle."""
    encoder = encode_call(args, kwargs)
    try:
        result = handle.call(name, encoder.text(), *encoder.values)
    except JsException as error:
        raise _python_error(error) from None
    return _decode(result, encoder.tensors)


def attribute_names(handle):
    return list(handle.attributeNames().to_py())


def constant_names(handle):
    return list(handle.constantNames().to_py())


def get_constant(handle, name):
    return _decode(handle.getConstant(name), [])


def get_attribute(handle, name):
    try:
        return _decode(handle.getAttr(name), [])
    except JsException as error:
        raise _python_error(error) from None


def set_attribute(handle, name, value):
    encoder = encode_call((value,), None)
    try:
        handle.setAttr(name, encoder.text(), *encoder.values)
    except JsException as error:
        raise _python_error(error) from None


class ScriptObject:
    """An instance of a TorchScript class that compiled code made and handed to Python."""

    __slots__ = ("_js",)

    def __init__(self, js_object):
        object.__setattr__(self, "_js", js_object)

    def __getattr__(self, name):
        try:
            return _decode(_js.objectGetAttr(self._js, name), [])
        except JsException as error:
            raise _python_error(error) from None

    def __setattr__(self, name, value):
        encoder = encode_call((value,), None)
        try:
            _js.objectSetAttr(self._js, name, encoder.text(), *encoder.values)
        except JsException as error:
            raise _python_error(error) from None

    def __dir__(self):
        return sorted(self._fields())

    def _fields(self):
        """The attribute names in the order the class declares them."""
        return list(_js.objectAttributeNames(self._js).to_py())

    def _type(self):
        return _js.objectTypeName(self._js)

    def __repr__(self):
        return f"<torch.ScriptObject object at {hex(id(self))}>"


def new_session():
    """Forgets everything compiled: the next compilations start a fresh compilation unit."""
    _js.newSession()


def new_object(class_handle, fields):
    """A TorchScript object of a compiled class with `fields` set (its __init__ not run)."""
    encoder = encode_call((), fields)
    try:
        return _js.newObject(class_handle, encoder.text(), *encoder.values)
    except JsException as error:
        raise _python_error(error) from None


def save_module(handle, extra_files):
    try:
        return _js.saveModule(handle, js_object(extra_files)).to_py()
    except JsException as error:
        raise _python_error(error) from None


def save_module_to_file(handle, extra_files, path):
    """Writes the archive straight to `path` (an absolute path), its bytes never in Python."""
    try:
        _js.saveModuleToFile(handle, js_object(extra_files), path)
    except JsException as error:
        raise _python_error(error) from None


def load_module_from_file(path, map_location):
    """Reads the archive at `path` (an absolute path) straight into the runtime."""
    try:
        loaded = _js.loadModuleFromFile(path, map_location)
    except JsException as error:
        raise _python_error(error) from None
    return loaded.handle, _extra_files(loaded)


def load_module(data, map_location):
    from pyodide.ffi import to_js as _to_js

    try:
        loaded = _js.loadModule(_to_js(data), map_location)
    except JsException as error:
        raise _python_error(error) from None
    return loaded.handle, _extra_files(loaded)


def _extra_files(loaded):
    """The archive's extra files, as bytes (as PyTorch gives them)."""
    files = loaded.extraFiles
    return {name: files.get(name).to_bytes() for name in files.keys()}

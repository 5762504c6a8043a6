"""The bridge to the TypeScript runtime: the only module of our torch that talks to JavaScript.

It plays the part of PyTorch's C extension. The host registers the runtime's functions as the JS
module `_torch_bridge` (runtime/python/bridge.ts); this module encodes Python values for them
with their Python types kept (an int is not a float: runtime/python/wire.ts has the codes),
decodes what they return, and turns the runtime's errors and warnings into Python's.
"""

import json
import os
import warnings

import _torch_bridge as _js
from pyodide.ffi import JsException, create_proxy

# Tracebacks shown to cells leave out this module's frames, as PyTorch's C++ has none.
__tracebackhide__ = True

_TORCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Attribute lookups on a JS module convert each time: the functions are looked up once.
_call_op = _js.callOp
_make_tensor = _js.makeTensor
_get_item = _js.getItem
_set_item = _js.setItem
_repr = _js.repr
_shape = _js.shape
_dtype = _js.dtype
_device = _js.device
_ndim = _js.ndim
_numel = _js.numel
_item = _js.item
_requires_grad = _js.requiresGrad
_set_requires_grad = _js.setRequiresGrad
_tolist = _js.tolist

# Every JS array reaches Python as a proxy of this one type; results encoded with codes are
# arrays, so `type(r) is _JS_ARRAY` tells them apart (isinstance on JsProxy types is slow).
_JS_ARRAY = type(_js.emptyArray())

# Which names PyTorch's Tensor, torch and torch._C._nn have (spec/fixtures/python_api.json).
with open(os.path.join(os.path.dirname(__file__), "python_api.json")) as _file:
    python_api = json.load(_file)


# ---- errors ----


class JITException(Exception):
    """torch.jit.Error: what `raise` and `assert` in TorchScript code throw (not a RuntimeError)."""


JITException.__name__ = JITException.__qualname__ = "Error"
JITException.__module__ = "torch.jit"


class _LinAlgError(RuntimeError):
    """torch.linalg.LinAlgError."""


class FrontendError(Exception):
    """torch.jit.frontend.FrontendError: TorchScript refused the Python it was given."""


class NotSupportedError(FrontendError):
    """torch.jit.frontend.NotSupportedError."""


class UnsupportedNodeError(NotSupportedError):
    """torch.jit.frontend.UnsupportedNodeError: a Python construct TorchScript lacks."""


_ERRORS = {
    "RuntimeError": RuntimeError,
    "IndexError": IndexError,
    "TypeError": TypeError,
    "ValueError": ValueError,
    "NotImplementedError": NotImplementedError,
    "KeyboardInterrupt": KeyboardInterrupt,
    "AttributeError": AttributeError,
    "Error": JITException,
    "_LinAlgError": _LinAlgError,
    "FrontendError": FrontendError,
    "NotSupportedError": NotSupportedError,
    "UnsupportedNodeError": UnsupportedNodeError,
}


def _python_error(error):
    """The Python exception for a JS error: a TorchError's own type and message; a RangeError
    (an allocation too large, a stack overflow) a RuntimeError; anything else is a bug of ours,
    reported as a RuntimeError that names the JS error."""
    kind = getattr(error, "pythonType", None)
    if kind in _ERRORS:
        return _ERRORS[kind](error.message) if error.message else _ERRORS[kind]()
    if error.name == "RangeError":
        return RuntimeError(error.message)
    return RuntimeError(f"internal error ({error.name}: {error.message})")


def _warn(message):
    """TORCH_WARN: a UserWarning pointing at the first frame outside the torch package."""
    warnings.warn(message, UserWarning, skip_file_prefixes=(_TORCH_DIR,))


_js.installWarningHandler(create_proxy(_warn))


# ---- encoding arguments ----


class _Encoder:
    """Codes and values for one call; `tensors` are the Tensor arguments, in order."""

    __slots__ = ("codes", "values", "tensors")

    def __init__(self):
        self.codes = []
        self.values = []
        self.tensors = []

    def add(self, value):
        kind = type(value)
        code = _LEAF_CODES.get(kind)
        if code is not None:
            self.codes.append(code)
            self.values.append(value)
            return
        encode = _ENCODERS.get(kind)
        if encode is None:
            encode = _encoder_for_subclass(kind)
        encode(self, value)

    def mark(self, code):
        self.codes.append(code)

    def leaf(self, code, value):
        self.codes.append(code)
        self.values.append(value)

    def sequence(self, items, open_code, close_code):
        self.codes.append(open_code)
        for item in items:
            self.add(item)
        self.codes.append(close_code)

    def keywords(self, kwargs):
        for name, value in kwargs.items():
            self.codes.append("=")
            self.values.append(name)
            self.add(value)

    def text(self):
        return "".join(self.codes)


_LEAF_CODES = {int: "i", float: "f", bool: "b", str: "s"}

_ENCODERS = {
    type(None): lambda e, v: e.mark("n"),
    list: lambda e, v: e.sequence(v, "[", "]"),
    tuple: lambda e, v: e.sequence(v, "(", ")"),
    dict: lambda e, v: _encode_dict(e, v),
    slice: lambda e, v: _encode_slice(e, v),
    type(Ellipsis): lambda e, v: e.mark("e"),
}


def _encode_dict(encoder, value):
    encoder.mark("{")
    for key, item in value.items():
        encoder.add(key)
        encoder.add(item)
    encoder.mark("}")


def _encode_slice(encoder, value):
    encoder.mark(":")
    encoder.add(value.start)
    encoder.add(value.stop)
    encoder.add(value.step)


def encode_tensor(encoder, tensor):
    encoder.codes.append("T")
    encoder.values.append(tensor._js)
    encoder.tensors.append(tensor)


def _encoder_for_subclass(kind):
    """Subclasses encode as their base (a Parameter as a Tensor, torch.Size as a tuple, an
    IntEnum as an int); other types as themselves, which no operator accepts."""
    for base in kind.__mro__[1:]:
        if base in _LEAF_CODES:
            code = _LEAF_CODES[base]
            return lambda e, v: e.leaf(code, base(v))
        if base in _ENCODERS:
            return _ENCODERS[base]
    return lambda e, v: e.leaf("?", type(v).__name__)


def register_encoder(kind, encode):
    """How values of a class of the torch package cross to JS: encode(encoder, value)."""
    _ENCODERS[kind] = encode


def encode_js_object(code):
    """An encoder for wrappers of a JS object kept in `_js` (Generator: code "o")."""
    return lambda e, v: e.leaf(code, v._js)


def encode_call(args, kwargs):
    encoder = _Encoder()
    for value in args:
        encoder.add(value)
    if kwargs:
        encoder.keywords(kwargs)
    return encoder


# ---- decoding results ----

_wrap_tensor = None
_dtype_by_name = None
_make_device = None
_return_types = {}


def set_result_types(wrap_tensor, dtype_by_name, make_device):
    """The torch package's classes for decoded results, given once they exist."""
    global _wrap_tensor, _dtype_by_name, _make_device
    _wrap_tensor = wrap_tensor
    _dtype_by_name = dtype_by_name
    _make_device = make_device


def _decode(result, tensors):
    kind = type(result)
    if kind is _JS_ARRAY:
        return _decode_codes(result.to_py(depth=1), tensors)
    if kind is bool or kind is str or result is None:
        return result
    return _wrap_tensor(result)


def _decode_codes(items, tensors):
    codes = items[0]
    position = 1
    stack = [[]]
    # The class of each open tuple: None, or a NamedTuple class named by a preceding N code.
    tuple_classes = []
    named = None
    for code in codes:
        if code == "N":
            named = _named_tuple_lookup(items[position])
            position += 1
            continue
        if code == "(" or code == "[" or code == "{":
            stack.append([])
            if code == "(":
                tuple_classes.append(named)
                named = None
            continue
        if code == ")" or code == "]" or code == "}":
            done = stack.pop()
            if code == "}":
                done = dict(zip(done[0::2], done[1::2]))
            elif code == ")":
                cls = tuple_classes.pop()
                done = tuple(done) if cls is None else cls(*done)
            stack[-1].append(done)
            continue
        if code == "n":
            stack[-1].append(None)
            continue
        value = items[position]
        position += 1
        stack[-1].append(_LEAF_DECODERS[code](value, tensors))
    return stack[0][0]


_LEAF_DECODERS = {
    "i": lambda v, t: int(v),
    "f": lambda v, t: float(v),
    "b": lambda v, t: bool(v),
    "s": lambda v, t: v,
    "o": lambda v, t: v,
    "T": lambda v, t: _wrap_tensor(v),
    "A": lambda v, t: t[v],
    "d": lambda v, t: _dtype_by_name[v],
    "D": lambda v, t: _make_device(v),
    "O": lambda v, t: _wrap_script_object(v),
}

_wrap_script_object = None
_named_tuple_lookup = lambda name: None  # noqa: E731  (torch.jit sets the real one)


def set_named_tuple_lookup(lookup):
    """How compiled code's NamedTuples find their Python class: torch.jit gives it."""
    global _named_tuple_lookup
    _named_tuple_lookup = lookup


def set_script_object_wrapper(wrap):
    """How TorchScript objects (class instances, modules) reach Python: torch.jit gives it."""
    global _wrap_script_object
    _wrap_script_object = wrap


def _named_tuple_class(name, fields):
    """torch.return_types.<name>: a tuple whose items are also reachable by field name."""

    def __repr__(self):
        items = ",\n".join(f"{field}={value!r}" for field, value in zip(fields, self))
        return f"torch.return_types.{name}(\n{items})"

    namespace = {field: property(lambda self, i=i: self[i]) for i, field in enumerate(fields)}
    namespace.update(__slots__=(), __repr__=__repr__, n_fields=len(fields))
    cls = type(name, (tuple,), namespace)
    cls.__module__ = "torch.return_types"
    return cls


def return_type(name):
    """The named tuple class PyTorch returns from `name`, or None when it returns a plain tuple."""
    if name not in _return_types and name in python_api["return_types"]:
        _return_types[name] = _named_tuple_class(name, python_api["return_types"][name])
    return _return_types.get(name)


# ---- calls ----


def call_function(qualified, name, args, kwargs):
    """torch.<name>(*args, **kwargs) through operator `qualified` (aten::<name>); kwargs may be
    None."""
    encoder = encode_call(args, kwargs)
    try:
        result = _call_op(qualified, None, encoder.text(), *encoder.values)
    except JsException as error:
        raise _python_error(error) from None
    return _named(name, _decode(result, encoder.tensors))


def call_method(qualified, name, self, args, kwargs):
    """self.<name>(*args, **kwargs) through operator `qualified`."""
    encoder = encode_call(args, kwargs)
    encoder.tensors.insert(0, self)
    try:
        result = _call_op(qualified, self._js, encoder.text(), *encoder.values)
    except JsException as error:
        raise _python_error(error) from None
    return _named(name, _decode(result, encoder.tensors))


def _named(name, result):
    if type(result) is tuple:
        cls = return_type(name)
        if cls is not None:
            return cls(result)
    return result


def _call(function, *args):
    """A bridge function called with plain arguments, its JS errors made Python's."""
    try:
        return function(*args)
    except JsException as error:
        raise _python_error(error) from None


def operator_names():
    """The aten operator names the runtime has, for the package's generated functions."""
    return set(_js.operatorNames().to_py())


# ---- tensors ----


def make_tensor(data, dtype, device, requires_grad):
    """torch.tensor(data, dtype=..., device=..., requires_grad=...)."""
    encoder = encode_call((data, dtype, device, requires_grad), None)
    return _wrap_tensor(_call(_make_tensor, encoder.text(), *encoder.values))


def get_item(tensor, index):
    encoder = encode_call((index,), None)
    encoder.tensors.insert(0, tensor)
    return _decode(_call(_get_item, tensor._js, encoder.text(), *encoder.values), encoder.tensors)


def set_item(tensor, index, value):
    encoder = encode_call((index, value), None)
    _call(_set_item, tensor._js, encoder.text(), *encoder.values)


def tensor_repr(tensor):
    return _call(_repr, tensor._js)


def tensor_shape(tensor):
    return _shape(tensor._js).to_py()


def tensor_strides(tensor):
    return _js.strides(tensor._js).to_py()


def tensor_dtype_name(tensor):
    return _dtype(tensor._js)


def tensor_device_name(tensor):
    return _device(tensor._js)


def tensor_ndim(tensor):
    return _ndim(tensor._js)


def tensor_numel(tensor):
    return _numel(tensor._js)


def tensor_item(tensor):
    """Tensor.item(): a Python int, float or bool."""
    return _decode(_call(_item, tensor._js), ())


def tensor_requires_grad(tensor):
    return _requires_grad(tensor._js)


def set_tensor_requires_grad(tensor, flag):
    _call(_set_requires_grad, tensor._js, flag)


def tensor_tolist(tensor):
    return _decode(_tolist(tensor._js), ())


# ---- autograd state (runtime/python/autograd_bridge.ts) ----


def tensor_grad_fn(tensor):
    """The JS node that made the tensor, or None for a leaf."""
    return _js.gradFn(tensor._js)


def tensor_grad(tensor):
    grad = _js.getGrad(tensor._js)
    return None if grad is None else _wrap_tensor(grad)


def set_tensor_grad(tensor, value):
    _call(_js.setGrad, tensor._js, None if value is None else value._js)


def tensor_is_leaf(tensor):
    return _js.isLeaf(tensor._js)


def _set_grad_enabled(mode):
    """PyTorch's torch._C._set_grad_enabled: the grad-mode flag, set."""
    call_function("aten::set_grad_enabled", "set_grad_enabled", (bool(mode),), None)


def tensor_register_hook(tensor, hook):
    """Tensor.register_hook: the hook runs on JS tensors through a proxy; returns (remove, proxy)."""

    def on_gradient(js_grad):
        result = hook(_wrap_tensor(js_grad))
        return None if result is None else result._js

    proxy = create_proxy(on_gradient)
    return _call(_js.registerHook, tensor._js, proxy), proxy


def node_name(node):
    return _js.nodeName(node)


def node_qualified_name(node):
    return _js.nodeQualifiedName(node)


def node_next_functions(node):
    """((node or None, input number), ...) of a JS node."""
    flat = list(_js.nextFunctions(node))
    return [(flat[i], int(flat[i + 1])) for i in range(0, len(flat), 2)]


# ---- generators, defaults, devices ----


def default_generator():
    return _js.defaultGenerator()


def new_generator():
    return _js.newGenerator()


def generator_manual_seed(generator, seed):
    _call(_js.manualSeed, generator, seed)


def generator_seed(generator):
    return _decode(_js.seed(generator), ())


def generator_initial_seed(generator):
    return _decode(_js.initialSeed(generator), ())


def generator_get_state(generator):
    return _wrap_tensor(_js.getState(generator))


def generator_set_state(generator, state):
    _call(_js.setState, generator, state._js)


def get_default_dtype():
    return _decode(_js.getDefaultDType(), ())


def set_default_dtype(dtype):
    _call(_js.setDefaultDType, dtype._name)


def set_printoptions(options):
    encoder = encode_call((), options)
    _call(_js.setPrintOptions, encoder.text(), *encoder.values)


def cuda_is_available():
    return _js.cudaIsAvailable()


def parse_device(spec):
    """The normalised str of a device spelling ("cuda:1"), or PyTorch's RuntimeError."""
    return _call(_js.parseDevice, spec)


# The running trace (torch.jit.trace), as PyTorch's torch._C._get_tracing_state() gives it.
from torch._C._tracer import _get_tracing_state  # noqa: E402

"""torch.Tensor: a Python object holding a tensor of the TypeScript runtime.

Most methods are generated: every name that PyTorch's Tensor has and that is an aten operator
(python_api.json) becomes a method calling that operator through the runtime's registry, and a
name our registry lacks becomes a method raising NotImplementedError "Tensor.<name> is not
supported yet". This file writes by hand only what is Python protocol (operators, indexing,
len, iter, conversions) or PyTorch's Python code rather than an operator.
"""

import numbers

from torch import _C
from torch._C import _tracer
from torch._device import from_name as _device_from_name
from torch._dtypes import ATTRIBUTES as _DTYPE_ATTRIBUTES, BY_NAME as _DTYPES, dtype as _dtype
from torch._size import Size

# Frames of the generated methods are plumbing: tracebacks shown to cells leave them out.
__tracebackhide__ = True

_new = object.__new__


def _wrap(js_tensor):
    tensor = _new(Tensor)
    tensor._js = js_tensor
    return tensor


def _method(name):
    qualified = "aten::" + name

    def method(self, *args, **kwargs):
        return _C.call_method(qualified, name, self, args, kwargs)

    method.__name__ = method.__qualname__ = name
    return method


def _unsupported(name):
    def method(self, *args, **kwargs):
        raise NotImplementedError(f"Tensor.{name} is not supported yet")

    method.__name__ = method.__qualname__ = name
    return method


def _call(name, self, *args, **kwargs):
    return _C.call_method("aten::" + name, name, self, args, kwargs)


def _binary(name):
    """A binary operator: TypeError becomes NotImplemented, so Python tries the other operand and
    reports `unsupported operand type(s)` as it does for PyTorch's tensors."""
    qualified = "aten::" + name
    call_method = _C.call_method

    def operator(self, other):
        try:
            return call_method(qualified, name, self, (other,), None)
        except TypeError:
            return NotImplemented

    return operator


def _inplace(name):
    """An augmented assignment (x += y): the in-place operator, and x itself as the result."""
    qualified = "aten::" + name
    call_method = _C.call_method

    def operator(self, other):
        try:
            call_method(qualified, name, self, (other,), None)
        except TypeError:
            return NotImplemented
        return self

    return operator


def _reflected(compute):
    def operator(self, other):
        try:
            return compute(self, other)
        except TypeError:
            return NotImplemented

    return operator


def _swapped(name):
    """A reflected operator computed as torch.<name>(other, self)."""
    qualified = "aten::" + name
    return _reflected(lambda self, other: _C.call_function(qualified, name, (other, self), None))


class Tensor:
    """A tensor: a strided view of a storage, with a dtype and a device (runtime/tensor)."""

    __slots__ = ("_js", "__dict__", "__weakref__")

    def __new__(cls, *args, **kwargs):
        """The legacy constructor: Tensor(2, 3) is uninitialised, Tensor([1, 2]) a float32 copy."""
        if kwargs:
            raise TypeError(f"Tensor() got unexpected keyword arguments {', '.join(kwargs)}")
        import torch

        if len(args) == 1 and not isinstance(args[0], int):
            result = torch.tensor(args[0], dtype=torch.get_default_dtype())
        else:
            result = torch.empty(args or (0,), dtype=torch.get_default_dtype())
        return cls._make_subclass(cls, result) if cls is not Tensor else result

    @staticmethod
    def _make_subclass(cls, data, require_grad=False):
        """An object of Tensor subclass `cls` viewing data's memory (nn.Parameter is made so)."""
        tensor = _new(cls)
        tensor._js = _call("detach", data)._js
        tensor.requires_grad = require_grad
        return tensor

    # ---- printing ----

    def __repr__(self, *, tensor_contents=None):
        return _C.tensor_repr(self)

    def __format__(self, spec):
        if self.ndim == 0:
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    # ---- attributes ----

    @property
    def shape(self):
        if _tracer._state is not None:  # a trace computes sizes, to fit the shapes it is given
            return _tracer.traced_shape(self)
        return Size._of(_C.tensor_shape(self))

    def size(self, dim=None):
        if _tracer._state is not None:
            return _tracer.traced_size(self, dim)
        if dim is None:
            return Size._of(_C.tensor_shape(self))
        return _call("size", self, dim)

    def stride(self, dim=None):
        if dim is None:
            return tuple(_C.tensor_strides(self))
        return _call("stride", self, dim)

    @property
    def dtype(self):
        return _DTYPES[_C.tensor_dtype_name(self)]

    @property
    def device(self):
        return _device_from_name(_C.tensor_device_name(self))

    @property
    def is_cuda(self):
        return self.device.type == "cuda"

    @property
    def ndim(self):
        return _C.tensor_ndim(self)

    @property
    def T(self):
        return _call("numpy_T", self)

    @property
    def mT(self):
        return _call("mT", self)

    @property
    def data(self):
        return _call("detach", self)

    @data.setter
    def data(self, value):
        """x.data = y: x now views y's memory, with y's shape and dtype; x keeps its autograd
        state (requires_grad, grad)."""
        requires_grad, grad = self.requires_grad, self.grad
        self._js = _call("detach", value)._js
        self.requires_grad = requires_grad
        if grad is not None and grad.shape == self.shape:
            self.grad = grad

    def type(self, dtype=None, non_blocking=False, **kwargs):
        """The legacy type name ("torch.FloatTensor"), or a copy in another dtype."""
        if dtype is None:
            return "torch." + self.dtype._legacy
        if isinstance(dtype, str):
            dtype = _dtype_from_legacy_name(dtype)
        return self if dtype is self.dtype else self.to(dtype)

    # ---- autograd (runtime/autograd) ----

    @property
    def requires_grad(self):
        return _C.tensor_requires_grad(self)

    @requires_grad.setter
    def requires_grad(self, flag):
        _C.set_tensor_requires_grad(self, bool(flag))

    @property
    def is_leaf(self):
        return _C.tensor_is_leaf(self)

    @property
    def grad(self):
        return _C.tensor_grad(self)

    @grad.setter
    def grad(self, value):
        _C.set_tensor_grad(self, value)

    @grad.deleter
    def grad(self):
        _C.set_tensor_grad(self, None)

    @property
    def grad_fn(self):
        from torch.autograd.graph import wrap

        return wrap(_C.tensor_grad_fn(self))

    @property
    def retains_grad(self):
        return _call("retains_grad", self)

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        import torch.autograd

        torch.autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    def register_hook(self, hook):
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        from torch.autograd.graph import TensorHookHandle

        return TensorHookHandle(*_C.tensor_register_hook(self, hook))

    # ---- conversions ----

    def item(self):
        _tracer.warn_python_dataflow("Python number")
        return _C.tensor_item(self)

    def tolist(self):
        if _tracer._state is not None:
            _tracer.warn_python_dataflow("Python list")
            # PyTorch reads the tensor out with its conjugate and negative bits resolved, which
            # a trace records.
            self.resolve_conj().resolve_neg()
        return _C.tensor_tolist(self)

    def numpy(self):
        raise NotImplementedError("Tensor.numpy is not supported yet")

    def to(self, *args, **kwargs):
        """to(dtype), to(other), or to(device=None, dtype=None), then non_blocking and copy. The
        device form's dtype is optional, which no schema says: it goes by keywords."""
        first = args[0] if args else kwargs.get("dtype", kwargs.get("other"))
        if isinstance(first, (Tensor, _dtype)):
            return _C.call_method("aten::to", "to", self, args, kwargs)
        options = dict(zip(("device", "dtype", "non_blocking", "copy"), args))
        if len(args) > len(options):
            raise TypeError(f"to() takes at most 4 positional arguments ({len(args)} given)")
        options.update(kwargs)
        return _C.call_method("aten::to", "to", self, (), options)

    def cpu(self):
        return self.to("cpu")

    def cuda(self, device=None, non_blocking=False):
        return self.to("cuda" if device is None else device)

    def new_tensor(self, data, dtype=None, device=None, requires_grad=False):
        import torch

        return torch.tensor(
            data,
            dtype=self.dtype if dtype is None else dtype,
            device=self.device if device is None else device,
            requires_grad=requires_grad,
        )

    def __bool__(self):
        _tracer.warn_python_dataflow("Python boolean")
        return _call("is_nonzero", self)

    def __int__(self):
        _tracer.warn_python_dataflow("Python integer")
        return int(_C.tensor_item(self))

    def __float__(self):
        _tracer.warn_python_dataflow("Python float")
        return float(_C.tensor_item(self))

    def __index__(self):
        value = _C.tensor_item(self) if _C.tensor_numel(self) == 1 else None
        if type(value) is bool:
            return int(value)
        if type(value) is not int:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return value

    # ---- sequence protocol ----

    def __len__(self):
        shape = _C.tensor_shape(self)
        if not shape:
            raise TypeError("len() of a 0-d tensor")
        if _tracer._state is not None:
            _tracer.warn_caller(
                "Using len to get tensor shape might cause the trace to be incorrect. Recommended "
                "usage would be tensor.shape[0]. Passing a tensor of different shape might lead "
                "to errors or silently give incorrect results."
            )
            return self.shape[0]
        return shape[0]

    def __iter__(self):
        if self.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        if _tracer._state is not None:
            _tracer.warn_caller(
                "Iterating over a tensor might cause the trace to be incorrect. Passing a tensor "
                "of different shape won't change the number of iterations executed (and might "
                "lead to errors or silently give incorrect results)."
            )
        return iter(self.unbind(0))

    def __reversed__(self):
        return self if self.ndim == 0 else self.flip(0)

    def __contains__(self, element):
        if isinstance(element, (Tensor, numbers.Number)):
            return (element == self).any().item()
        raise RuntimeError(
            "Tensor.__contains__ only supports Tensor or scalar, but you passed in a "
            f"{type(element)}."
        )

    def __getitem__(self, index):
        return _C.get_item(self, index)

    def __setitem__(self, index, value):
        _C.set_item(self, index, value)

    def __hash__(self):
        return id(self)

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        if not self.is_leaf:
            raise RuntimeError(
                "Only Tensors created explicitly by the user (graph leaves) support the deepcopy "
                "protocol at the moment"
            )
        import torch

        with torch.no_grad():
            copy = _call("clone", self)
        if type(self) is not Tensor:
            copy = type(self)._make_subclass(type(self), copy, self.requires_grad)
        else:
            copy.requires_grad = self.requires_grad
        if self.grad is not None:
            copy.grad = self.grad.__deepcopy__(memo)
        memo[id(self)] = copy
        return copy

    # ---- arithmetic ----

    __add__ = _binary("add")
    __radd__ = _binary("add")
    __sub__ = _binary("sub")
    __rsub__ = _binary("rsub")
    __mul__ = _binary("mul")
    __rmul__ = _binary("mul")
    __truediv__ = _binary("div")
    __floordiv__ = _binary("floor_divide")
    __mod__ = _binary("remainder")
    __pow__ = _binary("pow")
    __matmul__ = _binary("matmul")
    __and__ = _binary("bitwise_and")
    __rand__ = _binary("bitwise_and")
    __or__ = _binary("bitwise_or")
    __ror__ = _binary("bitwise_or")
    __xor__ = _binary("bitwise_xor")
    __rxor__ = _binary("bitwise_xor")
    __lshift__ = _binary("__lshift__")
    __rshift__ = _binary("__rshift__")
    __eq__ = _binary("eq")
    __ne__ = _binary("ne")
    __lt__ = _binary("lt")
    __le__ = _binary("le")
    __gt__ = _binary("gt")
    __ge__ = _binary("ge")

    # PyTorch computes these reflected forms as other operations (1 / x is x.reciprocal() * 1).
    __rtruediv__ = _reflected(lambda self, other: _call("reciprocal", self) * other)
    __rfloordiv__ = _swapped("floor_divide")
    __rmod__ = _swapped("remainder")
    __rpow__ = _swapped("pow")
    __rmatmul__ = _swapped("matmul")
    __rlshift__ = _swapped("bitwise_left_shift")
    __rrshift__ = _swapped("bitwise_right_shift")

    __iadd__ = _inplace("add_")
    __isub__ = _inplace("sub_")
    __imul__ = _inplace("mul_")
    __itruediv__ = _inplace("div_")
    __ifloordiv__ = _inplace("floor_divide_")
    __imod__ = _inplace("remainder_")
    __ipow__ = _inplace("pow_")
    __iand__ = _inplace("bitwise_and_")
    __ior__ = _inplace("bitwise_or_")
    __ixor__ = _inplace("bitwise_xor_")
    __ilshift__ = _inplace("__ilshift__")
    __irshift__ = _inplace("__irshift__")

    def __neg__(self):
        return _call("neg", self)

    def __pos__(self):
        return _call("positive", self)

    def __abs__(self):
        return _call("abs", self)

    def __invert__(self):
        return _call("bitwise_not", self)


def _dtype_from_legacy_name(name):
    legacy = name.rpartition(".")[2]
    for d in _DTYPES.values():
        if d._legacy == legacy:
            return d
    raise ValueError(f"invalid type: '{name}'")


def _conversion(dtype):
    def method(self, memory_format=None):
        return self.to(dtype)

    return method


for _name, _dtype_name in (
    ("float", "float32"),
    ("double", "float64"),
    ("long", "int64"),
    ("int", "int32"),
    ("short", "int16"),
    ("char", "int8"),
    ("byte", "uint8"),
    ("bool", "bool"),
):
    setattr(Tensor, _name, _conversion(_DTYPE_ATTRIBUTES[_dtype_name]))
    getattr(Tensor, _name).__name__ = _name


def _install_methods():
    """The methods generated from python_api.json: the registry's operator, or "not supported"."""
    available = _C.operator_names()
    for name in _C.python_api["tensor_methods"]:
        if name in Tensor.__dict__:
            continue
        setattr(Tensor, name, _method(name) if name in available else _unsupported(name))


_install_methods()
_C.register_encoder(Tensor, _C.encode_tensor)
_C.set_result_types(_wrap, _DTYPES, _device_from_name)

# torch.Tensor, not torch._tensor.Tensor, as repr(type(x)) and error messages name it.
Tensor.__module__ = "torch"
# PyTorch's Python-level alias of dim().
Tensor.ndimension = lambda self: self.dim()

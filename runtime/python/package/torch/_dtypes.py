"""torch.dtype and its instances (torch.float32, alias torch.float, ...).

The dtypes the runtime has (runtime/tensor/dtype.ts); PyTorch's others (float16, complex64, the
quantized ones) are named by UNSUPPORTED, and torch's module __getattr__ says so when asked.
"""

from torch import _C


class dtype:
    """A tensor element type; cross to the runtime as its name ("float32")."""

    __slots__ = ("_name", "_legacy", "is_floating_point", "is_complex", "is_signed")

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'torch.dtype' instances")

    def __repr__(self):
        return "torch." + self._name

    def __reduce__(self):
        # Pickled by name, so it unpickles as the same object (torch.float32).
        return self._name

    def to_real(self):
        return self

    def to_complex(self):
        raise NotImplementedError(
            f"complex dtypes (torch.{self._name}.to_complex()) are not supported yet"
        )


def _make(name, legacy, floating, signed):
    d = object.__new__(dtype)
    d._name = name
    d._legacy = legacy
    d.is_floating_point = floating
    d.is_complex = False
    d.is_signed = signed
    return d


# name -> dtype, for decoding the runtime's dtype names.
BY_NAME = {
    d._name: d
    for d in (
        _make("float32", "FloatTensor", True, True),
        _make("float64", "DoubleTensor", True, True),
        _make("int64", "LongTensor", False, True),
        _make("int32", "IntTensor", False, True),
        _make("int16", "ShortTensor", False, True),
        _make("int8", "CharTensor", False, True),
        _make("uint8", "ByteTensor", False, False),
        _make("bool", "BoolTensor", False, False),
    )
}

# The names torch.<name> gives a dtype by, aliases included.
ATTRIBUTES = dict(BY_NAME)
ATTRIBUTES.update(
    float=BY_NAME["float32"],
    double=BY_NAME["float64"],
    long=BY_NAME["int64"],
    int=BY_NAME["int32"],
    short=BY_NAME["int16"],
)

# PyTorch 1.13's other dtypes.
UNSUPPORTED = (
    "float16", "half", "bfloat16", "complex32", "chalf", "complex64", "cfloat", "complex128",
    "cdouble", "quint8", "qint8", "qint32", "quint4x2", "quint2x4",
)

_C.register_encoder(dtype, lambda encoder, value: encoder.leaf("d", value._name))

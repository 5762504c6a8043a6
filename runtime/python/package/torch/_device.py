"""torch.device: a device type and an optional index; the runtime parses the spellings."""

import builtins

from torch import _C


class device:
    __slots__ = ("_type", "_index")

    def __init__(self, type, index=None):
        if isinstance(type, device):
            if index is not None:
                raise TypeError("device(): an index cannot be given with a torch.device")
            self._type, self._index = type._type, type._index
            return
        if isinstance(type, builtins.int) and not isinstance(type, bool):
            # torch.device(1) is the CUDA device 1.
            type, index = "cuda", type if index is None else index
        if not isinstance(type, str):
            got = builtins.type(type).__name__
            raise TypeError(f"device() received an invalid combination of arguments - got ({got})")
        spec = _C.parse_device(type)
        kind, _, number = spec.partition(":")
        if index is not None:
            if number:
                raise RuntimeError(
                    "type (string) must not include an index because index was passed "
                    f"explicitly: {type}"
                )
            if index < 0:
                raise RuntimeError("Device index must not be negative")
            number = str(index)
        self._type = kind
        self._index = builtins.int(number) if number else None

    @property
    def type(self):
        return self._type

    @property
    def index(self):
        return self._index

    def __str__(self):
        return self._type if self._index is None else f"{self._type}:{self._index}"

    def __repr__(self):
        if self._index is None:
            return f"device(type='{self._type}')"
        return f"device(type='{self._type}', index={self._index})"

    def __eq__(self, other):
        if not isinstance(other, device):
            return NotImplemented
        return self._type == other._type and self._index == other._index

    def __hash__(self):
        return hash((self._type, self._index))

    def __reduce__(self):
        return (device, (self._type,) if self._index is None else (self._type, self._index))


_by_name = {}


def from_name(name):
    """The device the runtime names "cpu" or "cuda:0", one object per name."""
    found = _by_name.get(name)
    if found is None:
        found = _by_name[name] = device(name)
    return found


_C.register_encoder(device, lambda encoder, value: encoder.leaf("D", str(value)))

"""torch.Generator, the default generator and the torch functions that seed it.

The generator itself is the runtime's (runtime/random/generator.ts): PyTorch's mt19937 and
state layout, so torch.manual_seed(0); torch.randn(3) gives PyTorch's numbers.
"""

from torch import _C
from torch._device import device as _device


class Generator:
    __slots__ = ("_js", "_device")

    def __init__(self, device="cpu"):
        self._device = _device(device)
        if self._device.type != "cpu":
            raise NotImplementedError(
                f"torch.Generator(device='{self._device}') is not supported yet"
            )
        self._js = _C.new_generator()

    @property
    def device(self):
        return self._device

    def manual_seed(self, seed):
        if not isinstance(seed, int):
            raise TypeError(f"manual_seed expected a long, but got {type(seed).__name__}")
        _C.generator_manual_seed(self._js, seed)
        return self

    def seed(self):
        return _C.generator_seed(self._js)

    def initial_seed(self):
        return _C.generator_initial_seed(self._js)

    def get_state(self):
        return _C.generator_get_state(self._js)

    def set_state(self, new_state):
        _C.generator_set_state(self._js, new_state)
        return self


# Printed as PyTorch prints it: <torch._C.Generator object at 0x...>.
Generator.__module__ = "torch._C"


def _wrap(js_generator):
    generator = object.__new__(Generator)
    generator._js = js_generator
    generator._device = _device("cpu")
    return generator


default_generator = _wrap(_C.default_generator())


def manual_seed(seed):
    """Seeds the default generator; returns it."""
    return default_generator.manual_seed(int(seed))


def seed():
    return default_generator.seed()


def initial_seed():
    return default_generator.initial_seed()


def get_rng_state():
    return default_generator.get_state()


def set_rng_state(new_state):
    default_generator.set_state(new_state)


_C.register_encoder(Generator, _C.encode_js_object("o"))

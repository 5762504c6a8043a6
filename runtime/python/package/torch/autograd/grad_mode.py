"""torch.no_grad(), torch.enable_grad(), torch.set_grad_enabled(mode): context managers and
decorators that switch gradient recording (runtime/autograd/grad_mode.ts: one flag, which compiled
code switches too, through aten::set_grad_enabled).

no_grad and enable_grad are written as PyTorch's are, so that TorchScript compiles `with
torch.no_grad():` from this source: the compiler reads the methods each class defines itself
(__init__, __enter__, __exit__), where torch.is_grad_enabled and torch.set_grad_enabled are the
operators; in Python, set_grad_enabled is the class below, which switches the flag as it is made.
"""

import functools
from typing import Any

import torch
from torch import _C


def is_grad_enabled():
    return _C.call_function("aten::is_grad_enabled", "is_grad_enabled", (), None)


def _set(mode):
    _C.call_function("aten::set_grad_enabled", "set_grad_enabled", (bool(mode),), None)


class _DecoratorContextManager:
    """Lets a context manager class decorate functions: each call runs inside a fresh one."""

    def __call__(self, function):
        @functools.wraps(function)
        def decorated(*args, **kwargs):
            with self.clone():
                return function(*args, **kwargs)

        return decorated

    def clone(self):
        return self.__class__()


class no_grad(_DecoratorContextManager):
    def __init__(self) -> None:
        self.prev = False

    def __enter__(self) -> None:
        self.prev = torch.is_grad_enabled()
        torch.set_grad_enabled(False)

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        torch.set_grad_enabled(self.prev)


class enable_grad(_DecoratorContextManager):
    def __init__(self) -> None:
        self.prev = False

    def __enter__(self) -> None:
        self.prev = torch.is_grad_enabled()
        torch._C._set_grad_enabled(True)

    def __exit__(self, exc_type: Any, exc_value: Any, traceback: Any) -> None:
        torch._C._set_grad_enabled(self.prev)


class set_grad_enabled(_DecoratorContextManager):
    """Sets the flag at once (as a function) and restores it on leaving a `with` block."""

    def __init__(self, mode):
        self.prev = is_grad_enabled()
        self.mode = bool(mode)
        _set(mode)

    def __enter__(self):
        pass

    def __exit__(self, exc_type, exc_value, traceback):
        _set(self.prev)

    def __call__(self, function):
        _set(self.prev)
        return super().__call__(function)

    def clone(self):
        return self.__class__(self.mode)


class inference_mode(_DecoratorContextManager):
    """torch.inference_mode(mode=True): no recording inside, as no_grad. Inference tensors, with
    their own restrictions, are PyTorch's speed-up only: tensors made here are ordinary ones."""

    def __init__(self, mode=True):
        self.mode = bool(mode)
        self.prev = False

    def __enter__(self):
        self.prev = is_grad_enabled()
        if self.mode:
            _set(False)

    def __exit__(self, exc_type, exc_value, traceback):
        _set(self.prev)

    def clone(self):
        return self.__class__(self.mode)

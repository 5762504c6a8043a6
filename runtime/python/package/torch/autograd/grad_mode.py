"""torch.no_grad(), torch.enable_grad(), torch.set_grad_enabled(mode): context managers and
decorators that switch gradient recording. There is no autograd yet, so the switch is only a
flag that torch.is_grad_enabled() reads, kept so that code written for PyTorch runs unchanged.
"""

import functools

_enabled = True


def is_grad_enabled():
    return _enabled


def _set(mode):
    global _enabled
    _enabled = bool(mode)


class _GradMode:
    """Sets the flag to `self._mode` inside a `with` block or a decorated function."""

    _mode = True

    def __enter__(self):
        self._previous = _enabled
        _set(self._mode)

    def __exit__(self, *exc_info):
        _set(self._previous)
        return False

    def __call__(self, function):
        @functools.wraps(function)
        def decorated(*args, **kwargs):
            with self.__class__():
                return function(*args, **kwargs)

        return decorated

    def clone(self):
        return self.__class__()


class no_grad(_GradMode):
    _mode = False


class enable_grad(_GradMode):
    _mode = True


class set_grad_enabled(_GradMode):
    """Sets the flag at once (as a function) and restores it on leaving a `with` block."""

    def __init__(self, mode):
        self._previous = _enabled
        self._mode = bool(mode)
        _set(mode)

    def __enter__(self):
        pass

    def __call__(self, function):
        _set(self._previous)
        mode = self._mode

        @functools.wraps(function)
        def decorated(*args, **kwargs):
            with set_grad_enabled(mode):
                return function(*args, **kwargs)

        return decorated

    def clone(self):
        return self.__class__(self._mode)

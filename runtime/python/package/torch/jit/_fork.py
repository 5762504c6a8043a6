"""torch.jit.fork / wait / Future outside TorchScript: fork runs the function at once and hands
back a completed future (inside TorchScript they are operators the interpreter schedules)."""

__tracebackhide__ = True


class Future:
    """torch.jit.Future: the result of a fork."""

    __slots__ = ("_value",)

    def __init__(self, value=None):
        self._value = value

    def wait(self):
        return self._value

    def value(self):
        return self._value

    def done(self):
        return True

    def __class_getitem__(cls, item):
        return cls

    def __repr__(self):
        return f"<torch.jit.Future object at {hex(id(self))}>"


Future.__module__ = "torch.jit"


def fork(func, *args, **kwargs):
    from torch._C import _tracer

    if _tracer._is_tracing():
        # PyTorch records a forked call as a prim::fork subgraph; run inline, ours would not.
        raise NotImplementedError("torch.jit.fork while tracing is not supported yet")
    return Future(func(*args, **kwargs))


def wait(future):
    return future.wait()

"""The nodes of the autograd graph as Python sees them: `tensor.grad_fn` and its
`next_functions`. Each node's Python class is named after it (TanhBackward0), as PyTorch's
generated classes are, so that reprs and type names match."""

from torch import _C

_classes = {}


class Node:
    """A node of the graph (PyTorch's torch.autograd.graph.Node); wraps the runtime's node."""

    __slots__ = ("_js",)

    def name(self):
        return _C.node_qualified_name(self._js)

    @property
    def next_functions(self):
        return tuple((wrap(node), nr) for node, nr in _C.node_next_functions(self._js))

    def __eq__(self, other):
        return isinstance(other, Node) and bool(self._js == other._js)

    def __hash__(self):
        return hash(_C.node_name(self._js))

    def register_hook(self, fn):
        raise NotImplementedError("Node.register_hook is not supported yet")

    def register_prehook(self, fn):
        raise NotImplementedError("Node.register_prehook is not supported yet")


def _class_named(name):
    cls = _classes.get(name)
    if cls is None:
        cls = type(name, (Node,), {"__slots__": ()})
        cls.__module__ = "builtins"
        _classes[name] = cls
    return cls


def wrap(js_node):
    """A Python node for a runtime node, or None."""
    if js_node is None:
        return None
    node = object.__new__(_class_named(_C.node_name(js_node)))
    node._js = js_node
    return node


class TensorHookHandle:
    """What Tensor.register_hook returns: remove() takes the hook out again (also on leaving a
    `with` block), as torch.utils.hooks.RemovableHandle does."""

    def __init__(self, remove, proxy):
        self._remove = remove
        self._proxy = proxy

    def remove(self):
        if self._proxy is not None:
            self._remove()
            self._proxy.destroy()
            self._proxy = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.remove()

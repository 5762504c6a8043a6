"""The markers TorchScript-facing Python code of this package uses, as PyTorch's
torch._jit_internal defines them: BroadcastingList1/2/3 annotations, boolean_dispatch and
_overload.

In CPython they only record what they were given. The TorchScript compiler reads the sources of
the modules that use them (torch/nn/functional.py) and gives each its meaning:

* ``BroadcastingList2[int]`` is ``List[int]`` where a single int stands for a list of two;
* ``boolean_dispatch(...)`` picks one of two functions by a constant bool argument;
* ``@_overload`` declarations give one function several signatures, compiled separately around
  the implementation's body.
"""
import weakref


class _BroadcastingListType:
    """``BroadcastingList2[int]`` evaluates to None in Python: only the compiler reads it."""

    def __init__(self, length):
        self.length = length

    def __getitem__(self, element_type):
        return None

    def __repr__(self):
        return f"BroadcastingList{self.length}"


BroadcastingList1 = _BroadcastingListType(1)
BroadcastingList2 = _BroadcastingListType(2)
BroadcastingList3 = _BroadcastingListType(3)

# dispatcher -> {"if_true", "if_false", "index", "default", "arg_name"}, for Python hosts that
# resolve names for the compiler from live objects.
boolean_dispatched = weakref.WeakKeyDictionary()


def boolean_dispatch(arg_name, arg_index, default, if_true, if_false, module_name, func_name):
    """A function that calls ``if_true`` or ``if_false`` by the bool argument ``arg_name``
    (found at ``arg_index`` when passed positionally, else ``default``)."""

    def dispatcher(*args, **kwargs):
        if arg_name in kwargs:
            flag = kwargs[arg_name]
        elif arg_index < len(args):
            flag = args[arg_index]
        else:
            flag = default
        chosen = if_true if flag else if_false
        return chosen(*args, **kwargs)

    dispatcher.__doc__ = if_true.__doc__ or if_false.__doc__
    if module_name is not None:
        dispatcher.__module__ = module_name
    if func_name is not None:
        dispatcher.__name__ = func_name
        dispatcher.__qualname__ = func_name
    boolean_dispatched[dispatcher] = {
        "if_true": if_true,
        "if_false": if_false,
        "index": arg_index,
        "default": default,
        "arg_name": arg_name,
    }
    return dispatcher


# "module.qualname" -> the @_overload declarations, in order.
_overloaded_declarations = {}


def _overload(declaration):
    """Records one signature of an overloaded function; the undecorated definition that follows
    is its implementation and is what Python calls."""
    key = f"{declaration.__module__}.{declaration.__qualname__}"
    _overloaded_declarations.setdefault(key, []).append(declaration)
    return declaration


def _get_fn_overloads(qualified_name):
    return _overloaded_declarations.get(qualified_name)


def _copy_to_script_wrapper(fn):
    """Marks a container method scripted modules keep (PyTorch copies it onto their wrapper);
    our RecursiveScriptModule is a Module subclass and has them already."""
    return fn

"""torch.jit.script for functions, TorchScript classes and NamedTuples, and ScriptFunction.

The compiler and interpreter are TypeScript (compiler/, runtime/interpreter/); this module gives
them what only Python knows: a function's source (cells register theirs in linecache), where it
starts, its evaluated defaults, and a lookup for the names it uses (_resolution.py). A function
is compiled once; scripting it again returns the same ScriptFunction.
"""

import inspect
import linecache
import weakref

from torch import _C
from torch._C import _jit
from torch.jit import _resolution

__tracebackhide__ = True

_compiled_functions = weakref.WeakKeyDictionary()
_compiled_classes = weakref.WeakKeyDictionary()
_named_tuples = weakref.WeakKeyDictionary()
# qualified name -> NamedTuple class, to give compiled code's results their Python class.
_named_tuple_classes = weakref.WeakValueDictionary()
_C.set_named_tuple_lookup(_named_tuple_classes.get)


def _qualified_name(obj):
    """`__torch__.<module>.<qualname>`; what runs in a notebook (__main__) is `__torch__.<name>`."""
    module = obj.__module__
    prefix = "__torch__" if module == "__main__" else "__torch__." + module
    return prefix + "." + obj.__qualname__.replace(".<locals>", "")


def _class_source(cls):
    """A class's source found through its methods' file: a notebook's __main__ has no __file__,
    which is where inspect looks for a class's."""
    functions = [f for f in vars(cls).values() if inspect.isfunction(f)]
    first = getattr(cls, "__firstlineno__", None)
    if not functions or first is None:
        raise OSError("source code not available")
    filename = functions[0].__code__.co_filename
    lines = linecache.getlines(filename)
    start = first - 1
    while start > 0 and lines[start - 1].lstrip().startswith("@"):
        start -= 1
    body = inspect.getblock(lines[first - 1 :])
    return "".join(lines[start : first - 1] + body), filename, start + 1


def _source_of(obj):
    """The object's source text, the file it is in, and its first line (decorators included)."""
    try:
        if inspect.isclass(obj):
            try:
                return _class_source(obj)
            except OSError:
                pass
        lines, first_line = inspect.getsourcelines(obj)
        filename = inspect.getsourcefile(obj) or inspect.getfile(obj)
    except (OSError, TypeError) as error:
        raise OSError(
            f"Can't get source for {obj}. TorchScript requires source access in order to carry "
            "out compilation, make sure original .py files are available."
        ) from error
    if not inspect.isclass(obj):
        lines = _aligned_to_def(lines)
    return "".join(lines), filename, first_line


def _aligned_to_def(lines):
    """Every line indented at least as far as the `def` line, as PyTorch aligns a function's source
    (comments and blank lines of a method show the method's indentation in error excerpts)."""
    def_line = next((line for line in lines if line.lstrip().startswith("def")), None)
    if def_line is None:
        return lines
    indent = def_line.split("def")[0]
    return [line if line.startswith(indent) else indent + line for line in lines]


def _defaults(function):
    return {
        name: parameter.default
        for name, parameter in inspect.signature(function).parameters.items()
        if parameter.default is not inspect.Parameter.empty
    }


class Graph:
    """A compiled graph as PyTorch's torch._C.Graph shows itself: its text."""

    __slots__ = ("_text",)

    def __init__(self, text):
        self._text = text

    def __str__(self):
        return self._text

    __repr__ = __str__


class ScriptFunction:
    """A compiled function: call it as the Python function; .graph, .code and .schema show it."""

    __module__ = "torch.jit"  # where PyTorch's lives, as type(function) shows it

    def __init__(self, handle, original):
        self._handle = handle
        self._original = original
        self.__doc__ = getattr(original, "__doc__", None)

    @property
    def name(self):
        return self._handle.name

    @property
    def qualified_name(self):
        return self._handle.qualifiedName

    @property
    def graph(self):
        return Graph(self._handle.graph())

    @property
    def inlined_graph(self):
        return Graph(self._handle.inlinedGraph())

    @property
    def code(self):
        return self._handle.code()

    @property
    def schema(self):
        return self._handle.schema()

    def _return_annotation(self):
        """The return type as Python annotations write it (`Tuple[Tensor, int]`)."""
        return self._handle.returnType()

    def __call__(self, *args, **kwargs):
        return _jit.call_handle(self._handle, args, kwargs)

    def __repr__(self):
        return f"<torch.jit.ScriptFunction object at {hex(id(self))}>"

    def _repr_mimebundle_(self, include=None, exclude=None):
        """Its graph drawn and its code, in a notebook (torch/jit/_display.py)."""
        from torch.jit import _display

        return _display.compiled_bundle(self)


# PyTorch's ScriptFunction is a C++ class that torch.jit exports under its own name.
ScriptFunction.__module__ = "torch.jit"


def script_function(function):
    compiled = _compiled_functions.get(function)
    if compiled is not None:
        return compiled
    source, filename, first_line = _source_of(function)
    handle = _jit.compile_function(
        _qualified_name(function),
        source,
        filename,
        first_line,
        _resolution.lookup_for(function),
        _defaults(function),
    )
    compiled = ScriptFunction(handle, function)
    _compiled_functions[function] = compiled
    return compiled


class _ClassHandle:
    __slots__ = ("_handle",)

    def __init__(self, handle):
        self._handle = handle


def script_class(cls):
    """Compiles a TorchScript class (once); the class itself stays what Python uses."""
    compiled = _compiled_classes.get(cls)
    if compiled is None:
        if len(cls.mro()) > 2:
            raise RuntimeError(
                "TorchScript classes does not support inheritance yet. Please directly declare "
                "all the member functions in the class"
            )
        source, filename, first_line = _source_of(cls)
        handle = _jit.compile_class(
            _qualified_name(cls), source, filename, first_line, _resolution.lookup_for_class(cls)
        )
        compiled = _ClassHandle(handle)
        _compiled_classes[cls] = compiled
        # Python instances passed to compiled code become TorchScript objects of the class.
        _C.register_encoder(cls, lambda e, v: e.leaf("O", _jit.new_object(handle, vars(v))))
    return compiled


def named_tuple_handle(cls):
    """The compiler's tuple type for a NamedTuple class, its fields typed by their annotations."""
    handle = _named_tuples.get(cls)
    if handle is None:
        annotations = getattr(cls, "__annotations__", {})
        fields = list(cls._fields)
        texts = [_annotation_text(annotations[f]) if f in annotations else None for f in fields]
        qualified = _qualified_name(cls)
        handle = _jit.named_tuple_type(qualified, fields, texts, _resolution.lookup_for_class(cls))
        _named_tuples[cls] = handle
        _named_tuple_classes[qualified] = cls
    return handle


def _annotation_text(annotation):
    """An annotation as source text the compiler parses: `int`, `List[int]`, `torch.Tensor`."""
    if isinstance(annotation, str):
        return annotation
    if isinstance(annotation, type):
        return annotation.__name__
    return repr(annotation).replace("typing.", "")


def script(obj, optimize=None, _frames_up=0, _rcb=None, example_inputs=None):
    """torch.jit.script: compiles a function, a TorchScript class or an nn.Module instance."""
    if optimize is not None:
        import warnings

        warnings.warn(
            "`optimize` is deprecated and has no effect. Use `with torch.jit.optimized_execution() "
            "instead",
            FutureWarning,
            stacklevel=2,
        )
    if isinstance(obj, ScriptFunction):
        return obj
    module_class = getattr(getattr(__import__("torch"), "nn", None), "Module", None)
    if module_class is not None and isinstance(obj, module_class):
        from torch.jit import _recursive
        from torch.jit._script_module import ScriptModule

        if isinstance(obj, ScriptModule):
            return obj

        return _recursive.script_module(obj)
    if inspect.isclass(obj):
        script_class(obj)
        return obj
    if inspect.isfunction(obj) or inspect.ismethod(obj):
        return script_function(obj)
    raise RuntimeError(
        f"Cannot script a {type(obj).__name__}: TorchScript compiles functions, classes and "
        "nn.Module instances"
    )

"""The magics that compile and show: %script, %%script, %trace, %%trace, %graph. What they show
is each compiled function's bundle (torch/jit/_display.py), which the kernel draws."""

import ast
import shlex

import __main__
import _torchscript_display
from _torchscript_magic_support import UsageError

__tracebackhide__ = True


def script_line(line, globals_, locals_):
    """%script NAME: compiles an existing function, class or nn.Module instance (any expression
    naming one) and shows its graph and code."""
    if not line.strip():
        raise UsageError("%script needs an object: %script NAME")
    obj = eval(line.strip(), globals_, locals_)
    _show_compiled(_compile(obj, line.strip()))


def script_cell(line, cell):
    """%%script: runs the cell, then compiles every function, class and nn.Module instance it
    defined and shows each one's graph and code."""
    if line.strip():
        raise UsageError(f"%%script takes no arguments, got: {line.strip()}")
    tree = cell.parse()
    value = cell.run_all()
    names = _defined_names(tree.body)
    namespace = __main__.__dict__
    objects = [(name, namespace[name]) for name in names if name in namespace]
    instances = {type(obj) for _, obj in objects if _is_module_instance(obj)}
    for name, obj in objects:
        if isinstance(obj, type) and obj in instances:
            continue  # its instance, defined in the cell too, is the one shown
        compiled = _compile_defined(name, obj)
        if compiled is not None:
            _show_compiled(compiled)
    return value


def _defined_names(statements):
    """Names the cell's top-level statements bind by def, class or assignment, in order."""
    names = []
    for statement in statements:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(statement.name)
        elif isinstance(statement, ast.Assign):
            names.extend(t.id for t in statement.targets if isinstance(t, ast.Name))
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            names.append(statement.target.id)
    return list(dict.fromkeys(names))


def _compile_defined(name, obj):
    """What %%script shows for a name the cell defined, or None for values that are not code."""
    import inspect

    import torch

    if isinstance(obj, (torch.jit.ScriptFunction, torch.jit.ScriptModule)):
        return obj
    if _is_module_instance(obj) or inspect.isfunction(obj):
        return torch.jit.script(obj)
    if not isinstance(obj, type):
        return None
    if issubclass(obj, torch.nn.Module):
        return _module_class_instance(name, obj)
    if issubclass(obj, tuple):
        return None  # a NamedTuple is a type for annotations, with no code of its own
    return torch.jit.script(obj)


def _module_class_instance(name, cls):
    """An nn.Module class defined without an instance: scripted from an instance made with no
    arguments when its constructor takes none."""
    import inspect

    import torch

    required = [
        p
        for p in list(inspect.signature(cls.__init__).parameters.values())[1:]
        if p.default is inspect.Parameter.empty
        and p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    ]
    if required:
        arguments = ", ".join(p.name for p in required)
        print(f"{name}: an nn.Module class whose constructor needs {arguments}; "
              f"script an instance to see it: %script {name}(...)")
        return None
    return torch.jit.script(cls())


def _is_module_instance(obj):
    import torch

    return isinstance(obj, torch.nn.Module)


def _compile(obj, text):
    """torch.jit.script of what %script names: compiled things are shown as they are."""
    import inspect

    import torch

    if isinstance(obj, (torch.jit.ScriptFunction, torch.jit.ScriptModule)):
        return obj
    if type(obj).__name__ == "ScriptMethod":
        return obj
    if isinstance(obj, type) and issubclass(obj, torch.nn.Module):
        compiled = _module_class_instance(text, obj)
        if compiled is None:
            raise UsageError(f"%script {text}: an nn.Module class needs an instance")
        return compiled
    if inspect.isfunction(obj) or inspect.ismethod(obj) or isinstance(obj, (type, torch.nn.Module)):
        return torch.jit.script(obj)
    raise UsageError(
        f"%script {text}: a {type(obj).__name__} is not a function, class or nn.Module"
    )


def _show_compiled(obj, **options):
    from torch.jit import _display

    bundles = _display.compiled_bundles(obj, **options)
    if not bundles:
        raise UsageError(f"{type(obj).__name__} has no compiled function to show")
    for bundle in bundles:
        _torchscript_display.publish_display_data(bundle)


# ---- %trace, %%trace ----


def trace_line(line, globals_, locals_):
    """%trace f(x, y): torch.jit.trace(f, (x, y)), then its graph and code."""
    expression = line.strip()
    if not expression:
        raise UsageError("%trace needs a call to trace: %trace f(x, y)")
    call = _parsed_call(expression)

    def evaluate(node):
        return eval(compile(ast.Expression(node), "<trace>", "eval"), globals_, locals_)

    _trace(expression, evaluate(call.func), evaluate(_as_tuple(call)))


def trace_cell(line, cell):
    """%%trace: runs the cell, whose last line is the call to trace."""
    if line.strip():
        raise UsageError(f"%%trace takes no arguments, got: {line.strip()}")
    tree = cell.parse()
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr) or not isinstance(last.value, ast.Call):
        raise UsageError("%%trace: the cell's last line must be the call to trace, as f(x, y)")
    cell.run(tree.body[:-1])
    call = last.value
    _trace(ast.unparse(call), cell.evaluate(call.func), cell.evaluate(_as_tuple(call)))


def _parsed_call(expression):
    try:
        tree = ast.parse(expression, "<trace>", "eval")
    except SyntaxError as error:
        raise UsageError(f"%trace {expression}: {error.msg}") from None
    if not isinstance(tree.body, ast.Call):
        raise UsageError(f"%trace traces a call, as f(x, y); got: {expression}")
    return tree.body


def _as_tuple(call):
    """The call's positional arguments as one tuple expression (starred ones included)."""
    if call.keywords:
        raise UsageError("%trace: example inputs are positional; torch.jit.trace takes a tuple")
    return ast.copy_location(ast.Tuple(elts=call.args, ctx=ast.Load()), call)


def _trace(text, function, example_inputs):
    import torch

    try:
        traced = torch.jit.trace(function, example_inputs)
    except NotImplementedError as error:
        raise NotImplementedError(f"%trace {text}: {error}") from None
    _show_compiled(traced)


# ---- %graph ----


def graph_line(line, globals_, locals_):
    """%graph OBJ [--inlined] [--no-constants]: the drawn graph alone; a function or module that
    is not compiled yet is scripted first."""
    flags, target = _graph_arguments(line)
    unknown = flags - {"--inlined", "--no-constants"}
    if unknown:
        raise UsageError(f"%graph: unknown option {sorted(unknown)[0]} (--inlined, --no-constants)")
    if not target:
        raise UsageError("%graph needs an object: %graph OBJ [--inlined] [--no-constants]")
    compiled = _compile(eval(target, globals_, locals_), target)
    _show_compiled(
        compiled,
        inlined="--inlined" in flags,
        constants="--no-constants" not in flags,
        code=False,
        text="graph",
    )


def _graph_arguments(line):
    """%graph's options (--name) and the expression naming what to draw."""
    words = shlex.split(line)
    flags = {w for w in words if w.startswith("--")}
    return flags, " ".join(w for w in words if not w.startswith("--"))


def graph_code(line):
    """The code %graph runs in the cells' namespace: its expression."""
    return [_graph_arguments(line)[1]]

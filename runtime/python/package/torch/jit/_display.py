"""How compiled things show in a notebook: ScriptFunction, ScriptMethod and RecursiveScriptModule
give a MIME bundle whose text/plain is PyTorch's repr and whose
application/vnd.torchscript.compiled+json holds the compiled function's graph (as data, see
runtime/jit/graph_view.ts) and code. The kernel draws the graph and highlights the code; this
module only gathers them. A TorchScript class shows as one bundle per method.
"""

import json

__tracebackhide__ = True

COMPILED_MIME = "application/vnd.torchscript.compiled+json"


def _notebook():
    import _torchscript_notebook

    return _torchscript_notebook


def compiled_bundle(obj, inlined=False, constants=True, code=True):
    """The bundle of a compiled function, method or module (its forward), or None when it has
    none. `constants=False` folds constants into the operators that use them; `code=False`
    leaves the code out (a graph alone)."""
    parts = compiled_parts(obj)
    if len(parts) != 1:
        return None
    title, handle, method = parts[0]
    view = _view(handle, method, inlined)
    return _bundle(title, view, repr(obj), constants, code)


def compiled_bundles(obj, inlined=False, constants=True, code=True, text="repr"):
    """One bundle per compiled function of `obj`: a TorchScript class has one per method. Their
    text/plain is the object's repr (a class's methods: their titles), or with text="graph" the
    graph as PyTorch prints it."""
    parts = compiled_parts(obj)
    bundles = []
    for title, handle, method in parts:
        view = _view(handle, method, inlined)
        if text == "graph":
            plain = view["text"]
        else:
            plain = repr(obj) if len(parts) == 1 else title
        bundles.append(_bundle(title, view, plain, constants, code))
    return bundles


def _view(handle, method, inlined):
    """The bridge's CompiledView: graph (as data), text (the printed graph) and code."""
    return json.loads(_notebook().compiledView(handle, method, inlined))


def _bundle(title, view, text, constants, code):
    shown = {
        "title": title,
        "graph": view["graph"],
        "code": view["code"] if code else None,
        "constants": "small" if constants else "folded",
    }
    return {"text/plain": text, COMPILED_MIME: shown}


def compiled_parts(obj):
    """[(title, handle, method)] for each compiled function `obj` shows; [] for other objects."""
    from torch.jit._script import ScriptFunction, _compiled_classes
    from torch.jit._script_module import ScriptMethod, is_compiled

    if isinstance(obj, ScriptFunction):
        return [(obj.name, obj._handle, None)]
    if isinstance(obj, ScriptMethod):
        return [(f"{obj._module.original_name}.{obj.name}", obj._module._c, obj.name)]
    if is_compiled(obj):
        has_forward = obj._c.hasMethod("forward")
        return [(f"{obj.original_name}.forward", obj._c, "forward")] if has_forward else []
    compiled = _compiled_classes.get(obj) if isinstance(obj, type) else None
    if compiled is None:
        return []
    names = json.loads(_notebook().classMethodNames(compiled._handle))
    return [(f"{obj.__name__}.{name}", compiled._handle, name) for name in names]

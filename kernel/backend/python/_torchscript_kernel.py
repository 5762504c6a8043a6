"""The kernel's questions about code, answered inside the interpreter that runs the cells:
completion, inspection, whether a cell is complete. Each function returns a JsonReply, whose
repr is JSON, so that the host's "repr of the last expression" carries a structured answer.

Nothing here runs the code it is asked about: names are looked up in __main__ and followed
attribute by attribute, never evaluated.
"""

import builtins
import codeop
import inspect
import json
import keyword
import pkgutil
import re
import sys
import warnings

import __main__

__tracebackhide__ = True

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_DOTTED_BEFORE_CURSOR = re.compile(rf"(?:{_NAME}\.)*(?:{_NAME})?$")
_IMPORT_LINE = re.compile(r"^\s*(?:import|from)\s+([\w.]*)$")
_MAGIC_LINE = re.compile(r"^\s*(%%?\w*)$")
_NAME_CHARS = re.compile(r"[A-Za-z0-9_]*")
_MISSING = object()


class JsonReply:
    """A value whose repr is its JSON text."""

    def __init__(self, value):
        self._value = value

    def __repr__(self):
        return json.dumps(self._value)


# ---- complete ----


def complete(code, cursor):
    """Names that can replace code[cursor_start:cursor]: magics after % or %%, attributes after a
    dot, module names after import, else variables, builtins and keywords."""
    before = code[:cursor]
    line = before.rsplit("\n", 1)[-1]
    magic = _MAGIC_LINE.match(line)
    if magic:
        prefix = magic.group(1)
        matches = sorted(name for name in _magic_names() if name.startswith(prefix))
        return JsonReply({"matches": matches, "cursor_start": cursor - len(prefix), "cursor_end": cursor})
    imported = _IMPORT_LINE.match(line)
    if imported:
        dotted = imported.group(1)
        prefix = dotted.rpartition(".")[2]
        matches = _module_names(dotted)
    else:
        dotted = _DOTTED_BEFORE_CURSOR.search(before).group(0)
        base, dot, prefix = dotted.rpartition(".")
        matches = _attribute_names(base) if dot else _global_names()
    chosen = _starting_with(matches, prefix)
    return JsonReply({"matches": chosen, "cursor_start": cursor - len(prefix), "cursor_end": cursor})


def _magic_names():
    magics = sys.modules.get("_torchscript_magics")
    if magics is None:
        return []
    return [f"%{name}" for name in magics.LINE_MAGICS] + [f"%%{name}" for name in magics.CELL_MAGICS]


def _starting_with(names, prefix):
    """Public names first; private ones only when the prefix asks for them."""
    found = {name for name in names if name.startswith(prefix)}
    if not prefix.startswith("_"):
        found = {name for name in found if not name.startswith("_")}
    return sorted(found, key=lambda name: (name.startswith("_"), name.lower(), name))


def _global_names():
    return set(vars(__main__)) | set(dir(builtins)) | set(keyword.kwlist)


def _attribute_names(base):
    value = _lookup(base)
    if value is _MISSING:
        return set()
    try:
        return set(dir(value))
    except Exception:  # noqa: BLE001  (a broken __dir__ offers nothing to complete)
        return set()


def _module_names(dotted):
    package, _, _ = dotted.rpartition(".")
    if not package:
        found = {module.name for module in pkgutil.iter_modules()}
        return found | set(sys.builtin_module_names) | {n for n in sys.modules if "." not in n}
    parent = sys.modules.get(package)
    path = getattr(parent, "__path__", None)
    return {module.name for module in pkgutil.iter_modules(path)} if path else set()


def _lookup(dotted):
    """The object a dotted name refers to in the cells' namespace, or _MISSING."""
    first, *rest = dotted.split(".")
    value = vars(__main__).get(first, getattr(builtins, first, _MISSING))
    for attribute in rest:
        if value is _MISSING:
            break
        try:
            value = getattr(value, attribute)
        except Exception:  # noqa: BLE001  (any failing attribute means "not found")
            value = _MISSING
    return value


# ---- inspect ----


def inspect_code(code, cursor, detail_level):
    """What IPython's `name?` (detail 0) or `name??` (detail 1, with source) would show for the
    name at the cursor, or for the function whose call the cursor is in."""
    name = _name_at(code, cursor) or _called_name(code, cursor)
    value = _lookup(name) if name else _MISSING
    if value is _MISSING:
        return JsonReply({"found": False, "data": {}})
    text = _describe(name, value, detail_level)
    return JsonReply({"found": True, "data": {"text/plain": text}})


def _name_at(code, cursor):
    start = _DOTTED_BEFORE_CURSOR.search(code[:cursor]).group(0)
    end = _NAME_CHARS.match(code, cursor).group(0)
    return (start + end).strip(".")


def _called_name(code, cursor):
    """The dotted name before the innermost parenthesis still open at the cursor."""
    depth = 0
    for position in range(cursor - 1, -1, -1):
        char = code[position]
        if char == ")":
            depth += 1
        elif char == "(":
            if depth == 0:
                return _name_at(code, position)
            depth -= 1
    return ""


def _describe(name, value, detail_level):
    fields = [("Type", type(value).__name__)]
    if not callable(value) or isinstance(value, type):
        fields.append(("String form", _short_repr(value)))
    signature = _signature(name, value)
    if signature:
        fields.append(("Signature", signature))
    fields.append(("Docstring", inspect.getdoc(value) or "<no docstring>"))
    if detail_level == 1:
        fields.extend(_source_fields(value))
    return "\n".join(_field_line(label, text) for label, text in fields)


def _field_line(label, text):
    if "\n" in text:
        return f"{label}:\n{text}"
    return f"{label + ':':<14}{text}"


def _short_repr(value, limit=200):
    try:
        text = repr(value)
    except Exception as error:  # noqa: BLE001  (a failing __repr__ is shown, not raised)
        text = f"<repr failed: {type(error).__name__}: {error}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _signature(name, value):
    if not callable(value):
        return ""
    try:
        return name.rpartition(".")[2] + str(inspect.signature(value))
    except (TypeError, ValueError):
        return ""


def _source_fields(value):
    """Where a function or class is defined, and its source (a module's would be all of it)."""
    if not (inspect.isroutine(value) or inspect.isclass(value)):
        return []
    fields = []
    try:
        fields.append(("File", inspect.getsourcefile(value) or inspect.getfile(value)))
    except TypeError:
        pass
    try:
        fields.append(("Source", inspect.getsource(value).rstrip("\n")))
    except (OSError, TypeError):
        pass
    return fields


# ---- is_complete ----


def is_complete(code):
    """As a console asks before running what was typed: "complete" runs it, "incomplete" asks
    for another line indented by `indent`, "invalid" runs it to show the syntax error. A block
    stays incomplete until an empty line ends it, as in IPython."""
    if not code.strip():
        return JsonReply({"status": "complete"})
    lines = code.split("\n")
    if lines[-1].rstrip().endswith("\\"):
        return _incomplete(lines)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compiled = codeop.compile_command(code, "<input>", "exec")
    except (SyntaxError, OverflowError, ValueError, TypeError, MemoryError):
        return JsonReply({"status": "invalid"})
    if compiled is None:
        return _incomplete(lines)
    last = lines[-1]
    if last.strip() and last[:1] in (" ", "\t"):
        return _incomplete(lines)
    return JsonReply({"status": "complete"})


def _incomplete(lines):
    meaningful = [line for line in lines if line.strip()]
    last = meaningful[-1] if meaningful else ""
    indent = last[: len(last) - len(last.lstrip())]
    if last.split("#", 1)[0].rstrip().endswith(":"):
        indent += "    "
    return JsonReply({"status": "incomplete", "indent": indent})


# ---- input ----


class StdinNotImplementedError(RuntimeError):
    """What IPython raises when input() cannot ask the client (its name, so code that catches it
    by name keeps working)."""


# Tracebacks name it as a builtin exception, without this helper module's name.
StdinNotImplementedError.__module__ = "builtins"


def _input_not_supported(prompt="", *args, **kwargs):
    raise StdinNotImplementedError(
        "input() is not supported yet: the Python worker has no channel to wait for the "
        "client's answer"
    )


def install_input():
    """input() and getpass() raise a clear error instead of Pyodide's "I/O error"."""
    import getpass

    builtins.input = _input_not_supported
    getpass.getpass = _input_not_supported

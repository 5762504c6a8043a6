"""The Python half of PythonHost (runtime/python/host.ts): runs cells, streams what they print,
and reports their errors as data, so that a failing cell leaves the session as it was.

Cells run in __main__'s namespace, as a notebook's do, under file names like "<cell-3>" whose
sources are registered in linecache: tracebacks show the cell's lines and inspect.getsource
finds functions defined in cells (torch.jit.script needs their source).
"""

import ast
import io
import json
import linecache
import sys
import traceback
import types

import __main__
import _torchscript_display

# Frames of modules that set this are left out of the tracebacks cells get: the host's own,
# and the torch package's plumbing, which plays the part of PyTorch's C++ and has no frames there.
__tracebackhide__ = True


class OutputStream(io.TextIOBase):
    """sys.stdout or sys.stderr: each write goes to the host at once, not when the cell ends."""

    def __init__(self, name, write):
        super().__init__()
        self._name = name
        self._write = write

    @property
    def name(self):
        return "<" + self._name + ">"

    @property
    def encoding(self):
        return "utf-8"

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if text:
            self._write(self._name, text)
        return len(text)


def start(write, publish):
    """Installs the output streams and the display publisher, and imports torch, once, when the
    host starts."""
    sys.stdout = OutputStream("stdout", write)
    sys.stderr = OutputStream("stderr", write)
    _torchscript_display.install(publish)
    import torch  # noqa: F401  (imported so that a cell's `import torch` is immediate)

    __main__.__dict__.setdefault("__builtins__", __builtins__)


def run_cell(source, filename):
    """Runs a cell; returns JSON: {"ok": true, "value": repr of the last expression or null,
    and "rich": {"data", "metadata"} when it shows as more than its repr} or {"ok": false,
    "error": {"type", "message", "traceback"}}."""
    _register_source(source, filename)
    try:
        value = _execute(source, filename)
        result = _result(value)
    except BaseException as error:  # noqa: B902  (KeyboardInterrupt and SystemExit included)
        result = {"ok": False, "error": _describe(error)}
    return json.dumps(result)


def _result(value):
    if value is None:
        return {"ok": True, "value": None}
    rich = _torchscript_display.rich_value(value)
    if rich is None:
        return {"ok": True, "value": repr(value)}
    return {"ok": True, "value": rich["data"]["text/plain"], "rich": rich}


def _register_source(source, filename):
    """Puts the cell's lines where linecache reads files' lines (the last one ended by a newline,
    as linecache ends it); a None modification time keeps checkcache from dropping them."""
    lines = source.splitlines(True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    linecache.cache[filename] = (len(source), None, lines, filename)


def _execute(source, filename):
    """Executes the cell; the value of its last statement when that is an expression not ended
    by a semicolon, as IPython shows it."""
    tree = ast.parse(source, filename, "exec")
    namespace = __main__.__dict__
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr) or source.rstrip().endswith(";"):
        exec(compile(tree, filename, "exec"), namespace)
        return None
    tree.body.pop()
    exec(compile(tree, filename, "exec"), namespace)
    return eval(compile(ast.Expression(last.value), filename, "eval"), namespace)


def _describe(error):
    _hide_frames(error, set())
    return {
        "type": type(error).__name__,
        "message": str(error),
        "traceback": "".join(traceback.format_exception(error)),
    }


def _hide_frames(error, seen):
    """Drops hidden frames from the error's traceback and from those of its causes."""
    if error is None or id(error) in seen:
        return
    seen.add(id(error))
    error.__traceback__ = _visible(error.__traceback__)
    _hide_frames(error.__cause__, seen)
    _hide_frames(error.__context__, seen)


def _visible(tb):
    frames = []
    while tb is not None:
        if not tb.tb_frame.f_globals.get("__tracebackhide__", False):
            frames.append(tb)
        tb = tb.tb_next
    result = None
    for entry in reversed(frames):
        result = types.TracebackType(result, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return result

"""The kernel's magics, run in the cells' interpreter. The kernel rewrites a cell's magic lines
before Python sees them (kernel/magics/magic_cells.ts):

    %time f(x)            ->  __import__('_torchscript_magics').run_line_magic('time', 'f(x)')
    %%script              ->  __import__('_torchscript_magics').run_cell_magic('script', '',
    def f(x): ...               'def f(x): ...', 2)

A line magic's value is the cell's result when it ends the cell, as in IPython. An unknown magic,
or a magic used wrongly, raises UsageError, which the kernel shows as one line, as IPython does.
"""


import sys

from _torchscript_magic_backend import backend_line
from _torchscript_magic_compiled import (
    graph_code,
    graph_line,
    script_cell,
    script_line,
    trace_cell,
    trace_line,
)
from _torchscript_magic_reactive import dag_line, reactive_line, timeline_cell
from _torchscript_magic_support import Cell, UsageError
from _torchscript_magic_timing import (
    time_cell,
    time_line,
    timeit_cell,
    timeit_cell_code,
    timeit_code,
    timeit_line,
)

__tracebackhide__ = True

__all__ = ["UsageError", "code_run_by", "run_cell_magic", "run_line_magic"]


def run_line_magic(name, line):
    """`%name line`, in the namespace of the code it appears in."""
    frame = sys._getframe(1)
    magic = LINE_MAGICS.get(name)
    if magic is None:
        if name.startswith("%") and name[1:] in CELL_MAGICS:
            raise UsageError(f"Cell magic `%{name}` must be the first line of its cell.")
        raise UsageError(f"Line magic function `%{name}` not found.")
    return magic(line, frame.f_globals, frame.f_locals)


def run_cell_magic(name, line, body, body_line):
    """`%%name line` and the cell's other lines, `body`, which start at line `body_line`."""
    magic = CELL_MAGICS.get(name)
    if magic is None:
        raise UsageError(f"Cell magic `%%{name}` not found.")
    filename = sys._getframe(1).f_code.co_filename
    cell = Cell(body, filename, body_line, f"%%{name} {line}".rstrip())
    cell.register()
    return magic(line, cell)


def code_run_by(name, line, body=None):
    """The Python code that `%name line` (or, with a body, `%%name line`) runs in the cells'
    namespace, as sources: what the reactive cells' analysis (_torchscript_reactive) reads for
    the names a magic uses. Nothing for magics that run no code of the cell's."""
    code_of = (LINE_CODE if body is None else CELL_CODE).get(name)
    if code_of is None:
        return []
    try:
        sources = code_of(line) if body is None else code_of(line, body)
    except (UsageError, ValueError):
        return []
    return [source for source in sources if source.strip()]


class MagicList:
    """%lsmagic's value, shown as IPython shows its listing."""

    def __repr__(self):
        line = "  ".join(f"%{name}" for name in sorted(LINE_MAGICS))
        cell = "  ".join(f"%%{name}" for name in sorted(CELL_MAGICS))
        return (
            f"Available line magics:\n{line}\n\nAvailable cell magics:\n{cell}\n\n"
            "Automagic is OFF, % prefix IS needed for line magics."
        )


def lsmagic_line(line, globals_, locals_):
    return MagicList()


LINE_MAGICS = {
    "backend": backend_line,
    "dag": dag_line,
    "graph": graph_line,
    "lsmagic": lsmagic_line,
    "reactive": reactive_line,
    "script": script_line,
    "time": time_line,
    "timeit": timeit_line,
    "trace": trace_line,
}

CELL_MAGICS = {
    "script": script_cell,
    "time": time_cell,
    "timeit": timeit_cell,
    "timeline": timeline_cell,
    "trace": trace_cell,
}


def _line_as_code(line):
    return [line]


def _body_as_code(line, body):
    return [body]


# What code of the cell's each magic runs (see code_run_by).
LINE_CODE = {
    "graph": graph_code,
    "script": _line_as_code,
    "time": _line_as_code,
    "timeit": timeit_code,
    "trace": _line_as_code,
}

CELL_CODE = {
    "script": _body_as_code,
    "time": _body_as_code,
    "timeit": timeit_cell_code,
    "timeline": _body_as_code,
    "trace": _body_as_code,
}

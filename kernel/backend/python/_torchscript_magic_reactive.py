"""%reactive, %dag and %%timeline.

The dataflow graph of cells lives in the kernel (kernel/reactive/), not here: %reactive and %dag
publish a request, under application/vnd.torchscript.kernel-request+json, which the kernel
answers in their place. %%timeline records the interpreter's tasks while its cell runs (the
_torchscript_timeline module, runtime/python/timeline_bridge.ts) and publishes them as data,
which the kernel draws.
"""

import json

import _torchscript_display
from _torchscript_magic_support import UsageError

__tracebackhide__ = True

KERNEL_REQUEST_MIME = "application/vnd.torchscript.kernel-request+json"
TIMELINE_MIME = "application/vnd.torchscript.timeline+json"


def reactive_line(line, globals_, locals_):
    """%reactive [on|off]: whether running a cell re-runs the cells that read what it defined
    (on, the default) or only marks them stale (off); alone, it says which."""
    mode = line.strip()
    if mode not in ("", "on", "off"):
        raise UsageError(f"%reactive takes on or off, got: {mode}")
    _ask_kernel({"request": "reactive", "mode": mode or None}, "%reactive")


def dag_line(line, globals_, locals_):
    """%dag: the cells' dependency graph, drawn."""
    if line.strip():
        raise UsageError(f"%dag takes no arguments, got: {line.strip()}")
    _ask_kernel({"request": "dag"}, "%dag")


def _ask_kernel(request, magic):
    text = f"{magic} is answered by the torchscript kernel, which keeps the cells' dataflow graph"
    _torchscript_display.publish_display_data({KERNEL_REQUEST_MIME: request, "text/plain": text})


def timeline_cell(line, cell):
    """%%timeline: runs the cell, then shows the tasks the TorchScript interpreter ran meanwhile
    (calls from Python and forked work) as a Gantt chart; also when the cell fails."""
    if line.strip():
        raise UsageError(f"%%timeline takes no arguments, got: {line.strip()}")
    import _torchscript_timeline

    _torchscript_timeline.start()
    try:
        return cell.run_all()
    finally:
        recorded = json.loads(_torchscript_timeline.stop())
        _torchscript_display.publish_display_data(
            {TIMELINE_MIME: recorded["timeline"], "text/plain": recorded["summary"]}
        )

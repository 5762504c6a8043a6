"""Executes a notebook with nbclient (what `jupyter nbconvert --execute` uses) on our kernel and
writes the executed notebook; with --cell-ids, each request carries its cell's id in its
metadata (cellId), as JupyterLab sends it, which Debian's nbclient 0.7 does not. With
--then FILE, after the top-to-bottom run it does what a person does next in JupyterLab: FILE
is a JSON list of [cell id, source] pairs, each run in turn on the same kernel — an existing
cell with its source edited, or a new cell appended. Run by reactive_notebook.spec.ts with our
kernelspec on JUPYTER_PATH.

Usage: nbclient_reactive.py IN.ipynb OUT.ipynb [--cell-ids] [--then FILE]
"""

import asyncio
import json
import sys

import nbformat
from nbclient import NotebookClient


class CellIdClient(NotebookClient):
    """An nbclient that sends each cell's id with its execute_request."""

    _cell_id = None

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        self._cell_id = cell.get("id")
        return await super().async_execute_cell(cell, cell_index, execution_count, store_history)

    async def async_start_new_kernel_client(self):
        kc = await super().async_start_new_kernel_client()

        def execute(code, store_history=True, stop_on_error=True, **_):
            content = {
                "code": code,
                "silent": False,
                "store_history": store_history,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": stop_on_error,
            }
            msg = kc.session.msg("execute_request", content, metadata={"cellId": self._cell_id})
            kc.shell_channel.send(msg)
            return msg["header"]["msg_id"]

        kc.execute = execute
        return kc


async def run_next(client, notebook, steps):
    """Runs [cell id, source] steps after the notebook: edited cells again, or new cells."""
    for cell_id, source in steps:
        index = next((i for i, c in enumerate(notebook.cells) if c.get("id") == cell_id), None)
        if index is None:
            notebook.cells.append(nbformat.v4.new_code_cell(source, id=cell_id))
            index = len(notebook.cells) - 1
        cell = notebook.cells[index]
        cell.source = source
        # Running a cell clears its outputs; nbclient 0.7 still maps their display ids to them.
        for cells in client._display_id_map.values():
            cells.pop(index, None)
        await client.async_execute_cell(cell, index)


async def run(source, target, cell_ids, steps):
    notebook = nbformat.read(source, as_version=4)
    client = (CellIdClient if cell_ids else NotebookClient)(
        notebook, kernel_name="torchscript", timeout=60
    )
    # The async methods: nbclient's sync wrappers call the base class's, not the overrides.
    async with client.async_setup_kernel():
        for index, cell in enumerate(notebook.cells):
            await client.async_execute_cell(cell, index)
        await run_next(client, notebook, steps)
    nbformat.write(notebook, target)


if __name__ == "__main__":
    args = sys.argv[1:]
    then = json.load(open(args[args.index("--then") + 1])) if "--then" in args else []
    asyncio.run(run(args[0], args[1], "--cell-ids" in args, then))

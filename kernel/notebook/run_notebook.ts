// Executes a notebook's code cells in order through a kernel client, replacing each cell's
// outputs and execution count, as `jupyter nbconvert --execute` does. By default the first
// failing cell stops the run (the notebook keeps the outputs so far), as nbclient does.
//
// Cells with an id (nbformat 4.5) are sent with it, as JupyterLab sends it (cellId in the
// request's metadata), so they run as reactive cells; the updates the kernel then sends for
// earlier cells' outputs are applied to the notebook, by display id.

import type { KernelClient } from '../client/kernel_client.js';
import { executeCode } from '../client/execution.js';
import { isJsonObject } from '../protocol/json.js';
import { joinText, type Cell, type Notebook } from './nbformat.js';
import { CellOutputs, DisplayTargets } from './outputs.js';

export interface RunOptions {
  /** Go on after a failing cell instead of stopping. */
  readonly allowErrors?: boolean;
  /** Called after each code cell ran, with its position among all cells. */
  readonly onCell?: (cell: Cell, index: number) => void;
}

export interface CellFailure {
  readonly index: number;
  readonly ename: string;
  readonly evalue: string;
}

export interface RunReport {
  readonly executed: number;
  readonly failures: readonly CellFailure[];
}

export async function runNotebook(
  notebook: Notebook,
  client: KernelClient,
  options: RunOptions = {},
): Promise<RunReport> {
  const failures: CellFailure[] = [];
  const displays = new DisplayTargets();
  let executed = 0;
  for (const [index, cell] of notebook.cells.entries()) {
    if (cell.cell_type !== 'code') continue;
    const failure = await runCell(cell, index, client, displays);
    executed++;
    options.onCell?.(cell, index);
    if (failure === null) continue;
    failures.push(failure);
    if (!options.allowErrors) break;
  }
  return { executed, failures };
}

async function runCell(
  cell: Cell,
  index: number,
  client: KernelClient,
  displays: DisplayTargets,
): Promise<CellFailure | null> {
  const code = joinText(cell.source);
  cell.outputs = [];
  cell.execution_count = null;
  if (code.trim() === '') return null;
  const { reply, outputs } = await executeCode(client, code, {
    allowStdin: false,
    stopOnError: true,
    metadata: typeof cell.id === 'string' && cell.id !== '' ? { cellId: cell.id } : {},
  });
  const collected = new CellOutputs(displays);
  for (const message of outputs) collected.add(message);
  cell.outputs = collected.list();
  const count = reply.content.execution_count;
  cell.execution_count = typeof count === 'number' ? count : null;
  if (reply.content.status === 'ok') return null;
  return failureOf(reply.content, index);
}

function failureOf(content: unknown, index: number): CellFailure {
  const fields = isJsonObject(content) ? content : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return { index, ename: text(fields.ename) || text(fields.status), evalue: text(fields.evalue) };
}

// What the cell that started a cascade shows at the end of its output: which cells re-ran, which
// stayed stale and why, and which re-ran with more outputs than the client has places for. Cells
// are named as the client shows them, In [n], with their first line.

import type { CellId, DataflowGraph } from './dataflow_graph.js';
import type { StaleReason } from './cascade.js';

export interface CascadeSummary {
  readonly rerun: readonly CellId[];
  readonly stale: ReadonlyMap<CellId, StaleReason>;
  /** Cells whose re-run made outputs that could not be shown in place, and how many. */
  readonly unplaced: ReadonlyMap<CellId, number>;
  /** %reactive off: nothing re-ran on purpose. */
  readonly reactiveOff: boolean;
}

const firstLineLength = 60;

/** "In [3]: y = model(x)" */
export function cellTitle(graph: DataflowGraph, id: CellId): string {
  if (!graph.has(id)) return 'a deleted cell';
  return `${cellLabel(graph, id)}: ${firstLine(graph.cell(id).code)}`;
}

/** The code's first line that is not blank, shortened. */
export function firstLine(code: string): string {
  const line = (code.split('\n').find((l) => l.trim() !== '') ?? '').trim();
  return line.length > firstLineLength ? `${line.slice(0, firstLineLength - 1)}…` : line;
}

export function cellLabel(graph: DataflowGraph, id: CellId): string {
  return graph.has(id) ? `In [${graph.cell(id).label}]` : 'a deleted cell';
}

/** The report's text, or null when nothing depended on the cell. */
export function cascadeReport(graph: DataflowGraph, summary: CascadeSummary): string | null {
  const lines: string[] = [];
  if (summary.rerun.length > 0) {
    lines.push(`Re-ran ${count(summary.rerun.length)} that read what this cell changed:`);
    for (const id of summary.rerun) lines.push(`  ${cellTitle(graph, id)}`);
  }
  if (summary.stale.size > 0) {
    const heading = summary.reactiveOff
      ? `Stale (%reactive off), ${count(summary.stale.size)} that read what this cell changed:`
      : `Stale, not re-run: ${count(summary.stale.size)}:`;
    lines.push(heading);
    for (const [id, reason] of summary.stale) {
      lines.push(`  ${cellTitle(graph, id)}`);
      // With %reactive off, the heading says why; other reasons are the cell's own.
      if (reason.kind !== 'not-rerun') lines.push(`      ${staleReasonText(graph, reason)}`);
    }
  }
  for (const [id, extra] of summary.unplaced) {
    lines.push(
      `${cellLabel(graph, id)} made ${extra} more output${extra === 1 ? '' : 's'} than it ` +
        'shows: they have no place to update; run that cell to see them.',
    );
  }
  return lines.length === 0 ? null : lines.join('\n');
}

export function staleReasonText(graph: DataflowGraph, reason: StaleReason): string {
  const label = (id: CellId) => cellLabel(graph, id);
  switch (reason.kind) {
    case 'cycle': {
      const path = reason.cells.map(label).join(' → ');
      const closed = reason.cells[0] === reason.cells[reason.cells.length - 1];
      return closed
        ? `in a cycle: ${path}`
        : `in a cycle: re-running it would change what ${label(reason.cells[reason.cells.length - 1])} read, which already ran (${path})`;
    }
    case 'changed-after':
      return `in a cycle: ${label(reason.by)} re-ran after it and changed what it reads`;
    case 'deleted':
      return `reads ${reason.name}, which ${label(reason.by)} deleted`;
    case 'upstream':
      return `reads from ${label(reason.cell)}, which is stale`;
    case 'failed':
      return `failed: ${reason.ename}${reason.evalue === '' ? '' : `: ${reason.evalue}`}`;
    case 'stopped':
      return `not re-run: the cascade stopped at ${label(reason.cell)}`;
    case 'interrupted':
      return 'not re-run: the cascade was interrupted';
    case 'not-rerun':
      return `reads what ${label(reason.cell)} changed, and %reactive is off`;
  }
}

function count(cells: number): string {
  return `${cells} cell${cells === 1 ? '' : 's'}`;
}

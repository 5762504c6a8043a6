// %dag's answer: the cells' dependency graph drawn as SVG (Graphviz, through
// display/cell_graph_dot.ts), with a text/plain listing of the same edges for plain clients.
// Cells that only ran %dag or %reactive are left out: they read and define nothing.

import type { MimeBundle } from '../backend/backend.js';
import { cellGraphToDot, type CellGraphView } from '../display/cell_graph_dot.js';
import type { GraphRenderer } from '../display/graph_svg.js';
import type { StaleReason } from './cascade.js';
import { cellLabel, firstLine, staleReasonText } from './cascade_report.js';
import type { CellId, CellNode, DataflowGraph } from './dataflow_graph.js';

const controlLine = /^\s*%(dag|reactive)\b/;

export function dagBundle(
  graph: DataflowGraph,
  stale: ReadonlyMap<CellId, StaleReason>,
  renderer: GraphRenderer | null,
): MimeBundle {
  const view = cellGraphView(graph, stale);
  if (view.cells.length === 0) {
    return {
      'text/plain':
        'No cells in the dependency graph yet: it is made of the cells run with a cell id, ' +
        'which JupyterLab and `torchscript-kernel run` send.',
    };
  }
  const text = dagText(graph, view);
  if (renderer === null) return { 'text/plain': text };
  try {
    return { 'image/svg+xml': renderer.render(cellGraphToDot(view)), 'text/plain': text };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { 'text/plain': `${text}\n(The graph could not be drawn: ${message})` };
  }
}

export function cellGraphView(
  graph: DataflowGraph,
  stale: ReadonlyMap<CellId, StaleReason>,
): CellGraphView {
  const cells = graph.cells().filter((node) => !isControlCell(node));
  const shown = new Set(cells.map((node) => node.id));
  return {
    cells: cells.map((node) => {
      const reason = stale.get(node.id);
      return {
        id: node.id,
        label: cellLabel(graph, node.id),
        firstLine: firstLine(node.code),
        stale: reason === undefined ? null : staleReasonText(graph, reason),
      };
    }),
    edges: graph.edges().filter((edge) => shown.has(edge.from) && shown.has(edge.to)),
  };
}

function isControlCell(node: CellNode): boolean {
  const lines = node.code.split('\n').filter((line) => line.trim() !== '');
  return lines.length > 0 && lines.every((line) => controlLine.test(line));
}

function dagText(graph: DataflowGraph, view: CellGraphView): string {
  const lines = [`Cell dependencies (${view.cells.length} cells, ${view.edges.length} edges):`];
  for (const cell of view.cells) {
    const readers = view.edges
      .filter((edge) => edge.from === cell.id)
      .map((edge) => `${cellLabel(graph, edge.to)} (${edge.names.join(', ')})`);
    const arrow = readers.length > 0 ? ` -> ${readers.join(', ')}` : '';
    const stale = cell.stale === null ? '' : `  [stale: ${cell.stale}]`;
    lines.push(`  ${cell.label}: ${cell.firstLine}${arrow}${stale}`);
  }
  return lines.join('\n');
}

// The cells' dependency graph (%dag) as Graphviz DOT, for graph_svg.ts: one box per cell,
// labelled In [n] and its first line, an edge from the cell that defines names to each cell
// that reads them, labelled with the names. Stale cells are dashed and orange, with the reason
// in their tooltip.

import { quote } from './graph_dot.js';

export interface CellGraphView {
  readonly cells: readonly {
    readonly id: string;
    /** "In [3]" */
    readonly label: string;
    readonly firstLine: string;
    /** Why it is stale, or null when it is not. */
    readonly stale: string | null;
  }[];
  readonly edges: readonly {
    readonly from: string;
    readonly to: string;
    readonly names: readonly string[];
  }[];
}

const colors = {
  cell: '#eef3fb',
  cellLine: '#4a6fa5',
  stale: '#fde8d4',
  staleLine: '#c8651b',
  edge: '#555555',
};

const namesShown = 4;

export function cellGraphToDot(view: CellGraphView): string {
  const node = new Map(view.cells.map((cell, index) => [cell.id, `c${index}`]));
  const lines = [
    'digraph cells {',
    '  rankdir=TB;',
    `  node [shape=box, style="rounded,filled", fillcolor="${colors.cell}", color="${colors.cellLine}", fontname="Helvetica", fontsize=10, margin="0.15,0.06"];`,
    `  edge [color="${colors.edge}", fontcolor="${colors.edge}", fontname="Helvetica", fontsize=9];`,
  ];
  for (const cell of view.cells) lines.push(`  ${node.get(cell.id)} [${cellAttributes(cell)}];`);
  for (const edge of view.edges) {
    const from = node.get(edge.from);
    const to = node.get(edge.to);
    if (from === undefined || to === undefined) continue;
    lines.push(`  ${from} -> ${to} [label=${quote(edgeLabel(edge.names))}];`);
  }
  lines.push('}');
  return lines.join('\n');
}

function cellAttributes(cell: CellGraphView['cells'][number]): string {
  const title = cell.stale === null ? cell.label : `${cell.label} (stale)`;
  const attributes = [`label=${quote(`${title}\n${cell.firstLine}`)}`];
  if (cell.stale !== null) {
    attributes.push(
      `style="rounded,filled,dashed"`,
      `fillcolor="${colors.stale}"`,
      `color="${colors.staleLine}"`,
      `tooltip=${quote(`stale: ${cell.stale}`)}`,
      'class="stale"',
    );
  } else {
    attributes.push(`tooltip=${quote(cell.label)}`);
  }
  return attributes.join(', ');
}

function edgeLabel(names: readonly string[]): string {
  if (names.length <= namesShown) return names.join(', ');
  return `${names.slice(0, namesShown).join(', ')}, +${names.length - namesShown}`;
}

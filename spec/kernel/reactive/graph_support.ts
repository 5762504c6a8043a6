// Building dataflow graphs in specs: cells named by their id, with what they define and read.

import { DataflowGraph, type CellRun } from '../../../kernel/reactive/dataflow_graph.js';

export interface Names {
  readonly defines?: readonly string[];
  readonly reads?: readonly string[];
  readonly deleted?: readonly string[];
}

let labels = 0;

export function ran(graph: DataflowGraph, id: string, names: Names, code = id): void {
  const run: CellRun = {
    code,
    label: ++labels,
    defines: names.defines ?? [],
    reads: names.reads ?? [],
    deleted: names.deleted ?? [],
  };
  graph.record(id, run);
}

/** A graph of cells run in order: [id, names] pairs. */
export function graphOf(...cells: [string, Names][]): DataflowGraph {
  const graph = new DataflowGraph();
  for (const [id, names] of cells) ran(graph, id, names);
  return graph;
}

// Which cells must re-run, in which order, after some cells ran (`done`: the cell the user ran,
// then those the cascade re-ran so far), and which cannot re-run and why.
//
// The cells to re-run are those that read a name a done cell changed in its latest run, and,
// transitively, those that read names of cells to re-run. They run in topological order; among
// cells ready together, the one that last ran earlier goes first. A cell cannot re-run when:
//   - it would change a name a done cell read (it reaches a done cell again): a cycle;
//   (and a done cell is stale again when a cell re-run after it changed a name it reads);
//   - it is in a cycle with other cells to re-run;
//   - it reads a name a done cell deleted;
//   - it reads from a cell that cannot re-run.
// The cascade plans again after every re-run (cascade.ts), since a re-run may change other names
// than before, or fewer.

import type { CellId, CellNode, DataflowGraph } from './dataflow_graph.js';

export type BlockReason =
  /** `cells` is the cycle's path, from this cell back to where it started. */
  | { readonly kind: 'cycle'; readonly cells: readonly CellId[] }
  /** It ran in this cascade, then `by` re-ran and changed a name it reads: a cycle too. */
  | { readonly kind: 'changed-after'; readonly by: CellId }
  | { readonly kind: 'deleted'; readonly name: string; readonly by: CellId }
  /** It reads from `cell`, which cannot re-run. */
  | { readonly kind: 'upstream'; readonly cell: CellId };

export interface CascadePlan {
  /** The cells to re-run, in order. */
  readonly order: readonly CellId[];
  readonly blocked: ReadonlyMap<CellId, BlockReason>;
}

export function planCascade(graph: DataflowGraph, done: readonly CellId[]): CascadePlan {
  const finished = new Set(done);
  const blocked = new Map<CellId, BlockReason>();
  const seeds = new Set<CellId>();
  for (const id of done) {
    const node = graph.cell(id);
    for (const reader of readersOfChanges(graph, node)) {
      if (!finished.has(reader)) seeds.add(reader);
      else if (graph.cell(reader).sequence < node.sequence)
        blocked.set(reader, { kind: 'changed-after', by: id });
    }
    for (const [reader, name] of readersOfDeletions(graph, graph.cell(id))) {
      if (!finished.has(reader)) blocked.set(reader, { kind: 'deleted', name, by: id });
    }
  }
  const pending = downstream(graph, [...seeds, ...blocked.keys()], finished);
  blockCyclesThroughDone(graph, pending, finished, blocked);
  blockCyclesAmong(graph, pending, blocked);
  return { order: topologicalOrder(graph, pending, blocked), blocked };
}

/** The readers of the names `node` changed in its latest run (those it still defines). */
function readersOfChanges(graph: DataflowGraph, node: CellNode): CellId[] {
  return [...graph.readersOf(node.id)]
    .filter(([, names]) => names.some((name) => node.changed.has(name)))
    .map(([reader]) => reader);
}

function readersOfDeletions(graph: DataflowGraph, node: CellNode): [CellId, string][] {
  const found: [CellId, string][] = [];
  for (const name of [...node.deleted].sort()) {
    if (graph.deleterOf(name) !== node.id) continue;
    for (const reader of graph.cells()) {
      if (reader.id !== node.id && reader.reads.has(name)) found.push([reader.id, name]);
    }
  }
  return found;
}

/** `start` and every cell that reads from them, transitively, leaving out `finished` ones. */
function downstream(
  graph: DataflowGraph,
  start: readonly CellId[],
  finished: ReadonlySet<CellId>,
): Set<CellId> {
  const reached = new Set<CellId>();
  const queue = start.filter((id) => !finished.has(id));
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    if (reached.has(id)) continue;
    reached.add(id);
    for (const reader of graph.readersOf(id).keys()) if (!finished.has(reader)) queue.push(reader);
  }
  return reached;
}

/** A pending cell that reaches a done cell would make it stale again: that is a cycle. */
function blockCyclesThroughDone(
  graph: DataflowGraph,
  pending: ReadonlySet<CellId>,
  finished: ReadonlySet<CellId>,
  blocked: Map<CellId, BlockReason>,
): void {
  for (const id of pending) {
    if (blocked.has(id)) continue;
    const path = pathTo(graph, id, (cell) => finished.has(cell));
    if (path !== null) blocked.set(id, { kind: 'cycle', cells: path });
  }
}

/** The shortest path of edges from `from` to a cell that `isTarget`, or null. */
function pathTo(
  graph: DataflowGraph,
  from: CellId,
  isTarget: (cell: CellId) => boolean,
): CellId[] | null {
  const previous = new Map<CellId, CellId | null>([[from, null]]);
  const queue = [from];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const reader of graph.readersOf(id).keys()) {
      // Checked first: the target may be `from` itself (a cycle back to it).
      if (isTarget(reader)) return [...unwind(previous, id), reader];
      if (previous.has(reader)) continue;
      previous.set(reader, id);
      queue.push(reader);
    }
  }
  return null;
}

function unwind(previous: ReadonlyMap<CellId, CellId | null>, last: CellId): CellId[] {
  const path: CellId[] = [];
  for (let id: CellId | null = last; id !== null; id = previous.get(id) ?? null) path.unshift(id);
  return path;
}

/** Cells on a cycle among the pending ones (strongly connected, more than one cell). */
function blockCyclesAmong(
  graph: DataflowGraph,
  pending: ReadonlySet<CellId>,
  blocked: Map<CellId, BlockReason>,
): void {
  for (const id of pending) {
    if (blocked.has(id)) continue;
    const path = pathTo(graph, id, (cell) => cell === id);
    const onlyPending = path?.every((cell) => pending.has(cell)) ?? false;
    if (path !== null && onlyPending) blocked.set(id, { kind: 'cycle', cells: path });
  }
}

/**
 * Kahn's algorithm over the pending cells, ties broken by when each last ran. Cells that never
 * become ready read from a blocked cell, directly or not: they are blocked too.
 */
function topologicalOrder(
  graph: DataflowGraph,
  pending: ReadonlySet<CellId>,
  blocked: Map<CellId, BlockReason>,
): CellId[] {
  const waitingOn = new Map<CellId, number>();
  for (const id of pending) {
    const sources = [...graph.sourcesOf(id).keys()].filter((source) => pending.has(source));
    waitingOn.set(id, sources.length);
  }
  const ready = [...pending].filter((id) => !blocked.has(id) && waitingOn.get(id) === 0);
  const order: CellId[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => graph.cell(a).sequence - graph.cell(b).sequence);
    const next = ready.shift()!;
    order.push(next);
    for (const reader of graph.readersOf(next).keys()) {
      if (!pending.has(reader) || blocked.has(reader)) continue;
      const left = waitingOn.get(reader)! - 1;
      waitingOn.set(reader, left);
      if (left === 0) ready.push(reader);
    }
  }
  blockDownstreamOfBlocked(graph, pending, new Set(order), blocked);
  return order;
}

function blockDownstreamOfBlocked(
  graph: DataflowGraph,
  pending: ReadonlySet<CellId>,
  ordered: ReadonlySet<CellId>,
  blocked: Map<CellId, BlockReason>,
): void {
  // Each cell is blocked by the nearest blocked cell it reads from: walk out from those.
  const queue = [...blocked.keys()];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const reader of graph.readersOf(id).keys()) {
      if (!pending.has(reader) || ordered.has(reader) || blocked.has(reader)) continue;
      blocked.set(reader, { kind: 'upstream', cell: id });
      queue.push(reader);
    }
  }
}

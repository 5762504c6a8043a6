// Orders the outputs of every If and Loop by their first use, so graphs print the same however
// the outputs were added while compiling.

import type { Block, Graph, Node, Use, Value } from '../ir/ir.js';

/** Position of every node in a depth-first walk: the topological order of uses. */
function numberNodes(graph: Graph): Map<Node, number> {
  const order = new Map<Node, number>();
  let i = 0;
  const walk = (b: Block) => {
    for (const n of b.nodes) {
      order.set(n, i++);
      n.blocks.forEach(walk);
    }
    order.set(b.returnNode, i++);
  };
  walk(graph.block);
  return order;
}

function firstUse(v: Value, order: Map<Node, number>): Use | null {
  let best: Use | null = null;
  for (const u of v.uses) {
    if (best === null || isBefore(u, best, order)) best = u;
  }
  return best;
}

function isBefore(a: Use, b: Use, order: Map<Node, number>): boolean {
  const [x, y] = [order.get(a.user) ?? 0, order.get(b.user) ?? 0];
  return x !== y ? x < y : a.offset < b.offset;
}

function sortedIndexes(values: readonly Value[], order: Map<Node, number>): number[] {
  const uses = values.map((v) => firstUse(v, order));
  const idx = values.map((_, i) => i);
  return idx.sort((i, j) => {
    const [a, b] = [uses[i], uses[j]];
    if (a === null && b === null) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    return isBefore(a, b, order) ? -1 : isBefore(b, a, order) ? 1 : 0;
  });
}

function permuteIf(n: Node, perm: number[]): void {
  permuteList(n.outputs, perm);
  for (const b of n.blocks) permuteReturn(b, perm, 0);
}

function permuteLoop(n: Node, perm: number[]): void {
  permuteList(n.outputs, perm);
  const body = n.blocks[0];
  const inputs = n.inputs.slice(2);
  const bodyInputs = body.inputs.slice(1);
  perm.forEach((p, i) => n.replaceInput(i + 2, inputs[p]));
  bodyInputs.forEach((_, i) => ((body.inputs as Value[])[i + 1] = bodyInputs[perm[i]]));
  permuteReturn(body, perm, 1);
}

function permuteList<T>(list: T[], perm: number[]): void {
  const copy = list.slice();
  perm.forEach((p, i) => (list[i] = copy[p]));
}

function permuteReturn(b: Block, perm: number[], offset: number): void {
  const outs = b.outputs.slice(offset);
  perm.forEach((p, i) => b.returnNode.replaceInput(i + offset, outs[p]));
}

function canonicalizeBlock(block: Block, order: Map<Node, number>): void {
  for (const n of block.nodes) {
    if (n.kind === 'prim::Loop') permuteLoop(n, sortedIndexes(n.outputs, order));
    else if (n.kind === 'prim::If') permuteIf(n, sortedIndexes(n.outputs, order));
    for (const b of n.blocks) canonicalizeBlock(b, order);
  }
}

export function canonicalizeOutputs(graph: Graph): boolean {
  canonicalizeBlock(graph.block, numberNodes(graph));
  return true;
}

// Unrolls `for` loops of a constant trip count whose body is small (UnrollConstantLoops): the
// body is copied once per iteration, the loop counter becoming a constant each time once
// constant propagation has run.
//
//   %y = prim::Loop(%3, %true, %x)              %a = aten::mul(%x, %0)
//     block0(%i, %x.1):                  ==>    %b = aten::mul(%a, %1)
//       %x.2 = aten::mul(%x.1, %i)              %y = aten::mul(%b, %2)
//       -> (%true, %x.2)
//
// A loop unrolls when it runs fewer than 64 times and its body has at most 32 nodes that run
// (constants do not count), as in PyTorch 1.13.

import { insertConstant, toIValue } from '../ir/constants.js';
import type { Block, Graph, Node, Value } from '../ir/ir.js';
import { Types } from '../types/types.js';
import { eliminateDeadCode } from './dead_code_elimination.js';

const maxBodySize = 32;
const maxBodyRepeats = 64;

function isTrueConstant(v: Value): boolean {
  return toIValue(v) === true;
}

/** A loop that neither starts nor stops on a condition: `for i in range(n)`. */
function isForLoop(n: Node): boolean {
  if (n.kind !== 'prim::Loop') return false;
  return isTrueConstant(n.inputs[1]) && isTrueConstant(n.blocks[0].outputs[0]);
}

/**
 * The nodes of a block that run, nested ones included, counted up to `limit`. As c10 counts,
 * each block's return counts as one.
 */
function limitedBlockSize(block: Block, limit: number): number {
  let size = 0;
  for (const n of [...block.nodes, block.returnNode]) {
    if (size >= limit) return limit;
    for (const b of n.blocks) size += limitedBlockSize(b, limit - size);
    if (n.kind !== 'prim::Constant') size++;
  }
  return Math.min(size, limit);
}

function isSmallBlock(block: Block): boolean {
  return limitedBlockSize(block, maxBodySize + 1) <= maxBodySize;
}

/** Replaces the loop's own counter by a loop-carried int, so that copies of the body count. */
function replaceLoopCounter(loop: Node): void {
  const g = loop.graph;
  const body = loop.blocks[0];
  const start = g.withInsertPoint(loop, () => insertConstant(g, 0n));
  loop.insertInput(2, start);
  loop.insertOutput(0, Types.int);
  const counter = body.insertInput(1, Types.int);
  body.inputs[0].replaceAllUsesWith(counter);
  const next = g.withInsertPoint(body, () => {
    const one = insertConstant(g, 1n);
    const add = g.insertNode(g.create('aten::add', [counter, one], [Types.int]));
    add.schemaName = 'aten::add.int';
    return add.output();
  });
  body.insertOutput(1, next);
}

/** Copies the body's nodes at the insertion point, its inputs bound to `inputs`; its outputs. */
function insertBlockCopy(g: Graph, body: Block, inputs: readonly Value[]): Value[] {
  const map = new Map<Value, Value>(body.inputs.map((v, i) => [v, inputs[i]]));
  const lookup = (v: Value) => map.get(v) ?? v;
  for (const n of body.nodes) {
    const copy = g.insertNode(g.createClone(n, lookup));
    n.outputs.forEach((o, i) => map.set(o, copy.outputs[i]));
  }
  return body.outputs.map(lookup);
}

/** Replaces a loop known to run `times` times by that many copies of its body. */
function unrollCompletely(loop: Node, times: number): void {
  const g = loop.graph;
  const body = loop.blocks[0];
  const carried = g.withInsertPoint(loop, () => {
    // The counter is unused here (replaceLoopCounter ran): only the carried values flow.
    let values: Value[] = [body.inputs[0], ...loop.inputs.slice(2)];
    for (let i = 0; i < times; i++)
      values = insertBlockCopy(g, body, [body.inputs[0], ...values.slice(1)]);
    return values.slice(1);
  });
  loop.outputs.forEach((o, i) => o.replaceAllUsesWith(carried[i]));
  loop.destroy();
}

function unroll(loop: Node): boolean {
  const body = loop.blocks[0];
  if (!isSmallBlock(body)) return false;
  const trips = toIValue(loop.inputs[0]);
  if (typeof trips !== 'bigint' || trips >= BigInt(maxBodyRepeats)) return false;
  if (body.inputs[0].hasUses()) replaceLoopCounter(loop);
  unrollCompletely(loop, Number(trips < 0n ? 0n : trips));
  return true;
}

function unrollBlock(block: Block): boolean {
  let changed = false;
  for (const n of [...block.nodes]) {
    for (const b of n.blocks) changed = unrollBlock(b) || changed;
    if (isForLoop(n) && typeof toIValue(n.inputs[0]) === 'bigint') changed = unroll(n) || changed;
  }
  return changed;
}

export function unrollConstantLoops(graph: Graph): boolean {
  const changed = unrollBlock(graph.block);
  if (changed) eliminateDeadCode(graph);
  return changed;
}

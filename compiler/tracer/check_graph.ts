// What the trace checker (torch/jit/_trace_check.py) compares of two traces, as PyTorch's
// _check_trace prepares each graph: copied with its values renumbered, every call inlined, and
// the shapes the trace saw erased (`Tensor`, not `Float(3, 4, ...)`); then its text, and for each
// node its line, its Python stack and, for tensor constants, the tensor.

import { toIValue } from '../ir/constants.js';
import type { Block, Graph, Node } from '../ir/ir.js';
import { printGraph, printNode } from '../ir/printer.js';
import { inlinedGraph } from '../passes/inline.js';
import { isNondeterministic } from '../passes/nondeterminism.js';
import { unshapedType } from './graph_signature.js';

export interface CheckedNode {
  readonly kind: string;
  /** str(node). */
  readonly text: string;
  /** The Python stack the node was recorded at, or '' (node.sourceRange()). */
  readonly source: string;
  /** A constant's value when it is a runtime object (a tensor), else undefined (Python's None). */
  readonly objectConstant: unknown;
}

export interface CheckedGraph {
  readonly text: string;
  readonly nodes: readonly CheckedNode[];
}

function eraseShapes(block: Block): void {
  for (const v of block.inputs) v.setType(unshapedType(v.type));
  for (const n of block.nodes) {
    for (const o of n.outputs) o.setType(unshapedType(o.type));
    for (const b of n.blocks) eraseShapes(b);
  }
}

function objectConstant(n: Node): unknown {
  if (n.kind !== 'prim::Constant' || n.outputs.length !== 1) return undefined;
  const a = n.attribute('value');
  if (a?.kind !== 'ival') return undefined;
  const v = toIValue(n.output());
  return typeof v === 'object' && v !== null && !('items' in v) && !('text' in v) ? v : undefined;
}

export function checkedGraph(graph: Graph): CheckedGraph {
  const g = inlinedGraph(graph);
  eraseShapes(g.block);
  return {
    text: printGraph(g),
    nodes: g.nodes.map((n) => ({
      kind: n.kind,
      text: printNode(n),
      source: n.sourceRange?.source.text ?? '',
      objectConstant: objectConstant(n),
    })),
  };
}

/** str() of the nodes of `graph` whose results are random (dropout only while training). */
export function nondeterministicNodes(graph: Graph): string[] {
  return graph.nodes.filter(isNondeterministic).map((n) => printNode(n));
}

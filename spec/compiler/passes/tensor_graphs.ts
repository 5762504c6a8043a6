// Graphs written as IR text whose graph inputs named after given tensors become constants of
// them: what freezing leaves behind (prim::Constant nodes holding tensors, typed with their
// complete type).

import '../../../runtime/ops/index.js';
import '../../../runtime/serialization/index.js';
import { parseGraph } from '../../../compiler/ir/ir_parser.js';
import type { Graph } from '../../../compiler/ir/ir.js';
import { printGraph } from '../../../compiler/ir/printer.js';
import { insertTensorConstant } from '../../../compiler/ir/tensor_constants.js';
import { fromArray } from '../../../runtime/tensor/factory.js';
import type { Tensor } from '../../../runtime/tensor/tensor.js';

/** A float32 tensor of `shape` holding `values`. */
export function tensor(values: readonly number[], shape: readonly number[]): Tensor {
  return fromArray([...values], [...shape], 'float32');
}

/** Parses `lines` and replaces each input `%<name>` by a constant holding `tensors[name]`. */
export function graphWithTensors(
  lines: readonly string[],
  tensors: Record<string, Tensor> = {},
): Graph {
  const g = parseGraph(lines.join('\n') + '\n');
  for (let i = g.inputs.length - 1; i >= 0; i--) {
    const input = g.inputs[i];
    const name = input.debugName;
    if (name === null || !(name in tensors)) continue;
    const c = g.atGraphStart(() => insertTensorConstant(g, tensors[name]));
    input.replaceAllUsesWith(c);
    g.block.eraseInput(i);
    c.setDebugName(name);
  }
  return g;
}

/** The graph's text once `pass` ran on it, checked for consistency. */
export function after(g: Graph, pass: (g: Graph) => unknown): string {
  pass(g);
  g.lint();
  return printGraph(g);
}

// Runs a graph on inputs, to check that a pass kept what it computes.

import '../../../runtime/ops/index.js';
import type { Graph } from '../../../compiler/ir/ir.js';
import { codeFor } from '../../../runtime/interpreter/code.js';
import { scheduler } from '../../../runtime/interpreter/tasks.js';
import type { Tensor } from '../../../runtime/tensor/tensor.js';

export function evaluateGraph(g: Graph, inputs: readonly unknown[]): Tensor {
  return scheduler.runRoot('spec', () => codeFor(g).run([...inputs]) as never) as Tensor;
}

/** The largest difference between two tensors' elements. */
export function maxDifference(a: Tensor, b: Tensor): number {
  const [x, y] = [a.toArray(), b.toArray()];
  return Math.max(...x.map((v, i) => Math.abs(v - y[i])));
}

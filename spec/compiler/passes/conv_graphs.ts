// A frozen convolution followed by other operations, as the conv folding specs start from, and
// a check that a pass kept what the graph computes.

import assert from 'node:assert/strict';
import { deepCopyGraph } from '../../../compiler/ir/deep_copy.js';
import type { Graph } from '../../../compiler/ir/ir.js';
import { printGraph } from '../../../compiler/ir/printer.js';
import type { Tensor } from '../../../runtime/tensor/tensor.js';
import { evaluateGraph, maxDifference } from './evaluate.js';
import { graphWithTensors, tensor } from './tensor_graphs.js';

const convInput = tensor(
  Array.from({ length: 9 }, (_, i) => i / 4 - 1),
  [1, 1, 3, 3],
);

/**
 * `%y = conv2d(%x, %w, %b)` (2 output channels, 2x2 kernel) then `lines`, which use %y and
 * return; `constants` are more tensor constants, as `%name`.
 */
export function convGraph(
  lines: readonly string[],
  constants: Record<string, Tensor> = {},
  bias = true,
): Graph {
  const params = [
    '%x : Tensor',
    '%w : Tensor',
    ...Object.keys(constants).map((k) => `%${k} : Tensor`),
  ];
  if (bias) params.push('%b : Tensor');
  return graphWithTensors(
    [
      `graph(${params.join(', ')}):`,
      '  %none : NoneType = prim::Constant()',
      '  %s : int[] = prim::Constant[value=[1, 1]]()',
      '  %p : int[] = prim::Constant[value=[0, 0]]()',
      '  %one : int = prim::Constant[value=1]()',
      `  %y : Tensor = aten::conv2d(%x, %w, ${bias ? '%b' : '%none'}, %s, %p, %s, %one)`,
      ...lines,
    ],
    {
      w: tensor([0.5, -1, 2, 0.25, 1.5, -0.5, 1, 2], [2, 1, 2, 2]),
      b: tensor([0.1, -0.2], [2]),
      ...constants,
    },
  );
}

/** Runs `pass` on `g`, checking the result still computes what `g` did; the new text. */
export function foldedKeepingResults(g: Graph, pass: (g: Graph) => unknown): string {
  const before = evaluateGraph(deepCopyGraph(g), [convInput]);
  pass(g);
  g.lint();
  const text = printGraph(g);
  assert.ok(maxDifference(evaluateGraph(g, [convInput]), before) < 1e-5, text);
  return text;
}

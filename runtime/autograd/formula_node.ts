// The nodes operators record: one that runs a derivative formula of the table, and one for an
// operator without a formula, which keeps PyTorch's name and refuses to run backward.

import { notSupported } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { BackwardContext, type Recorded } from './context.js';
import type { Derivative, GradResult } from './derivatives.js';
import { Node, type Edge } from './node.js';
import { SavedTensor } from './saved.js';

/** The edges of one differentiable argument: `count` edges from `start` (a Tensor[]: one each). */
export interface ArgumentEdges {
  readonly name: string;
  readonly start: number;
  readonly count: number;
  readonly list: boolean;
}

export class FormulaNode extends Node {
  constructor(
    edges: readonly (Edge | null)[],
    private readonly derivative: Derivative,
    private readonly recorded: Recorded,
    private readonly slices: readonly ArgumentEdges[],
  ) {
    super(derivative.node, edges);
  }

  apply(grads: readonly (Tensor | null)[]): (Tensor | null)[] {
    const out = new Array<Tensor | null>(this.nextEdges.length).fill(null);
    const needed = new Set<string>();
    for (const s of this.slices) {
      for (let i = s.start; i < s.start + s.count; i++)
        if (this.nextEdges[i] !== null) needed.add(s.name);
    }
    const context = new BackwardContext(this.recorded, grads, needed);
    for (const s of this.slices) {
      if (!needed.has(s.name)) continue;
      const g = this.derivative.grads[s.name](context);
      if (s.list) {
        if (!isGradList(g)) throw new Error(`autograd: ${this.name} gave no list for ${s.name}`);
        for (let i = 0; i < s.count; i++) out[s.start + i] = g[i] ?? null;
      } else {
        if (isGradList(g)) throw new Error(`autograd: ${this.name} gave a list for ${s.name}`);
        out[s.start] = g;
      }
    }
    return out;
  }

  override release(): void {
    for (const s of Object.values(this.recorded.saved)) {
      if (s instanceof SavedTensor) s.release();
      else for (const x of s) x?.release();
    }
  }
}

function isGradList(g: GradResult): g is readonly (Tensor | null)[] {
  return Array.isArray(g);
}

/** An operator without a derivative formula yet: PyTorch's node name, and a clear refusal. */
export class UnsupportedNode extends Node {
  constructor(
    name: string,
    edges: readonly (Edge | null)[],
    private readonly operator: string,
  ) {
    super(name, edges);
  }

  apply(): (Tensor | null)[] {
    throw notSupported(`the derivative of ${this.operator}`);
  }
}

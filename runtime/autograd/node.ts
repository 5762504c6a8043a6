// Nodes of the autograd graph, PyTorch's torch::autograd::Node: the record of one operation, which
// turns the gradients of its outputs into the gradients of its inputs. A node reaches the nodes
// that made its inputs by edges (Python's next_functions); a tensor reaches the node that made it
// by gradFn and outputNr. Leaves that require grad end every path with an AccumulateGrad node.

import type { DType } from '../tensor/dtype.js';
import type { GradFn, Tensor } from '../tensor/tensor.js';

/** Where a gradient flows: into input `inputNr` of `node`, with the shape and dtype it must have. */
export interface Edge {
  readonly node: Node;
  readonly inputNr: number;
  /** The input tensor's shape: a gradient that broadcast beyond it is summed back to it. */
  readonly shape: readonly number[];
  /** The input tensor's dtype: a gradient of another dtype is converted to it. */
  readonly dtype: DType;
}

/** A tensor hook (Tensor.register_hook): may replace the gradient it is given. */
export type GradHook = (grad: Tensor) => Tensor | null;

let sequence = 0;

export abstract class Node implements GradFn {
  /**
   * Creation order. The engine runs the most recent ready node first, as PyTorch's does, so that
   * gradients accumulate in the same order.
   */
  readonly sequenceNr: number = sequence++;
  /** Hooks on the gradient of each output, by output: Tensor.register_hook on a non-leaf. */
  hooks: Map<number, GradHook[]> | null = null;
  /** Tensors that keep their gradient in .grad (Tensor.retain_grad), by output. */
  retained: Map<number, Tensor> | null = null;

  constructor(
    /** PyTorch's name for the node, the class name Python shows: `TanhBackward0`. */
    readonly name: string,
    /** One per input of the operation; null where the input needs no gradient. */
    readonly nextEdges: readonly (Edge | null)[],
  ) {}

  /** What Python's grad_fn.name() says (C++ nodes carry their namespace there). */
  qualifiedName(): string {
    return this.name;
  }

  /**
   * The gradients of the operation's inputs (one per edge) from those of its outputs; null stands
   * for a gradient that is zero or that no one asked for.
   */
  abstract apply(grads: readonly (Tensor | null)[]): (Tensor | null)[];

  /** Frees what apply() needs: after a backward pass that does not retain the graph. */
  release(): void {}

  addHook(outputNr: number, hook: GradHook): () => void {
    this.hooks ??= new Map();
    const list = this.hooks.get(outputNr) ?? [];
    list.push(hook);
    this.hooks.set(outputNr, list);
    return () => {
      const i = list.indexOf(hook);
      if (i >= 0) list.splice(i, 1);
    };
  }

  retain(outputNr: number, t: Tensor): void {
    this.retained ??= new Map();
    this.retained.set(outputNr, t);
  }
}

/** The node that made `t`, or null for a leaf. */
export function gradFnOf(t: Tensor): Node | null {
  const fn = t.gradFn;
  return fn instanceof Node ? fn : null;
}

// The backward pass (PyTorch's autograd engine): from the gradients of some outputs, run every node
// that leads from them, each once all the nodes that feed it have run, the most recently created
// first, adding up gradients that reach a node by several paths. Tensor.backward accumulates into
// the leaves' .grad; torch.autograd.grad only collects the gradients of the tensors it is asked
// for. Without retain_graph, each node frees what it saved once it has run.

import { runtimeError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { accumulate, AccumulateGrad, edgeOf } from './accumulate_grad.js';
import { add, clone, expandableTo, onesLike, sameShape, sumTo, toDType } from './functions.js';
import { withGradMode } from './grad_mode.js';
import type { Edge, Node } from './node.js';

export interface BackwardOptions {
  /** Keep what nodes saved, for another backward pass (default: createGraph). */
  readonly retainGraph: boolean | null;
  /** Record the backward pass itself, for higher order gradients. */
  readonly createGraph: boolean;
}

/**
 * Tensor.backward / torch.autograd.backward: gradients of `tensors` (given, or ones for scalars)
 * flow back and accumulate into the .grad of the leaves, or of `inputs` only when given.
 */
export function backward(
  tensors: readonly Tensor[],
  grads: readonly (Tensor | null)[],
  options: BackwardOptions,
  inputs: readonly Tensor[] | null = null,
): void {
  const roots = rootsOf(tensors, grads);
  withGradMode(options.createGraph, () => {
    if (inputs === null) {
      new GraphTask(options, null).run(roots);
      return;
    }
    const captured = new GraphTask(options, targetsOf(inputs)).run(roots);
    inputs.forEach((t, i) => {
      const g = captured[i];
      if (g !== null) accumulate(t, g);
    });
  });
}

/** torch.autograd.grad: the gradients of `outputs` with respect to `inputs`. */
export function grad(
  outputs: readonly Tensor[],
  inputs: readonly Tensor[],
  gradOutputs: readonly (Tensor | null)[] | null,
  options: BackwardOptions,
  allowUnused: boolean,
): (Tensor | null)[] {
  const roots = rootsOf(outputs, gradOutputs ?? outputs.map(() => null));
  inputs.forEach((t) => {
    if (!t.requiresGrad)
      throw runtimeError('One of the differentiated Tensors does not require grad');
  });
  const captured = withGradMode(options.createGraph, () =>
    new GraphTask(options, targetsOf(inputs)).run(roots),
  );
  if (!allowUnused && captured.some((g) => g === null)) {
    throw runtimeError(
      'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.',
    );
  }
  return captured;
}

interface Root {
  readonly edge: Edge;
  readonly grad: Tensor;
}

function rootsOf(tensors: readonly Tensor[], grads: readonly (Tensor | null)[]): Root[] {
  if (grads.length !== tensors.length) {
    throw runtimeError(`got ${grads.length} gradients for ${tensors.length} tensors`);
  }
  return tensors.map((t, i) => {
    const edge = edgeOf(t);
    if (edge === null) {
      throw runtimeError(
        `element ${i} of tensors does not require grad and does not have a grad_fn`,
      );
    }
    return { edge, grad: rootGrad(t, grads[i], i) };
  });
}

function rootGrad(t: Tensor, given: Tensor | null, i: number): Tensor {
  if (given === null) {
    if (t.numel() !== 1)
      throw runtimeError('grad can be implicitly created only for scalar outputs');
    return withGradMode(false, () => onesLike(t));
  }
  if (!sameShape(given.shape, t.shape)) {
    throw runtimeError(
      `Mismatch in shape: grad_output[${i}] has a shape of torch.Size([${given.shape.join(', ')}]) and output[${i}] has a shape of torch.Size([${t.shape.join(', ')}]).`,
    );
  }
  return given;
}

/** Where the gradient of each input is read: the node input it enters by. */
function targetsOf(inputs: readonly Tensor[]): Edge[] {
  return inputs.map((t) => {
    const edge = edgeOf(t);
    if (edge === null)
      throw runtimeError('One of the differentiated Tensors does not require grad');
    return edge;
  });
}

class GraphTask {
  private readonly dependencies = new Map<Node, number>();
  private readonly buffers = new Map<Node, (Tensor | null)[]>();
  private readonly ready = new ReadyQueue();
  /** The nodes that lead to a target, when only targets' gradients are wanted. */
  private needed: Set<Node> | null = null;
  private readonly captured: (Tensor | null)[];
  private readonly retainGraph: boolean;

  constructor(
    options: BackwardOptions,
    private readonly targets: readonly Edge[] | null,
  ) {
    this.retainGraph = options.retainGraph ?? options.createGraph;
    this.captured = (targets ?? []).map(() => null);
  }

  /** Runs the pass; returns the gradients captured at the targets. */
  run(roots: readonly Root[]): (Tensor | null)[] {
    this.countDependencies(roots.map((r) => r.edge.node));
    if (this.targets !== null) this.needed = this.nodesLeadingTo(roots, this.targets);
    for (const r of roots) this.addGradient(r.edge, r.grad);
    for (const node of new Set(roots.map((r) => r.edge.node))) {
      if ((this.dependencies.get(node) ?? 0) === 0) this.ready.push(node);
    }
    for (let node = this.ready.pop(); node !== null; node = this.ready.pop()) this.evaluate(node);
    return this.captured;
  }

  private countDependencies(roots: readonly Node[]): void {
    const seen = new Set<Node>(roots);
    const stack = [...seen];
    while (stack.length > 0) {
      const node = stack.pop()!;
      for (const edge of node.nextEdges) {
        if (edge === null) continue;
        this.dependencies.set(edge.node, (this.dependencies.get(edge.node) ?? 0) + 1);
        if (!seen.has(edge.node)) {
          seen.add(edge.node);
          stack.push(edge.node);
        }
      }
    }
  }

  /**
   * The nodes from which a target is reachable (the others need not run): a depth-first walk
   * with its own stack, as graphs of long loops are deeper than JavaScript's call stack.
   */
  private nodesLeadingTo(roots: readonly Root[], targets: readonly Edge[]): Set<Node> {
    const needed = new Set(targets.map((t) => t.node));
    const done = new Set<Node>();
    const stack: { node: Node; next: number }[] = roots.map((r) => ({
      node: r.edge.node,
      next: 0,
    }));
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (done.has(top.node)) {
        stack.pop();
        continue;
      }
      const edges = top.node.nextEdges;
      let child: Node | null = null;
      while (top.next < edges.length && child === null) {
        const edge = edges[top.next++];
        if (edge !== null && !done.has(edge.node)) child = edge.node;
      }
      if (child !== null) {
        stack.push({ node: child, next: 0 });
        continue;
      }
      stack.pop();
      done.add(top.node);
      if (edges.some((e) => e !== null && needed.has(e.node))) needed.add(top.node);
    }
    return needed;
  }

  private addGradient(edge: Edge, grad: Tensor): void {
    let buffer = this.buffers.get(edge.node);
    if (buffer === undefined) {
      buffer = [];
      this.buffers.set(edge.node, buffer);
    }
    const existing = buffer[edge.inputNr];
    buffer[edge.inputNr] = existing === null || existing === undefined ? grad : add(existing, grad);
  }

  private evaluate(node: Node): void {
    const inputs = this.buffers.get(node) ?? [];
    this.buffers.delete(node);
    runHooks(node, inputs);
    retainGrads(node, inputs);
    this.capture(node, inputs);
    if (!this.shouldRun(node)) return;
    const outputs = inputs.some((g) => g !== null && g !== undefined)
      ? node.apply(inputs.map((g) => g ?? null))
      : [];
    if (!this.retainGraph) node.release();
    node.nextEdges.forEach((edge, i) => {
      if (edge === null) return;
      const g = outputs[i];
      if (g !== null && g !== undefined) this.addGradient(edge, validated(node, i, g, edge));
      const left = (this.dependencies.get(edge.node) ?? 1) - 1;
      this.dependencies.set(edge.node, left);
      if (left === 0) this.ready.push(edge.node);
    });
  }

  private shouldRun(node: Node): boolean {
    if (this.needed === null) return true;
    return this.needed.has(node) && !(node instanceof AccumulateGrad);
  }

  private capture(node: Node, inputs: readonly (Tensor | null | undefined)[]): void {
    if (this.targets === null) return;
    this.targets.forEach((t, i) => {
      if (t.node !== node) return;
      const g = inputs[t.inputNr];
      if (g !== null && g !== undefined) this.captured[i] = g;
    });
  }
}

/** Tensor.register_hook hooks, in the order they were registered, may replace a gradient. */
function runHooks(node: Node, inputs: (Tensor | null | undefined)[]): void {
  if (node.hooks === null) return;
  for (const [outputNr, hooks] of node.hooks) {
    for (const hook of hooks) {
      const g = inputs[outputNr];
      if (g === null || g === undefined) continue;
      const replaced = hook(g);
      if (replaced !== null) inputs[outputNr] = replaced;
    }
  }
}

/** Tensor.retain_grad: a non-leaf's gradient kept in its .grad. */
function retainGrads(node: Node, inputs: readonly (Tensor | null | undefined)[]): void {
  if (node.retained === null) return;
  for (const [outputNr, t] of node.retained) {
    const g = inputs[outputNr];
    if (g === null || g === undefined) continue;
    t.grad = t.grad === null ? clone(g) : add(t.grad, g);
  }
}

/**
 * A gradient as the edge's input needs it: summed back over the dimensions it broadcast along,
 * converted to the input's dtype.
 */
function validated(node: Node, index: number, g: Tensor, edge: Edge): Tensor {
  let grad = g;
  if (!sameShape(grad.shape, edge.shape)) {
    if (!expandableTo(edge.shape, grad.shape)) {
      throw runtimeError(
        `Function ${node.name} returned an invalid gradient at index ${index} - got [${grad.shape.join(', ')}] but expected shape compatible with [${edge.shape.join(', ')}]`,
      );
    }
    grad = sumTo(grad, edge.shape);
  }
  if (grad.dtype !== edge.dtype) grad = toDType(grad, edge.dtype);
  return grad;
}

/** Ready nodes, the highest sequence number first (a binary heap). */
class ReadyQueue {
  private readonly heap: Node[] = [];

  push(node: Node): void {
    const h = this.heap;
    h.push(node);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent].sequenceNr >= h[i].sequenceNr) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  pop(): Node | null {
    const h = this.heap;
    if (h.length === 0) return null;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let largest = i;
        if (l < h.length && h[l].sequenceNr > h[largest].sequenceNr) largest = l;
        if (r < h.length && h[r].sequenceNr > h[largest].sequenceNr) largest = r;
        if (largest === i) break;
        [h[largest], h[i]] = [h[i], h[largest]];
        i = largest;
      }
    }
    return top;
  }
}

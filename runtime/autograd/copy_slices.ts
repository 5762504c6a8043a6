// In-place operations on views (x[0] = y, x[:, 1].mul_(w), x.view(-1).add_(1)) change the memory of
// the view's base, so the base's history must change too, as PyTorch's CopySlices makes it: the
// base's new node takes the gradient of the whole base, runs the operation's node on the region
// the view covers, writes the gradient for the view's old value back into that region, and passes
// the rest to the operation's other inputs. The view itself becomes a view of the new base
// (AsStridedBackward0).

import { Storage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';
import { clone, copyInto } from './functions.js';
import { Node, type Edge } from './node.js';

/** Where a tensor lies in its storage: shape, strides and offset. */
export interface Geometry {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

export function geometryOf(t: Tensor): Geometry {
  return { shape: t.shape.slice(), strides: t.strides.slice(), offset: t.offset };
}

/**
 * A zero tensor laid out as `base` was, over fresh memory of the same size: the regions of views
 * of the base keep their geometry in it.
 */
function zerosLaidOutAs(base: Geometry, like: Tensor, storageLength: number): Tensor {
  const storage = Storage.allocate(like.dtype, storageLength, like.device);
  return new Tensor(storage, base.shape.slice(), base.strides, base.offset, like.dtype);
}

function region(t: Tensor, view: Geometry): Tensor {
  return t.view(view.shape.slice(), view.strides, view.offset);
}

export class CopySlices extends Node {
  constructor(
    baseEdge: Edge | null,
    private readonly base: Geometry,
    private readonly viewGeometry: Geometry,
    private readonly storageLength: number,
    /** The in-place operation's node, whose first input was the view. */
    private readonly fn: Node,
  ) {
    super('CopySlices', [baseEdge, ...fn.nextEdges.slice(1)]);
  }

  apply(grads: readonly (Tensor | null)[]): (Tensor | null)[] {
    const grad = grads[0];
    if (grad === null || grad === undefined) return this.nextEdges.map(() => null);
    const result = zerosLaidOutAs(this.base, grad, this.storageLength);
    copyInto(result, grad);
    const slice = region(result, this.viewGeometry);
    const res = this.fn.apply([clone(slice)]);
    const selfGrad = res[0];
    if (selfGrad === null || selfGrad === undefined) zeroRegion(slice);
    else copyInto(slice, selfGrad);
    return [result, ...res.slice(1)];
  }

  override release(): void {
    this.fn.release();
  }
}

function zeroRegion(t: Tensor): void {
  const n = t.numel();
  for (let i = 0; i < n; i++) t.data[t.storageIndex(i)] = 0;
}

/** A view whose base was changed in place: its gradient lands in its region of the base. */
export class AsStridedBackward extends Node {
  constructor(
    baseEdge: Edge | null,
    private readonly base: Geometry,
    private readonly viewGeometry: Geometry,
    private readonly storageLength: number,
  ) {
    super('AsStridedBackward0', [baseEdge]);
  }

  apply(grads: readonly (Tensor | null)[]): (Tensor | null)[] {
    const grad = grads[0];
    if (grad === null || grad === undefined) return [null];
    const result = zerosLaidOutAs(this.base, grad, this.storageLength);
    copyInto(region(result, this.viewGeometry), grad);
    return [result];
  }
}

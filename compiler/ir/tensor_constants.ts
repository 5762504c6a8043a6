// Tensors held by prim::Constant nodes, as freezing and the passes after it make them. The value
// is the runtime tensor itself; its output type is the complete tensor type c10 infers from it:
//
//   %self.linear.bias : Float(2, strides=[1], requires_grad=0, device=cpu) = prim::Constant[...]()

import { dtypeInfo } from '../../runtime/tensor/dtype.js';
import { Tensor } from '../../runtime/tensor/tensor.js';
import { TensorType } from '../types/types.js';
import type { Graph, Value } from './ir.js';

/** The complete type of `t` (c10 leaves out the strides of 0-dim tensors). */
export function completeTensorType(t: Tensor): TensorType {
  return new TensorType({
    scalarTypeName: dtypeInfo(t.dtype).typeName,
    sizes: t.shape.slice(),
    strides: t.ndim === 0 ? null : t.strides.slice(),
    requiresGrad: t.requiresGrad,
    device: t.device.toString(),
  });
}

/** Inserts `t` as a constant at the graph's insertion point; its value. */
export function insertTensorConstant(graph: Graph, t: Tensor): Value {
  const node = graph
    .create('prim::Constant', [], [completeTensorType(t)])
    .setAttribute('value', { kind: 'ival', value: t });
  return graph.insertNode(node).output();
}

/** The tensor a prim::Constant holds, or undefined. */
export function constantTensor(v: Value): Tensor | undefined {
  const n = v.node;
  if (n === null || n.kind !== 'prim::Constant') return undefined;
  const a = n.attribute('value');
  return a?.kind === 'ival' && a.value instanceof Tensor ? a.value : undefined;
}

/** The same elements and layout, not requiring grad: what a constant may hold (c10's detach). */
export function detachedTensor(t: Tensor): Tensor {
  if (!t.requiresGrad) return t;
  return new Tensor(t.storage, t.shape.slice(), t.strides.slice(), t.offset, t.dtype);
}

/** c10's tensorEqual for constants: same dtype, device and sizes, and equal elements. */
export function tensorsEqual(a: Tensor, b: Tensor): boolean {
  if (a === b) return true;
  if (a.dtype !== b.dtype || !a.device.equals(b.device)) return false;
  if (a.shape.length !== b.shape.length || a.shape.some((s, i) => s !== b.shape[i])) return false;
  const n = a.numel();
  for (let i = 0; i < n; i++) {
    if (a.data[a.storageIndex(i)] !== b.data[b.storageIndex(i)]) return false;
  }
  return true;
}

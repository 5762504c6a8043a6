// What the frozen convolution folds share (PyTorch's frozen_conv_folding.cpp): which nodes are
// convolutions, whether an operation after one may be folded into its weight and bias, and the
// compile-time tensor arithmetic, done by the operator registry.

import { call } from '../../runtime/ops/dispatch.js';
import { isFloating, promoteTypes } from '../../runtime/tensor/dtype.js';
import type { Tensor } from '../../runtime/tensor/tensor.js';
import { toIValue } from '../ir/constants.js';
import type { Node, Value } from '../ir/ir.js';
import { registrySchema } from '../ir/node_schema.js';
import { constantTensor } from '../ir/tensor_constants.js';
import { TensorType, Types } from '../types/types.js';

/** A compile-time tensor operation: `op('mul', a, b)`. */
export function op(name: string, ...args: unknown[]): Tensor {
  return call(name, args) as Tensor;
}

/** conv1d/2d/3d, or a _convolution that is known not to be transposed. */
export function supportedConvNode(n: Node | null): n is Node {
  if (n === null) return false;
  if (['aten::conv1d', 'aten::conv2d', 'aten::conv3d'].includes(n.kind)) return true;
  return n.kind === 'aten::_convolution' && toIValue(namedInput(n, 'transposed')) === false;
}

/** The input of `n` for its schema's parameter `name`. */
export function namedInput(n: Node, name: string): Value {
  const index = registrySchema(n)?.args.findIndex((a) => a.name === name) ?? -1;
  if (index < 0 || index >= n.inputs.length) throw new Error(`${n.kind} has no input ${name}`);
  return n.inputs[index];
}

/** Whether any input but the first is computed at run time. */
export function nonConstantParameters(n: Node): boolean {
  return n.inputs.slice(1).some((v) => v.node?.kind !== 'prim::Constant');
}

/** The tensor constant `v` holds; the callers checked that it holds one. */
export function tensorOf(v: Value): Tensor {
  const t = constantTensor(v);
  if (t === undefined) throw new Error('expected a tensor constant');
  return t;
}

/** The name c10 gives a value: its debug name, else its number. */
export function debugNameOf(v: Value): string {
  return v.debugName ?? String(v.unique);
}

/**
 * Whether the operation's constant operand only scales or shifts whole output channels: every
 * dimension 1 but the channel one, which is the convolution's output channel count.
 */
function broadcastsPerChannel(operand: Tensor, weight: Tensor): boolean {
  if (operand.ndim > weight.ndim) return false;
  for (let i = operand.ndim - 1; i >= 0; i--) {
    if (i === 1 && operand.shape[i] === weight.shape[0]) continue;
    if (operand.shape[i] !== 1) return false;
  }
  return true;
}

/** Whether `op` (an add, sub, mul or div of `conv`'s result) may fold into `conv`. */
export function canFoldIntoConv(conv: Node, operation: Node): boolean {
  if (nonConstantParameters(conv) || nonConstantParameters(operation)) return false;
  if (conv.output().uses.length > 1) return false;
  const weight = tensorOf(namedInput(conv, 'weight'));
  // Integer weights would change type promotion.
  if (!isFloating(weight.dtype)) return false;
  const other = operation.inputs[1];
  if (!(other.type instanceof TensorType)) return true;
  const operand = constantTensor(other);
  if (operand === undefined || !broadcastsPerChannel(operand, weight)) return false;
  return isFloating(operand.dtype) || promoteTypes(operand.dtype, weight.dtype) === weight.dtype;
}

/**
 * The operation's constant operand as a tensor of `shape`: a tensor operand reshaped (or a one
 * element one expanded), a Scalar one filled in, with the weight's dtype.
 */
export function operandOfShape(v: Value, shape: readonly number[], like: Tensor): Tensor {
  let t = constantTensor(v);
  if (t === undefined) {
    const options = { dtype: like.dtype, device: like.device };
    t = call('full', [[...shape], toIValue(v)], options) as Tensor;
  }
  if (t.numel() === 1) return op('expand', op('reshape', t, [1]), [...shape]);
  return op('view', t, [...shape]);
}

/** Whether `v` is None (a convolution's missing bias). */
export function isNone(v: Value): boolean {
  return v.type === Types.None;
}

/** Replaces every use of `from` among `n`'s inputs by `to` (c10's Node::replaceInputWith). */
export function replaceInputWith(n: Node, from: Value, to: Value): void {
  n.inputs.forEach((v, i) => {
    if (v === from) n.replaceInput(i, to);
  });
}

/** `t` converted to `dtype` when it has another. */
export function withDtype(t: Tensor, dtype: Tensor['dtype']): Tensor {
  return t.dtype === dtype ? t : (call('to', [t], { dtype }) as Tensor);
}

/** Runs an add, sub, mul or div like `operation` on compile-time operands. */
export function applyLike(operation: Node, a: Tensor, b: Tensor): Tensor {
  const name = operation.kind.slice('aten::'.length);
  if (operation.inputs.length < 3) return op(name, a, b);
  return call(name, [a, b], { alpha: toIValue(operation.inputs[2]) }) as Tensor;
}

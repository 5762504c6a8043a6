// Tensors held by prim::Constant nodes (traces record the tensors they meet as constants): `.code`
// writes each as a `CONSTANTS.cN` entry, and PyTorch's printer gives equal tensors one entry
// (same dtype, device, sizes, strides and elements, as its getOrAddConstant compares them).

import { setObjectConstantEquality } from '../../compiler/ir/constants.js';
import { Tensor } from '../tensor/tensor.js';

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function equalTensors(a: object, b: object): boolean {
  if (!(a instanceof Tensor) || !(b instanceof Tensor)) return false;
  if (a.dtype !== b.dtype || !a.device.equals(b.device)) return false;
  if (!sameList(a.shape, b.shape) || !sameList(a.strides, b.strides)) return false;
  return sameList(a.toArray(), b.toArray());
}

setObjectConstantEquality(equalTensors);

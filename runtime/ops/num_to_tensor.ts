// prim::NumToTensor: a number as a 0-dim tensor. Traces compute sizes with it (x.size(0) is
// `aten::size` then `prim::NumToTensor` while tracing, see runtime/jit/traced_numbers.ts), so
// traced graphs need it to run. An int becomes an int64 tensor, a float a float64 one, a bool a
// bool one, as c10's scalar_to_tensor makes them.

import { wrapScalar } from '../tensor/factory.js';
import type { Scalar } from '../tensor/scalar.js';
import { Tensor } from '../tensor/tensor.js';
import { def } from './registry.js';

/** The number as a tensor that is not a wrapped number: it promotes as a tensor does. */
function numToTensor(a: Scalar): Tensor {
  const t = wrapScalar(a);
  return new Tensor(t.storage, [], [], 0, t.dtype);
}

def('prim::NumToTensor.Scalar(Scalar a) -> Tensor', numToTensor);
def('prim::NumToTensor.bool(bool a) -> Tensor', numToTensor);

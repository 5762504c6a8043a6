// How constants holding runtime objects print in graphs. Loaded archives put tensors (and
// objects) of their constant table into prim::Constant nodes; PyTorch prints a one-element
// tensor as its value (`prim::Constant[value={2}]`) and one of more than 10 elements as
// `<Tensor>`. Tensors in between print in c10's tensor format, newlines made spaces.

import { setObjectConstantText } from '../../compiler/ir/constants.js';
import { notSupported } from '../errors.js';
import { c10TensorText } from '../tensor/c10_print.js';
import { formatFloat } from '../tensor/pyfloat.js';
import { Tensor } from '../tensor/tensor.js';

const maxDisplayedElements = 10;

function objectConstantText(v: object): string {
  if (!(v instanceof Tensor)) throw notSupported('printing object constants in graphs');
  const n = v.numel();
  if (n > maxDisplayedElements) return '<Tensor>';
  if (n !== 1) return c10TensorText(v).replace(/\n/g, ' ');
  const x = v.toArray()[0];
  // As C++ streams a double (6 significant digits) or an int64.
  return `{${v.dtype === 'float32' || v.dtype === 'float64' ? formatFloat(x, '.6g') : String(x)}}`;
}

setObjectConstantText(objectConstantText);

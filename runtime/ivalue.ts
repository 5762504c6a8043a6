// How TorchScript values live in JS. Types are static in TorchScript, so values carry no tags of
// their own; operators that need a value's type to act on it are declared with `defTyped` and get
// the static types beside the values.
//
//   int, float        JS number (int holds integers exactly up to 2^53 in magnitude)
//   number (Scalar)   Scalar: bigint for a Python int, number for a float, boolean
//   bool              boolean
//   str               string
//   None              null
//   Tensor            Tensor
//   List[T]           a JS array, mutable and shared by reference, as Python lists are
//   Tuple[...]        a frozen JS array (NamedTuples too: their field names are in the type)
//   Dict[K, V]        a JS Map (insertion order kept; Tensor keys compare by identity)
//   Device            Device
//   ScalarType        a DType name; the compiler's constants give dtypes as ScalarType numbers

import type { Tensor } from './tensor/tensor.js';
import type { Device } from './tensor/device.js';
import type { Scalar } from './tensor/scalar.js';

export type IValue =
  | number
  | Scalar
  | boolean
  | string
  | null
  | Tensor
  | Device
  | IValue[]
  | readonly IValue[]
  | Map<IValue, IValue>
  | object;

export function tuple(items: IValue[]): readonly IValue[] {
  return Object.freeze(items);
}

// prim::Constant values as the interpreter holds them (runtime/ivalue.ts): compile-time ints are
// bigints, runtime ints JS numbers unless the constant's type mixes ints and floats.

import {
  ConstantList,
  ConstantTensorText,
  ConstantTuple,
  toIValue,
  type ConstantValue,
} from '../../compiler/ir/constants.js';
import type { Node } from '../../compiler/ir/ir.js';
import { FunctionType, type Type } from '../../compiler/types/types.js';
import { notSupported } from '../errors.js';
import { isMixed } from './coercion.js';

export function constantRuntimeValue(n: Node): unknown {
  const out = n.output();
  if (out.type instanceof FunctionType) return out.type.fn;
  const value = toIValue(out);
  if (value === undefined) throw notSupported(`the constant of ${n.kind} ${out.type.str()}`);
  return runtimeValue(value, out.type);
}

/** A compile-time value (a default, a constant) as a runtime value of static type `type`. */
export function runtimeValue(v: ConstantValue, type: Type): unknown {
  if (typeof v === 'bigint') return isMixed(type) ? v : Number(v);
  if (v instanceof ConstantTuple) {
    return Object.freeze(v.items.map((x, i) => runtimeValue(x, v.type.elems[i])));
  }
  if (v instanceof ConstantList) return v.items.map((x) => runtimeValue(x, v.type.elem));
  if (v instanceof ConstantTensorText) throw notSupported(`tensor constants printed as ${v.text}`);
  return v;
}

// Python values the compiler takes as constants: parameter defaults, a module's Final and
// __constants__ attributes. They arrive decoded from the wire (ints bigints, tuples frozen).

import { ConstantList, ConstantTuple, type ConstantValue } from '../../compiler/ir/constants.js';
import { ListType, TupleType, Types, type Type } from '../../compiler/types/types.js';
import { notSupported } from '../errors.js';
import { Device } from '../tensor/device.js';

function constantType(v: ConstantValue): Type {
  if (typeof v === 'bigint') return Types.int;
  if (typeof v === 'number') return Types.float;
  if (typeof v === 'boolean') return Types.bool;
  if (typeof v === 'string') return Types.str;
  if (v instanceof Device) return Types.Device;
  if (v instanceof ConstantTuple || v instanceof ConstantList) return v.type;
  return Types.None;
}

/** A value Python evaluated (a default, a module constant), as the compiler keeps constants. */
export function constantFromPython(v: unknown): ConstantValue {
  if (
    v === null ||
    typeof v === 'bigint' ||
    typeof v === 'number' ||
    typeof v === 'boolean' ||
    typeof v === 'string' ||
    v instanceof Device
  ) {
    return v;
  }
  if (Array.isArray(v)) {
    const items = v.map(constantFromPython);
    if (Object.isFrozen(v)) return new ConstantTuple(items, new TupleType(items.map(constantType)));
    const elem = items.length > 0 ? constantType(items[0]) : Types.Tensor;
    return new ConstantList(items, new ListType(elem));
  }
  throw notSupported(`a default value of Python type ${typeof v}`);
}

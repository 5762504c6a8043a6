// Running a node at compile time when all its inputs are constants: the operator registry's
// implementation computes the value, converted between compile-time constants (ints as bigint)
// and runtime values (ints as numbers) by the static types.

import { lookup, type Operator } from '../../runtime/ops/registry.js';
import { Device } from '../../runtime/tensor/device.js';
import { ConstantList, ConstantTuple, toIValue, type ConstantValue } from '../ir/constants.js';
import type { Node, Value } from '../ir/ir.js';
import { ListType, OptionalType, TupleType, Type, Types } from '../types/types.js';

/** Types whose values can't change after creation, so folding them is safe. */
export function isImmutableType(t: Type): boolean {
  if (
    t === Types.int ||
    t === Types.float ||
    t === Types.bool ||
    t === Types.str ||
    t === Types.None
  )
    return true;
  if (t === Types.Device || t === Types.number || t === Types.complex) return true;
  if (t instanceof OptionalType) return isImmutableType(t.elem);
  if (t instanceof TupleType) return t.elems.every(isImmutableType);
  return false;
}

export function toRuntime(c: ConstantValue, t: Type): unknown {
  if (c === null) return null;
  if (typeof c === 'bigint') return t === Types.number ? c : Number(c);
  if (c instanceof ConstantTuple)
    return Object.freeze(c.items.map((x, i) => toRuntime(x, c.type.elems[i])));
  if (c instanceof ConstantList) return c.items.map((x) => toRuntime(x, c.type.elem));
  return c;
}

export function fromRuntime(v: unknown, t: Type): ConstantValue | undefined {
  if (v === null || v === undefined) return null;
  if (t instanceof OptionalType) return fromRuntime(v, t.elem);
  if (t === Types.int)
    return typeof v === 'number' || typeof v === 'bigint' ? BigInt(v) : undefined;
  if (t === Types.float) return typeof v === 'number' ? v : undefined;
  if (t === Types.number)
    return typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' ? v : undefined;
  if (t === Types.bool) return typeof v === 'boolean' ? v : undefined;
  if (t === Types.str) return typeof v === 'string' ? v : undefined;
  if (t === Types.Device) return v instanceof Device ? v : undefined;
  if (t instanceof TupleType && Array.isArray(v)) {
    const items = v.map((x, i) => fromRuntime(x, t.elems[i]));
    return items.includes(undefined) ? undefined : new ConstantTuple(items as ConstantValue[], t);
  }
  if (t instanceof ListType && Array.isArray(v)) {
    const items = v.map((x) => fromRuntime(x, t.elem));
    return items.includes(undefined) ? undefined : new ConstantList(items as ConstantValue[], t);
  }
  return undefined;
}

/** The constants `n` computes from its constant inputs, or undefined when it can't be run. */
export function runNodeIfInputsAreConstant(n: Node): ConstantValue[] | undefined {
  const inputs: ConstantValue[] = [];
  for (const v of n.inputs) {
    const c = toIValue(v);
    if (c === undefined) return undefined;
    inputs.push(c);
  }
  switch (n.kind) {
    case 'prim::TupleConstruct':
      return [new ConstantTuple(inputs, n.output().type as TupleType)];
    case 'prim::TupleUnpack': {
      const t = inputs[0];
      return t instanceof ConstantTuple ? [...t.items] : undefined;
    }
    case 'prim::TupleIndex': {
      const [t, i] = inputs;
      if (!(t instanceof ConstantTuple) || typeof i !== 'bigint') return undefined;
      const at = Number(i) < 0 ? Number(i) + t.items.length : Number(i);
      return at >= 0 && at < t.items.length ? [t.items[at]] : undefined;
    }
    default:
      return runOperator(n, inputs);
  }
}

function runOperator(n: Node, inputs: readonly ConstantValue[]): ConstantValue[] | undefined {
  if (n.schemaName === null) return undefined;
  const op = lookup(n.schemaName);
  if (op === undefined || op.schema.varargs) return undefined;
  const args = inputs.map((c, i) => toRuntime(c, n.inputs[i].type));
  let result: unknown;
  try {
    result = invokeOperator(n, op, args);
  } catch {
    return undefined;
  }
  const results = n.outputs.length === 1 ? [result] : Array.isArray(result) ? result : [result];
  const out = results.map((r, i) => fromRuntime(r, n.outputs[i].type));
  return out.includes(undefined) ? undefined : (out as ConstantValue[]);
}

/** Calls the operator `n` names with runtime arguments, as the interpreter would. */
export function invokeOperator(n: Node, op: Operator, args: readonly unknown[]): unknown {
  if (!op.typed) return op.impl(...args);
  const types = {
    inputs: n.inputs.map((v) => v.type.annotation()),
    output: n.outputs[0]?.type.annotation() ?? 'NoneType',
  };
  return op.impl(types, ...args);
}

/** For the emitter's `-1` folding: the single constant a node computes, if it can. */
export function foldConstant(n: Node): ConstantValue | undefined {
  if (!n.outputs.every((o: Value) => isImmutableType(o.type))) return undefined;
  return runNodeIfInputsAreConstant(n)?.[0];
}

// Python values across a call into compiled code, by the callee's static types. Python's side
// comes decoded from the wire (runtime/python/wire.ts: ints bigints, floats numbers, tuples
// frozen arrays, dicts Maps); the runtime's side is runtime/ivalue.ts's model (ints JS numbers
// where the static type is int). Wrong types fail as PyTorch's argument checks do.

import {
  ClassType,
  DictType,
  FutureType,
  ListType,
  OptionalType,
  TensorType,
  TupleType,
  Type,
  Types,
  UnionType,
} from '../../compiler/types/types.js';
import { runtimeError, typeError } from '../errors.js';
import { Future } from '../future.js';
import { isMixed } from '../interpreter/coercion.js';
import { ScriptObject } from '../interpreter/objects.js';
import { Device } from '../tensor/device.js';
import { formatTensor } from '../tensor/format.js';
import { pythonFloatRepr } from '../tensor/pyfloat.js';
import { Tensor } from '../tensor/tensor.js';
import { NamedTupleValue } from '../python/wire.js';

/** The Python type name of a decoded value, as PyTorch's messages name it. */
export function pythonTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (v instanceof Tensor) return 'Tensor';
  if (v instanceof Device) return 'Device';
  if (v instanceof Map) return 'dict';
  if (v instanceof ScriptObject) return v.type.annotation();
  if (v instanceof Future) return 'Future';
  if (Array.isArray(v)) return Object.isFrozen(v) ? 'tuple' : 'list';
  switch (typeof v) {
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'str';
    default:
      return 'object';
  }
}

const noMatch = Symbol('no match');

/** `v` as a runtime value of static type `t`, or noMatch. */
function convert(v: unknown, t: Type): unknown {
  if (t === Types.Any) return v;
  if (t instanceof OptionalType) return v === null ? null : convert(v, t.elem);
  if (t instanceof UnionType) {
    for (const m of t.members) {
      const c = convert(v, m);
      if (c !== noMatch) return isMixed(t) && typeof v === 'bigint' ? v : c;
    }
    return noMatch;
  }
  if (t === Types.None) return v === null ? null : noMatch;
  if (t instanceof TensorType) return v instanceof Tensor ? v : noMatch;
  if (t === Types.int) return typeof v === 'bigint' ? Number(v) : noMatch;
  if (t === Types.float) {
    if (typeof v === 'number') return v;
    return typeof v === 'bigint' ? Number(v) : noMatch;
  }
  if (t === Types.number) return typeof v === 'bigint' || typeof v === 'number' ? v : noMatch;
  if (t === Types.bool) return typeof v === 'boolean' ? v : noMatch;
  if (t === Types.str) return typeof v === 'string' ? v : noMatch;
  if (t === Types.Device) return v instanceof Device ? v : noMatch;
  if (t instanceof ListType) return convertItems(v, (x) => convert(x, t.elem), false);
  if (t instanceof TupleType) {
    if (!Array.isArray(v) || v.length !== t.elems.length) return noMatch;
    return convertItems(v, (x, i) => convert(x, t.elems[i]), true);
  }
  if (t instanceof DictType) {
    if (!(v instanceof Map)) return noMatch;
    const out = new Map<unknown, unknown>();
    for (const [k, x] of v) {
      const [ck, cx] = [convert(k, t.key), convert(x, t.value)];
      if (ck === noMatch || cx === noMatch) return noMatch;
      out.set(ck, cx);
    }
    return out;
  }
  if (t instanceof ClassType) return v instanceof ScriptObject && v.type === t ? v : noMatch;
  if (t instanceof FutureType) return v instanceof Future ? v : noMatch;
  return noMatch;
}

/** Lists and tuples alike convert to either (PyTorch takes a tuple for a List argument). */
function convertItems(
  v: unknown,
  each: (x: unknown, i: number) => unknown,
  tuple: boolean,
): unknown {
  if (!Array.isArray(v)) return noMatch;
  const items = v.map(each);
  if (items.includes(noMatch)) return noMatch;
  return tuple ? Object.freeze(items) : items;
}

/** An argument from Python for the parameter `name` of type `t` of the function `callee`. */
export function fromPython(v: unknown, t: Type, callee: string, name: string): unknown {
  const c = convert(v, t);
  if (c === noMatch) {
    throw typeError(
      `${callee}() Expected a value of type '${t.annotation()}' for argument '${name}' but instead found type '${pythonTypeName(v)}'.`,
    );
  }
  return c;
}

/**
 * An argument from Python for the parameter at `position` of `callee`, or PyTorch's error naming
 * the argument's position, value and the declaration. As pybind11 does, an int, float or bool
 * parameter takes any Python number, a bool, or a one-element tensor.
 */
export function argumentFromPython(
  v: unknown,
  t: Type,
  position: number,
  callee: string,
  name: string,
  declaration: () => string,
): unknown {
  const scalarType = t instanceof OptionalType && v !== null ? t.elem : t;
  const c = convert(v, t);
  if (c !== noMatch) return c;
  const scalar = pythonScalar(v, scalarType);
  if (scalar !== noMatch) return scalar;
  throw runtimeError(
    `${callee}() Expected a value of type '${t.annotation()}' for argument '${name}' but instead found type '${pythonTypeName(v)}'.\n` +
      `Position: ${position}\nValue: ${pythonRepr(v)}\nDeclaration: ${declaration()}\n` +
      `Cast error details: ${castErrorDetails(v, t)}`,
  );
}

function pythonScalar(v: unknown, t: Type): unknown {
  if (t !== Types.int && t !== Types.float && t !== Types.bool) return noMatch;
  let x: unknown = v;
  if (v instanceof Tensor) {
    if (v.numel() !== 1) return noMatch;
    x = v.item();
  }
  if (typeof x !== 'bigint' && typeof x !== 'number' && typeof x !== 'boolean') return noMatch;
  const n = Number(x);
  if (t === Types.bool) return n !== 0;
  if (t === Types.float) return n;
  return typeof x === 'number' && !(v instanceof Tensor) ? noMatch : Math.trunc(n);
}

function castErrorDetails(v: unknown, t: Type): string {
  if (t instanceof TensorType) return `Unable to cast ${pythonRepr(v)} to Tensor`;
  if (t instanceof TupleType && Array.isArray(v) && v.length !== t.elems.length) {
    return `Object ${pythonRepr(v)} had a different number of elements than type ${t.annotation()}`;
  }
  return 'Unable to cast Python instance to C++ type (#define PYBIND11_DETAILED_ERROR_MESSAGES or compile in debug mode for details)';
}

/** Python's repr() of a decoded value, as PyTorch's messages quote an argument. */
export function pythonRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v instanceof Tensor) return formatTensor(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return pythonFloatRepr(v);
  if (typeof v === 'string') return pythonStringRepr(v);
  if (Array.isArray(v)) {
    const items = v.map(pythonRepr);
    if (!Object.isFrozen(v)) return `[${items.join(', ')}]`;
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (v instanceof Map) {
    return `{${[...v].map(([k, x]) => `${pythonRepr(k)}: ${pythonRepr(x)}`).join(', ')}}`;
  }
  return `<${pythonTypeName(v)} object>`;
}

function pythonStringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const escaped = [...s].map((ch) => {
    if (ch === '\\' || ch === quote) return `\\${ch}`;
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    const code = ch.codePointAt(0)!;
    return code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
  });
  return `${quote}${escaped.join('')}${quote}`;
}

/** A plain JS number of static type `t` is an int (a float, or a tagged Union member, else). */
function numbersAreInts(t: Type): boolean {
  if (t === Types.int) return true;
  return t instanceof UnionType && !isMixed(t) && t.members.includes(Types.int);
}

/** A runtime value of static type `t` in the wire's Python-typed form. */
export function toPython(v: unknown, t: Type): unknown {
  if (v === null || v === undefined) return null;
  if (t instanceof OptionalType) return toPython(v, t.elem);
  if (typeof v === 'number') return numbersAreInts(t) ? BigInt(v) : v;
  if (t instanceof ListType) return (v as unknown[]).map((x) => toPython(x, t.elem));
  if (t instanceof TupleType) {
    const items = Object.freeze((v as unknown[]).map((x, i) => toPython(x, t.elems[i])));
    return t.named === null || t.named.name === ''
      ? items
      : new NamedTupleValue(t.named.name, items);
  }
  if (t instanceof DictType) {
    const out = new Map<unknown, unknown>();
    for (const [k, x] of v as Map<unknown, unknown>) {
      out.set(toPython(k, t.key), toPython(x, t.value));
    }
    return out;
  }
  if (t instanceof UnionType && Array.isArray(v)) {
    const member = t.members.find((m) =>
      Object.isFrozen(v) ? m instanceof TupleType : m instanceof ListType,
    );
    return member === undefined ? v : toPython(v, member);
  }
  return v;
}

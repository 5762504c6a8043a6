// Unpickled values made runtime values of their static TorchScript type. The pickle knows only
// Python's kinds (an int is a bigint, a tuple a PickleTuple); the runtime holds an `int` as a JS
// number, a tuple as a frozen array (runtime/ivalue.ts). Attribute types say which is which.
// Lists and dicts are converted in place, so values the pickle shares stay shared.

import {
  DictType,
  ListType,
  OptionalType,
  TupleType,
  Types,
  UnionType,
  type Type,
} from '../../compiler/types/types.js';
import { ScriptObject } from '../interpreter/objects.js';
import { isMixed } from '../interpreter/coercion.js';
import { Device } from '../tensor/device.js';
import { Tensor } from '../tensor/tensor.js';
import { archiveError } from './errors.js';
import { PickleTuple } from './pickle/opcodes.js';

/** `value` as a runtime value of static type `type`; `where` names it in errors. */
export function runtimeValueOf(value: unknown, type: Type, where: string): unknown {
  if (value === null && (type instanceof OptionalType || type === Types.None || isDynamic(type))) {
    return null;
  }
  switch (type.kind) {
    case 'Tensor':
      return expect(value, value instanceof Tensor, type, where);
    case 'int':
      return Number(expect(value, typeof value === 'bigint', type, where));
    case 'float':
      return expect(value, typeof value === 'number', type, where);
    case 'bool':
      return expect(value, typeof value === 'boolean', type, where);
    case 'str':
      return expect(value, typeof value === 'string', type, where);
    case 'Device':
      return expect(value, value instanceof Device, type, where);
    case 'Class':
      return expect(value, value instanceof ScriptObject, type, where);
    case 'Optional':
      return runtimeValueOf(value, (type as OptionalType).elem, where);
    case 'List':
      return listOf(value, (type as ListType).elem, where);
    case 'Tuple':
      return tupleOf(value, type as TupleType, where);
    case 'Dict':
      return dictOf(value, type as DictType, where);
    default:
      if (isDynamic(type)) return dynamicValue(value, type);
      throw archiveError(
        `${where}: values of type ${type.annotation()} in archives: not supported yet`,
      );
  }
}

function isDynamic(type: Type): boolean {
  return type.kind === 'Any' || type.kind === 'number' || type.kind === 'Union';
}

function expect(value: unknown, ok: boolean, type: Type, where: string): unknown {
  if (!ok) throw mismatch(value, type, where);
  return value;
}

function mismatch(value: unknown, type: Type, where: string) {
  return archiveError(
    `${where} should be ${type.annotation()} but the archive holds ${describe(value)}`,
  );
}

function describe(v: unknown): string {
  if (v === null) return 'None';
  if (typeof v === 'bigint') return `the int ${v}`;
  if (typeof v === 'number') return `the float ${v}`;
  if (typeof v === 'string') return `a str`;
  if (typeof v === 'boolean') return 'a bool';
  if (v instanceof Tensor) return 'a Tensor';
  if (v instanceof PickleTuple) return 'a tuple';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Map) return 'a dict';
  if (v instanceof ScriptObject) return `an object of ${v.type.qualifiedName}`;
  return 'another kind of value';
}

function listOf(value: unknown, elem: Type, where: string): unknown[] {
  if (!Array.isArray(value)) throw mismatch(value, new ListType(elem), where);
  for (let i = 0; i < value.length; i++)
    value[i] = runtimeValueOf(value[i], elem, `${where}[${i}]`);
  return value;
}

function tupleOf(value: unknown, type: TupleType, where: string): readonly unknown[] {
  if (!(value instanceof PickleTuple) || value.items.length !== type.elems.length) {
    throw mismatch(value, type, where);
  }
  return Object.freeze(
    value.items.map((x, i) => runtimeValueOf(x, type.elems[i], `${where}[${i}]`)),
  );
}

function dictOf(value: unknown, type: DictType, where: string): Map<unknown, unknown> {
  if (!(value instanceof Map)) throw mismatch(value, type, where);
  const entries = [...value];
  value.clear();
  for (const [k, v] of entries) {
    const key = runtimeValueOf(k, type.key, `${where} key`);
    value.set(key, runtimeValueOf(v, type.value, `${where}[${String(key)}]`));
  }
  return value;
}

/**
 * A value of type Any, a number or a Union: ints stay bigints where the type admits floats too
 * (runtime/interpreter/coercion.ts); tuples become frozen arrays, containers are walked.
 */
function dynamicValue(value: unknown, type: Type): unknown {
  if (typeof value === 'bigint') return isMixed(type) ? value : Number(value);
  if (value instanceof PickleTuple)
    return Object.freeze(value.items.map((x) => dynamicValue(x, Types.Any)));
  if (Array.isArray(value)) {
    const member =
      type instanceof UnionType ? type.members.find((m) => m instanceof ListType) : undefined;
    if (member !== undefined) return runtimeValueOf(value, member, 'list');
    for (let i = 0; i < value.length; i++) value[i] = dynamicValue(value[i], Types.Any);
  }
  return value;
}

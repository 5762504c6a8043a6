// How a value's representation changes as it crosses from one static type to another, or into an
// operator. runtime/ivalue.ts: an `int` is a JS number, a `float` a JS number too; where a static
// type admits both (`number`, `Any`, a Union holding both) ints are bigints so the two stay apart,
// as Scalars are for operators. Operators take ScalarTypes as dtype names and hand them back so.

import { OptionalType, TupleType, Type, Types, UnionType } from '../../compiler/types/types.js';
import { dtypeFromScalarType, dtypeInfo, type DType } from '../tensor/dtype.js';
import type { SchemaType } from '../ops/schema.js';

/** A representation change, or null where the value passes as it is. */
export type Coercion = ((v: unknown) => unknown) | null;

function holdsInt(t: Type): boolean {
  return t === Types.int || t === Types.number || t === Types.Any;
}

function holdsFloat(t: Type): boolean {
  return t === Types.float || t === Types.number || t === Types.Any;
}

/** The static type admits both int and float, so ints must be tagged (bigints). */
export function isMixed(t: Type): boolean {
  if (t === Types.number || t === Types.Any) return true;
  if (t instanceof OptionalType) return isMixed(t.elem);
  if (t instanceof UnionType) return t.members.some(holdsInt) && t.members.some(holdsFloat);
  return false;
}

const toTagged = (v: unknown) => (typeof v === 'number' ? BigInt(v) : v);
const toUntagged = (v: unknown) => (typeof v === 'bigint' ? Number(v) : v);

function unwrap(t: Type): Type {
  return t instanceof OptionalType ? t.elem : t;
}

/** What a value of static type `from` needs to become a value of static type `to`. */
export function coercion(from: Type, to: Type): Coercion {
  if (from === to) return null;
  const source = unwrap(from);
  if (source === Types.int && isMixed(to)) return toTagged;
  if (isMixed(from) && !isMixed(to)) return toUntagged;
  if (source instanceof TupleType && unwrap(to) instanceof TupleType) {
    const target = unwrap(to) as TupleType;
    if (target.elems.length !== source.elems.length) return null;
    const items = source.elems.map((e, i) => coercion(e, target.elems[i]));
    if (items.every((c) => c === null)) return null;
    return (v) =>
      v === null ? null : Object.freeze((v as unknown[]).map((x, i) => items[i]?.(x) ?? x));
  }
  return null;
}

/** Applies `c` unless it is the identity. */
export function coerce(c: Coercion, v: unknown): unknown {
  return c === null ? v : c(v);
}

// ---- operator boundaries ----

function scalarArgument(from: Type): Coercion {
  return unwrap(from) === Types.int ? toTagged : null;
}

const toDType = (v: unknown) => (v === null ? null : dtypeFromScalarType(Number(v)));

/** How an argument of static type `from` is handed to an operator parameter of type `param`. */
export function argumentCoercion(param: SchemaType, from: Type): Coercion {
  switch (param.kind) {
    case 'optional':
      return argumentCoercion(param.elem, from);
    case 'base':
      switch (param.name) {
        case 'Scalar':
        case 'number':
          return scalarArgument(from);
        case 'ScalarType':
          return toDType;
        case 'int':
        case 'SymInt':
        case 'float':
          return isMixed(from) ? toUntagged : null;
        default:
          return null;
      }
    case 'list': {
      const elem = param.elem;
      if (elem.kind === 'base' && (elem.name === 'Scalar' || elem.name === 'number')) {
        return (v) => (v === null ? null : (v as unknown[]).map(toTagged));
      }
      return null;
    }
    default:
      return null;
  }
}

const scalarTypeCode = (v: unknown) => (v === null ? null : dtypeInfo(v as DType).scalarType);

/** How an operator's result for a return of type `ret` becomes a value of static type `to`. */
export function resultCoercion(ret: SchemaType, to: Type): Coercion {
  switch (ret.kind) {
    case 'optional':
      return resultCoercion(ret.elem, to);
    case 'base':
      switch (ret.name) {
        case 'ScalarType':
          return scalarTypeCode;
        case 'int':
        case 'SymInt':
          return isMixed(to) ? toTagged : toUntagged;
        case 'Scalar':
        case 'number':
          return isMixed(to) ? null : toUntagged;
        default:
          return null;
      }
    default:
      return null;
  }
}

// Subtyping and unification, as TorchScript decides them (c10's isSubtypeOf and unifyTypes).

import {
  ClassType,
  FutureType,
  InterfaceType,
  ListType,
  OptionalType,
  TensorType,
  TupleType,
  Type,
  Types,
  UnionType,
  DictType,
} from './types.js';

export function isSubtype(a: Type, b: Type): boolean {
  if (a.equals(b)) return true;
  if (b === Types.Any) return true;
  if (a instanceof UnionType) return a.members.every((m) => isSubtype(m, b));
  if (b instanceof UnionType) return b.members.some((m) => isSubtype(a, m));
  if (b instanceof OptionalType) {
    if (a === Types.None) return true;
    return isSubtype(a instanceof OptionalType ? a.elem : a, b.elem);
  }
  if (a instanceof OptionalType) return false;
  switch (a.kind) {
    case 'Tensor':
      return b.kind === 'Tensor' && (b as TensorType).details === null;
    case 'int':
    case 'float':
    case 'complex':
      return b === Types.number;
    case 'List':
      return b === Types.AnyList;
    case 'Tuple':
      return b === Types.AnyTuple || (b instanceof TupleType && tupleSubtype(a as TupleType, b));
    case 'Future':
      return b instanceof FutureType && isSubtype((a as FutureType).elem, b.elem);
    case 'Class':
      if (b === Types.AnyClass) return !(a as ClassType).isModule;
      return b instanceof InterfaceType && implementsInterface(a as ClassType, b);
    default:
      return false;
  }
}

function tupleSubtype(a: TupleType, b: TupleType): boolean {
  if (a.elems.length !== b.elems.length) return false;
  if (b.named !== null && (a.named === null || a.named.name !== b.named.name)) return false;
  return a.elems.every((e, i) => isSubtype(e, b.elems[i]));
}

/** Structural: every method the interface declares exists on the class (schemas checked later). */
function implementsInterface(c: ClassType, i: InterfaceType): boolean {
  if (i.isModule !== c.isModule && i.isModule) return false;
  for (const name of i.methods.keys()) if (!c.methods.has(name)) return false;
  return true;
}

/** The type both branches of an `if` (or loop-carried values) can take, or null if none. */
export function unifyTypes(a: Type, b: Type, defaultToUnion = false): Type | null {
  if (isSubtype(a, b)) return b;
  if (isSubtype(b, a)) return a;
  if (a instanceof TensorType && b instanceof TensorType) return Types.Tensor;
  if (a === Types.None) return new OptionalType(b);
  if (b === Types.None) return new OptionalType(a);
  if (a instanceof OptionalType) {
    const elem = unifyTypes(a.elem, b);
    if (elem !== null) return new OptionalType(elem);
  } else if (b instanceof OptionalType) {
    const elem = unifyTypes(a, b.elem);
    if (elem !== null) return new OptionalType(elem);
  }
  if (a instanceof TupleType && b instanceof TupleType && a.elems.length === b.elems.length) {
    const elems: Type[] = [];
    for (let i = 0; i < a.elems.length; i++) {
      const e = unifyTypes(a.elems[i], b.elems[i], defaultToUnion);
      if (e === null) return defaultToUnion ? unionOf([a, b]) : null;
      elems.push(e);
    }
    return new TupleType(elems);
  }
  if (a instanceof FutureType && b instanceof FutureType) {
    const elem = unifyTypes(a.elem, b.elem);
    if (elem !== null) return new FutureType(elem);
  }
  const ua = unshaped(a);
  const ub = unshaped(b);
  if (ua !== a || ub !== b) {
    if (isSubtype(ua, ub)) return ub;
    if (isSubtype(ub, ua)) return ua;
  }
  return defaultToUnion ? unionOf([a, b]) : null;
}

// c10's TypeKind order, which sorts a union's members.
const kindOrder: readonly string[] = [
  'Any',
  'AnyEnum',
  'Tensor',
  'Tuple',
  'List',
  'Dict',
  'number',
  'float',
  'complex',
  'Future',
  'RRef',
  'int',
  'NoneType',
  'str',
  'Generator',
  'bool',
  'Optional',
  'Var',
  'Device',
  'Stream',
  'Function',
  'Class',
  'Capsule',
  'Interface',
  'ScalarType',
  'Layout',
  'MemoryFormat',
  'AnyList',
  'AnyTuple',
  'AnyClass',
  'Union',
];

/**
 * `Union[...]` in canonical form: nested unions and optionals flattened, members that unify
 * merged, sorted by kind then spelling; one member is itself, a member and None an Optional.
 */
export function unionOf(types: readonly Type[]): Type {
  const members: Type[] = [];
  for (const t of types.flatMap(flattenUnion)) {
    const i = members.findIndex((m) => unifyTypes(m, t) !== null);
    if (i < 0) members.push(t);
    else members[i] = unifyTypes(members[i], t)!;
  }
  if (members.length === 1) return members[0];
  const withoutNone = members.filter((m) => m !== Types.None);
  if (members.length === 2 && withoutNone.length === 1) return new OptionalType(withoutNone[0]);
  members.sort(
    (x, y) =>
      kindOrder.indexOf(x.kind) - kindOrder.indexOf(y.kind) ||
      (x.str() < y.str() ? -1 : x.str() > y.str() ? 1 : 0),
  );
  return new UnionType(members);
}

function flattenUnion(t: Type): readonly Type[] {
  if (t instanceof UnionType) return t.members.flatMap(flattenUnion);
  if (t instanceof OptionalType) return [...flattenUnion(t.elem), Types.None];
  return [t];
}

/** The type with traced tensor details erased. */
export function unshaped(t: Type): Type {
  if (t instanceof TensorType) return Types.Tensor;
  if (t instanceof ListType) {
    const e = unshaped(t.elem);
    return e === t.elem ? t : new ListType(e);
  }
  if (t instanceof OptionalType) {
    const e = unshaped(t.elem);
    return e === t.elem ? t : new OptionalType(e);
  }
  if (t instanceof TupleType) {
    const es = t.elems.map(unshaped);
    return es.every((e, i) => e === t.elems[i]) ? t : new TupleType(es, t.named);
  }
  if (t instanceof DictType) {
    const [k, v] = [unshaped(t.key), unshaped(t.value)];
    return k === t.key && v === t.value ? t : new DictType(k, v);
  }
  return t;
}

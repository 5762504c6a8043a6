// Signatures the compiler matches calls against: the registry's operator schemas converted to
// TorchScript types, and the schemas of compiled functions and methods.

import { lookup, overloads, type Operator } from '../../runtime/ops/registry.js';
import type { SchemaType } from '../../runtime/ops/schema.js';
import type { ConstantValue } from '../ir/constants.js';
import { ConstantList } from '../ir/constants.js';
import {
  DictType,
  FutureType,
  ListType,
  OptionalType,
  RRefType,
  TupleType,
  Type,
  Types,
  VarType,
} from './types.js';

export interface SignatureArg {
  readonly name: string;
  readonly type: Type;
  /** `int[2] stride`: a single int may be given for the whole list. */
  readonly n: number | null;
  /** The default, when the argument has one. */
  readonly default?: ConstantValue;
  readonly kwargOnly: boolean;
  /** The schema writes to this argument (`Tensor(a!) self`). */
  readonly isWrite: boolean;
}

export interface Signature {
  /** `aten::add`, or the compiled function's qualified name. */
  readonly name: string;
  readonly overload: string;
  readonly args: readonly SignatureArg[];
  readonly returns: readonly { readonly name: string; readonly type: Type }[];
  readonly varargs: boolean;
  /** How errors print the schema. */
  readonly text: string;
  /** The registry operator behind a builtin signature. */
  readonly op: Operator | null;
}

const baseTypes: Record<string, Type> = {
  Tensor: Types.Tensor,
  int: Types.int,
  SymInt: Types.int,
  float: Types.float,
  bool: Types.bool,
  str: Types.str,
  complex: Types.complex,
  Scalar: Types.number,
  number: Types.number,
  ScalarType: Types.int,
  Layout: Types.int,
  MemoryFormat: Types.int,
  Device: Types.Device,
  Generator: Types.Generator,
  Dimname: Types.str,
  Stream: Types.Stream,
  Any: Types.Any,
  AnyClassType: Types.AnyClass,
  AnyEnumType: Types.AnyEnum,
  Capsule: Types.Capsule,
  NoneType: Types.None,
};

export function schemaTypeToType(t: SchemaType): Type {
  switch (t.kind) {
    case 'base': {
      const b = baseTypes[t.name];
      if (b === undefined) throw new Error(`schema type ${t.name} is not supported yet`);
      return b;
    }
    case 'var':
      return new VarType(t.name);
    case 'list':
      return new ListType(schemaTypeToType(t.elem));
    case 'optional':
      return new OptionalType(schemaTypeToType(t.elem));
    case 'tuple':
      return new TupleType(t.elems.map(schemaTypeToType));
    case 'dict':
      return new DictType(schemaTypeToType(t.key), schemaTypeToType(t.value));
    case 'future':
      return new FutureType(schemaTypeToType(t.elem));
    case 'rref':
      return new RRefType(schemaTypeToType(t.elem));
    case 'class':
      throw new Error(`schema class type ${t.name} is not supported yet`);
  }
}

/** A default as the compiler holds constants: ints as bigint, floats as numbers. */
function defaultConstant(v: unknown, t: Type): ConstantValue {
  if (v === null || v === undefined) return null;
  if (t instanceof OptionalType) return defaultConstant(v, t.elem);
  if (t instanceof ListType && Array.isArray(v)) {
    return new ConstantList(
      v.map((x) => defaultConstant(x, t.elem)),
      t,
    );
  }
  if (t === Types.int || (t === Types.number && typeof v === 'bigint'))
    return BigInt(v as number | bigint);
  if (
    typeof v === 'number' ||
    typeof v === 'boolean' ||
    typeof v === 'string' ||
    typeof v === 'bigint'
  )
    return v;
  return String(v);
}

const cache = new Map<Operator, Signature>();

export function operatorSignature(op: Operator): Signature {
  let s = cache.get(op);
  if (s !== undefined) return s;
  const schema = op.schema;
  const args = schema.args.map((a, i): SignatureArg => {
    const type = schemaTypeToType(a.type);
    const inner = a.type.kind === 'optional' ? a.type.elem : a.type;
    const base: SignatureArg = {
      name: a.name,
      type,
      n: inner.kind === 'list' ? inner.size : null,
      kwargOnly: a.kwargOnly,
      isWrite: a.alias?.isWrite === true,
    };
    return a.defaultText === null
      ? base
      : { ...base, default: defaultConstant(op.defaults[i], type) };
  });
  s = {
    name: schema.name,
    overload: schema.overload,
    args,
    returns: schema.returns.map((r) => ({ name: r.name, type: schemaTypeToType(r.type) })),
    varargs: schema.varargs,
    text: schema.text,
    op,
  };
  cache.set(op, s);
  return s;
}

/** Every registered overload of `aten::add`, as signatures, in PyTorch's order. */
export function operatorSignatures(name: string): Signature[] {
  return overloads(name).map(operatorSignature);
}

export function operatorByName(qualified: string): Operator | undefined {
  return lookup(qualified);
}

// The one operator table. Every operator is declared once, by its PyTorch schema and its
// implementation; the compiler, tracer, interpreter and eager API all read it from here.
//
// An implementation receives every argument of its schema, keyword-only ones included, in schema
// order and with defaults filled in: Tensors, numbers for int and float, Scalars (number = float,
// bigint = int, boolean), DType names for ScalarType, null for None, arrays for lists.

import { parseSchema, qualifiedName, type FunctionSchema } from './schema.js';
import { defaultValue } from './defaults.js';

// Implementations are typed by their own signatures; the table stores them untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Impl = (...args: any[]) => unknown;

export interface Operator {
  readonly schema: FunctionSchema;
  readonly impl: Impl;
  /** The parsed default of each argument; undefined where the argument is required. */
  readonly defaults: readonly unknown[];
}

const byName = new Map<string, Operator[]>();
const byQualifiedName = new Map<string, Operator>();

/** Declares an operator. A repeated schema is a programming error. */
export function def(schemaText: string, impl: Impl): Operator {
  const schema = parseSchema(schemaText);
  const qualified = qualifiedName(schema);
  if (byQualifiedName.has(qualified)) throw new Error(`operator ${qualified} declared twice`);
  const defaults = schema.args.map((a) =>
    a.defaultText === null ? undefined : defaultValue(a.defaultText, a.type),
  );
  const op: Operator = { schema, impl, defaults };
  byQualifiedName.set(qualified, op);
  const list = byName.get(schema.name);
  if (list === undefined) byName.set(schema.name, [op]);
  else list.push(op);
  return op;
}

/** The operator `aten::add.Tensor`, or `aten::matmul` for a default overload. */
export function lookup(qualified: string): Operator | undefined {
  return byQualifiedName.get(qualified);
}

/** Every overload of `aten::add`, in declaration order. */
export function overloads(name: string): readonly Operator[] {
  return byName.get(name) ?? [];
}

export function allOperators(): Operator[] {
  return [...byQualifiedName.values()];
}

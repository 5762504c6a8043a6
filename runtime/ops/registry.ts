// The one operator table. Every operator is declared once, by its PyTorch schema and its
// implementation; the compiler, tracer, interpreter and eager API all read it from here.
//
// An implementation receives every argument of its schema, keyword-only ones included, in schema
// order and with defaults filled in: Tensors, numbers for int and float, Scalars (number = float,
// bigint = int, boolean), DType names for ScalarType, null for None, arrays for lists.
//
// Overloads of one name are kept in PyTorch's registration order (overload_order.json, made from
// PyTorch's schemas), the order TorchScript tries them in, whichever file declares them.

import { parseSchema, qualifiedName, type FunctionSchema } from './schema.js';
import { defaultValue } from './defaults.js';
import overloadOrder from './overload_order.json' with { type: 'json' };

// Implementations are typed by their own signatures; the table stores them untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Impl = (...args: any[]) => unknown;

export interface Operator {
  readonly schema: FunctionSchema;
  /** The implementation, as wrapped by wrapImplementations (autograd records through it). */
  impl: Impl;
  /** The parsed default of each argument; undefined where the argument is required. */
  readonly defaults: readonly unknown[];
  /**
   * Generic operators whose behaviour depends on static types a JS value does not carry (str()
   * of a float prints `1.`, of an int `1`) get them first: `impl(types, ...args)`.
   */
  readonly typed: boolean;
}

/** The static types of a typed operator's inputs and output, as annotations: `List[float]`. */
export interface ArgTypes {
  readonly inputs: readonly string[];
  readonly output: string;
}

const byName = new Map<string, Operator[]>();
const byQualifiedName = new Map<string, Operator>();
/** What wraps every implementation (see wrapImplementations), once installed. */
let wrapper: ((op: Operator) => Impl) | null = null;

/** Declares an operator. A repeated schema is a programming error. */
export function def(schemaText: string, impl: Impl): Operator {
  return declare(schemaText, impl, false);
}

/** Declares an operator whose implementation takes the static ArgTypes first. */
export function defTyped(schemaText: string, impl: Impl): Operator {
  return declare(schemaText, impl, true);
}

const ranks = overloadOrder as Record<string, string[]>;
const unsorted = new Set<string>();

function declare(schemaText: string, impl: Impl, typed: boolean): Operator {
  const schema = parseSchema(schemaText);
  const qualified = qualifiedName(schema);
  if (byQualifiedName.has(qualified)) throw new Error(`operator ${qualified} declared twice`);
  const defaults = schema.args.map((a) =>
    a.defaultText === null ? undefined : defaultValue(a.defaultText, a.type),
  );
  const op: Operator = { schema, impl, defaults, typed };
  if (wrapper !== null) op.impl = wrapper(op);
  byQualifiedName.set(qualified, op);
  const list = byName.get(schema.name);
  if (list === undefined) byName.set(schema.name, [op]);
  else list.push(op);
  unsorted.add(schema.name);
  return op;
}

/**
 * Replaces every implementation, those declared already and those declared later, by
 * `wrap(op)`, which calls the one it replaces: autograd (runtime/autograd/record.ts) records the
 * graph of what operators compute this way, without any operator knowing of it.
 */
export function wrapImplementations(wrap: (op: Operator) => Impl): void {
  if (wrapper !== null) throw new Error('operator implementations are wrapped already');
  wrapper = wrap;
  for (const op of byQualifiedName.values()) op.impl = wrap(op);
}

/** The operator `aten::add.Tensor`, or `aten::matmul` for a default overload. */
export function lookup(qualified: string): Operator | undefined {
  return byQualifiedName.get(qualified);
}

/** Every overload of `aten::add`, in PyTorch's order. */
export function overloads(name: string): readonly Operator[] {
  const list = byName.get(name);
  if (list === undefined) return [];
  if (unsorted.delete(name)) {
    const order = ranks[name] ?? [];
    const rank = (op: Operator) => {
      const i = order.indexOf(op.schema.overload);
      return i < 0 ? order.length : i;
    };
    list.sort((a, b) => rank(a) - rank(b));
  }
  return list;
}

export function allOperators(): Operator[] {
  return [...byQualifiedName.values()];
}

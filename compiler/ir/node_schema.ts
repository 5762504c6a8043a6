// Which operator overload a node calls, and which of its arguments `.code` must spell out.
//
// The python printer writes `torch.add(x, y)` for `aten::add(%x, %y, %1)`: arguments that equal
// their schema defaults are dropped from the end (PyTorch's CalculateNecessaryArgs), and
// keyword-only ones are written `name=value`. Both need the node's schema: the emitter records
// it in `node.schemaName`; for graphs that do not say (parsed ones), the first overload, in
// registration order, whose parameter types fit the node's inputs and outputs is taken.

import { Device } from '../../runtime/tensor/device.js';
import { ConstantList, ConstantTuple, toIValue, type ConstantValue } from '../ir/constants.js';
import type { Node, Value } from '../ir/ir.js';
import {
  operatorByName,
  operatorSignature,
  operatorSignatures,
  type Signature,
} from '../types/signature.js';
import { isSubtype } from '../types/subtype.js';
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
} from '../types/types.js';

export type SchemaLookup = (node: Node) => Signature | undefined;

/** The registry's answer: the recorded overload, else the first registered one that fits. */
export const registrySchema: SchemaLookup = (node) => {
  if (node.schemaName !== null) {
    const op = operatorByName(node.schemaName);
    if (op !== undefined) return operatorSignature(op);
  }
  return matchOverload(node, operatorSignatures(node.kind));
};

/** The first signature whose parameters the node's input types fit (and whose returns fit). */
export function matchOverload(node: Node, candidates: readonly Signature[]): Signature | undefined {
  const fitting = candidates.filter((s) => argumentsFit(s, node.inputs));
  return fitting.find((s) => returnsFit(s, node.outputs)) ?? fitting[0];
}

function argumentsFit(s: Signature, inputs: readonly Value[]): boolean {
  if (s.varargs ? inputs.length < s.args.length : inputs.length !== s.args.length) return false;
  const env = new Map<string, Type>();
  return s.args.every((a, i) => fits(a.type, inputs[i].type, env));
}

function returnsFit(s: Signature, outputs: readonly Value[]): boolean {
  const env = new Map<string, Type>();
  return (
    s.returns.length === outputs.length &&
    s.returns.every((r, i) => fits(r.type, outputs[i].type, env))
  );
}

/** Whether a value of type `actual` can be passed for a parameter of type `formal`. */
function fits(formal: Type, actual: Type, env: Map<string, Type>): boolean {
  if (formal instanceof VarType) {
    const bound = env.get(formal.name);
    if (bound === undefined) env.set(formal.name, actual);
    return bound === undefined || isSubtype(actual, bound) || isSubtype(bound, actual);
  }
  if (formal === Types.Any) return true;
  if (formal instanceof OptionalType) {
    if (actual === Types.None) return true;
    return fits(formal.elem, actual instanceof OptionalType ? actual.elem : actual, env);
  }
  if (formal instanceof ListType)
    return actual instanceof ListType && fits(formal.elem, actual.elem, env);
  if (formal instanceof TupleType) {
    return (
      actual instanceof TupleType &&
      actual.elems.length === formal.elems.length &&
      formal.elems.every((f, i) => fits(f, actual.elems[i], env))
    );
  }
  if (formal instanceof DictType) {
    return (
      actual instanceof DictType &&
      fits(formal.key, actual.key, env) &&
      fits(formal.value, actual.value, env)
    );
  }
  if (formal instanceof FutureType)
    return actual instanceof FutureType && fits(formal.elem, actual.elem, env);
  if (formal instanceof RRefType)
    return actual instanceof RRefType && fits(formal.elem, actual.elem, env);
  return isSubtype(actual, formal);
}

/**
 * How many leading inputs `.code` writes, and how many trailing out= arguments the schema has:
 * trailing inputs that are constants equal to their defaults are left out. As PyTorch's
 * CalculateNecessaryArgs with trailing out arguments allowed.
 */
export function necessaryArguments(
  s: Signature,
  inputs: readonly Value[],
): { necessary: number; out: number } {
  const args = s.args;
  if (args.length === 0) return { necessary: 0, out: 0 };
  let i = args.length - 1;
  while (i >= 0 && args[i].kwargOnly && args[i].isWrite) i--;
  const out = args.length - i - 1;
  if (args.length < inputs.length) return { necessary: inputs.length, out };
  for (; i >= 0; i--) {
    const a = args[i];
    if (!('default' in a) || i >= inputs.length) return { necessary: i + 1, out };
    const actual = constantValue(inputs[i]);
    if (actual === undefined || !sameValue(a.default!, actual)) return { necessary: i + 1, out };
  }
  return { necessary: 0, out };
}

/** The constant a value holds when a prim::Constant makes it (c10's toIValue), else undefined. */
export function constantValue(v: Value): ConstantValue | undefined {
  const n = v.node;
  if (n === null || n.kind !== 'prim::Constant') return undefined;
  const a = n.attribute('value');
  if (a === undefined) return mustBeNone(n) ? null : undefined;
  return a.kind === 'b' ? a.value : toIValue(v);
}

/** A prim::Constant without a value whose type is None or Optional: it is None. */
export function mustBeNone(n: Node): boolean {
  if (n.kind !== 'prim::Constant' || n.attributes.size !== 0 || n.outputs.length !== 1)
    return false;
  const t = n.outputs[0].type;
  return t === Types.None || t instanceof OptionalType;
}

/** IValue equality as defaults compare: same kind and value (an int never equals a float). */
function sameValue(a: ConstantValue, b: ConstantValue): boolean {
  if (a === null || typeof a !== 'object') return a === b;
  if (a instanceof Device) return b instanceof Device && a.equals(b);
  const containers =
    (a instanceof ConstantList && b instanceof ConstantList) ||
    (a instanceof ConstantTuple && b instanceof ConstantTuple);
  if (containers) {
    const [x, y] = [a as ConstantList | ConstantTuple, b as ConstantList | ConstantTuple];
    return (
      x.items.length === y.items.length && x.items.every((item, i) => sameValue(item, y.items[i]))
    );
  }
  return false;
}

// The signature of a function made from a traced graph (PyTorch's defaultSchemaFor): one
// parameter per graph input, named after the input (`x` of `%x.1`) or `argument_N`, typed as the
// input without what the trace saw of its tensors (`Tensor`, not `Float(3, 4, ...)`).

import type { Graph } from '../ir/ir.js';
import type { Signature, SignatureArg } from '../types/signature.js';
import {
  DictType,
  ListType,
  OptionalType,
  TensorType,
  TupleType,
  Types,
  type Type,
} from '../types/types.js';

/** `t` with every traced tensor type made plain `Tensor` (c10's unshapedType). */
export function unshapedType(t: Type): Type {
  if (t instanceof TensorType) return Types.Tensor;
  if (t instanceof TupleType) return new TupleType(t.elems.map(unshapedType), t.named);
  if (t instanceof ListType) return new ListType(unshapedType(t.elem));
  if (t instanceof OptionalType) return new OptionalType(unshapedType(t.elem));
  if (t instanceof DictType) return new DictType(unshapedType(t.key), unshapedType(t.value));
  return t;
}

/** `x` of `x.1`: a debug name without its uniquing suffix. */
export function debugNameBase(name: string): string {
  const m = /^(.*)\.\d+$/.exec(name);
  return m === null ? name : m[1];
}

export function graphSignature(qualifiedName: string, graph: Graph): Signature {
  const args = graph.inputs.map((v, i): SignatureArg => ({
    name: v.debugName === null ? `argument_${i}` : debugNameBase(v.debugName),
    type: unshapedType(v.type),
    n: null,
    kwargOnly: false,
    isWrite: false,
  }));
  const returns = graph.outputs.map((v) => ({ name: '', type: unshapedType(v.type) }));
  const name = qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1);
  const text = `${name}(${args.map((a) => `${a.type.str()} ${a.name}`).join(', ')}) -> ${returns.map((r) => r.type.str()).join(', ')}`;
  return { name: qualifiedName, overload: '', args, returns, varargs: false, text, op: null };
}

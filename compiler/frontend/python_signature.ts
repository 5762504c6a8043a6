// The signature a Python function shows TorchScript without being compiled (an ignored or unused
// method): its annotations, Tensor where there is none, the result included.

import type { ConstantValue } from '../ir/constants.js';
import type { Signature, SignatureArg } from '../types/signature.js';
import { Types, type Type } from '../types/types.js';
import type { Resolver } from './ir_emitter.js';
import type * as T from './tree_views.js';
import { TypeParser } from './type_parser.js';

export function pythonFunctionSignature(
  def: T.Def,
  qualifiedName: string,
  selfType: Type | null,
  resolver: Resolver,
  defaults: ReadonlyMap<string, ConstantValue> = new Map(),
): Signature {
  const parser = new TypeParser((name, range) => resolver.resolveType(name, range));
  const args = def.decl.params.map((p, i): SignatureArg => {
    const parsed =
      i === 0 && selfType !== null
        ? { type: selfType, n: null }
        : p.type === null
          ? { type: Types.Tensor, n: null }
          : parser.parseParameter(p.type);
    const base = { name: p.ident.name, ...parsed, kwargOnly: p.kwargOnly, isWrite: false };
    const d = defaults.get(p.ident.name);
    return d === undefined ? base : { ...base, default: d };
  });
  const returnType =
    def.decl.returnType === null ? Types.Tensor : parser.parse(def.decl.returnType);
  const params = args.map((a) => `${a.type.annotation()} ${a.name}`).join(', ');
  return {
    name: qualifiedName,
    overload: '',
    args,
    returns: [{ name: '0', type: returnType }],
    varargs: false,
    // PyTorch names the result of a Python function's schema "0".
    text: `${def.name.name}(${params}) -> ${returnType.annotation()} 0`,
    op: null,
  };
}

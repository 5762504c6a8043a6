// Parameter defaults written as literals (`inplace=False`, `eps=1e-5`, `dims=(0, 1)`), for
// functions compiled without a Python interpreter to evaluate their defaults.

import { ConstantTuple, type ConstantValue } from '../ir/constants.js';
import { TupleType, Type, Types } from '../types/types.js';
import * as P from './tree.js';

export function literalDefaults(fn: P.FunctionDef): Map<string, ConstantValue> {
  const out = new Map<string, ConstantValue>();
  const positional = [...fn.args.posonly, ...fn.args.args];
  fn.args.defaults.forEach((d, i) => {
    const p = positional[positional.length - fn.args.defaults.length + i];
    const c = literalConstant(d);
    if (c !== undefined) out.set(p.name, c);
  });
  return out;
}

function literalConstant(e: P.Expr): ConstantValue | undefined {
  if (e.kind === 'Constant') {
    const v = e.value;
    if (v === P.Ellipsis) return undefined;
    return v;
  }
  if (e.kind === 'UnaryOp' && e.op === '-' && e.operand.kind === 'Constant') {
    const v = e.operand.value;
    if (typeof v === 'bigint') return -v;
    if (typeof v === 'number') return -v;
  }
  if (e.kind === 'Tuple') {
    const items = e.elts.map(literalConstant);
    if (items.includes(undefined)) return undefined;
    return new ConstantTuple(
      items as ConstantValue[],
      new TupleType(items.map((i) => constantTypeOf(i!))),
    );
  }
  return undefined;
}

function constantTypeOf(v: ConstantValue): Type {
  if (typeof v === 'bigint') return Types.int;
  if (typeof v === 'number') return Types.float;
  if (typeof v === 'boolean') return Types.bool;
  if (typeof v === 'string') return Types.str;
  return Types.None;
}

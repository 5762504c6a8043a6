// Literal values in archive code: parameter defaults (`k: float=2.`) and class constants
// (`stride : Final[Tuple[int, int]] = (1, 1)`), written as PyTorch's printer writes constants
// (compiler/printer/constant_repr.ts): None, True, 3, -1, 2., inf, nan, "s", [1, 2],
// annotate(List[int], []), (1, 2), torch.device("cpu"), and CONSTANTS.cN for the values kept
// out of line (non-ASCII strings).

import { CompileError } from '../frontend/errors.js';
import type { SourceRange } from '../frontend/source.js';
import * as P from '../frontend/tree.js';
import { ConstantList, ConstantTuple, constantType, type ConstantValue } from '../ir/constants.js';
import { ListType, OptionalType, TupleType, type Type } from '../types/types.js';
import { Device } from '../../runtime/tensor/device.js';

/**
 * A value of the archive's constant table (constants.pkl): a literal, or a runtime object the
 * compiler holds opaquely (a tensor, an instance of a TorchScript class) with its type.
 */
export type ArchiveConstant =
  | { readonly kind: 'value'; readonly value: ConstantValue }
  | { readonly kind: 'object'; readonly value: object; readonly type: Type };

export interface LiteralContext {
  readonly constants: readonly ArchiveConstant[];
  /** Parses a type expression (annotate's first argument). */
  parseType(e: P.Expr): Type;
}

/** The value of a literal expression; `hint` (the declared type) types empty or mixed lists. */
export function literalValue(e: P.Expr, hint: Type | null, ctx: LiteralContext): ConstantValue {
  switch (e.kind) {
    case 'Constant':
      if (e.value === P.Ellipsis || e.isBytes === true) break;
      return e.value;
    case 'Name':
      if (e.id === 'inf') return Infinity;
      if (e.id === 'nan') return NaN;
      break;
    case 'UnaryOp':
      if (e.op === '-') return negate(literalValue(e.operand, hint, ctx), e);
      break;
    case 'Tuple':
      return tupleValue(e.elts, hint, ctx);
    case 'List':
      return listValue(e.elts, hint, ctx);
    case 'Attribute':
      return tableValue(e, ctx);
    case 'Call':
      return callValue(e, ctx);
  }
  throw unsupported(e);
}

function negate(v: ConstantValue, e: P.Expr): ConstantValue {
  if (typeof v === 'bigint' || typeof v === 'number') return -v;
  throw unsupported(e);
}

function tupleValue(
  elts: readonly P.Expr[],
  hint: Type | null,
  ctx: LiteralContext,
): ConstantTuple {
  const t = unwrapOptional(hint);
  const elemHints = t instanceof TupleType && t.elems.length === elts.length ? t.elems : null;
  const items = elts.map((x, i) => literalValue(x, elemHints?.[i] ?? null, ctx));
  const type =
    t instanceof TupleType && t.elems.length === elts.length
      ? t
      : new TupleType(items.map(constantType));
  return new ConstantTuple(items, type);
}

function listValue(elts: readonly P.Expr[], hint: Type | null, ctx: LiteralContext): ConstantList {
  const t = unwrapOptional(hint);
  const elemHint = t instanceof ListType ? t.elem : null;
  const items = elts.map((x) => literalValue(x, elemHint, ctx));
  if (t instanceof ListType) return new ConstantList(items, t);
  if (items.length === 0) {
    throw new CompileError('the element type of an empty list literal is unknown', []);
  }
  return new ConstantList(items, new ListType(constantType(items[0])));
}

/** `CONSTANTS.c3`: an entry of the constant table that is a literal. */
function tableValue(e: P.Attribute, ctx: LiteralContext): ConstantValue {
  if (e.value.kind !== 'Name' || e.value.id !== 'CONSTANTS') throw unsupported(e);
  const entry = constantEntry(e.attr, ctx.constants, e.range);
  if (entry.kind === 'object') {
    throw CompileError.at(
      e.range,
      'tensor and object defaults and class constants: not supported yet',
    );
  }
  return entry.value;
}

/** `annotate(List[int], [])` and `torch.device("cpu")`. */
function callValue(e: P.Call, ctx: LiteralContext): ConstantValue {
  const callee = dottedName(e.func);
  if (callee === 'annotate' && e.args.length === 2 && e.keywords.length === 0) {
    return literalValue(e.args[1], ctx.parseType(e.args[0]), ctx);
  }
  const [arg] = e.args;
  if (callee === 'torch.device' && e.args.length === 1 && arg.kind === 'Constant') {
    if (typeof arg.value === 'string') return Device.parse(arg.value);
  }
  throw unsupported(e);
}

/** The table entry `cN` names. */
export function constantEntry(
  field: string,
  constants: readonly ArchiveConstant[],
  where: SourceRange,
): ArchiveConstant {
  const m = /^c(\d+)$/.exec(field);
  const entry = m === null ? undefined : constants[Number(m[1])];
  if (entry === undefined) {
    throw CompileError.at(
      where,
      `CONSTANTS.${field} is not in the archive's constant table (constants.pkl holds ${constants.length})`,
    );
  }
  return entry;
}

function unwrapOptional(t: Type | null): Type | null {
  return t instanceof OptionalType ? t.elem : t;
}

export function dottedName(e: P.Expr): string | null {
  if (e.kind === 'Name') return e.id;
  if (e.kind !== 'Attribute') return null;
  const base = dottedName(e.value);
  return base === null ? null : `${base}.${e.attr}`;
}

function unsupported(e: P.Expr): CompileError {
  return CompileError.at(e.range, 'this constant expression in archive code: not supported yet');
}

// Assignments: `x = e`, `a, b = e`, `a = b = e`, starred unpacking, `x.f = e`, `x[i] = e`, and
// augmented ones (`x += e`), which are in place on tensors and lists as PyTorch makes them.

import { createTuple } from '../ir/create.js';
import type { Value } from '../ir/ir.js';
import { isSubtype } from '../types/subtype.js';
import { ListType, Types, type Type } from '../types/types.js';
import { emitAugAssignToSubscript, emitSubscriptAssign } from './emit_subscripts.js';
import { CompileError } from './errors.js';
import type { IREmitter } from './ir_emitter.js';
import { emitBuiltinCall, NamedValue } from './schema_matching.js';
import type { SourceRange } from './source.js';
import { MethodValue, type SugaredValue } from './sugared_value.js';
import type * as T from './tree_views.js';

/** `x op= y`: the operator in place (tensors, lists) and otherwise. */
const augmentedOperators: Readonly<Record<string, readonly [string, string]>> = {
  '+': ['aten::add_', 'aten::add'],
  '-': ['aten::sub_', 'aten::sub'],
  '/': ['aten::div_', 'aten::div'],
  '*': ['aten::mul_', 'aten::mul'],
  '%': ['aten::fmod_', 'aten::fmod'],
  '|': ['aten::bitwise_or', 'aten::__or__'],
  '&': ['aten::bitwise_and', 'aten::__and__'],
  '^': ['aten::bitwise_xor', 'aten::__xor__'],
  '<<': ['aten::__lshift__', 'aten::__lshift__'],
  '>>': ['aten::__irshift__', 'aten::__rshift__'],
  '**': ['aten::pow', 'aten::pow'],
};

export function validateAssignLhs(lhs: readonly T.Expr[], range: SourceRange): boolean {
  let normal = 0;
  let starred = 0;
  for (const e of lhs) {
    if (e.kind === 'Var' || e.kind === 'Subscript' || e.kind === 'TupleLiteral') normal++;
    else if (e.kind === 'Starred') starred++;
    else
      throw CompileError.at(
        e.range,
        'lhs of assignment must be a variable, subscript, or starred expression',
      );
  }
  if (starred > 1)
    throw CompileError.at(range, 'Only one starred expression is allowed on the lhs');
  if (starred > 0 && normal === 0) {
    throw CompileError.at(
      range,
      'A Starred expression may only appear on the lhs within the presence of another non-starred expression',
    );
  }
  return starred > 0;
}

export function emitAssignment(em: IREmitter, s: T.Assign): void {
  if (s.lhs.length === 1) return emitSingleAssignment(em, s, s.lhs[0], s.rhs!);
  const tmp = em.createTempName('$tmp_assign_');
  em.env.setSugaredVar(s.rhs!.range, tmp, em.emitSugaredExpr(s.rhs!, 1), null);
  const ident: T.Expr = { kind: 'Var', name: tmp, range: s.rhs!.range };
  for (const target of s.lhs)
    emitSingleAssignment(em, { ...s, lhs: [target], rhs: ident, type: null }, target, ident);
}

function emitSingleAssignment(em: IREmitter, s: T.Assign, lhs: T.Expr, rhs: T.Expr): void {
  switch (lhs.kind) {
    case 'Var': {
      const type = s.type === null ? null : em.typeParser.parse(s.type);
      const value = em.emitSugaredExpr(rhs, 1, type);
      em.env.setSugaredVar(lhs.range, lhs.name, value, type);
      return;
    }
    case 'TupleLiteral':
      return emitTupleAssign(em, lhs, rhs);
    case 'Select': {
      const typeHint = s.type === null ? null : em.typeParser.parse(s.type);
      const obj = em.emitSugaredExpr(lhs.value, 1);
      const value = em.emitSugaredExpr(rhs, 1, typeHint).asValue(rhs.range, em);
      obj.setAttr(s.range, em, lhs.selector.name, value);
      return;
    }
    case 'Subscript':
      return emitSubscriptAssign(
        em,
        s.range,
        lhs,
        NamedValue.of(em.emitExpr(rhs), null, rhs.range),
      );
    default:
      throw CompileError.at(lhs.range, 'unexpected expression on left-hand side of assignment');
  }
}

function emitTupleAssign(em: IREmitter, tl: T.TupleLiteral, rhs: T.Expr): void {
  const starred = validateAssignLhs(tl.inputs, tl.range);
  const binders = tl.inputs.length - (starred ? 1 : 0);
  const output = em.emitSugaredExpr(rhs, binders);
  emitTupleAssignValues(em, tl, output, rhs.range, binders, starred);
}

function emitTupleAssignValues(
  em: IREmitter,
  tl: T.TupleLiteral,
  rhs: SugaredValue,
  rhsRange: SourceRange,
  binders: number,
  starred: boolean,
): void {
  const outputs = rhs.asTuple(rhsRange, em, starred ? null : binders);
  if (outputs.length < binders) {
    throw CompileError.at(
      tl.range,
      `need ${starred ? 'at least ' : ''}${binders} values to unpack but found only ${outputs.length}`,
    );
  }
  if (outputs.length > binders && !starred) {
    throw CompileError.at(
      tl.range,
      `too many values to unpack: need ${binders} but found ${outputs.length}`,
    );
  }
  emitExprsAssign(em, tl.inputs, outputs, rhsRange, binders);
}

export function emitExprsAssign(
  em: IREmitter,
  lhs: readonly T.Expr[],
  outputs: readonly SugaredValue[],
  rhsRange: SourceRange,
  binders: number,
): void {
  let i = 0;
  for (const target of lhs) {
    switch (target.kind) {
      case 'Subscript':
        emitSubscriptAssign(
          em,
          rhsRange,
          target,
          NamedValue.of(outputs[i].asValue(rhsRange, em), null, rhsRange),
        );
        i++;
        break;
      case 'Var':
        em.env.setSugaredVar(target.range, target.name, outputs[i], null);
        i++;
        break;
      case 'Starred': {
        if (target.expr.kind !== 'Var')
          throw CompileError.at(target.expr.range, 'Cannot pack a tuple into a non-variable');
        const count = outputs.length - binders;
        const values = outputs.slice(i, i + count).map((o) => o.asValue(target.range, em));
        const tup = em.graph.insertNode(createTuple(em.graph, values)).output();
        em.env.setVar(target.expr.range, target.expr.name, tup);
        i += count;
        break;
      }
      case 'TupleLiteral': {
        const starred = validateAssignLhs(target.inputs, target.range);
        const sub = target.inputs.length - (starred ? 1 : 0);
        emitTupleAssignValues(em, target, outputs[i], rhsRange, sub, starred);
        i++;
        break;
      }
      default:
        throw CompileError.at(target.range, 'unexpected expression on the left-hand side');
    }
  }
}

/** The operator `x op= y` calls: in place on tensors and lists, as PyTorch chooses. */
export function augOpFor(s: T.AugAssign, type: Type): string {
  const ops = augmentedOperators[s.op];
  if (ops === undefined) throw CompileError.at(s.range, `Unknown augmented assignment: ${s.op}`);
  const inplace = isSubtype(type, Types.Tensor) || type instanceof ListType;
  return inplace ? ops[0] : ops[1];
}

export function emitAugAssignment(em: IREmitter, s: T.AugAssign): void {
  switch (s.lhs.kind) {
    case 'Var': {
      const lhs = em.emitExpr(s.lhs);
      em.env.setVar(s.lhs.range, s.lhs.name, emitAugAssignmentHelper(em, s, lhs));
      return;
    }
    case 'Select': {
      const obj = em.emitSugaredExpr(s.lhs.value, 1);
      const lhs = obj.attr(s.lhs.range, em, s.lhs.selector.name).asValue(s.lhs.range, em);
      obj.setAttr(s.range, em, s.lhs.selector.name, emitAugAssignmentHelper(em, s, lhs));
      return;
    }
    case 'Subscript':
      return emitAugAssignToSubscript(em, s, s.lhs);
    default:
      throw CompileError.at(
        s.lhs.range,
        'unexpected expression on left-hand side of augmented assignment',
      );
  }
}

function emitAugAssignmentHelper(em: IREmitter, s: T.AugAssign, lhs: Value): Value {
  if (lhs.type.kind === 'Class') {
    const names: Record<string, [string, string]> = {
      '+': ['__iadd__', '__add__'],
      '-': ['__isub__', '__sub__'],
      '/': ['__itruediv__', '__truediv__'],
      '*': ['__imul__', '__mul__'],
      '%': ['__imod__', '__mod__'],
    };
    const pair = names[s.op];
    if (pair === undefined) throw CompileError.at(s.range, `Unknown augmented assignment: ${s.op}`);
    const rhs = em.emitExpr(s.rhs);
    const methods = (lhs.type as unknown as { methods: Map<string, unknown> }).methods;
    const name = methods.has(pair[0]) ? pair[0] : methods.has(pair[1]) ? pair[1] : null;
    if (name === null) {
      throw CompileError.at(
        s.range,
        `Cannot emit inplace op on ${lhs.type.annotation()} since it does not define an ${pair[0]} or ${pair[1]} method`,
      );
    }
    return new MethodValue(lhs, name)
      .call(s.range, em, [NamedValue.of(rhs)], [])
      .asValue(s.range, em);
  }
  const rhs = NamedValue.of(em.emitExpr(s.rhs), null, s.rhs.range);
  return emitBuiltinCall(s.range, em.graph, augOpFor(s, lhs.type), [NamedValue.of(lhs), rhs], []);
}

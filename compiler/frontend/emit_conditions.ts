// Conditions: what `if`, `while`, `assert`, `and`/`or`/`not` and `x if c else y` test, with the
// Optional refinements they prove (`x is not None` makes x an int where it holds) and the
// conditions decided at compile time (`None is None`, isinstance, hasattr) that drop a branch.

import { insertConstant, toIValue } from '../ir/constants.js';
import { insertIsInstance, insertUncheckedCast } from '../ir/create.js';
import type { Block, Value } from '../ir/ir.js';
import { isSubtype, unifyTypes } from '../types/subtype.js';
import { ListType, OptionalType, TupleType, Type, Types, UnionType } from '../types/types.js';
import { CompileError } from './errors.js';
import { binaryNodeKinds, type IREmitter } from './ir_emitter.js';
import { CondValue, RefinementSet } from './refinement.js';
import { emitBuiltinCall, NamedValue } from './schema_matching.js';
import type { SourceRange } from './source.js';
import type * as T from './tree_views.js';

export function emitCondExpr(em: IREmitter, e: T.Expr): CondValue {
  if (e.kind === 'BinOp' && (e.op === 'and' || e.op === 'or'))
    return emitShortCircuit(em, e.range, e.lhs, e.rhs, e.op === 'or');
  if (e.kind === 'UnaryOp' && e.op === 'not') {
    const v = emitCondExpr(em, e.operand);
    const result = emitBuiltinCall(
      e.range,
      em.graph,
      'aten::__not__',
      [NamedValue.of(v.value)],
      [],
    );
    return new CondValue(result, v.refinements.not(), v.staticIf === null ? null : !v.staticIf);
  }
  if (e.kind === 'BinOp' && (e.op === 'is' || e.op === 'is not')) return emitIsCondition(em, e);
  if (e.kind === 'Apply' && e.callee.kind === 'Var') {
    if (e.callee.name === 'isinstance') {
      em.checkApplyNumInputs(e, 2);
      return emitIsInstance(em, e.inputs[0], e.inputs[1]);
    }
    if (e.callee.name === 'hasattr') {
      em.checkApplyNumInputs(e, 2);
      return emitHasAttr(em, e.inputs[0], e.inputs[1]);
    }
  }
  const v = emitToBool(em, e.range, em.emitExpr(e));
  let staticIf: boolean | null = null;
  const kind = v.node?.kind;
  if (kind === 'aten::is_scripting') staticIf = true;
  else if (kind === 'aten::has_torch_function') staticIf = false;
  const c = toIValue(v);
  if (typeof c === 'boolean') staticIf = c;
  return new CondValue(v, new RefinementSet(), staticIf);
}

function emitIsCondition(em: IREmitter, e: T.BinOp): CondValue {
  const lhs = em.emitExpr(e.lhs);
  const rhs = em.emitExpr(e.rhs);
  // As PyTorch's canBeNone: a NoneType value (a constant, an attribute) is always None.
  const none = (v: Value) =>
    v.type === Types.None ||
    (v.node?.kind === 'prim::Constant' &&
      v.node.attributes.size === 0 &&
      v.type instanceof OptionalType)
      ? 'always'
      : v.type instanceof OptionalType ||
          (v.type instanceof UnionType && v.type.members.includes(Types.None))
        ? 'maybe'
        : 'never';
  const [l, r] = [none(lhs), none(rhs)];
  const isIs = e.op === 'is';
  if (l === 'always' && r === 'always')
    return new CondValue(insertConstant(em.graph, isIs, e.range), new RefinementSet(), isIs);
  if ((l === 'always' && r === 'never') || (l === 'never' && r === 'always')) {
    return new CondValue(insertConstant(em.graph, !isIs, e.range), new RefinementSet(), !isIs);
  }
  const v = emitBuiltinCall(
    e.range,
    em.graph,
    binaryNodeKinds[e.op],
    [NamedValue.of(lhs), NamedValue.of(rhs)],
    [],
  );
  return new CondValue(v, isNoneRefinements(em, e.lhs, lhs, e.rhs, rhs, isIs), null);
}

function isNoneRefinements(
  em: IREmitter,
  lhsExpr: T.Expr,
  lhs: Value,
  rhsExpr: T.Expr,
  rhs: Value,
  isIs: boolean,
): RefinementSet {
  if (rhsExpr.kind !== 'None' && lhsExpr.kind === 'None')
    return isNoneRefinements(em, rhsExpr, rhs, lhsExpr, lhs, isIs);
  if (rhsExpr.kind !== 'None' || lhsExpr.kind !== 'Var') return new RefinementSet();
  if (!(lhs.type instanceof OptionalType)) return new RefinementSet();
  const present = { name: lhsExpr.name, type: lhs.type.elem };
  return isIs ? new RefinementSet([], [present]) : new RefinementSet([present], []);
}

function emitShortCircuit(
  em: IREmitter,
  range: SourceRange,
  first: T.Expr,
  second: T.Expr,
  isOr: boolean,
): CondValue {
  const lhs = emitCondExpr(em, first);
  let rhs: CondValue | null = null;
  const constExpr = () => insertConstant(em.graph, isOr, range);
  const continueExpr = () => {
    rhs = emitCondExpr(em, second);
    return rhs.value;
  };
  const value = isOr
    ? emitIfExpr(em, range, lhs, constExpr, continueExpr)
    : emitIfExpr(em, range, lhs, continueExpr, constExpr);
  const r = rhs as unknown as CondValue;
  let staticIf: boolean | null = null;
  if (isOr) {
    if (lhs.staticIf === true || r.staticIf === true) staticIf = true;
    else if (lhs.staticIf !== null && r.staticIf !== null) staticIf = lhs.staticIf || r.staticIf;
  } else if (lhs.staticIf === false || r.staticIf === false) staticIf = false;
  else if (lhs.staticIf !== null && r.staticIf !== null) staticIf = lhs.staticIf && r.staticIf;
  const refinements = isOr ? lhs.refinements.or(r.refinements) : lhs.refinements.and(r.refinements);
  return new CondValue(value, refinements, staticIf);
}

export function emitIfExpr(
  em: IREmitter,
  range: SourceRange,
  cond: CondValue,
  trueExpr: () => Value,
  falseExpr: () => Value,
): Value {
  const g = em.graph;
  const n = g.insertNode(g.create('prim::If', [cond.value]));
  n.sourceRange = range;
  const [tb, fb] = [n.addBlock(), n.addBlock()];
  const emitBranch = (b: Block, refinements: RefinementSet, expr: () => Value) => {
    em.pushFrame(b);
    g.withInsertPoint(b, () => {
      insertRefinements(em, range, refinements);
      b.addOutput(expr());
    });
    em.popFrame();
  };
  emitBranch(tb, cond.refinements, trueExpr);
  emitBranch(fb, cond.refinements.not(), falseExpr);
  const [tt, ft] = [tb.outputs[0].type, fb.outputs[0].type];
  const unified = unifyTypes(tt, ft);
  if (unified === null) {
    throw CompileError.at(
      range,
      `if-expression's true branch has type ${tt.annotation()} but false branch has type ${ft.annotation()}`,
    );
  }
  return n.addOutput(unified);
}

export function emitToBool(em: IREmitter, range: SourceRange, v: Value): Value {
  let out: Value;
  try {
    const cast = em.env.getSugaredVar('bool', range)!;
    out = cast.call(range, em, [NamedValue.of(v)], [], 0).asValue(range, em);
  } catch {
    throw CompileError.at(range, `Could not cast value of type ${v.type.annotation()} to bool`);
  }
  if (!isSubtype(out.type, Types.bool)) {
    throw CompileError.at(
      range,
      `expected a bool expression for condition but found ${out.type.annotation()}`,
    );
  }
  return out;
}

export function insertRefinements(
  em: IREmitter,
  range: SourceRange,
  refinements: RefinementSet,
): void {
  for (const r of refinements.whenTrue) {
    const v = em.env.getVar(r.name, range);
    em.env.setVar(range, r.name, insertUncheckedCast(em.graph, v, r.type));
  }
}

function emitHasAttr(em: IREmitter, objExpr: T.Expr, attrExpr: T.Expr): CondValue {
  const obj = em.emitSugaredExpr(objExpr, 1);
  if (attrExpr.kind !== 'StringLiteral')
    throw CompileError.at(attrExpr.range, "hasattr's second argument must be a string literal");
  const has = obj.hasAttr(objExpr.range, em, attrExpr.value);
  return new CondValue(insertConstant(em.graph, has, objExpr.range), new RefinementSet(), has);
}

export function emitIsInstance(em: IREmitter, obj: T.Expr, classinfo: T.Expr): CondValue {
  const types: Type[] = [];
  const gather = (e: T.Expr) => {
    if (e.kind === 'TupleLiteral') e.inputs.forEach(gather);
    else types.push(em.typeParser.parse(e));
  };
  gather(classinfo);
  const val = em.emitExpr(obj);
  let refinement = new RefinementSet();
  if (types.length === 1 && isSubtype(types[0], val.type) && obj.kind === 'Var') {
    refinement = new RefinementSet([{ name: obj.name, type: types[0] }], []);
  }
  if (types.some((t) => isSubtype(val.type, t))) {
    return new CondValue(insertConstant(em.graph, true, obj.range), refinement, true);
  }
  const maybeOfKind = (kind: string) =>
    val.type === Types.Any || (val.type instanceof OptionalType && val.type.elem.kind === kind);
  const staticallyFalse = types.every(
    (t) =>
      !isSubtype(t, val.type) &&
      !((t === Types.AnyList || t instanceof ListType) && maybeOfKind('List')) &&
      !((t === Types.AnyTuple || t instanceof TupleType) && maybeOfKind('Tuple')),
  );
  if (staticallyFalse)
    return new CondValue(insertConstant(em.graph, false, obj.range), refinement, false);
  return new CondValue(insertIsInstance(em.graph, val, types), refinement, null);
}

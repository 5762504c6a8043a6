// Calls: ordinary ones go to the callee's sugared value; special forms (fork, annotate,
// isinstance, range, zip, enumerate, list(), dict(), getattr...) evaluate their arguments their
// own way.

import { insertConstant } from '../ir/constants.js';
import {
  createDict,
  createList,
  createTuple,
  createUninitialized,
  insertUncheckedCast,
} from '../ir/create.js';
import type { Value } from '../ir/ir.js';
import { isSubtype } from '../types/subtype.js';
import { DictType, FutureType, ListType, OptionalType, Type, Types } from '../types/types.js';
import { CompileError } from './errors.js';
import type { IREmitter } from './ir_emitter.js';
import { emitBuiltinCall, NamedValue, tryConvertToType } from './schema_matching.js';
import type { SourceRange } from './source.js';
import {
  ClassValue,
  ClosureValue,
  IterableTree,
  RangeValue,
  SimpleValue,
  SpecialFormValue,
  type SugaredValue,
} from './sugared_value.js';
import type * as T from './tree_views.js';
import { emitDictComprehension, emitListComprehension } from './emit_containers.js';
import { emitIsInstance } from './emit_conditions.js';

export function emitApply(
  em: IREmitter,
  apply: T.Apply,
  nBinders: number,
  typeHint: Type | null,
): SugaredValue {
  const sv = em.emitSugaredExpr(apply.callee, 1);
  const range = apply.callee.range;
  if (sv instanceof SpecialFormValue) return emitSpecialForm(em, sv.form, apply, typeHint);
  const args = em.getNamedValues(apply.inputs, true);
  const kwargs = apply.attributes.map((a) =>
    NamedValue.of(em.emitExpr(a.value), a.name.name, a.value.range),
  );
  return sv.call(range, em, args, kwargs, nBinders);
}

function checkInputs(em: IREmitter, apply: T.Apply, n: number): void {
  em.checkApplyNumInputs(apply, n);
}

function emitSpecialForm(
  em: IREmitter,
  form: string,
  apply: T.Apply,
  typeHint: Type | null,
): SugaredValue {
  const g = em.graph;
  switch (form) {
    case 'prim::fork': {
      if (apply.inputs.length < 1)
        throw CompileError.at(apply.range, 'Expected at least one argument to fork()');
      const forked = em.emitSugaredExpr(apply.inputs[0], 1);
      const args = em.getNamedValues(apply.inputs.slice(1), true);
      const kwargs = apply.attributes.map((a) =>
        NamedValue.of(em.emitExpr(a.value), a.name.name, a.value.range),
      );
      return emitFork(em, apply.range, forked, args, kwargs);
    }
    case 'prim::annotate': {
      checkInputs(em, apply, 2);
      const type = em.typeParser.parse(apply.inputs[0]);
      let expr = tryConvertToType(apply.range, g, type, em.emitExpr(apply.inputs[1], type), true);
      if (!isSubtype(expr.type, type)) {
        throw CompileError.at(
          apply.range,
          `expected an expression of type ${type.annotation()} but found ${expr.type.annotation()}\n`,
        );
      }
      // Remember T of a None annotated as Optional[T].
      if (type instanceof OptionalType && isSubtype(expr.type, Types.None))
        expr = em.createTypedNone(type);
      return new SimpleValue(expr);
    }
    case 'prim::unchecked_cast': {
      checkInputs(em, apply, 2);
      const type = em.typeParser.parse(apply.inputs[0]);
      let v = em.emitExpr(apply.inputs[1]);
      if (v.node?.kind !== 'prim::unchecked_cast' || !v.type.equals(type))
        v = insertUncheckedCast(g, v, type);
      return new SimpleValue(v);
    }
    case 'prim::GetAttr': {
      checkInputs(em, apply, 2);
      const obj = em.emitSugaredExpr(apply.inputs[0], 1);
      const selector = apply.inputs[1];
      if (selector.kind !== 'StringLiteral')
        throw CompileError.at(apply.range, "getattr's second argument must be a string literal");
      return obj.attr(apply.range, em, selector.value);
    }
    case 'prim::Uninitialized': {
      checkInputs(em, apply, 1);
      const type = em.typeParser.parse(apply.inputs[0]);
      const n = g.insertNode(createUninitialized(g, type));
      n.sourceRange = apply.range;
      return new SimpleValue(n.output());
    }
    case 'prim::TupleConstruct': {
      checkInputs(em, apply, 1);
      const items = em.emitSugaredExpr(apply.inputs[0], 1).asTuple(apply.range, em);
      const values = items.map((i) => i.asValue(apply.range, em));
      return new SimpleValue(g.insertNode(createTuple(g, values)).output());
    }
    case 'prim::isinstance':
      checkInputs(em, apply, 2);
      return new SimpleValue(emitIsInstance(em, apply.inputs[0], apply.inputs[1]).value);
    case 'prim::HasAttr': {
      checkInputs(em, apply, 2);
      const obj = em.emitSugaredExpr(apply.inputs[0], 1);
      if (apply.inputs[1].kind !== 'StringLiteral') {
        throw CompileError.at(
          apply.inputs[1].range,
          "hasattr's second argument must be a string literal",
        );
      }
      return new SimpleValue(
        insertConstant(
          g,
          obj.hasAttr(apply.inputs[0].range, em, apply.inputs[1].value),
          apply.inputs[0].range,
        ),
      );
    }
    case 'prim::tolist': {
      if (apply.callee.kind !== 'Select')
        throw CompileError.at(apply.range, 'tolist must be called as a method');
      const operand = em
        .emitSugaredExpr(apply.callee.value, 1)
        .asValue(apply.callee.value.range, em);
      if (typeHint === null)
        throw CompileError.at(apply.range, 'Expected type hint for result of tolist()');
      const dims = insertConstant(g, BigInt(listDepth(typeHint)));
      const elem = insertConstant(g, BigInt(listElementKind(typeHint, apply.range)));
      return new SimpleValue(
        g.insertNode(g.create('prim::tolist', [operand, dims, elem], [typeHint])).output(),
      );
    }
    case 'prim::CreateObject': {
      if (apply.inputs.length !== 1)
        throw CompileError.at(apply.range, 'Only one argument to __new__ allowed');
      const arg = em.emitSugaredExpr(apply.inputs[0], 1);
      if (!(arg instanceof ClassValue)) {
        throw CompileError.at(
          apply.range,
          `Expected class value as argument to __new__, got ${arg.kind()} instead`,
        );
      }
      return new SimpleValue(g.insertNode(g.create('prim::CreateObject', [], [arg.type])).output());
    }
    case 'prim::range':
      return new RangeValue(
        apply.range,
        em,
        em.getNamedValues(apply.inputs, true).map((nv) => nv.get(g)),
      );
    case 'prim::enumerate':
      return emitEnumerate(em, apply);
    case 'prim::zip': {
      if (apply.inputs.length === 0)
        throw CompileError.at(apply.range, 'zip expected at least 1 arguments, got 0');
      const tree = new IterableTree();
      for (const e of apply.inputs)
        tree.addChild(apply.range, em.emitSugaredExpr(e, 1).iter(apply.range, em));
      return tree;
    }
    case 'prim::list':
      return emitListCall(em, apply, typeHint);
    case 'prim::dict':
      return emitDictCall(em, apply, typeHint);
    default:
      throw CompileError.at(apply.range, `${form} is not supported yet`);
  }
}

function emitEnumerate(em: IREmitter, apply: T.Apply): SugaredValue {
  const range = apply.range;
  const n = apply.inputs.length;
  if (n === 0) throw CompileError.at(range, 'enumerate expected at least 1 arguments, got 0');
  if (n > 2) throw CompileError.at(range, `enumerate expected at most 2 arguments, got ${n}`);
  const start = n === 2 ? em.emitSugaredExpr(apply.inputs[1], 1).asValue(range, em) : null;
  const end = em.graph.atGraphStart(() => insertConstant(em.graph, 2n ** 63n - 1n, range));
  const iterable = em.emitSugaredExpr(apply.inputs[0], 1).iter(range, em);
  const rangeInputs = start === null ? [end] : [start, end];
  const tree = new IterableTree();
  tree.addChild(range, new RangeValue(range, em, rangeInputs, iterable.staticLen()));
  tree.addChild(range, iterable);
  return tree;
}

function listDepth(t: Type): number {
  return t instanceof ListType ? 1 + listDepth(t.elem) : 0;
}

/** prim::tolist's element code: 0 int, 1 float, 2 bool. */
function listElementKind(t: Type, range: SourceRange): number {
  let e = t;
  while (e instanceof ListType) e = e.elem;
  if (e === Types.int) return 0;
  if (e === Types.float) return 1;
  if (e === Types.bool) return 2;
  throw CompileError.at(
    range,
    `Output annotation element type must be int, float, bool or complex, got ${e.annotation()}`,
  );
}

function emitListCall(em: IREmitter, apply: T.Apply, typeHint: Type | null): SugaredValue {
  const g = em.graph;
  if (apply.inputs.length === 0) {
    const type = typeHint ?? new ListType(Types.Tensor);
    if (!(type instanceof ListType))
      throw CompileError.at(
        apply.range,
        `Expected list type annotation for list(), found ${type.annotation()}`,
      );
    return new SimpleValue(g.insertNode(createList(g, type.elem, [])).output());
  }
  em.checkApplyNumInputs(apply, 1);
  const input = em.emitSugaredExpr(apply.inputs[0], 1);
  if (
    input instanceof SimpleValue &&
    (input.value.type instanceof ListType || input.value.type === Types.str)
  ) {
    return new SimpleValue(
      emitBuiltinCall(apply.range, g, 'aten::list', [NamedValue.of(input.value)], []),
    );
  }
  const iterName = em.createTempName('$_iter');
  em.env.setSugaredVar(apply.range, iterName, input, null);
  const elemName = em.createTempName('$_elem');
  const elem: T.Expr = { kind: 'Var', name: elemName, range: apply.range };
  const iter: T.Expr = { kind: 'Var', name: iterName, range: apply.range };
  return new SimpleValue(
    emitListComprehension(
      em,
      { kind: 'ListComp', elt: elem, target: elem, iter, range: apply.range },
      typeHint,
    ),
  );
}

function emitDictCall(em: IREmitter, apply: T.Apply, typeHint: Type | null): SugaredValue {
  const g = em.graph;
  const range = apply.range;
  const addKwargs = (dict: Value) => {
    for (const kw of apply.attributes) {
      const k = em.emitExpr({ kind: 'StringLiteral', value: kw.name.name, range: kw.value.range });
      const v = em.emitExpr(kw.value);
      emitBuiltinCall(
        kw.value.range,
        g,
        'aten::_set_item',
        [NamedValue.of(dict, 'self', range), NamedValue.of(k), NamedValue.of(v)],
        [],
      );
    }
  };
  let inputs = apply.inputs;
  let attributes = apply.attributes;
  if (inputs.length > 0) {
    const first = em.emitSugaredExpr(inputs[0], 1);
    if (first instanceof SimpleValue && first.value.type instanceof DictType) {
      const dict = emitBuiltinCall(range, g, 'aten::dict', [NamedValue.of(first.value)], []);
      addKwargs(dict);
      return new SimpleValue(dict);
    }
  }
  const empty =
    (inputs.length === 0 && attributes.length > 0) ||
    (inputs.length > 0 && inputs[0].kind === 'DictLiteral' && inputs[0].keys.length === 0) ||
    (inputs.length > 0 && inputs[0].kind === 'ListLiteral' && inputs[0].inputs.length === 0);
  if (empty) inputs = [];
  if (inputs.length === 0 && attributes.length === 0) {
    const type = typeHint ?? new DictType(Types.str, Types.Tensor);
    if (!(type instanceof DictType))
      throw CompileError.at(
        range,
        `Expected a type annotation of Dict for dict constructor dict(), got ${type.annotation()}`,
      );
    return new SimpleValue(g.insertNode(createDict(g, type, [], [])).output());
  }
  if (inputs.length > 0 && inputs[0].kind === 'DictComp') {
    const dict = emitDictComprehension(em, inputs[0], typeHint);
    addKwargs(dict);
    return new SimpleValue(dict);
  }
  if (inputs.length > 0 && inputs[0].kind === 'DictLiteral') {
    const lit = inputs[0];
    const pairs: T.Expr[] = lit.keys.map((k, i) => ({
      kind: 'TupleLiteral',
      inputs: [k, lit.values[i]],
      range,
    }));
    inputs = [{ kind: 'ListLiteral', inputs: pairs, range }];
  }
  if (attributes.length > 0 && (inputs.length === 0 || inputs[0].kind === 'ListLiteral')) {
    const pairs: T.Expr[] = inputs.length > 0 ? [...(inputs[0] as T.ListLiteral).inputs] : [];
    for (const a of attributes) {
      pairs.push({
        kind: 'TupleLiteral',
        inputs: [{ kind: 'StringLiteral', value: a.name.name, range }, a.value],
        range,
      });
    }
    inputs = [{ kind: 'ListLiteral', inputs: pairs, range }];
    attributes = [];
  }
  em.checkApplyNumInputs({ ...apply, inputs, attributes }, 1);
  const iterInput = em.emitSugaredExpr(inputs[0], 1);
  const iterName = em.createTempName('$_iter');
  const keyName = em.createTempName('$_key');
  const valueName = em.createTempName('$_value');
  const key: T.Expr = { kind: 'Var', name: keyName, range };
  const value: T.Expr = { kind: 'Var', name: valueName, range };
  em.env.setSugaredVar(range, iterName, iterInput, null);
  const dict = emitDictComprehension(
    em,
    {
      kind: 'DictComp',
      key,
      value,
      target: { kind: 'TupleLiteral', inputs: [key, value], range },
      iter: { kind: 'Var', name: iterName, range },
      range,
    },
    typeHint,
  );
  addKwargs(dict);
  return new SimpleValue(dict);
}

/** torch.jit.fork(fn, *args): a prim::forkClosure over a closure that makes the call. */
function emitFork(
  em: IREmitter,
  range: SourceRange,
  forked: SugaredValue,
  args: NamedValue[],
  kwargs: NamedValue[],
): SugaredValue {
  const g = em.graph;
  const forkNode = g.insertNode(g.create('prim::forkClosure', [], [Types.None]));
  forkNode.sourceRange = range;
  let outType: Type = Types.None;
  g.withInsertPoint(forkNode, () => {
    if (forked instanceof ClosureValue) {
      const block = forked.closure.node!.blocks[0];
      outType = block.outputs[0].type;
      forkNode.addInput(forked.closure);
    } else {
      const closure = em.emitClosure((block) => {
        const out = forked.call(range, em, args, kwargs, 1).asValue(range, em);
        block.addOutput(out);
        outType = out.type;
      });
      forkNode.addInput(closure);
    }
  });
  forkNode.output().setType(new FutureType(outType));
  return new SimpleValue(forkNode.output());
}

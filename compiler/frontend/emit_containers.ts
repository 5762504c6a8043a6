// List and dict literals and comprehensions. Element types come from the annotation when there
// is one (a Union annotation picks its one fitting container type), else from unifying the
// elements, which falls back to a Union with a warning as TorchScript does.

import { warn } from '../../runtime/warnings.js';
import { createDict, createList, insertUncheckedCast } from '../ir/create.js';
import type { Value } from '../ir/ir.js';
import { isSubtype, unifyTypes } from '../types/subtype.js';
import { DictType, ListType, OptionalType, Type, Types, UnionType } from '../types/types.js';
import { CompileError } from './errors.js';
import type { IREmitter } from './ir_emitter.js';
import { emitBuiltinCall, NamedValue } from './schema_matching.js';
import type { SourceRange } from './source.js';
import type * as T from './tree_views.js';

type Container = 'List' | 'Dict';

interface RefinedHint {
  /** The container annotation, when the hint names exactly one. */
  readonly hint: Type | null;
  /** The container types of a Union hint naming several. */
  readonly candidates: readonly Type[];
  /** A Union or Optional hint the built container is cast to. */
  readonly unionHint: Type | null;
}

function isContainer(t: Type, container: Container): boolean {
  return container === 'List' ? t instanceof ListType : t instanceof DictType;
}

function refineHint(tree: T.Expr, typeHint: Type | null, container: Container): RefinedHint {
  if (typeHint === null || typeHint === Types.Any) {
    return { hint: null, candidates: [], unionHint: null };
  }
  const union = typeHint instanceof UnionType || typeHint instanceof OptionalType;
  let hint = typeHint;
  if (typeHint instanceof UnionType) {
    const candidates = typeHint.members.filter((m) => isContainer(m, container));
    if (candidates.length === 0) {
      throw CompileError.at(
        tree.range,
        `Expected an Union type annotation with an inner ${container} type, but got ${typeHint.annotation()}`,
      );
    }
    if (candidates.length > 1) return { hint: null, candidates, unionHint: typeHint };
    hint = candidates[0];
  } else if (typeHint instanceof OptionalType) {
    hint = typeHint.elem;
  }
  if (!isContainer(hint, container)) {
    throw CompileError.at(
      tree.range,
      `Expected an annotation of type ${container} but got ${typeHint.annotation()}`,
    );
  }
  return { hint, candidates: [], unionHint: union ? typeHint : null };
}

/** `A or B`; `A, B,  or C` (sic). */
function joinCandidates(types: readonly Type[]): string {
  return types
    .map((t, i) => {
      const sep =
        (i > 0 && types.length > 2 ? ', ' : '') + (i > 0 && i === types.length - 1 ? ' or ' : '');
      return sep + t.annotation();
    })
    .join('');
}

function unifyWithUnion(types: readonly Type[]): Type {
  return types.slice(1).reduce((a, b) => unifyTypes(a, b, true)!, types[0]);
}

function castToUnionHint(em: IREmitter, container: Value, refined: RefinedHint): Value {
  return refined.unionHint === null
    ? container
    : insertUncheckedCast(em.graph, container, refined.unionHint);
}

export function emitListLiteral(em: IREmitter, e: T.ListLiteral, typeHint: Type | null): Value {
  const g = em.graph;
  const values = em.getNamedValues(e.inputs, true).map((nv) => nv.get(g));
  // Passed straight to a call, `[]` may become any list; eraseEmptyListLiterals types the rest.
  if (values.length === 0 && typeHint === null) {
    const literal = g.create('prim::EmptyListLiteral', [], [new ListType(Types.Tensor)]);
    return g.insertNode(literal).output();
  }
  const refined = refineHint(e, typeHint, 'List');
  const { hint, candidates } = refined;
  if (candidates.length > 0 && values.length === 0) {
    throw CompileError.at(
      e.range,
      `Cannot assign an empty list to a variable annotated to be type ${typeHint!.annotation()} because there are multiple possible List type candidates in the Union annotation`,
    );
  }
  let elem = hint instanceof ListType ? hint.elem : Types.Tensor;
  if (values.length > 0) {
    const unified = unifyWithUnion(values.map((v) => v.type));
    if (candidates.length > 0) {
      const fit = candidates.find((c) => isSubtype(unified, (c as ListType).elem));
      if (fit === undefined) {
        throw CompileError.at(
          e.range,
          `Union type annotation \`${typeHint!.annotation()}\` can hold ${joinCandidates(candidates)}, but none of those types match the types of the given list elements, which were unified to ${unified.annotation()}`,
        );
      }
      elem = (fit as ListType).elem;
    } else if (hint === null) {
      if (unified instanceof UnionType) {
        warn(
          `List consists of heterogeneous types, which means that it has been typed as containing ${unified.annotation()}. To use any of the values in this List, it will be necessary to add an \`assert isinstance\` statement before first use to trigger type refinement.\n${e.range.highlight()}`,
        );
      }
      elem = unified;
    } else if (!isSubtype(unified, elem)) {
      throw CompileError.at(
        e.range,
        `List type annotation \`${hint.annotation()}\` did not match the types of the given list elements, which were unified to ${unified.annotation()}`,
      );
    }
  }
  return castToUnionHint(em, g.insertNode(createList(g, elem, values)).output(), refined);
}

/** Keys must share one type (no Union): the first key that does not unify is an error. */
function unifyKeys(e: T.DictLiteral, keys: readonly Value[]): Type {
  let keyType = keys[0].type;
  keys.forEach((k, i) => {
    const unified = unifyTypes(keyType, k.type);
    if (unified === null) {
      throw CompileError.at(
        e.keys[i].range,
        `Dict keys must contain only a single type. Expected: ${keyType.annotation()} but found ${k.type.annotation()} instead`,
      );
    }
    keyType = unified;
  });
  return keyType;
}

export function emitDictLiteral(em: IREmitter, e: T.DictLiteral, typeHint: Type | null): Value {
  const g = em.graph;
  const keys: Value[] = [];
  const values: Value[] = [];
  e.keys.forEach((k, i) => {
    keys.push(em.emitExpr(k));
    values.push(em.emitExpr(e.values[i]));
  });
  const refined = refineHint(e, typeHint, 'Dict');
  const { hint, candidates } = refined;
  if (candidates.length > 0 && keys.length === 0) {
    throw CompileError.at(
      e.range,
      `Cannot assign an empty dict to a variable annotated to be type ${typeHint!.annotation()} because there are multiple possible Dict type candidates in the Union annotation`,
    );
  }
  let dictType = hint instanceof DictType ? hint : new DictType(Types.str, Types.Tensor);
  if (keys.length > 0) {
    const inferred = new DictType(unifyKeys(e, keys), unifyWithUnion(values.map((v) => v.type)));
    if (candidates.length > 0) {
      const fit = candidates.find((c) => isSubtype(inferred, c));
      if (fit === undefined) {
        // PyTorch's message drops the closing bracket of the inferred type.
        throw CompileError.at(
          e.range,
          `Union type annotation \`${typeHint!.annotation()}\` can hold ${joinCandidates(candidates)}, but none of those dict types can hold the types of the given keys and values, which were unified to Dict[${inferred.key.annotation()}, ${inferred.value.annotation()}`,
        );
      }
      dictType = fit as DictType;
    } else if (hint === null) {
      if (inferred.value instanceof UnionType) {
        warn(
          `Dict values consist of heterogeneous types, which means that the dict has been typed as containing ${inferred.annotation()}. To use any of the values in this Dict, it will be necessary to add an \`assert isinstance\` statement before first use to trigger type refinement.\n${e.range.highlight()}`,
        );
      }
      dictType = inferred;
    } else {
      checkDictAnnotation(e, dictType, inferred);
    }
  }
  return castToUnionHint(em, g.insertNode(createDict(g, dictType, keys, values)).output(), refined);
}

function checkDictAnnotation(e: T.DictLiteral, annotated: DictType, inferred: DictType): void {
  if (!isSubtype(inferred.key, annotated.key)) {
    throw CompileError.at(
      e.range,
      `Type annotation was inferred to be ${annotated.annotation()}but the type of keys given by the dict literal is ${inferred.key.annotation()}`,
    );
  }
  if (!isSubtype(inferred.value, annotated.value)) {
    throw CompileError.at(
      e.range,
      `Type annotation was inferred to be \`${annotated.annotation()}\`, but the type of values given by the dict literal is ${inferred.value.annotation()}`,
    );
  }
}
/**
 * The loop of a comprehension, in a scope of its own (its target does not leak): `each` emits
 * what one iteration adds and says the element type it found, which types the container the
 * first time when there was no annotation.
 */
function emitComprehensionLoop(
  em: IREmitter,
  range: SourceRange,
  target: T.Expr,
  iter: T.Expr,
  each: () => void,
): void {
  const g = em.graph;
  const scope = g.insertNode(g.create('prim::ComprehensionScope'));
  scope.sourceRange = range;
  const block = scope.addBlock();
  em.pushFrame(block);
  g.withInsertPoint(block, () => em.emitFor([target], [iter], range, each));
  em.popFrame();
}

function checkComprehensionHint(
  range: SourceRange,
  typeHint: Type | null,
  expected: typeof ListType | typeof DictType,
  what: string,
): boolean {
  if (typeHint === null) return false;
  if (!(typeHint instanceof expected)) {
    throw CompileError.at(
      range,
      `Expected ${what} type annotation for ${what.toLowerCase()} comprehension, found ${typeHint.annotation()}`,
    );
  }
  return true;
}

export function emitListComprehension(em: IREmitter, lc: T.ListComp, typeHint: Type | null): Value {
  const g = em.graph;
  const list = g.insertNode(createList(g, Types.Tensor, [])).output();
  let typeSet = checkComprehensionHint(lc.range, typeHint, ListType, 'List');
  if (typeSet) list.setType(typeHint!);
  emitComprehensionLoop(em, lc.range, lc.target, lc.iter, () => {
    const out = em.emitExpr(lc.elt);
    if (!typeSet) {
      list.setType(new ListType(out.type));
      typeSet = true;
    }
    const self = NamedValue.of(list, 'self', lc.range);
    emitBuiltinCall(lc.range, g, 'aten::append', [NamedValue.of(out, null, lc.range)], [], self);
  });
  return list;
}

export function emitDictComprehension(em: IREmitter, dc: T.DictComp, typeHint: Type | null): Value {
  const g = em.graph;
  const dict = g.insertNode(createDict(g, new DictType(Types.str, Types.Tensor), [], [])).output();
  let typeSet = checkComprehensionHint(dc.range, typeHint, DictType, 'Dict');
  if (typeSet) dict.setType(typeHint!);
  emitComprehensionLoop(em, dc.range, dc.target, dc.iter, () => {
    const k = em.emitExpr(dc.key);
    const v = em.emitExpr(dc.value);
    if (!typeSet) {
      dict.setType(new DictType(k.type, v.type));
      typeSet = true;
    }
    const args = [dict, k, v].map((x, i) => NamedValue.of(x, i === 0 ? 'self' : null, dc.range));
    emitBuiltinCall(dc.range, g, 'aten::_set_item', args, []);
  });
  return dict;
}

// Subscripts: `x[i]`, `x[1:3, None, ...]`, `x[idx_tensor]`, tuple and list indexing and slicing,
// and assignment through them (`x[i] = v`, `x[mask] += 1`, `d[k] = v`), desugared into
// select / slice / unsqueeze / index / index_put_ / __getitem__ / _set_item as TorchScript does.

import { insertConstant, toIValue } from '../ir/constants.js';
import {
  createList,
  createNone,
  createTupleIndex,
  createTupleSlice,
  optionalTensor,
} from '../ir/create.js';
import type { Value } from '../ir/ir.js';
import { isSubtype } from '../types/subtype.js';
import { ListType, TupleType, Type, Types } from '../types/types.js';
import { CompileError } from './errors.js';
import { augOpFor } from './emit_assignments.js';
import type { IREmitter } from './ir_emitter.js';
import { convertibleToList, emitBuiltinCall, NamedValue } from './schema_matching.js';
import type { SourceRange } from './source.js';
import {
  MagicMethod,
  BuiltinFunction,
  SimpleValue,
  SliceValue,
  type SugaredValue,
} from './sugared_value.js';
import type * as T from './tree_views.js';

const int64Max = 2n ** 63n - 1n;

export function emitSubscript(em: IREmitter, s: T.Subscript, typeHint: Type | null): SugaredValue {
  const sv = em.emitSugaredExpr(s.value, 1);
  const range = s.range;
  const valRange = s.value.range;
  if (s.indices.length !== 1)
    return new SimpleValue(emitMultidimSlicing(em, range, sv.asValue(valRange, em), s.indices));
  const index = s.indices[0];
  if (index.kind === 'SliceExpr') {
    if (sv.kind() === 'module') return emitModuleSlice(em, sv, valRange, index);
    return new SimpleValue(emitBasicSlice(em, range, sv.asValue(valRange, em), index));
  }
  const sliceable = sv.asValue(valRange, em);
  const idxSv = em.emitSugaredExpr(index, 1);
  if (idxSv instanceof SliceValue) {
    const dim = isSubtype(sliceable.type, Types.Tensor)
      ? insertConstant(em.graph, 0n, valRange)
      : null;
    return new SimpleValue(
      emitSliceOp(em, valRange, sliceable, dim, idxSv.start, idxSv.stop, idxSv.step),
    );
  }
  const idx = idxSv.asValue(valRange, em);
  if (sliceable.type instanceof TupleType)
    return new SimpleValue(emitTupleIndex(em, range, sliceable, idx));
  if (isSubtype(sliceable.type, Types.Tensor))
    return new SimpleValue(emitMultidimSlicing(em, range, sliceable, s.indices, [idx]));
  return sv.getitem(range, em, idx, typeHint);
}

function emitModuleSlice(
  em: IREmitter,
  sv: SugaredValue,
  range: SourceRange,
  slice: T.SliceExpr,
): SugaredValue {
  const tuple = sv.asValue(range, em);
  const begin = em.emitExpr(slice.start ?? { kind: 'Const', text: '0', isFloat: false, range });
  const end = slice.end === null ? null : em.emitExpr(slice.end);
  return new SimpleValue(emitTupleSlice(em, range, tuple, begin, end, null));
}

function emitBasicSlice(
  em: IREmitter,
  range: SourceRange,
  sliceable: Value,
  slice: T.SliceExpr,
): Value {
  const dim = isSubtype(sliceable.type, Types.Tensor) ? insertConstant(em.graph, 0n, range) : null;
  return emitSlice(em, range, sliceable, dim, slice);
}

function emitSlice(
  em: IREmitter,
  range: SourceRange,
  input: Value,
  dim: Value | null,
  slice: T.SliceExpr,
): Value {
  const start = slice.start === null ? null : em.emitExpr(slice.start);
  const end = slice.end === null ? null : em.emitExpr(slice.end);
  const step = slice.step === null ? null : em.emitExpr(slice.step);
  return emitSliceOp(em, range, input, dim, start, end, step);
}

function emitSliceOp(
  em: IREmitter,
  range: SourceRange,
  sliceable: Value,
  dim: Value | null,
  start: Value | null,
  end: Value | null,
  step: Value | null,
): Value {
  const g = em.graph;
  if (sliceable.type instanceof TupleType)
    return emitTupleSlice(em, range, sliceable, start, end, step);
  const args = [NamedValue.of(sliceable, 'self', range)];
  if (dim !== null) args.push(NamedValue.of(dim, null, range));
  // Absent bounds are left to the schema's `None` defaults.
  const kwargs = [NamedValue.of(step ?? insertConstant(g, 1n, range), 'step', range)];
  if (start !== null) kwargs.push(NamedValue.of(start, 'start', range));
  if (end !== null) kwargs.push(NamedValue.of(end, 'end', range));
  return emitBuiltinCall(range, g, 'aten::slice', args, kwargs);
}

/** Tuple indices must be constants: each element has its own type. */
function emitTupleIndex(em: IREmitter, range: SourceRange, tuple: Value, idx: Value): Value {
  const t = tuple.type as TupleType;
  if (idx.type !== Types.int) throw CompileError.at(range, 'tuple index must be an integer');
  const c = toIValue(idx);
  let outType: Type;
  if (typeof c !== 'bigint') {
    if (t.elems.length === 0 || !convertibleToList(t, new ListType(t.elems[0]))) {
      throw CompileError.at(
        range,
        `Cannot index into a ${t.annotation()} with a non-integer literal because we cannot resolve the output type`,
      );
    }
    outType = t.elems[0];
  } else {
    outType = t.elems[adjustTupleIndex(range, t, Number(c), false)];
  }
  return em.graph.insertNode(createTupleIndex(em.graph, tuple, idx, outType)).output();
}

function adjustTupleIndex(
  range: SourceRange,
  t: TupleType,
  index: number,
  allowOutOfBounds: boolean,
): number {
  const len = t.elems.length;
  const adj = index < 0 ? len + index : index;
  if (!allowOutOfBounds && (adj >= len || adj < 0)) {
    throw CompileError.at(
      range,
      `Tuple index out of range. Tuple is length ${len} and index is ${index}`,
    );
  }
  return adj;
}

function sliceIndex(range: SourceRange, v: Value): number {
  const c = toIValue(v);
  if (typeof c !== 'bigint')
    throw CompileError.at(range, 'tuple slice indices must be integer constants');
  return Number(c);
}

/** Python's slice clamping for a sequence of length `len`: returns [start, count]. */
function adjustSlice(len: number, begin: number, end: number, step: number): [number, number] {
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(v, hi));
  if (step === 0) throw new Error('slice step cannot be zero');
  let b = begin;
  let e = end;
  if (b < 0) b = clamp(b + len, step < 0 ? -1 : 0, len);
  else b = clamp(b, 0, step < 0 ? len - 1 : len);
  if (e < 0) e = clamp(e + len, step < 0 ? -1 : 0, len);
  else e = clamp(e, 0, step < 0 ? len - 1 : len);
  const count =
    step > 0
      ? e > b
        ? Math.floor((e - b - 1) / step) + 1
        : 0
      : b > e
        ? Math.floor((b - e - 1) / -step) + 1
        : 0;
  return [b, count];
}

function emitTupleSlice(
  em: IREmitter,
  range: SourceRange,
  tuple: Value,
  begin: Value | null,
  end: Value | null,
  step: Value | null,
): Value {
  const t = tuple.type as TupleType;
  const stepSize = step === null ? 1 : sliceIndex(range, step);
  const max = Number(int64Max);
  const b =
    begin === null
      ? stepSize < 0
        ? max
        : 0
      : adjustTupleIndex(range, t, sliceIndex(range, begin), true);
  const e =
    end === null
      ? stepSize < 0
        ? -max
        : max
      : adjustTupleIndex(range, t, sliceIndex(range, end), true);
  const [start, count] = adjustSlice(t.elems.length, b, e, stepSize);
  return em.graph.insertNode(createTupleSlice(em.graph, tuple, start, stepSize, count)).output();
}

/**
 * Int, slice, None and Ellipsis indices applied left to right (and right to left after an
 * ellipsis) as select / slice / unsqueeze; tensor indices are collected for aten::index.
 */
function emitIntAndSliceIndexing(
  em: IREmitter,
  range: SourceRange,
  sliceable: Value,
  indices: readonly T.Expr[],
  preEmitted: readonly Value[] = [],
): [Value, Value[]] {
  const g = em.graph;
  const dims = new Array<number>(indices.length).fill(0);
  const exprs = new Array<Value | null>(indices.length).fill(null);
  const handle = (e: T.Expr, i: number, dim: number, reverse: boolean): number => {
    dims[i] = dim;
    if (e.kind === 'SliceExpr') return reverse ? dim - 1 : dim + 1;
    let index: Value;
    if (preEmitted.length > 0 && indices.length === 1) index = preEmitted[0];
    else {
      const sv = em.emitSugaredExpr(e, 1);
      if (sv instanceof SliceValue) return reverse ? dim - 1 : dim + 1;
      index = sv.asValue(e.range, em);
    }
    if (index.type instanceof ListType) {
      index = emitBuiltinCall(
        null,
        g,
        'aten::tensor',
        [NamedValue.of(index)],
        [NamedValue.of(insertConstant(g, 4n), 'dtype')],
      );
    }
    exprs[i] = index;
    if (isSubtype(index.type, Types.None)) return reverse ? dim : dim + 1;
    if (index.type === Types.int) return reverse ? dim - 1 : dim;
    if (isSubtype(index.type, optionalTensor)) {
      if (reverse)
        throw CompileError.at(
          range,
          'Ellipses followed by tensor indexing is currently not supported',
        );
      return dim + 1;
    }
    throw CompileError.at(
      range,
      `Unsupported operation: indexing tensor with unsupported index type '${index.type.annotation()}'. Only ints, slices, lists and tensors are supported`,
    );
  };
  let idx = 0;
  let dim = 0;
  for (; idx < indices.length; idx++) {
    if (indices[idx].kind === 'Dots') break;
    dim = handle(indices[idx], idx, dim, false);
  }
  let rdim = -1;
  for (let r = indices.length - 1; r > idx; r--) {
    if (indices[r].kind === 'Dots')
      throw CompileError.at(range, "An index can only have a single ellipsis ('...')");
    rdim = handle(indices[r], r, rdim, true);
  }
  const tensorIndices: (Value | null)[] = [];
  const dimValue = (d: number) => insertConstant(g, BigInt(d), range);
  for (let i = 0; i < exprs.length; i++) {
    const e = exprs[i];
    if (e === null) {
      const index = indices[i];
      if (index.kind === 'SliceExpr')
        sliceable = emitSlice(em, range, sliceable, dimValue(dims[i]), index);
      else if (index.kind !== 'Dots') {
        const sv = em.emitSugaredExpr(index, 1);
        if (sv instanceof SliceValue)
          sliceable = emitSliceOp(
            em,
            range,
            sliceable,
            dimValue(dims[i]),
            sv.start,
            sv.stop,
            sv.step,
          );
      }
      continue;
    }
    if (isSubtype(e.type, Types.None)) {
      sliceable = emitBuiltinCall(
        range,
        g,
        'aten::unsqueeze',
        [NamedValue.of(sliceable), NamedValue.of(dimValue(dims[i]))],
        [],
      );
    } else if (e.type === Types.int) {
      const args = [NamedValue.of(sliceable), NamedValue.of(dimValue(dims[i])), NamedValue.of(e)];
      sliceable = emitBuiltinCall(range, g, 'aten::select', args, []);
    } else {
      while (tensorIndices.length <= dims[i]) tensorIndices.push(null);
      tensorIndices[dims[i]] = e;
    }
  }
  const filled = tensorIndices.map((v) => v ?? g.insertNode(createNone(g)).output());
  return [sliceable, filled];
}

function emitMultidimSlicing(
  em: IREmitter,
  range: SourceRange,
  sliceable: Value,
  indices: readonly T.Expr[],
  preEmitted: readonly Value[] = [],
): Value {
  if (!isSubtype(sliceable.type, Types.Tensor)) {
    throw CompileError.at(
      range,
      'Unsupported operation: attempted to use multidimensional indexing on a non-tensor type',
    );
  }
  const [sliced, tensorIndices] = emitIntAndSliceIndexing(
    em,
    range,
    sliceable,
    indices,
    preEmitted,
  );
  if (tensorIndices.length === 0) return sliced;
  return emitIndex(em, range, sliced, tensorIndices);
}

function emitIndex(
  em: IREmitter,
  range: SourceRange,
  input: Value,
  indices: readonly Value[],
): Value {
  const g = em.graph;
  const list = g.insertNode(createList(g, optionalTensor, indices)).output();
  return emitBuiltinCall(range, g, 'aten::index', [NamedValue.of(input), NamedValue.of(list)], []);
}

/** `tensor[...] = 99`: numbers become tensors of the target's dtype and device first. */
function emitValueToTensor(em: IREmitter, value: NamedValue, like: Value): NamedValue {
  const g = em.graph;
  const v = value.get(g);
  if (
    v.type === Types.number ||
    v.type === Types.int ||
    v.type === Types.bool ||
    v.type === Types.float
  ) {
    const dtype = emitBuiltinCall(null, g, 'prim::dtype', [NamedValue.of(like)], []);
    const device = emitBuiltinCall(null, g, 'prim::device', [NamedValue.of(like)], []);
    const converted = emitBuiltinCall(
      null,
      g,
      'aten::tensor',
      [NamedValue.of(v)],
      [NamedValue.of(dtype, 'dtype'), NamedValue.of(device, 'device')],
    );
    return NamedValue.of(converted, null, value.range);
  }
  return value;
}

export function emitSubscriptAssign(
  em: IREmitter,
  stmtRange: SourceRange,
  lhs: T.Subscript,
  rhs: NamedValue,
): void {
  const g = em.graph;
  const sliceable = em.emitExpr(lhs.value);
  if (isSubtype(sliceable.type, Types.Tensor)) {
    const [sliced, tensorIndices] = emitIntAndSliceIndexing(em, lhs.range, sliceable, lhs.indices);
    const slicedArg = NamedValue.of(sliced, null, lhs.range);
    const converted = emitValueToTensor(em, rhs, sliced);
    if (tensorIndices.length === 0) {
      emitBuiltinCall(stmtRange, g, 'aten::copy_', [slicedArg, converted], []);
    } else {
      const list = g.insertNode(createList(g, optionalTensor, tensorIndices)).output();
      emitBuiltinCall(
        stmtRange,
        g,
        'aten::index_put_',
        [slicedArg, NamedValue.of(list), converted],
        [],
      );
    }
    return;
  }
  if (lhs.indices.length !== 1 || lhs.indices[0].kind === 'SliceExpr') {
    throw CompileError.at(
      lhs.indices[0].range,
      'Sliced expression not yet supported for subscripted assignment. File a bug if you want this',
    );
  }
  if (sliceable.type instanceof TupleType) {
    throw CompileError.at(
      lhs.range,
      `${sliceable.type.annotation()} does not support subscripted assignment`,
    );
  }
  const args = [
    NamedValue.of(sliceable, 'self', lhs.value.range),
    NamedValue.of(em.emitExpr(lhs.indices[0]), 'idx', lhs.indices[0].range),
    rhs,
  ];
  new MagicMethod('__setitem__', new BuiltinFunction('aten::_set_item', null)).call(
    stmtRange,
    em,
    args,
    [],
    0,
  );
}

export function emitAugAssignToSubscript(em: IREmitter, s: T.AugAssign, lhs: T.Subscript): void {
  const g = em.graph;
  const sliceable = em.emitExpr(lhs.value);
  if (isSubtype(sliceable.type, Types.Tensor)) {
    const [sliced, tensorIndices] = emitIntAndSliceIndexing(em, lhs.range, sliceable, lhs.indices);
    const slicedArg = NamedValue.of(sliced, 'self', s.lhs.range);
    const rhs = NamedValue.of(em.emitExpr(s.rhs), null, s.rhs.range);
    const op = augOpFor(s, sliceable.type);
    if (tensorIndices.length === 0) {
      emitBuiltinCall(s.range, g, op, [rhs], [], slicedArg);
      return;
    }
    const indices = g.insertNode(createList(g, optionalTensor, tensorIndices)).output();
    const indexed = emitBuiltinCall(
      s.range,
      g,
      'aten::index',
      [slicedArg, NamedValue.of(indices)],
      [],
    );
    const augmented = emitBuiltinCall(s.range, g, op, [rhs], [], NamedValue.of(indexed, 'self'));
    emitBuiltinCall(
      s.range,
      g,
      'aten::index_put_',
      [slicedArg, NamedValue.of(indices), NamedValue.of(augmented)],
      [],
    );
    return;
  }
  if (lhs.indices.length !== 1) {
    throw CompileError.at(
      lhs.range,
      `Sliced expression not yet supported for ${sliceable.type.annotation()} augmented assignment. File a bug if you want this`,
    );
  }
  const t = sliceable.type;
  const elemType =
    t instanceof ListType ? t.elem : t.kind === 'Dict' ? (t as unknown as { key: Type }).key : null;
  if (elemType === null)
    throw CompileError.at(lhs.range, `${t.annotation()} does not support augmented assignment.`);
  const idx = em.emitExpr(lhs.indices[0]);
  const container = NamedValue.of(sliceable, t.str(), lhs.value.range);
  const idxArg = NamedValue.of(idx, 'idx', lhs.indices[0].range);
  const value = NamedValue.of(em.emitExpr(s.rhs), 'value', s.rhs.range);
  const item = emitBuiltinCall(s.range, g, 'aten::__getitem__', [container, idxArg], []);
  const augmented = emitBuiltinCall(
    s.range,
    g,
    augOpFor(s, elemType),
    [NamedValue.of(item), value],
    [],
  );
  emitBuiltinCall(s.range, g, 'aten::_set_item', [container, idxArg, NamedValue.of(augmented)], []);
}

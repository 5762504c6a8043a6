// Constructors for the prim:: nodes the frontend and passes make. They build nodes without
// inserting them; `insert*` variants insert at the graph's insertion point.

import type { SourceRange } from '../frontend/source.js';
import { ClassType, ListType, OptionalType, TupleType, Type, Types } from '../types/types.js';
import type { Graph, Node, Value } from './ir.js';

export function createList(g: Graph, elem: Type, values: readonly Value[]): Node {
  return g.create('prim::ListConstruct', values, [new ListType(elem)]);
}

export function createTuple(g: Graph, values: readonly Value[], type?: TupleType): Node {
  return g.create('prim::TupleConstruct', values, [
    type ?? new TupleType(values.map((v) => v.type)),
  ]);
}

export function createDict(
  g: Graph,
  type: Type,
  keys: readonly Value[],
  values: readonly Value[],
): Node {
  const inputs: Value[] = [];
  keys.forEach((k, i) => inputs.push(k, values[i]));
  return g.create('prim::DictConstruct', inputs, [type]);
}

export function createUninitialized(g: Graph, type: Type): Node {
  return g.create('prim::Uninitialized', [], [type]);
}

export function createNone(g: Graph): Node {
  return g.create('prim::Constant', [], [Types.None]);
}

export function createStore(g: Graph, name: string, v: Value): Node {
  return g.create('prim::Store', [v]).setAttribute('name', { kind: 's', value: name });
}

export function createLoad(g: Graph, name: string, type: Type): Node {
  return g.create('prim::Load', [], [type]).setAttribute('name', { kind: 's', value: name });
}

export function createGetAttr(g: Graph, obj: Value, field: string, type: Type): Node {
  const n = g
    .create('prim::GetAttr', [obj], [type])
    .setAttribute('name', { kind: 's', value: field });
  // Numeric fields (ModuleList entries) are named as PyTorch names them: `%_0` for "0".
  n.output().setDebugName(/^\d+$/.test(field) ? `_${field}` : field);
  return n;
}

export function createSetAttr(g: Graph, obj: Value, field: string, v: Value): Node {
  return g.create('prim::SetAttr', [obj, v]).setAttribute('name', { kind: 's', value: field });
}

export function createObject(g: Graph, type: ClassType): Node {
  return g.create('prim::CreateObject', [], [type]);
}

export function createTupleIndex(g: Graph, tuple: Value, index: Value, type: Type): Node {
  return g.create('prim::TupleIndex', [tuple, index], [type]);
}

export function createTupleSlice(
  g: Graph,
  tuple: Value,
  begin: number,
  step: number,
  count: number,
): Node {
  const t = tuple.type as TupleType;
  const elems: Type[] = [];
  for (let i = 0, j = begin; i < count; i++, j += step) elems.push(t.elems[j]);
  return g
    .create('prim::TupleSlice', [tuple], [new TupleType(elems)])
    .setAttribute('beg', { kind: 'i', value: BigInt(begin) })
    .setAttribute('end', { kind: 'i', value: BigInt(begin + step * count) });
}

/** The elements of a tuple: straight from its TupleConstruct when it has one. */
export function tupleElements(g: Graph, tuple: Value): Value[] {
  if (tuple.node?.kind === 'prim::TupleConstruct') return [...tuple.node.inputs];
  const t = tuple.type as TupleType;
  return g.insertNode(g.create('prim::TupleUnpack', [tuple], t.elems)).outputs.slice();
}

export function insertListUnpack(g: Graph, list: Value, size: number): Value[] {
  const elem = (list.type as ListType).elem;
  return g
    .insertNode(g.create('prim::ListUnpack', [list], new Array<Type>(size).fill(elem)))
    .outputs.slice();
}

export function insertUncheckedCast(g: Graph, v: Value, type: Type): Value {
  return g.insertNode(g.create('prim::unchecked_cast', [v], [type])).output();
}

export function insertIsInstance(g: Graph, v: Value, types: readonly Type[]): Value {
  return g
    .insertNode(g.create('prim::isinstance', [v], [Types.bool]))
    .setAttribute('types', { kind: 'ss', value: types.map((t) => t.annotation()) })
    .output();
}

export function setRange<N extends Node>(n: N, range: SourceRange | null): N {
  n.sourceRange = range;
  return n;
}

export const optionalTensor = new OptionalType(Types.Tensor);

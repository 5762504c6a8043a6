// prim::Constant nodes and the compile-time values they hold.
//
// Compile-time values keep Python's kinds apart: an int is a bigint, a float a number, then
// boolean, string, null (None), Device, and frozen ConstantTuple / ConstantList for containers.

import type { SourceRange } from '../frontend/source.js';
import { Device } from '../../runtime/tensor/device.js';
import { ListType, TupleType, Type, Types } from '../types/types.js';
import { irFloat, irString, setIValuePrinter } from './printer.js';
import type { Graph, Node, Value } from './ir.js';

export class ConstantTuple {
  constructor(
    readonly items: readonly ConstantValue[],
    readonly type: TupleType,
  ) {}
}

export class ConstantList {
  constructor(
    readonly items: readonly ConstantValue[],
    readonly type: ListType,
  ) {}
}

/** A tensor constant known only by how a graph printed it (`{2}`): parsed graphs keep the text. */
export class ConstantTensorText {
  constructor(
    readonly text: string,
    readonly type: Type,
  ) {}
}

export type ConstantValue =
  | bigint
  | number
  | boolean
  | string
  | null
  | Device
  | ConstantTuple
  | ConstantList
  | ConstantTensorText;

export function constantType(v: ConstantValue): Type {
  if (v === null) return Types.None;
  switch (typeof v) {
    case 'bigint':
      return Types.int;
    case 'number':
      return Types.float;
    case 'boolean':
      return Types.bool;
    case 'string':
      return Types.str;
  }
  if (v instanceof Device) return Types.Device;
  return v.type;
}

/** Makes a prim::Constant node for `v` (not inserted). */
export function createConstant(
  graph: Graph,
  v: ConstantValue,
  range: SourceRange | null = null,
  type?: Type,
): Node {
  const n = graph.create('prim::Constant');
  n.addOutput(type ?? constantType(v));
  if (typeof v === 'bigint') n.setAttribute('value', { kind: 'i', value: v });
  else if (typeof v === 'number') n.setAttribute('value', { kind: 'f', value: v });
  else if (typeof v === 'boolean') n.setAttribute('value', { kind: 'i', value: v ? 1n : 0n });
  else if (typeof v === 'string') n.setAttribute('value', { kind: 's', value: v });
  else if (v instanceof Device) n.setAttribute('value', { kind: 's', value: v.toString() });
  else if (
    v instanceof ConstantList &&
    v.items.length > 0 &&
    v.items.every((x) => typeof x === 'bigint')
  ) {
    n.setAttribute('value', { kind: 'is', value: v.items.map(Number) });
  } else if (v !== null) n.setAttribute('value', { kind: 'ival', value: v });
  n.sourceRange = range;
  return n;
}

/** Inserts a constant at the graph's insertion point and returns its value. */
export function insertConstant(
  graph: Graph,
  v: ConstantValue,
  range: SourceRange | null = null,
  type?: Type,
): Value {
  return graph.insertNode(createConstant(graph, v, range, type)).output();
}

/** The compile-time value of `v` if a prim::Constant produces it. */
export function toIValue(v: Value): ConstantValue | undefined {
  const n = v.node;
  if (n === null || n.kind !== 'prim::Constant') return undefined;
  const a = n.attribute('value');
  if (a === undefined) return null;
  switch (a.kind) {
    case 'i':
      return v.type === Types.bool ? a.value !== 0n && a.value !== 0 : BigInt(a.value);
    case 'f':
      return a.value;
    case 's':
      return v.type === Types.Device ? Device.parse(a.value) : a.value;
    case 'is':
      return new ConstantList(
        a.value.map((x) => BigInt(x)),
        v.type as ListType,
      );
    case 'ival':
      return a.value as ConstantValue;
    default:
      return undefined;
  }
}

/** Whether two constant nodes hold equal values of equal types (constant pooling). */
export function sameConstant(a: Node, b: Node): boolean {
  if (!a.output().type.equals(b.output().type)) return false;
  const x = toIValue(a.output());
  const y = toIValue(b.output());
  return constantKey(x) === constantKey(y);
}

function constantKey(v: ConstantValue | undefined): string {
  if (v === undefined) return 'undefined';
  if (v === null) return 'None';
  if (typeof v === 'bigint') return `i${v}`;
  if (typeof v === 'number') return `f${Object.is(v, -0) ? '-0' : String(v)}`;
  if (typeof v === 'boolean') return `b${v}`;
  if (typeof v === 'string') return `s${JSON.stringify(v)}`;
  if (v instanceof Device) return `d${v}`;
  if (v instanceof ConstantTensorText) return `T${v.text}`;
  if (!(v instanceof ConstantTuple) && !(v instanceof ConstantList)) return objectKey(v);
  return `${v instanceof ConstantTuple ? 't' : 'l'}(${v.items.map(constantKey).join(',')})`;
}

/**
 * Constants may also hold runtime objects the compiler cannot look into (the tensors and objects
 * of a loaded archive's constant table): they are the same constant only when they are the same
 * object, and print through the hook the runtime installs.
 */
const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;

function objectKey(v: object): string {
  let id = objectIds.get(v);
  if (id === undefined) objectIds.set(v, (id = nextObjectId++));
  return `o${id}`;
}

let objectText: (v: object) => string = () => {
  throw new Error('constantText: no printer is installed for runtime objects held by constants');
};

export function setObjectConstantText(printer: (v: object) => string): void {
  objectText = printer;
}

/**
 * Whether two runtime objects held by constants are one entry of `.code`'s constant table:
 * the same object, or equal as the runtime judges (PyTorch shares an entry between equal tensors).
 */
let objectsEqual: (a: object, b: object) => boolean = () => false;

export function setObjectConstantEquality(equal: (a: object, b: object) => boolean): void {
  objectsEqual = equal;
}

export function sameObjectConstant(a: unknown, b: object): boolean {
  return a === b || (typeof a === 'object' && a !== null && objectsEqual(a, b));
}

/** A constant value as IR attributes print it: `(1, "a")`, `[1., 2.]`, `True`. */
export function constantText(v: ConstantValue): string {
  if (v === null) return 'None';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return irFloat(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return irString(v);
  if (v instanceof Device) return irString(v.toString());
  if (v instanceof ConstantTuple) {
    const items = v.items.map(constantText);
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (v instanceof ConstantTensorText) return v.text;
  if (!(v instanceof ConstantList)) return objectText(v);
  // As IValue::repr: a list whose elements do not show its type (none, or Optional/Union/number/
  // Any elements) is written with its type.
  const items = `[${v.items.map(constantText).join(', ')}]`;
  const elemKind = v.type.elem.kind;
  const inferable = !['Union', 'Optional', 'number', 'Any', 'Interface'].includes(elemKind);
  return v.items.length > 0 && inferable ? items : `annotate(${v.type.annotation()}, ${items})`;
}

setIValuePrinter((v) => constantText(v as ConstantValue));

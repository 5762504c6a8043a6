// Runtime values to pickles, by their static TorchScript type, in the forms PyTorch's pickler
// writes (value_unpickler.ts reads them back):
//
//   int, float, bool, str, None      BININT1/BININT2/BININT/LONG1, BINFLOAT, NEWTRUE, BINUNICODE
//   Tuple                             EMPTY_TUPLE, TUPLE1-3, MARK ... TUPLE
//   List[int|float|bool|Tensor]       torch.jit._pickle.build_intlist([...]) and its siblings
//   other List, Dict                  torch.jit._pickle.restore_type_tag([...] or {...}, "List[str]")
//   Tensor                            torch._utils._rebuild_tensor_v2(persistent storage id, ...)
//   Device                            torch.device("cpu")
//   objects                           GLOBAL __torch__.<class>, NEWOBJ, BUILD with their attribute
//                                     dict, or with __getstate__()'s result when the class has one
//
// Modules and devices are memoized by identity (a second use is a BINGET); other objects,
// tensors, lists and dicts when the value holds them more than once, so aliasing survives the
// round trip, and tensors in lists and tuples, as PyTorch's pickler (which goes by reference
// counts) does.

import type { ScriptFunction } from '../../compiler/frontend/function.js';
import {
  ClassType,
  DictType,
  ListType,
  OptionalType,
  TupleType,
  Types,
  UnionType,
  type Type,
} from '../../compiler/types/types.js';
import { notSupported } from '../errors.js';
import { codeFor } from '../interpreter/code.js';
import { isMixed } from '../interpreter/coercion.js';
import { ScriptObject } from '../interpreter/objects.js';
import { Device } from '../tensor/device.js';
import type { DType } from '../tensor/dtype.js';
import type { Storage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';
import { archiveError } from './errors.js';
import { Op } from './pickle/opcodes.js';
import { PickleWriter } from './pickle/pickle_writer.js';
import { storageBytes, storageClassName } from './storage_records.js';

/** Storages a pickle refers to, numbered in order of first use: their records are data/<key>. */
export class StorageTable {
  private readonly keys = new Map<Storage, { key: string; dtype: DType }>();
  readonly records: { readonly key: string; readonly bytes: Uint8Array }[] = [];

  key(storage: Storage, dtype: DType): string {
    const known = this.keys.get(storage);
    if (known !== undefined) {
      if (known.dtype !== dtype)
        throw archiveError('one storage viewed as two dtypes cannot be saved');
      return known.key;
    }
    const key = String(this.records.length);
    this.keys.set(storage, { key, dtype });
    this.records.push({ key, bytes: storageBytes(storage, dtype) });
    return key;
  }
}

const specializedLists: ReadonlyMap<Type, string> = new Map<Type, string>([
  [Types.int, 'build_intlist'],
  [Types.float, 'build_doublelist'],
  [Types.bool, 'build_boollist'],
  [Types.Tensor, 'build_tensorlist'],
]);

class ValuePickler {
  private readonly w = new PickleWriter();
  private readonly memo = new Map<object, number>();
  private readonly storageMemo = new Map<Storage, number>();
  private readonly inProgress = new Set<ScriptObject>();

  constructor(
    private readonly storages: StorageTable,
    private readonly shared: ReadonlySet<object>,
    private readonly className: (type: ClassType) => string,
  ) {}

  finish(): Uint8Array {
    return this.w.finish();
  }

  /**
   * `element`: v is an item of a list or tuple. PyTorch memoizes tensors there (iterating them
   * copies a reference), and elsewhere only tensors held twice.
   */
  value(v: unknown, t: Type, where: string, element = false): void {
    if (v === null) return this.w.none();
    switch (t.kind) {
      case 'Tensor':
        return this.tensor(expect(v, v instanceof Tensor, t, where) as Tensor, element);
      case 'int':
        return this.w.int(
          BigInt(expect(v, typeof v === 'number' || typeof v === 'bigint', t, where) as number),
        );
      case 'float':
        return this.w.float(expect(v, typeof v === 'number', t, where) as number);
      case 'bool':
        return this.w.bool(expect(v, typeof v === 'boolean', t, where) as boolean);
      case 'str':
        return this.w.string(expect(v, typeof v === 'string', t, where) as string);
      case 'Device':
        return this.device(expect(v, v instanceof Device, t, where) as Device);
      case 'Optional':
        return this.value(v, (t as OptionalType).elem, where, element);
      case 'List':
        return this.list(expect(v, Array.isArray(v), t, where) as unknown[], t as ListType, where);
      case 'Tuple':
        return this.tuple(
          expect(v, Array.isArray(v), t, where) as unknown[],
          t as TupleType,
          where,
        );
      case 'Dict':
        return this.dict(
          expect(v, v instanceof Map, t, where) as Map<unknown, unknown>,
          t as DictType,
          where,
        );
      case 'Class':
        return this.object(expect(v, v instanceof ScriptObject, t, where) as ScriptObject, where);
      case 'Any':
      case 'number':
      case 'Union':
        return this.value(v, dynamicType(v, t, where), where, element);
      default:
        throw notSupported(`saving values of type ${t.annotation()} (${where})`);
    }
  }

  private memoized(v: object): boolean {
    const index = this.memo.get(v);
    if (index === undefined) return false;
    this.w.get(index);
    return true;
  }

  private remember(v: object, always: boolean): void {
    if (always || this.shared.has(v)) this.memo.set(v, this.w.put());
  }

  private tensor(t: Tensor, element: boolean): void {
    if (this.memoized(t)) return;
    if (t.device.type !== 'cpu') throw notSupported(`saving tensors on ${t.device.toString()}`);
    this.w.global('torch._utils', '_rebuild_tensor_v2');
    this.w.op(Op.MARK);
    this.storage(t.storage, t.dtype);
    this.w.int(BigInt(t.offset));
    this.intTuple(t.shape);
    this.intTuple(t.strides);
    this.w.bool(t.requiresGrad);
    this.w.global('collections', 'OrderedDict');
    this.w.op(Op.EMPTY_TUPLE).op(Op.REDUCE);
    this.w.op(Op.TUPLE).op(Op.REDUCE);
    this.remember(t, element);
  }

  /** ('storage', torch.FloatStorage, key, location, numel) as a persistent id, memoized. */
  private storage(s: Storage, dtype: DType): void {
    const index = this.storageMemo.get(s);
    if (index !== undefined) return this.w.get(index);
    const key = this.storages.key(s, dtype);
    this.w.op(Op.MARK);
    this.w.string('storage');
    this.w.global('torch', storageClassName(dtype));
    this.w.string(key);
    this.w.string(s.device.toString());
    this.w.int(BigInt(s.data.length));
    this.w.op(Op.TUPLE).op(Op.BINPERSID);
    this.storageMemo.set(s, this.w.put());
  }

  private intTuple(items: readonly number[]): void {
    this.w.op(Op.MARK);
    for (const x of items) this.w.int(BigInt(x));
    this.w.op(Op.TUPLE);
  }

  private device(d: Device): void {
    if (this.memoized(d)) return;
    this.w.global('torch', 'device');
    this.w.string(d.toString());
    this.w.op(Op.TUPLE1).op(Op.REDUCE);
    this.remember(d, true);
  }

  private list(items: unknown[], t: ListType, where: string): void {
    if (this.memoized(items)) return;
    const specialized = specializedLists.get(t.elem);
    if (specialized !== undefined) {
      this.w.global('torch.jit._pickle', specialized);
      this.w.op(Op.MARK);
      this.listItems(items, t.elem, where);
      this.w.op(Op.TUPLE).op(Op.REDUCE);
    } else {
      this.w.global('torch.jit._pickle', 'restore_type_tag');
      this.listItems(items, t.elem, where);
      this.w.string(t.annotation());
      this.w.op(Op.TUPLE2).op(Op.REDUCE);
    }
    this.remember(items, false);
  }

  private listItems(items: unknown[], elem: Type, where: string): void {
    this.w.op(Op.EMPTY_LIST).op(Op.MARK);
    items.forEach((x, i) => this.value(x, elem, `${where}[${i}]`, true));
    this.w.op(Op.APPENDS);
  }

  private dict(map: Map<unknown, unknown>, t: DictType, where: string): void {
    if (this.memoized(map)) return;
    this.w.global('torch.jit._pickle', 'restore_type_tag');
    this.w.op(Op.EMPTY_DICT).op(Op.MARK);
    for (const [k, v] of map) {
      this.value(k, t.key, `${where} key`);
      this.value(v, t.value, `${where}[${String(k)}]`);
    }
    this.w.op(Op.SETITEMS);
    this.w.string(t.annotation());
    this.w.op(Op.TUPLE2).op(Op.REDUCE);
    this.remember(map, false);
  }

  private tuple(items: readonly unknown[], t: TupleType, where: string): void {
    if (items.length !== t.elems.length) throw mismatch(items, t, where);
    const marked = items.length > 3;
    if (marked) this.w.op(Op.MARK);
    items.forEach((x, i) => this.value(x, t.elems[i], `${where}[${i}]`, true));
    this.w.tuple(items.length, marked);
  }

  private object(obj: ScriptObject, where: string): void {
    if (this.memoized(obj)) return;
    if (this.inProgress.has(obj))
      throw notSupported(`saving objects that contain themselves (${where})`);
    this.inProgress.add(obj);
    const name = this.className(obj.type);
    const dot = name.lastIndexOf('.');
    this.w.global(name.slice(0, dot), name.slice(dot + 1));
    this.w.op(Op.EMPTY_TUPLE).op(Op.NEWOBJ);
    const getState = obj.type.methods.get('__getstate__') as ScriptFunction | undefined;
    if (getState !== undefined) this.state(obj, getState, where);
    else this.attributes(obj, where);
    this.w.op(Op.BUILD);
    this.inProgress.delete(obj);
    this.remember(obj, obj.type.isModule);
  }

  private attributes(obj: ScriptObject, where: string): void {
    this.w.op(Op.EMPTY_DICT).op(Op.MARK);
    for (const a of obj.type.attributes) {
      this.w.string(a.name);
      this.value(obj.getAttr(a.name), a.type, `${where}.${a.name}`);
    }
    this.w.op(Op.SETITEMS);
  }

  /** A class with __getstate__ saves what it returns (its __setstate__ takes it back). */
  private state(obj: ScriptObject, getState: ScriptFunction, where: string): void {
    getState.ensureDefined();
    const state = codeFor(getState.graph).run([obj]);
    this.value(state, getState.signature.returns[0].type, `${where}.__getstate__()`);
  }
}

function expect(v: unknown, ok: boolean, t: Type, where: string): unknown {
  if (!ok) throw mismatch(v, t, where);
  return v;
}

function mismatch(v: unknown, t: Type, where: string) {
  return archiveError(`${where} should be ${t.annotation()} but holds ${String(v)}`);
}

/** The static type a value of type Any, number or Union is saved as, from what it holds. */
function dynamicType(v: unknown, t: Type, where: string): Type {
  const members = t instanceof UnionType ? t.members : null;
  const pick = (test: (m: Type) => boolean, fallback: Type | null): Type => {
    const found = members?.find(test) ?? fallback;
    if (found === null)
      throw notSupported(`saving this value of type ${t.annotation()} (${where})`);
    return found;
  };
  if (typeof v === 'bigint') return Types.int;
  if (typeof v === 'number') {
    // Where the type admits ints and floats, ints are bigints: a JS number is a float.
    if (isMixed(t)) return Types.float;
    return pick((m) => m === Types.float || m === Types.int, Types.float);
  }
  if (typeof v === 'boolean') return Types.bool;
  if (typeof v === 'string') return Types.str;
  if (v instanceof Tensor) return Types.Tensor;
  if (v instanceof Device) return Types.Device;
  if (v instanceof ScriptObject) return v.type;
  if (v instanceof Map) return pick((m) => m instanceof DictType, null);
  if (Array.isArray(v)) {
    return pick((m) => (Object.isFrozen(v) ? m instanceof TupleType : m instanceof ListType), null);
  }
  throw notSupported(`saving this value of type ${t.annotation()} (${where})`);
}

/** Tensors, lists, dicts and objects reachable from `root` more than once (they must be memoized). */
function sharedContainers(root: unknown): Set<object> {
  const seen = new Set<object>();
  const shared = new Set<object>();
  const visit = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    if (seen.has(v)) {
      shared.add(v);
      return;
    }
    seen.add(v);
    if (v instanceof Tensor) return;
    if (Array.isArray(v)) v.forEach(visit);
    else if (v instanceof Map) v.forEach((x, k) => (visit(k), visit(x)));
    else if (v instanceof ScriptObject) v.fields.forEach(visit);
  };
  visit(root);
  return shared;
}

/** Pickles `value` of static type `type`; its tensors' storages are added to `storages`. */
export function pickleArchiveValue(
  value: unknown,
  type: Type,
  storages: StorageTable,
  className: (type: ClassType) => string,
  what: string,
): Uint8Array {
  const p = new ValuePickler(storages, sharedContainers(value), className);
  p.value(value, type, what);
  return p.finish();
}

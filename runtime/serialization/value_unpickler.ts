// The globals a TorchScript archive's pickles may name, and what each does. Nothing else is
// allowed: a pickle naming any other global (os.system, builtins.eval...) is refused before
// anything runs, and objects can only be instances of the archive's own TorchScript classes.
//
//   torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)
//   torch.FloatStorage, ... (only inside persistent ids: ('storage', cls, key, location, numel))
//   collections.OrderedDict()                 the (empty) backward hooks of a tensor
//   torch.jit._pickle.build_intlist / build_doublelist / build_boollist / build_tensorlist(list)
//   torch.jit._pickle.restore_type_tag(value, "Dict[str, int]")
//   torch.device("cpu")
//   __torch__.<qualified class>               NEWOBJ, then BUILD with its attributes or state

import type { ScriptFunction } from '../../compiler/frontend/function.js';
import type { ClassType } from '../../compiler/types/types.js';
import { codeFor } from '../interpreter/code.js';
import { ScriptObject } from '../interpreter/objects.js';
import type { IValue } from '../ivalue.js';
import { Device } from '../tensor/device.js';
import type { DType } from '../tensor/dtype.js';
import type { Storage } from '../tensor/storage.js';
import { Tensor } from '../tensor/tensor.js';
import { archiveError } from './errors.js';
import { PickleTuple } from './pickle/opcodes.js';
import { unpickle, type UnpickleHooks } from './pickle/pickle_reader.js';
import { storageClassDType, storageFromBytes } from './storage_records.js';
import { runtimeValueOf } from './typed_values.js';

export interface UnpicklerSources {
  /** The class `qualifiedName` the archive's code defines, or null. */
  classType(qualifiedName: string): ClassType | null;
  /** The record of storage `key` (data/<key> or constants/<key>). */
  storageRecord(key: string): Uint8Array;
}

type Builtin =
  | 'rebuild_tensor'
  | 'ordered_dict'
  | 'build_intlist'
  | 'build_doublelist'
  | 'build_boollist'
  | 'build_tensorlist'
  | 'restore_type_tag'
  | 'device';

const builtins: ReadonlyMap<string, Builtin> = new Map([
  ['torch._utils\n_rebuild_tensor_v2', 'rebuild_tensor'],
  ['collections\nOrderedDict', 'ordered_dict'],
  ['torch.jit._pickle\nbuild_intlist', 'build_intlist'],
  ['torch.jit._pickle\nbuild_doublelist', 'build_doublelist'],
  ['torch.jit._pickle\nbuild_boollist', 'build_boollist'],
  ['torch.jit._pickle\nbuild_tensorlist', 'build_tensorlist'],
  ['torch.jit._pickle\nrestore_type_tag', 'restore_type_tag'],
  ['torch\ndevice', 'device'],
]);

/** An allowed global, as the unpickler's stack holds it. */
class Global {
  constructor(readonly builtin: Builtin) {}
}

class StorageClass {
  constructor(readonly dtype: DType) {}
}

class ScriptClass {
  constructor(readonly type: ClassType) {}
}

interface LoadedStorage {
  readonly storage: Storage;
  readonly dtype: DType;
}

class Hooks implements UnpickleHooks {
  private readonly storages = new Map<string, LoadedStorage>();

  constructor(
    private readonly sources: UnpicklerSources,
    private readonly what: string,
  ) {}

  global(module: string, name: string): unknown {
    const builtin = builtins.get(`${module}\n${name}`);
    if (builtin !== undefined) return new Global(builtin);
    if (module === 'torch') {
      const dtype = storageClassDType(name);
      if (dtype !== null) return new StorageClass(dtype);
    }
    if (module === '__torch__' || module.startsWith('__torch__.')) {
      const type = this.sources.classType(`${module}.${name}`);
      if (type !== null) return new ScriptClass(type);
      throw archiveError(
        `${this.what} names the class ${module}.${name}, which the archive's code does not define`,
      );
    }
    throw archiveError(
      `${this.what} names the Python global ${module}.${name}, which TorchScript archives never need: refusing to load it`,
    );
  }

  reduce(callable: unknown, args: readonly unknown[]): unknown {
    if (!(callable instanceof Global)) throw this.error('only the allowed functions can be called');
    const [first, second] = args;
    switch (callable.builtin) {
      case 'rebuild_tensor':
        return this.rebuildTensor(args);
      case 'ordered_dict':
        return new Map();
      case 'build_intlist':
      case 'build_doublelist':
      case 'build_boollist':
      case 'build_tensorlist':
        if (args.length !== 1 || !Array.isArray(first))
          throw this.error(`${callable.builtin} takes a list`);
        return first;
      case 'restore_type_tag':
        if (args.length !== 2 || typeof second !== 'string')
          throw this.error('restore_type_tag takes a value and a type');
        return first;
      case 'device':
        if (args.length !== 1 || typeof first !== 'string')
          throw this.error('torch.device takes a string');
        return Device.parse(first);
    }
  }

  newObject(cls: unknown, args: readonly unknown[]): unknown {
    if (!(cls instanceof ScriptClass) || args.length !== 0) {
      throw this.error("objects can only be instances of the archive's TorchScript classes");
    }
    return new ScriptObject(cls.type);
  }

  build(obj: unknown, state: unknown): unknown {
    if (!(obj instanceof ScriptObject))
      throw this.error('BUILD applies only to TorchScript objects');
    const setState = obj.type.methods.get('__setstate__') as ScriptFunction | undefined;
    if (setState !== undefined) {
      setState.ensureDefined();
      const stateType = setState.signature.args[1].type;
      const value = runtimeValueOf(state, stateType, `the state of ${obj.type.qualifiedName}`);
      codeFor(setState.graph).run([obj, value]);
      return obj;
    }
    this.setAttributes(obj, state);
    return obj;
  }

  persistentLoad(pid: unknown): unknown {
    const items = pid instanceof PickleTuple ? pid.items : [];
    const [tag, cls, key, , numel] = items;
    if (
      items.length !== 5 ||
      tag !== 'storage' ||
      !(cls instanceof StorageClass) ||
      typeof key !== 'string' ||
      typeof numel !== 'bigint'
    ) {
      throw this.error("persistent ids must be ('storage', class, key, location, numel)");
    }
    const known = this.storages.get(key);
    if (known !== undefined) {
      if (known.dtype !== cls.dtype)
        throw this.error(`storage ${key} is read as two different dtypes`);
      return known;
    }
    const bytes = this.sources.storageRecord(key);
    const loaded = {
      storage: storageFromBytes(bytes, cls.dtype, Number(numel), key),
      dtype: cls.dtype,
    };
    this.storages.set(key, loaded);
    return loaded;
  }

  private setAttributes(obj: ScriptObject, state: unknown): void {
    const type = obj.type;
    if (!(state instanceof Map))
      throw this.error(`the state of ${type.qualifiedName} must be a dict of its attributes`);
    for (const [name, value] of state) {
      const attribute = typeof name === 'string' ? type.findAttribute(name) : undefined;
      if (attribute === undefined) {
        throw this.error(
          `${type.qualifiedName} has no attribute ${String(name)}, but the archive sets it`,
        );
      }
      const where = `attribute ${name} of ${type.qualifiedName}`;
      obj.setAttr(name as string, runtimeValueOf(value, attribute.type, where) as IValue);
    }
    for (const a of type.attributes) {
      if (!obj.fields.has(a.name))
        throw this.error(
          `the archive gives no value for attribute ${a.name} of ${type.qualifiedName}`,
        );
    }
  }

  private rebuildTensor(args: readonly unknown[]): Tensor {
    const [storage, offset, size, stride, requiresGrad] = args;
    if (
      (args.length !== 6 && args.length !== 7) ||
      !isLoadedStorage(storage) ||
      typeof offset !== 'bigint' ||
      !(size instanceof PickleTuple) ||
      !(stride instanceof PickleTuple) ||
      typeof requiresGrad !== 'boolean'
    ) {
      throw this.error(
        '_rebuild_tensor_v2 takes (storage, offset, size, stride, requires_grad, hooks)',
      );
    }
    const shape = size.items.map((x) => this.dimension(x, 'size'));
    const strides = stride.items.map((x) => this.dimension(x, 'stride'));
    const start = this.dimension(offset, 'storage offset');
    if (shape.length !== strides.length) throw this.error('a tensor has as many strides as sizes');
    checkInside(storage.storage.data.length, start, shape, strides, this.what);
    const t = new Tensor(storage.storage, shape, strides, start, storage.dtype);
    t.requiresGrad = requiresGrad;
    return t;
  }

  private dimension(v: unknown, what: string): number {
    if (typeof v !== 'bigint' || v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw this.error(`a tensor ${what} must be a non-negative int`);
    }
    return Number(v);
  }

  private error(message: string) {
    return archiveError(`${this.what}: ${message}`);
  }
}

function isLoadedStorage(v: unknown): v is LoadedStorage {
  return typeof v === 'object' && v !== null && 'storage' in v && 'dtype' in v;
}

/** The elements a view reaches must lie inside its storage. */
function checkInside(
  numel: number,
  offset: number,
  shape: readonly number[],
  strides: readonly number[],
  what: string,
): void {
  if (shape.some((s) => s === 0)) return;
  let last = offset;
  shape.forEach((s, i) => (last += (s - 1) * strides[i]));
  if (!Number.isSafeInteger(last) || last >= numel) {
    throw archiveError(
      `${what}: a tensor of size [${shape.join(', ')}] and stride [${strides.join(', ')}] at offset ${offset} reaches element ${last}, past its storage of ${numel} elements`,
    );
  }
}

/** Reads a pickle of the archive (`what` names it in errors) into tagged values. */
export function unpickleArchiveValue(
  bytes: Uint8Array,
  sources: UnpicklerSources,
  what: string,
): unknown {
  return unpickle(bytes, new Hooks(sources, what), what);
}

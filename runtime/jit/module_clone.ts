// A scripted module cloned as torch::jit::Module::clone(inplace=true) clones one, the first step
// of freezing: every module type gets a new (mangled) type of its own, with the same attributes
// and copies of its compiled methods, whose graphs refer to the new types; the instances are new
// objects holding the same attribute values (tensors are shared, not copied). Types shared by
// several submodules stay shared in the clone.
//
//   __torch__.MyCell                      __torch__.___torch_mangle_0.MyCell
//     dg: __torch__.MyDecisionGate   ->     dg: __torch__.___torch_mangle_1.MyDecisionGate
//     linear: ...linear.Linear              linear: ...linear.___torch_mangle_2.Linear

import type { CompilationUnit } from '../../compiler/compilation_unit.js';
import { ScriptFunction } from '../../compiler/frontend/function.js';
import type { ModuleInfo, ModuleKind } from '../../compiler/frontend/module_value.js';
import type { PythonFunction } from '../../compiler/frontend/python_function.js';
import type { ConstantValue } from '../../compiler/ir/constants.js';
import { copyGraphInto } from '../../compiler/ir/deep_copy.js';
import type { Signature } from '../../compiler/types/signature.js';
import {
  ClassType,
  DictType,
  FutureType,
  ListType,
  OptionalType,
  TupleType,
  UnionType,
  type Type,
} from '../../compiler/types/types.js';
import { ScriptObject } from '../interpreter/objects.js';

/** A compiled module: its type description and its instance. */
export interface ScriptModuleRef {
  readonly info: ModuleInfo;
  readonly object: ScriptObject;
}

/**
 * The ModuleInfo of a cloned type. Freezing removes attributes and methods from the type, so
 * submodules and methods are read from the type as it is now, not remembered.
 */
export class ClonedModuleInfo implements ModuleInfo {
  readonly allSubmodules = new Map<string, ModuleInfo>();

  constructor(
    readonly type: ClassType,
    readonly kind: ModuleKind,
    readonly constants: ReadonlyMap<string, ConstantValue>,
    readonly ignored: ReadonlyMap<string, PythonFunction>,
    readonly failedAttributes: ReadonlyMap<string, string>,
  ) {}

  get submodules(): ReadonlyMap<string, ModuleInfo> {
    return new Map([...this.allSubmodules].filter(([name]) => this.type.findAttribute(name)));
  }

  method(name: string): ScriptFunction | null {
    return (this.type.methods.get(name) as ScriptFunction | undefined) ?? null;
  }
}

/** Clones `root` and its submodules into new types of `unit`. */
export function cloneModule(unit: CompilationUnit, root: ScriptModuleRef): ScriptModuleRef {
  return new ModuleCloner(unit).clone(root.info, root.object);
}

class ModuleCloner {
  private readonly types = new Map<ClassType, ClonedModuleInfo>();
  private readonly objects = new Map<ScriptObject, ScriptModuleRef>();

  constructor(private readonly unit: CompilationUnit) {}

  clone(info: ModuleInfo, object: ScriptObject): ScriptModuleRef {
    const done = this.objects.get(object);
    if (done !== undefined) return done;
    const known = this.types.get(info.type);
    const cloned = known ?? this.newInfo(info);
    const copy = new ScriptObject(cloned.type);
    const result = { info: cloned, object: copy };
    this.objects.set(object, result);
    // As c10, attributes in slot order, each submodule cloned (depth first) when it is met.
    for (const attribute of info.type.attributes) {
      const value = object.fields.get(attribute.name);
      const sub = info.submodules.get(attribute.name);
      if (sub !== undefined && value instanceof ScriptObject) {
        const clonedSub = this.clone(sub, value);
        copy.setAttr(attribute.name, clonedSub.object);
        if (known === undefined) {
          cloned.allSubmodules.set(attribute.name, clonedSub.info);
          cloned.type.addAttribute(attribute.name, clonedSub.info.type);
        }
        continue;
      }
      if (value !== undefined) copy.setAttr(attribute.name, value);
      if (known === undefined) {
        cloned.type.addAttribute(attribute.name, this.remap(attribute.type), attribute);
      }
    }
    if (known === undefined) this.cloneMethods(info.type, cloned.type);
    return result;
  }

  private newInfo(info: ModuleInfo): ClonedModuleInfo {
    const type = this.unit.newModuleType(unmangled(info.type.qualifiedName));
    const cloned = new ClonedModuleInfo(
      type,
      info.kind,
      info.constants,
      info.ignored,
      info.failedAttributes,
    );
    this.types.set(info.type, cloned);
    return cloned;
  }

  private cloneMethods(from: ClassType, to: ClassType): void {
    for (const [name, method] of from.methods) {
      const original = method as ScriptFunction;
      original.ensureDefined();
      const copy = new ScriptFunction(
        `${to.qualifiedName}.${name}`,
        (fn) => {
          copyGraphInto(fn.graph, original.graph, (t) => this.remap(t));
          return remapSignature(original.signature, (t) => this.remap(t));
        },
        `${to.name}.${name}`,
      );
      to.methods.set(name, copy);
    }
    // Defined once every method exists: a method's copy may refer to another's.
    for (const method of to.methods.values()) (method as ScriptFunction).ensureDefined();
  }

  /** A type with every cloned module type replaced by its clone. */
  private remap(t: Type): Type {
    if (t instanceof ClassType) return this.types.get(t)?.type ?? t;
    const r = (x: Type) => this.remap(x);
    if (t instanceof OptionalType) return rebuilt(t, [t.elem], ([e]) => new OptionalType(e));
    if (t instanceof ListType) return rebuilt(t, [t.elem], ([e]) => new ListType(e));
    if (t instanceof FutureType) return rebuilt(t, [t.elem], ([e]) => new FutureType(e));
    if (t instanceof DictType) return rebuilt(t, [t.key, t.value], ([k, v]) => new DictType(k, v));
    if (t instanceof UnionType) return rebuilt(t, t.members, (ms) => new UnionType(ms));
    if (t instanceof TupleType) return rebuilt(t, t.elems, (es) => new TupleType(es, t.named));
    return t;

    /** `t` itself when none of its parts change, else a new type of the remapped parts. */
    function rebuilt(type: Type, parts: readonly Type[], make: (ps: Type[]) => Type): Type {
      const mapped = parts.map(r);
      return mapped.every((p, i) => p === parts[i]) ? type : make(mapped);
    }
  }
}

/** `__torch__.___torch_mangle_3.M` -> `__torch__.M`: a clone of a clone is mangled afresh. */
function unmangled(qualifiedName: string): string {
  return qualifiedName.replace(/\.___torch_mangle_\d+(?=\.)/g, '');
}

function remapSignature(sig: Signature, remap: (t: Type) => Type): Signature {
  return {
    ...sig,
    args: sig.args.map((a) => ({ ...a, type: remap(a.type) })),
    returns: sig.returns.map((r) => ({ ...r, type: remap(r.type) })),
  };
}

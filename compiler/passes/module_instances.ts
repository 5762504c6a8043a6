// Module instances and attribute values as freezing sees them. The runtime's ScriptObject is a
// module instance here (a class type and named fields); values are runtime values: tensors,
// numbers, arrays (lists, and frozen arrays for tuples), Maps (dicts), objects.

import { Tensor } from '../../runtime/tensor/tensor.js';
import { ClassType } from '../types/types.js';

/** An instance of a TorchScript class or module: the runtime's ScriptObject. */
export interface ObjectInstance {
  readonly type: ClassType;
  readonly fields: Map<string, unknown>;
}

function isObjectInstance(v: unknown): v is ObjectInstance {
  if (typeof v !== 'object' || v === null) return false;
  const candidate = v as Partial<ObjectInstance>;
  return candidate.type instanceof ClassType && candidate.fields instanceof Map;
}

export function isModuleInstance(v: unknown): v is ObjectInstance {
  return isObjectInstance(v) && v.type.isModule;
}

/** An instance of a TorchScript class that is not a module. */
export function isClassObject(v: unknown): v is ObjectInstance {
  return isObjectInstance(v) && !v.type.isModule;
}

/** Whether a value may change in place (c10's isMutableType of the value's type). */
export function isMutableValue(v: unknown): boolean {
  if (v instanceof Tensor || v instanceof Map || isObjectInstance(v)) return true;
  if (Array.isArray(v)) return !Object.isFrozen(v) || v.some(isMutableValue);
  return false;
}

/** What identifies a value's memory: a tensor's storage, else the value itself. */
export function aliasKey(v: unknown): unknown {
  return v instanceof Tensor ? v.storage : v;
}

/** The memory of a value and of everything it holds (c10's getSubValues). */
export function subValues(v: unknown, into = new Set<unknown>()): Set<unknown> {
  if (!isMutableValue(v)) return into;
  into.add(aliasKey(v));
  if (Array.isArray(v)) for (const item of v) subValues(item, into);
  else if (v instanceof Map) for (const [k, item] of v) subValues(item, subValues(k, into));
  else if (isObjectInstance(v)) for (const item of v.fields.values()) subValues(item, into);
  return into;
}

/** Whether two values share some memory (c10's IValue::overlaps). */
export function overlaps(a: unknown, b: unknown): boolean {
  const inB = subValues(b);
  return [...subValues(a)].some((k) => inB.has(k));
}

/** The module-valued attributes of a module, in slot order (named_children). */
export function children(module: ObjectInstance): [string, ObjectInstance][] {
  const out: [string, ObjectInstance][] = [];
  for (const a of module.type.attributes) {
    const v = module.fields.get(a.name);
    if (isModuleInstance(v)) out.push([a.name, v]);
  }
  return out;
}

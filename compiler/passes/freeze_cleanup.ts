// The last step of freezing (PyTorch's cleanupFrozenModule): what the frozen graphs still read
// with prim::GetAttr stays, with what the caller preserved; every other attribute, submodule and
// method is removed from the module types and their instances. A submodule a graph returns, or
// one the caller named, is kept whole.

import type { ScriptFunction } from '../frontend/function.js';
import type { Block, Graph } from '../ir/ir.js';
import { isSubtype } from '../types/subtype.js';
import { FutureType, type ClassType } from '../types/types.js';
import type { FreezeState } from './freeze_module.js';
import { isModuleInstance, type ObjectInstance } from './module_instances.js';

/** Slot indices to keep per type; `all` keeps every slot and method. */
type Keep = Set<number> | 'all';

export function cleanupFrozenModule(state: FreezeState): void {
  const keep = new Map<ClassType, Keep>();
  const instances = new Map<ClassType, Set<ObjectInstance>>();
  for (const fn of state.preservedMethods) {
    recordReferencedAttrs(state, fn.graph);
    keepSharedClassType(state, state.root, fn.graph, keep, instances);
    removeExtraWaitCalls(fn.graph.block);
  }
  removeUnusedAttrs(state.preservedMethods, keep, instances);
}

/** Attributes the graphs still read (they could not be folded) are kept, modules included. */
function recordReferencedAttrs(state: FreezeState, graph: Graph): void {
  const modules = new Set<ObjectInstance>([state.root]);
  for (const n of graph.allNodes()) {
    if (n.kind !== 'prim::GetAttr') continue;
    const a = n.attribute('name');
    if (a?.kind !== 's') continue;
    // Every module of the GetAttr's input type may be the one read.
    for (const module of [...modules]) {
      if (module.type !== n.inputs[0].type) continue;
      const value = module.fields.get(a.value);
      state.keepAttribute(a.value, value, module);
      if (isModuleInstance(value)) modules.add(value);
    }
  }
  for (const [parent, names] of state.userPreservedAttrs) {
    for (const name of names) state.keepAttribute(name, parent.fields.get(name), parent);
  }
}

/** Marks the slots of `module`'s type to keep, and recurses into kept submodules. */
function keepSharedClassType(
  state: FreezeState,
  module: ObjectInstance,
  graph: Graph,
  keep: Map<ClassType, Keep>,
  instances: Map<ClassType, Set<ObjectInstance>>,
): void {
  const type = module.type;
  if (escapes(state, module, graph)) {
    keep.set(type, 'all');
    return;
  }
  if (!instances.has(type)) instances.set(type, new Set());
  instances.get(type)!.add(module);
  if (!keep.has(type)) keep.set(type, new Set());
  const slots = keep.get(type)!;
  type.attributes.forEach((attribute, i) => {
    const value = module.fields.get(attribute.name);
    if (!state.isKept(attribute.name, value, module)) return;
    if (slots !== 'all') slots.add(i);
    if (isModuleInstance(value)) keepSharedClassType(state, value, graph, keep, instances);
  });
}

/** A module the graph may return, or one the caller preserved, is kept whole. */
function escapes(state: FreezeState, module: ObjectInstance, graph: Graph): boolean {
  if (graph.outputs.some((o) => isSubtype(module.type, o.type))) return true;
  return state.preservedSubmodules.has(module);
}

function removeExtraWaitCalls(block: Block): void {
  for (const n of [...block.nodes]) {
    if (n.kind === 'aten::wait' && !(n.inputs[0].type instanceof FutureType)) {
      n.output().replaceAllUsesWith(n.inputs[0]);
      n.destroy();
    }
  }
  for (const n of block.nodes) n.blocks.forEach(removeExtraWaitCalls);
}

/** Removes the slots not kept, from each type and its instances, and methods not preserved. */
function removeUnusedAttrs(
  preservedMethods: readonly ScriptFunction[],
  keep: ReadonlyMap<ClassType, Keep>,
  instances: ReadonlyMap<ClassType, ReadonlySet<ObjectInstance>>,
): void {
  for (const [type, slots] of keep) {
    if (slots === 'all') continue;
    const removed = type.attributes.filter((_, i) => !slots.has(i)).map((a) => a.name);
    for (const name of removed) {
      for (const module of instances.get(type) ?? []) module.fields.delete(name);
      type.attributes.splice(
        type.attributes.findIndex((a) => a.name === name),
        1,
      );
    }
    for (const [name, fn] of [...type.methods]) {
      if (!preservedMethods.includes(fn as ScriptFunction)) type.methods.delete(name);
    }
  }
}

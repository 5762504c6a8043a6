// Freezing a cloned module (PyTorch's freeze_module, its AttributePropagator): the preserved
// methods (forward, and those the caller names) get every call inlined; attributes that nothing
// writes to become constants named after where they were read from:
//
//   %linear = prim::GetAttr[name="linear"](%self)
//   %weight = prim::GetAttr[name="weight"](%linear)     ==>
//   %y = aten::linear(%x, %weight, %bias)
//       %self.linear.weight : Float(4, 4, ...) = prim::Constant[value=<Tensor>]()
//       %y = aten::linear(%x, %self.linear.weight, %self.linear.bias)
//
// then the graphs are cleaned up as PyTorch's graph executor cleans them (run_optimization.ts),
// and the attributes, submodules and methods nothing uses any more are removed from the module
// (freeze_cleanup.ts). Attributes written to (`self.count += 1`, `self.x = ...`), and those the
// caller preserves, stay attributes.
//
// Not supported yet: interface attributes, and preserving methods of submodules.

import { notSupported, runtimeError } from '../../runtime/errors.js';
import { Tensor } from '../../runtime/tensor/tensor.js';
import type { ScriptFunction } from '../frontend/function.js';
import {
  ConstantList,
  ConstantTuple,
  insertConstant,
  type ConstantValue,
} from '../ir/constants.js';
import type { Block, Graph, Node, Value } from '../ir/ir.js';
import {
  completeTensorType,
  detachedTensor,
  insertTensorConstant,
} from '../ir/tensor_constants.js';
import {
  ClassType,
  InterfaceType,
  ListType,
  OptionalType,
  TupleType,
  Types,
  type Type,
} from '../types/types.js';
import { AliasQueries } from './alias_queries.js';
import { fromRuntime } from './constant_folding.js';
import { eliminateNoOps } from './eliminate_no_ops.js';
import { cleanupFrozenModule } from './freeze_cleanup.js';
import { inlineCalls } from './inline.js';
import { lowerSimpleTuples } from './lower_tuples.js';
import {
  aliasKey,
  children,
  isClassObject,
  isModuleInstance,
  isMutableValue,
  overlaps,
  type ObjectInstance,
} from './module_instances.js';
import { runOptimization } from './run_optimization.js';

/** What freezing decides to keep; freeze_cleanup.ts reads it to trim the module. */
export class FreezeState {
  /** Mutable attribute values that stay attributes (by their memory, as c10 hashes them). */
  readonly preservedAttrs = new Set<unknown>();
  /** Immutable attributes that stay attributes, by module and name. */
  readonly preservedScalarAttrs = new Map<ObjectInstance, Set<string>>();
  readonly preservedMethods: ScriptFunction[] = [];
  /** Submodules the caller named: kept whole. */
  readonly preservedSubmodules = new Set<ObjectInstance>();
  /** Modules above an attribute the caller named, with the child names on the way. */
  readonly userPreservedAttrs = new Map<ObjectInstance, Set<string>>();

  constructor(readonly root: ObjectInstance) {}

  /** Records that `module.name` (holding `value`) must stay an attribute. */
  keepAttribute(name: string, value: unknown, module: ObjectInstance): void {
    if (isMutableValue(value)) {
      this.preservedAttrs.add(aliasKey(value));
      return;
    }
    let names = this.preservedScalarAttrs.get(module);
    if (names === undefined) this.preservedScalarAttrs.set(module, (names = new Set()));
    names.add(name);
  }

  isKept(name: string, value: unknown, module: ObjectInstance): boolean {
    if (isMutableValue(value)) return this.preservedAttrs.has(aliasKey(value));
    return this.preservedScalarAttrs.get(module)?.has(name) ?? false;
  }
}

/** Freezes `root` (a clone: it is changed in place), keeping `preservedAttrs` and forward. */
export function freezeModule(root: ObjectInstance, preservedAttrs: readonly string[]): void {
  checkDoesNotReturnSelf(root);
  const state = new FreezeState(root);
  new AttributePropagator(state).run(preservedAttrs);
  cleanupFrozenModule(state);
}

function methodOf(module: ObjectInstance, name: string): ScriptFunction | undefined {
  return module.type.methods.get(name) as ScriptFunction | undefined;
}

function checkDoesNotReturnSelf(module: ObjectInstance): void {
  const forward = methodOf(module, 'forward');
  if (forward?.graph.outputs.some((o) => o.type === module.type)) {
    throw runtimeError('attempted to freeze a module that returns itself');
  }
}

class AttributePropagator {
  /** The module GetAttr chains start from: the root, or a forked submodule. */
  private module: ObjectInstance;
  /** The attribute path of the GetAttr being folded (`linear` for self.linear.weight). */
  private names: string[] = [];

  constructor(private readonly state: FreezeState) {
    this.module = state.root;
  }

  run(preservedAttrs: readonly string[]): void {
    const { state } = this;
    const forward = methodOf(state.root, 'forward');
    if (forward !== undefined) state.preservedMethods.push(forward);
    for (const name of preservedAttrs) {
      if (!this.preserveName(name)) throw runtimeError(`Unknown name: ${name}`);
    }
    const graphs = () => state.preservedMethods.map((fn) => fn.graph);
    for (const g of graphs()) this.forEachGraph(g, (sub) => void inlineCalls(sub));
    for (const g of graphs()) checkNoInterfaces(g);
    for (const g of graphs()) this.recordMutableAttrs(g);
    for (const g of graphs()) {
      this.propagateAttributes(g);
      this.forEachGraph(g, applyOptimizations);
    }
  }

  /** A name of preserved_attrs: `version`, `helper`, `sub.version`. */
  private preserveName(name: string): boolean {
    const resolved = this.resolveName(name);
    if (resolved === null) return false;
    const [parent, attr] = resolved;
    if (parent.type.findAttribute(attr) !== undefined) {
      const value = parent.fields.get(attr);
      if (isModuleInstance(value)) this.state.preservedSubmodules.add(value);
      this.state.keepAttribute(attr, value, parent);
      return true;
    }
    if (parent !== this.state.root) {
      throw notSupported(`preserving ${name}, a method of a submodule, when freezing`);
    }
    const method = methodOf(parent, attr)!;
    if (!this.state.preservedMethods.includes(method)) this.state.preservedMethods.push(method);
    return true;
  }

  /** `a.b.c` -> [module a.b, "c"] when it names an attribute or method; null otherwise. */
  private resolveName(name: string): [ObjectInstance, string] | null {
    const parts = name.split('.');
    const attr = parts.pop()!;
    if (attr === '' && parts.length === 0) return null;
    let current = this.state.root;
    const path: [ObjectInstance, string][] = [];
    for (const part of parts) {
      const child = children(current).find(([childName]) => childName === part);
      if (child === undefined) return null;
      path.push([current, part]);
      current = child[1];
    }
    if (current.type.findAttribute(attr) === undefined && !current.type.methods.has(attr)) {
      return null;
    }
    for (const [parent, childName] of path) {
      let names = this.state.userPreservedAttrs.get(parent);
      if (names === undefined) this.state.userPreservedAttrs.set(parent, (names = new Set()));
      names.add(childName);
    }
    return [current, attr];
  }

  /** Runs `fn` on `graph` and on the subgraphs of the forks in it, recursively. */
  private forEachGraph(graph: Graph, fn: (g: Graph) => void): void {
    fn(graph);
    for (const n of graph.allNodes()) {
      const sub = n.attribute('Subgraph');
      if (n.kind === 'prim::fork' && sub?.kind === 'g') this.forEachGraph(sub.value, fn);
    }
  }

  /**
   * The GetAttr names from the graph's module (its first input) to `input`, or null when
   * `input` is not reached by GetAttrs from it.
   */
  private modulePath(input: Value, graph: Graph): string[] | null {
    const names: string[] = [];
    const self = graph.inputs[0];
    if (self === undefined) return null;
    let v = input;
    while (v.type !== self.type) {
      const n = v.node;
      if (n === null || n.kind !== 'prim::GetAttr') return null;
      names.unshift(attributeName(n));
      v = n.inputs[0];
    }
    return names;
  }

  /**
   * The module holding attribute `name` of the module value `input`, when that attribute may
   * be folded: not written to, not preserved, not sharing memory with a preserved value.
   */
  private findConstantAttr(input: Value, name: string, graph: Graph): ObjectInstance | null {
    if (!(input.type instanceof ClassType) || !input.type.isModule) return null;
    const path = this.modulePath(input, graph);
    if (path === null) return null;
    this.names = path;
    let module = this.module;
    for (const step of path) {
      const next = module.fields.get(step);
      if (this.state.preservedAttrs.has(aliasKey(next)) || !isModuleInstance(next)) return null;
      module = next;
    }
    const attr = module.fields.get(name);
    if (!isMutableValue(attr)) return this.state.isKept(name, attr, module) ? null : module;
    if (this.state.preservedAttrs.has(aliasKey(attr))) return null;
    if (!isModuleInstance(attr) && !isClassObject(attr)) {
      for (const kept of this.state.preservedAttrs) if (overlaps(kept, attr)) return null;
    }
    return module;
  }

  /** Attributes set (prim::SetAttr) or written in place through a read of them stay. */
  private recordMutableAttrs(graph: Graph): void {
    const aliases = new AliasQueries(graph, true);
    this.forEachNode(graph.block, (n) => {
      if (n.kind === 'prim::ModuleContainerIndex') {
        throw runtimeError(
          'Freezing modules containing prim::ModuleContainerIndex is not supported',
        );
      }
      if (n.kind === 'prim::fork') {
        this.applyToForkSubgraph(n, graph, (sub) => this.recordMutableAttrs(sub));
        return;
      }
      if (n.kind !== 'prim::SetAttr' && n.kind !== 'prim::GetAttr') return;
      const name = attributeName(n);
      const module = this.findConstantAttr(n.inputs[0], name, graph);
      if (module === null) return;
      const attr = module.fields.get(name);
      if (n.kind === 'prim::GetAttr') {
        // Submodules are not recorded: their attributes are, one by one.
        if (isModuleInstance(attr) || isClassObject(attr) || !isMutableValue(attr)) return;
        if (!n.outputs.some((o) => aliases.hasWriters(o))) return;
      }
      this.state.keepAttribute(name, attr, module);
    });
  }

  /** Replaces reads of foldable attributes by constants inserted at the top of the graph. */
  private propagateAttributes(graph: Graph): void {
    const made = new Map<ObjectInstance, Map<string, Value>>();
    const training = this.module.fields.get('training');
    const isEval = training === undefined || training === false;
    const first = graph.block.nodes[0];
    if (first === undefined) return;
    this.forEachNode(graph.block, (n) => {
      if (n.kind === 'prim::fork') {
        this.applyToForkSubgraph(n, graph, (sub) => this.propagateAttributes(sub));
        return;
      }
      if (n.kind !== 'prim::GetAttr') return;
      const name = attributeName(n);
      const module = this.findConstantAttr(n.inputs[0], name, graph);
      if (module === null) return;
      let constant = made.get(module)?.get(name);
      if (constant === undefined) {
        if (!isEval && !foldableInTraining(module, name)) return;
        const inserted = graph.withInsertPoint(first, () =>
          insertAttributeConstant(graph, module, name),
        );
        if (inserted === undefined) return;
        inserted.setDebugName(['self', ...this.names, name].join('.'));
        constant = inserted;
        if (!made.has(module)) made.set(module, new Map());
        made.get(module)!.set(name, constant);
      }
      n.output().replaceAllUsesWith(constant);
      n.removeAllInputs();
    });
  }

  /**
   * Runs `fn` on a fork's subgraph with the forked module as the module GetAttrs start from,
   * when the fork's first input is a foldable submodule.
   */
  private applyToForkSubgraph(n: Node, graph: Graph, fn: (sub: Graph) => void): void {
    const sub = n.attribute('Subgraph');
    if (sub?.kind !== 'g') return;
    const saved = this.module;
    const first = n.inputs[0]?.node;
    if (first?.kind === 'prim::GetAttr' && first.output().type instanceof ClassType) {
      const name = attributeName(first);
      const holder = this.findConstantAttr(first.inputs[0], name, graph);
      if (holder === null) return;
      const forked = holder.fields.get(name);
      if (isModuleInstance(forked)) this.module = forked;
    }
    try {
      fn(sub.value);
    } finally {
      this.module = saved;
    }
  }

  /** Visits every node, blocks taken last in, first out, as PyTorch's walk does. */
  private forEachNode(block: Block, visit: (n: Node) => void): void {
    const stack: Block[] = [block];
    while (stack.length > 0) {
      const b = stack.pop()!;
      for (const n of [...b.nodes]) {
        stack.push(...n.blocks);
        visit(n);
      }
    }
  }
}

function attributeName(n: Node): string {
  const a = n.attribute('name');
  if (a?.kind !== 's') throw new Error(`${n.kind} without a name`);
  return a.value;
}

/** In training mode only attributes that are neither parameters, buffers nor objects fold. */
function foldableInTraining(module: ObjectInstance, name: string): boolean {
  const attribute = module.type.findAttribute(name);
  if (attribute === undefined || attribute.isParameter || attribute.isBuffer) return false;
  return name !== 'training' && !isClassObject(module.fields.get(name));
}

/**
 * The attribute's value as a constant (tensors detached), or undefined when it cannot be one:
 * modules, objects and dicts stay attributes.
 */
function insertAttributeConstant(graph: Graph, module: ObjectInstance, name: string) {
  const value = module.fields.get(name);
  if (value instanceof Tensor) return insertTensorConstant(graph, detachedTensor(value));
  if (value === null || value === undefined) return insertConstant(graph, null, null, Types.None);
  const declared = module.type.findAttribute(name)?.type ?? Types.Any;
  const c = attributeConstant(value, withoutOptional(declared));
  return c === undefined || c === null ? undefined : insertConstant(graph, c);
}

/**
 * A runtime value as a compile-time constant; tuples and lists may hold tensors (detached), which
 * constants keep as the runtime objects they are (as a loaded archive's constants do). A tuple's
 * type is its values' (a tensor's complete type), as c10 types a tuple constant.
 */
function attributeConstant(value: unknown, type: Type): ConstantValue | undefined {
  // Constants hold runtime tensors the compiler does not look into (constants.ts).
  if (value instanceof Tensor) return detachedTensor(value) as unknown as ConstantValue;
  if (type instanceof TupleType && Array.isArray(value)) {
    const items = value.map((v, i) => attributeConstant(v, withoutOptional(type.elems[i])));
    if (items.includes(undefined)) return undefined;
    const types = value.map((v, i) =>
      v instanceof Tensor ? completeTensorType(detachedTensor(v)) : type.elems[i],
    );
    return new ConstantTuple(items as ConstantValue[], new TupleType(types, type.named));
  }
  if (type instanceof ListType && Array.isArray(value)) {
    const items = value.map((v) => attributeConstant(v, type.elem));
    return items.includes(undefined) ? undefined : new ConstantList(items as ConstantValue[], type);
  }
  return fromRuntime(value, type);
}

function withoutOptional(t: Type): Type {
  return t instanceof OptionalType ? t.elem : t;
}

/** Interface attributes would need PyTorch's interface freezing. */
function checkNoInterfaces(graph: Graph): void {
  for (const n of graph.allNodes()) {
    if (n.kind === 'prim::GetAttr' && n.output().type instanceof InterfaceType) {
      throw notSupported('freezing modules with interface attributes');
    }
  }
}

/** The clean-up of each kept graph once its attributes are constants. */
function applyOptimizations(graph: Graph): void {
  runOptimization(graph);
  eliminateNoOps(graph);
  lowerSimpleTuples(graph);
}

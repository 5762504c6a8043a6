// The IR: a Graph of Nodes in Blocks, connected by typed Values, as TorchScript's.
//
// A Graph owns a top Block. A Block has inputs (its parameters), a list of Nodes in execution
// order, and outputs (what it returns). A Node has a kind (`aten::add`, `prim::If`), input
// Values, output Values, attributes and nested Blocks (prim::If has two, prim::Loop one).
// Every Value is produced by exactly one Node or Block parameter and knows all its uses.

import type { SourceRange } from '../frontend/source.js';
import type { Type } from '../types/types.js';
import { pythonCallable, setPythonCallable } from './python_ops.js';

export interface Use {
  readonly user: Node;
  readonly offset: number;
}

export class Value {
  readonly uses: Use[] = [];
  /** `x` of `%x.1`; the printer makes names unique. */
  debugName: string | null = null;

  constructor(
    readonly graph: Graph,
    public type: Type,
    /** The node that produces it; for block parameters, the block's owning param node. */
    public node: Node | null,
    public block: Block | null,
    readonly unique: number,
  ) {}

  hasUses(): boolean {
    return this.uses.length > 0;
  }

  setType(type: Type): this {
    this.type = type;
    return this;
  }

  /**
   * Names are unique in a graph: when another value holds `name`, that one is renamed `name.N`,
   * so the newest value gets the plain name, as PyTorch does.
   */
  setDebugName(name: string | null): this {
    const names = this.graph.names;
    if (this.debugName !== null && names.get(this.debugName) === this) names.delete(this.debugName);
    // Names that look like numbers would clash with the printer's anonymous %N names.
    if (name === null || name === '' || /^\d+$/.test(name)) {
      this.debugName = null;
      return this;
    }
    const owner = names.get(name);
    if (owner !== undefined && owner !== this) {
      let suffix = 1;
      let base = name;
      const m = /^(.*)\.(\d+)$/.exec(name);
      if (m !== null) {
        base = m[1];
        suffix = Number(m[2]);
      }
      const last = this.graph.nameSuffixes.get(base);
      if (last !== undefined) suffix = Math.max(suffix, last + 1);
      let replacement: string;
      do replacement = `${base}.${suffix++}`;
      while (names.has(replacement));
      this.graph.nameSuffixes.set(base, suffix);
      owner.setDebugName(replacement);
    }
    names.set(name, this);
    this.debugName = name;
    return this;
  }

  /** Frees the value's name when the value leaves the graph. */
  releaseName(): void {
    if (this.debugName !== null && this.graph.names.get(this.debugName) === this)
      this.graph.names.delete(this.debugName);
  }

  /**
   * Redirects every use of this value to `other`.
   *
   *     %3 = f(%1)          replaceAllUsesWith(%1 -> %2)     %3 = f(%2)
   *     %4 = g(%1, %1)      ======================>          %4 = g(%2, %2)
   */
  replaceAllUsesWith(other: Value): void {
    for (const use of [...this.uses]) use.user.replaceInput(use.offset, other);
  }
}

export type AttributeValue =
  | { readonly kind: 'i'; readonly value: number | bigint }
  | { readonly kind: 'f'; readonly value: number }
  | { readonly kind: 's'; readonly value: string }
  | { readonly kind: 'b'; readonly value: boolean }
  | { readonly kind: 'ival'; readonly value: unknown }
  | { readonly kind: 'g'; readonly value: Graph }
  | { readonly kind: 'ty'; readonly value: Type }
  | { readonly kind: 'is'; readonly value: readonly number[] }
  | { readonly kind: 'ss'; readonly value: readonly string[] };

export class Node {
  readonly inputs: Value[] = [];
  readonly outputs: Value[] = [];
  readonly blocks: Block[] = [];
  readonly attributes = new Map<string, AttributeValue>();
  owningBlock: Block | null = null;
  sourceRange: SourceRange | null = null;
  /** Module scope of a traced node (`__module.conv`). */
  scope: string | null = null;
  /** For nodes calling a schema-declared operator: which overload (`aten::add.Tensor`). */
  schemaName: string | null = null;

  constructor(
    readonly graph: Graph,
    readonly kind: string,
  ) {}

  addInput(v: Value): Value {
    v.uses.push({ user: this, offset: this.inputs.length });
    this.inputs.push(v);
    return v;
  }

  addOutput(type: Type): Value {
    const v = this.graph.newValue(type, this, null);
    this.outputs.push(v);
    return v;
  }

  output(): Value {
    if (this.outputs.length !== 1)
      throw new Error(`${this.kind} has ${this.outputs.length} outputs, expected 1`);
    return this.outputs[0];
  }

  addBlock(): Block {
    const b = new Block(this.graph, this);
    this.blocks.push(b);
    return b;
  }

  replaceInput(offset: number, v: Value): void {
    const old = this.inputs[offset];
    removeUse(old, this, offset);
    this.inputs[offset] = v;
    v.uses.push({ user: this, offset });
  }

  insertInput(offset: number, v: Value): void {
    this.inputs.splice(offset, 0, v);
    for (let i = offset + 1; i < this.inputs.length; i++) {
      const u = this.inputs[i].uses;
      const k = u.findIndex((x) => x.user === this && x.offset === i - 1);
      u[k] = { user: this, offset: i };
    }
    v.uses.push({ user: this, offset });
  }

  removeInput(offset: number): void {
    removeUse(this.inputs[offset], this, offset);
    this.inputs.splice(offset, 1);
    // Later inputs shift down one place.
    for (let i = offset; i < this.inputs.length; i++) {
      const use = this.inputs[i].uses.find((u) => u.user === this && u.offset === i + 1)!;
      const index = this.inputs[i].uses.indexOf(use);
      this.inputs[i].uses[index] = { user: this, offset: i };
    }
  }

  removeAllInputs(): void {
    for (let i = this.inputs.length - 1; i >= 0; i--) this.removeInput(i);
  }

  insertOutput(index: number, type: Type): Value {
    const v = this.graph.newValue(type, this, null);
    this.outputs.splice(index, 0, v);
    return v;
  }

  eraseBlock(index: number): void {
    this.blocks[index].destroyAll();
    this.blocks.splice(index, 1);
  }

  eraseOutput(index: number): void {
    const v = this.outputs[index];
    if (v.hasUses()) throw new Error(`erasing output ${index} of ${this.kind} that is still used`);
    v.releaseName();
    this.outputs.splice(index, 1);
  }

  setAttribute(name: string, value: AttributeValue): this {
    this.attributes.set(name, value);
    return this;
  }

  attribute(name: string): AttributeValue | undefined {
    return this.attributes.get(name);
  }

  /** Removes this node from its block; its outputs must be unused. */
  destroy(): void {
    for (const o of this.outputs) {
      if (o.hasUses()) throw new Error(`destroying ${this.kind} whose output is still used`);
      o.releaseName();
    }
    for (const b of this.blocks) b.destroyAll();
    this.removeAllInputs();
    this.owningBlock?.remove(this);
  }

  /** Moves this node right before `other`, possibly into another block. */
  moveBefore(other: Node): void {
    this.owningBlock?.remove(this);
    other.owningBlock!.insertBefore(this, other);
  }

  moveAfter(other: Node): void {
    this.owningBlock?.remove(this);
    other.owningBlock!.insertAfter(this, other);
  }

  /** Whether this node's block is `block` or nested in it. */
  isInside(block: Block): boolean {
    for (
      let b: Block | null = this.owningBlock;
      b !== null;
      b = b.owningNode?.owningBlock ?? null
    ) {
      if (b === block) return true;
    }
    return false;
  }
}

function removeUse(v: Value, user: Node, offset: number): void {
  const i = v.uses.findIndex((u) => u.user === user && u.offset === offset);
  if (i >= 0) v.uses.splice(i, 1);
}

export class Block {
  readonly inputs: Value[] = [];
  readonly nodes: Node[] = [];
  /** The return node's inputs: what the block yields. */
  readonly returnNode: Node;

  constructor(
    readonly graph: Graph,
    readonly owningNode: Node | null,
  ) {
    this.returnNode = new Node(graph, 'prim::Return');
    this.returnNode.owningBlock = this;
  }

  get outputs(): readonly Value[] {
    return this.returnNode.inputs;
  }

  addInput(type: Type, name: string | null = null): Value {
    const v = this.graph.newValue(type, null, this).setDebugName(name);
    this.inputs.push(v);
    return v;
  }

  insertInput(index: number, type: Type): Value {
    const v = this.graph.newValue(type, null, this);
    this.inputs.splice(index, 0, v);
    return v;
  }

  eraseInput(index: number): void {
    const v = this.inputs[index];
    if (v.hasUses()) throw new Error('erasing a used block input');
    v.releaseName();
    this.inputs.splice(index, 1);
  }

  addOutput(v: Value): void {
    this.returnNode.addInput(v);
  }

  insertOutput(index: number, v: Value): void {
    this.returnNode.insertInput(index, v);
  }

  eraseOutput(index: number): void {
    this.returnNode.removeInput(index);
  }

  /**
   * Appends copies of `src`'s nodes (nested blocks included) and its outputs to this block;
   * `map` gives the value to use for each value defined outside `src`.
   */
  cloneFrom(src: Block, map: (v: Value) => Value): void {
    const local = new Map<Value, Value>();
    const env = (v: Value) => local.get(v) ?? map(v);
    src.inputs.forEach((v) => local.set(v, this.addInput(v.type).setDebugName(v.debugName)));
    for (const n of src.nodes) {
      const c = this.appendNode(this.graph.createClone(n, env));
      n.outputs.forEach((o, i) => local.set(o, c.outputs[i]));
    }
    src.outputs.forEach((v) => this.addOutput(env(v)));
  }

  appendNode(n: Node): Node {
    n.owningBlock = this;
    this.nodes.push(n);
    return n;
  }

  prependNode(n: Node): Node {
    n.owningBlock = this;
    this.nodes.unshift(n);
    return n;
  }

  insertBefore(n: Node, before: Node): void {
    if (before === this.returnNode) {
      this.appendNode(n);
      return;
    }
    const i = this.nodes.indexOf(before);
    if (i < 0) throw new Error('insertBefore: node not in block');
    n.owningBlock = this;
    this.nodes.splice(i, 0, n);
  }

  insertAfter(n: Node, after: Node): void {
    const i = this.nodes.indexOf(after);
    if (i < 0) throw new Error('insertAfter: node not in block');
    n.owningBlock = this;
    this.nodes.splice(i + 1, 0, n);
  }

  remove(n: Node): void {
    const i = this.nodes.indexOf(n);
    if (i >= 0) this.nodes.splice(i, 1);
    n.owningBlock = null;
  }

  destroyAll(): void {
    for (let i = this.nodes.length - 1; i >= 0; i--) {
      const n = this.nodes[i];
      for (const o of n.outputs) o.uses.length = 0;
      n.destroy();
    }
    this.returnNode.removeAllInputs();
  }
}

/** Where new nodes go: before `before`, or at the end of `block` when it is null. */
export interface InsertPoint {
  readonly block: Block;
  readonly before: Node | null;
}

export class Graph {
  readonly block: Block;
  private nextUnique = 0;
  /** Debug names in use, and the last suffix given to each base name. */
  readonly names = new Map<string, Value>();
  readonly nameSuffixes = new Map<string, number>();
  insertPoint: InsertPoint;

  constructor() {
    this.block = new Block(this, null);
    this.insertPoint = { block: this.block, before: null };
  }

  /** Inserts `n` at the insertion point. */
  insertNode(n: Node): Node {
    const { block, before } = this.insertPoint;
    if (before === null) block.appendNode(n);
    else block.insertBefore(n, before);
    return n;
  }

  /** Runs `fn` inserting at the end of a block, or before a node; restores the point after. */
  withInsertPoint<T>(where: Block | Node, fn: () => T): T {
    const saved = this.insertPoint;
    this.insertPoint =
      where instanceof Block
        ? { block: where, before: null }
        : {
            block: where.owningBlock!,
            before: where.owningBlock!.returnNode === where ? null : where,
          };
    try {
      return fn();
    } finally {
      this.insertPoint = saved;
    }
  }

  /** Runs `fn` inserting at the start of the graph (before its first node). */
  atGraphStart<T>(fn: () => T): T {
    const first = this.block.nodes[0];
    return first === undefined
      ? this.withInsertPoint(this.block, fn)
      : this.withInsertPoint(first, fn);
  }

  get inputs(): readonly Value[] {
    return this.block.inputs;
  }

  get outputs(): readonly Value[] {
    return this.block.outputs;
  }

  get nodes(): readonly Node[] {
    return this.block.nodes;
  }

  addInput(type: Type, name: string | null = null): Value {
    return this.block.addInput(type, name);
  }

  registerOutput(v: Value): void {
    this.block.addOutput(v);
  }

  newValue(type: Type, node: Node | null, block: Block | null): Value {
    return new Value(this, type, node, block, this.nextUnique++);
  }

  /** A copy of `n` (attributes, blocks) whose inputs are mapped through `map`. */
  createClone(n: Node, map: (v: Value) => Value): Node {
    const c = new Node(this, n.kind);
    for (const v of n.inputs) c.addInput(map(v));
    for (const o of n.outputs) c.addOutput(o.type).setDebugName(o.debugName);
    for (const [k, a] of n.attributes) c.attributes.set(k, a);
    c.sourceRange = n.sourceRange;
    c.scope = n.scope;
    c.schemaName = n.schemaName;
    const python = pythonCallable(n);
    if (python !== undefined) setPythonCallable(c, python);
    for (const b of n.blocks) c.addBlock().cloneFrom(b, map);
    return c;
  }

  /** Copies `callee`'s nodes in at the insert point, its inputs bound to `inputs`; its outputs. */
  insertGraph(callee: Graph, inputs: readonly Value[]): Value[] {
    const map = new Map<Value, Value>(callee.inputs.map((v, i) => [v, inputs[i]]));
    const lookup = (v: Value) => map.get(v)!;
    for (const n of callee.block.nodes) {
      const c = this.insertNode(this.createClone(n, lookup));
      n.outputs.forEach((o, i) => map.set(o, c.outputs[i]));
    }
    return callee.outputs.map(lookup);
  }

  create(kind: string, inputs: readonly Value[] = [], outputTypes: readonly Type[] = []): Node {
    const n = new Node(this, kind);
    for (const v of inputs) n.addInput(v);
    for (const t of outputTypes) n.addOutput(t);
    return n;
  }

  /** Every node of the graph, nested blocks included, in execution order. */
  *allNodes(block: Block = this.block): Generator<Node> {
    for (const n of block.nodes) {
      yield n;
      for (const b of n.blocks) yield* this.allNodes(b);
    }
  }

  /** Checks the invariants: uses are consistent and every value is defined before it is used. */
  lint(): void {
    const defined = new Set<Value>();
    const check = (cond: boolean, msg: string) => {
      if (!cond) throw new Error(`graph lint: ${msg}`);
    };
    const visit = (block: Block) => {
      for (const v of block.inputs) defined.add(v);
      for (const n of block.nodes) {
        check(n.owningBlock === block, `${n.kind} has the wrong owning block`);
        n.inputs.forEach((v, i) => {
          check(defined.has(v), `${n.kind} uses a value not yet defined`);
          check(
            v.uses.some((u) => u.user === n && u.offset === i),
            `${n.kind} input ${i} missing from uses`,
          );
        });
        for (const b of n.blocks) visit(b);
        for (const o of n.outputs) defined.add(o);
      }
      block.outputs.forEach((v) => check(defined.has(v), 'block returns a value not yet defined'));
    };
    visit(this.block);
  }
}

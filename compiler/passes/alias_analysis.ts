// Which values may share memory, for passes that must not drop or reorder writes. A coarse
// version of TorchScript's AliasDb: values are grouped into may-alias classes; views join their
// base, containers join their elements, control-flow outputs join what flows into them. Classes
// holding graph inputs or values from opaque calls are "wildcards": writes to them are visible
// outside the graph.

import type { Operator } from '../../runtime/ops/registry.js';
import type { Block, Graph, Node, Value } from '../ir/ir.js';
import { registrySchema } from '../ir/node_schema.js';
import { ListType, OptionalType, TupleType, Type, Types, DictType } from '../types/types.js';

export function isMutableType(t: Type): boolean {
  switch (t.kind) {
    case 'Tensor':
    case 'List':
    case 'Dict':
    case 'Class':
    case 'Future':
    case 'Any':
    case 'AnyList':
      return true;
    case 'Optional':
      return isMutableType((t as OptionalType).elem);
    case 'Tuple':
      return (t as TupleType).elems.some(isMutableType);
    case 'Union':
      return t.containedTypes().some(isMutableType);
    default:
      return false;
  }
}

const opaque = new Set([
  'prim::CallFunction',
  'prim::CallMethod',
  'prim::PythonOp',
  'prim::GetAttr',
  'prim::unchecked_cast',
]);
const sideEffects = new Set([
  'prim::Print',
  'prim::RaiseException',
  'prim::PythonOp',
  'prim::SetAttr',
  'aten::warn',
  'prim::CallFunction',
  'prim::CallMethod',
  'prim::Enter',
  'prim::Exit',
  'aten::wait',
  // Exit markers, gone once exits are transformed.
  'prim::ReturnStmt',
  'prim::LoopContinuation',
  'prim::BreakStmt',
  'prim::ContinueStmt',
]);

export function hasSideEffects(n: Node): boolean {
  return sideEffects.has(n.kind);
}

export class AliasDb {
  private readonly parent = new Map<Value, Value>();
  private readonly wildcard = new Set<Value>();

  constructor(graph: Graph) {
    for (const v of graph.inputs) if (isMutableType(v.type)) this.markWildcard(v);
    this.analyzeBlock(graph.block);
  }

  private find(v: Value): Value {
    let r = v;
    while (this.parent.has(r)) r = this.parent.get(r)!;
    return r;
  }

  private union(a: Value, b: Value): void {
    if (!isMutableType(a.type) || !isMutableType(b.type)) return;
    const [ra, rb] = [this.find(a), this.find(b)];
    if (ra === rb) return;
    this.parent.set(rb, ra);
    if (this.wildcard.has(rb)) this.wildcard.add(ra);
  }

  private markWildcard(v: Value): void {
    this.wildcard.add(this.find(v));
  }

  isWildcard(v: Value): boolean {
    return this.wildcard.has(this.find(v));
  }

  mayAlias(a: Value, b: Value): boolean {
    return isMutableType(a.type) && isMutableType(b.type) && this.find(a) === this.find(b);
  }

  private analyzeBlock(block: Block): void {
    for (const n of block.nodes) this.analyzeNode(n);
  }

  private analyzeNode(n: Node): void {
    for (const b of n.blocks) this.analyzeBlock(b);
    switch (n.kind) {
      case 'prim::If':
        n.outputs.forEach((o, i) => n.blocks.forEach((b) => this.union(o, b.outputs[i])));
        return;
      case 'prim::Loop': {
        const body = n.blocks[0];
        n.outputs.forEach((o, i) => {
          this.union(o, n.inputs[i + 2]);
          this.union(o, body.inputs[i + 1]);
          this.union(o, body.outputs[i + 1]);
        });
        return;
      }
      case 'prim::ListConstruct':
      case 'prim::TupleConstruct':
      case 'prim::DictConstruct':
      case 'prim::ListUnpack':
      case 'prim::TupleUnpack':
      case 'prim::TupleIndex':
        for (const o of n.outputs) for (const i of n.inputs) this.union(o, i);
        return;
    }
    if (opaque.has(n.kind)) {
      for (const o of n.outputs) if (isMutableType(o.type)) this.markWildcard(o);
      return;
    }
    const op = nodeOperator(n);
    if (op === undefined) return;
    const args = op.schema.args;
    n.outputs.forEach((o, oi) => {
      const ret = op.schema.returns[oi];
      const sets = ret?.alias?.sets ?? [];
      if (sets.includes('*')) this.markWildcard(o);
      args.forEach((a, ai) => {
        if (a.alias !== null && a.alias.sets.some((s) => sets.includes(s)) && ai < n.inputs.length)
          this.union(o, n.inputs[ai]);
      });
    });
    // Elements put into a container (append, _set_item, insert) join it.
    args.forEach((a, ai) => {
      if (a.alias?.isWrite && ai < n.inputs.length) {
        const container = n.inputs[ai];
        n.inputs.forEach((other, k) => {
          if (k !== ai && containsType(container.type, other.type)) this.union(container, other);
        });
      }
    });
  }

  /** The inputs `n` writes to, by its schema's `(a!)` annotations and SetAttr's object. */
  writes(n: Node): Value[] {
    if (n.kind === 'prim::SetAttr') return [n.inputs[0]];
    const op = nodeOperator(n);
    if (op === undefined) return [];
    return op.schema.args.flatMap((a, i) =>
      a.alias?.isWrite && i < n.inputs.length ? [n.inputs[i]] : [],
    );
  }

  writesToWildcard(n: Node): boolean {
    return this.writes(n).some((v) => this.isWildcard(v));
  }

  writesToAlias(n: Node, live: ReadonlySet<Value>): boolean {
    const written = this.writes(n);
    if (written.length === 0) return false;
    for (const v of live) for (const w of written) if (this.mayAlias(v, w)) return true;
    return false;
  }
}

/** The registry operator a node calls: the one the emitter recorded, else the one that fits. */
function nodeOperator(n: Node): Operator | undefined {
  return registrySchema(n)?.op ?? undefined;
}

function containsType(container: Type, t: Type): boolean {
  if (container instanceof ListType) return isMutableType(container.elem) && isMutableType(t);
  if (container instanceof DictType) return isMutableType(container.value) && isMutableType(t);
  return container !== Types.None && false;
}

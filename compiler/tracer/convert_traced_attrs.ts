// Module attributes of a trace as prim::GetAttr chains in the tightest scope (PyTorch's
// ConvertTracedAttrReferences). While tracing, a parameter used anywhere is one
// `prim::TracedAttr[scope="__module.a.lin.weight"]` value; afterwards each use reads it from the
// `self` of the module call it sits in:
//
//   %w = prim::TracedAttr[scope="__module.a.lin.weight"]()      (in the block of __module.a.lin)
//   = aten::linear(%x, %w, ...)                                  %weight = prim::GetAttr[name="weight"](%self)
//                                                    ======>    = aten::linear(%x, %weight, ...)
//
// Each module call's block first gets `self` as its first parameter (and the submodule's
// TracedAttr as its node's first input). GetAttrs are inserted at the start of the block that
// uses them, each before the ones made earlier, as PyTorch's are; an attribute of a module
// outside the call's scope becomes a captured input of the call instead.

import { createGetAttr } from '../ir/create.js';
import type { Block, Graph, Node, Value } from '../ir/ir.js';
import type { ClassType } from '../types/types.js';
import { tracedAttr, tracedModuleForward } from './tracing_state.js';

function scopeOf(n: Node): string {
  const a = n.attribute('scope');
  if (a?.kind !== 's') throw new Error(`${n.kind} without a scope`);
  return a.value;
}

/** `__module.a.lin` -> ['__module', 'a', 'lin']. */
function atoms(qualifiedName: string): string[] {
  return qualifiedName.split('.');
}

function isPrefix(prefix: readonly string[], name: readonly string[]): boolean {
  return prefix.length <= name.length && prefix.every((a, i) => name[i] === a);
}

class TracedAttrConverter {
  private readonly byName = new Map<string, Value>();

  constructor(private readonly graph: Graph) {
    for (const n of graph.nodes) if (n.kind === tracedAttr) this.byName.set(scopeOf(n), n.output());
  }

  run(self: Value): void {
    this.addSelfParameters(this.graph.block);
    this.convert(this.graph.block, atoms('__module'), self);
    for (const n of [...this.graph.nodes]) if (n.kind === tracedAttr) n.destroy();
  }

  private attribute(scope: string): Value {
    const v = this.byName.get(scope);
    if (v === undefined) throw new Error(`tracer: no module attribute ${scope}`);
    return v;
  }

  private addSelfParameters(block: Block): void {
    for (const n of block.nodes) {
      if (n.kind !== tracedModuleForward) continue;
      const self = this.attribute(scopeOf(n));
      n.addInput(self);
      n.blocks[0].addInput(self.type, 'self');
      this.addSelfParameters(n.blocks[0]);
    }
  }

  /** Converts the uses in `block` (of scope `prefix`); returns attributes it had to capture. */
  private convert(block: Block, prefix: readonly string[], self: Value): Value[] {
    const unresolved: Value[] = [];
    const local = new Map<Value, Value>();
    for (const n of block.nodes) {
      if (n.kind === tracedModuleForward) {
        const inner = n.blocks[0];
        for (const v of this.convert(inner, atoms(scopeOf(n)), inner.inputs[0])) n.addInput(v);
      } else {
        for (const b of n.blocks) for (const v of this.convert(b, prefix, self)) n.addInput(v);
      }
      for (let i = 0; i < n.inputs.length; i++) {
        const input = n.inputs[i];
        const remapped = local.get(input);
        if (remapped !== undefined) n.replaceInput(i, remapped);
        else this.replaceAttributeInput(n, i, block, prefix, self, local, unresolved);
      }
    }
    return unresolved;
  }

  private replaceAttributeInput(
    n: Node,
    i: number,
    block: Block,
    prefix: readonly string[],
    self: Value,
    local: Map<Value, Value>,
    unresolved: Value[],
  ): void {
    const input = n.inputs[i];
    if (input.node?.kind !== tracedAttr) return;
    const name = atoms(scopeOf(input.node));
    let replacement: Value;
    if (isPrefix(prefix, name)) {
      replacement = this.getAttrChain(block, self, name.slice(prefix.length));
    } else {
      replacement = block.addInput(input.type, input.debugName);
      unresolved.push(input);
    }
    n.replaceInput(i, replacement);
    local.set(input, replacement);
  }

  /** self.a.b.c read at the start of `block`, before what earlier conversions put there. */
  private getAttrChain(block: Block, self: Value, path: readonly string[]): Value {
    const first = block.nodes[0];
    let v = self;
    for (const field of path) {
      const type = (v.type as ClassType).findAttribute(field)?.type;
      if (type === undefined) throw new Error(`tracer: ${v.type.str()} has no attribute ${field}`);
      const get = createGetAttr(this.graph, v, field, type);
      if (first === undefined) block.appendNode(get);
      else block.insertBefore(get, first);
      v = get.output();
    }
    return v;
  }
}

/** Replaces the trace's TracedAttr values by GetAttr reads from `self`, the graph's input 0. */
export function convertTracedAttrReferences(graph: Graph): void {
  new TracedAttrConverter(graph).run(graph.inputs[0]);
}

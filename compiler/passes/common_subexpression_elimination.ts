// Common subexpression elimination: a node that computes what an earlier node of its block (or of
// an enclosing block) computed, from the same inputs, is replaced by that node's outputs.
//
//   %a = aten::mul(%x, %y)                   %a = aten::mul(%x, %y)
//   %b = aten::mul(%x, %y)       ==>         %c = aten::add(%a, %a, %1)
//   %c = aten::add(%a, %b, %1)
//
// Nodes with side effects, random ones, and ones reading or making memory something writes to
// are left alone, as are equal results that would both leave the graph (they would become
// aliases). Constants compare by value, tensors element by element.

import { Device } from '../../runtime/tensor/device.js';
import { Tensor } from '../../runtime/tensor/tensor.js';
import { ConstantList, ConstantTensorText, ConstantTuple } from '../ir/constants.js';
import type { AttributeValue, Block, Graph, Node } from '../ir/ir.js';
import { tensorsEqual } from '../ir/tensor_constants.js';
import { hasSideEffects } from './alias_analysis.js';
import { AliasQueries } from './alias_queries.js';
import { isNondeterministic } from './nondeterminism.js';

/** Finds a node equal to `n` among those already kept by enclosing blocks. */
type ParentLookup = (n: Node) => Node | undefined;

class CommonSubexpressionEliminator {
  changed = false;
  private queries: AliasQueries | null = null;

  constructor(private readonly graph: Graph) {}

  private aliases(): AliasQueries {
    return (this.queries ??= new AliasQueries(this.graph));
  }

  run(block: Block, parentLookup: ParentLookup): void {
    const kept: Node[] = [];
    const lookup = (n: Node) => kept.find((k) => nodesEqual(k, n));
    for (const n of [...block.nodes]) {
      if (hasSideEffects(n) || isNondeterministic(n)) continue;
      if (n.blocks.length > 0) {
        for (const b of n.blocks) this.run(b, (m) => lookup(m) ?? parentLookup(m));
        continue;
      }
      if (this.aliases().nodeHasWriters(n)) continue;
      const parent = parentLookup(n);
      if (parent !== undefined) {
        if (!this.aliases().safeToChangeAliasingRelationship(n.outputs, parent.outputs)) continue;
        // The node stays, unused: dead code elimination removes it.
        this.replace(n, parent);
        continue;
      }
      const existing = lookup(n);
      if (existing === undefined) {
        kept.push(n);
        continue;
      }
      // Two values leaving the graph must not become one.
      const outputs = this.graph.outputs;
      const queries = this.aliases();
      if (queries.mayContainAlias(n.outputs, outputs)) {
        if (queries.mayContainAlias(existing.outputs, outputs)) continue;
      }
      this.replace(n, existing);
      n.destroy();
    }
  }

  private replace(n: Node, by: Node): void {
    n.outputs.forEach((o, i) => o.replaceAllUsesWith(by.outputs[i]));
    this.changed = true;
  }
}

/** c10's EqualNode: same kind, output types, inputs and attributes; no blocks. */
function nodesEqual(a: Node, b: Node): boolean {
  if (a.kind !== b.kind || a.blocks.length > 0 || b.blocks.length > 0) return false;
  if (a.outputs.length !== b.outputs.length || a.inputs.length !== b.inputs.length) return false;
  if (!a.outputs.every((o, i) => o.type.equals(b.outputs[i].type))) return false;
  if (!a.inputs.every((v, i) => v === b.inputs[i])) return false;
  if (a.attributes.size !== b.attributes.size) return false;
  for (const [name, x] of a.attributes) {
    const y = b.attribute(name);
    if (y === undefined || !attributesEqual(x, y)) return false;
  }
  return true;
}

function attributesEqual(x: AttributeValue, y: AttributeValue): boolean {
  switch (x.kind) {
    case 'i':
    case 'f':
    case 's':
    case 'b':
      return x.kind === y.kind && x.value === y.value;
    case 'is':
    case 'ss':
      return (
        x.kind === y.kind &&
        x.value.length === y.value.length &&
        x.value.every((v, i) => v === y.value[i])
      );
    case 'ty':
      return y.kind === 'ty' && x.value.equals(y.value);
    case 'ival':
      return y.kind === 'ival' && valuesEqual(x.value, y.value);
    case 'g':
      return false;
  }
}

/** c10's ivaluesEqual: containers element by element, tensors by value, objects by identity. */
function valuesEqual(x: unknown, y: unknown): boolean {
  if (x instanceof Tensor || y instanceof Tensor) {
    return x instanceof Tensor && y instanceof Tensor && tensorsEqual(x, y);
  }
  if (x instanceof ConstantList) {
    return y instanceof ConstantList && x.type.equals(y.type) && itemsEqual(x.items, y.items);
  }
  if (x instanceof ConstantTuple) {
    return y instanceof ConstantTuple && x.type.equals(y.type) && itemsEqual(x.items, y.items);
  }
  if (x instanceof Device) return y instanceof Device && x.equals(y);
  if (x instanceof ConstantTensorText) return y instanceof ConstantTensorText && x.text === y.text;
  return x === y;
}

function itemsEqual(xs: readonly unknown[], ys: readonly unknown[]): boolean {
  return xs.length === ys.length && xs.every((v, i) => valuesEqual(v, ys[i]));
}

export function eliminateCommonSubexpression(graph: Graph): boolean {
  const cse = new CommonSubexpressionEliminator(graph);
  cse.run(graph.block, () => undefined);
  return cse.changed;
}

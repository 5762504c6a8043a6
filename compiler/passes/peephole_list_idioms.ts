// Peephole rules over lists built in the graph and never written to (PeepholeOptimizeListIdioms):
//
//   len([a, b, c])            -> 3
//   [a, b, c][1]              -> b
//   x, y = [a, b]             -> a, b
//   [a] + [b, c]              -> [a, b, c]

import { insertConstant, toIValue } from '../ir/constants.js';
import type { Block, Graph, Node, Value } from '../ir/ir.js';
import { ListType } from '../types/types.js';
import { AliasQueries } from './alias_queries.js';

class ListIdioms {
  changed = false;
  private readonly mutated = new Set<Value>();

  constructor(graph: Graph) {
    const aliases = new AliasQueries(graph);
    for (const n of graph.allNodes()) {
      for (const v of [...n.inputs, ...n.outputs]) {
        if (v.type instanceof ListType && aliases.hasWriters(v)) this.mutated.add(v);
      }
    }
  }

  run(block: Block): void {
    for (const n of [...block.nodes]) {
      for (const b of n.blocks) this.run(b);
      const list = n.inputs[0];
      if (list === undefined || !(list.type instanceof ListType)) continue;
      const construct = this.unmutatedConstruct(list);
      if (construct === null) continue;
      switch (n.kind) {
        case 'aten::len':
          this.replace(n.output(), this.constant(n, BigInt(construct.inputs.length)));
          break;
        case 'aten::__getitem__':
          this.getItem(n, construct);
          break;
        case 'prim::ListUnpack':
          if (construct.inputs.length !== n.outputs.length) break;
          n.outputs.forEach((o, i) => this.replace(o, construct.inputs[i]));
          break;
        case 'aten::add':
          this.concatenate(n, construct);
          break;
      }
    }
  }

  private unmutatedConstruct(list: Value): Node | null {
    if (this.mutated.has(list)) return null;
    return list.node?.kind === 'prim::ListConstruct' ? list.node : null;
  }

  private getItem(n: Node, construct: Node): void {
    const index = toIValue(n.inputs[1]);
    if (typeof index !== 'bigint') return;
    const size = construct.inputs.length;
    const i = index < 0n ? Number(index) + size : Number(index);
    if (i >= 0 && i < size) this.replace(n.output(), construct.inputs[i]);
  }

  private concatenate(n: Node, first: Node): void {
    if (n.inputs.length !== 2) return;
    const second = this.unmutatedConstruct(n.inputs[1]);
    if (second === null) return;
    const g = n.graph;
    const inputs = [...first.inputs, ...second.inputs];
    const joined = g.withInsertPoint(n, () =>
      g.insertNode(g.create('prim::ListConstruct', inputs, [n.output().type])),
    );
    if (this.mutated.has(n.output())) this.mutated.add(joined.output());
    this.replace(n.output(), joined.output());
  }

  private constant(at: Node, value: bigint): Value {
    const g = at.graph;
    return g.withInsertPoint(at, () => insertConstant(g, value));
  }

  private replace(from: Value, to: Value): void {
    from.replaceAllUsesWith(to);
    this.changed = true;
  }
}

export function peepholeOptimizeListIdioms(graph: Graph): boolean {
  const p = new ListIdioms(graph);
  p.run(graph.block);
  return p.changed;
}

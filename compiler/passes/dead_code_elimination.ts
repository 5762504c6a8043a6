// Dead code elimination by inverse mark and sweep: graph outputs, side effects and writes to
// live memory are marked, then every unmarked node is removed, with unused If outputs and
// unused loop-carried values.

import type { Block, Graph, Node, Value } from '../ir/ir.js';
import { AliasDb, hasSideEffects } from './alias_analysis.js';

class DeadCodeEliminator {
  private readonly marked = new Set<Node>();
  private readonly live = new Set<Value>();
  private readonly memo = new Map<Node, boolean>();
  private readonly aliasDb: AliasDb;

  constructor(graph: Graph) {
    this.aliasDb = new AliasDb(graph);
  }

  run(block: Block): void {
    this.eliminateDeadForkInputs(block);
    this.markNode(block.returnNode);
    this.markBlock(block);
    this.sweep(block);
  }

  private eliminateDeadForkInputs(block: Block): void {
    for (const n of block.nodes) {
      for (const b of n.blocks) this.eliminateDeadForkInputs(b);
      if (n.kind !== 'prim::fork') continue;
      const sub = n.attribute('Subgraph');
      if (sub?.kind !== 'g') continue;
      const g = sub.value;
      for (let i = 0; i < g.inputs.length; i++) {
        if (!g.inputs[i].hasUses()) {
          g.block.eraseInput(i);
          n.removeInput(i);
          i--;
        }
      }
    }
  }

  /** Return nodes of nested blocks only keep alive what is live outside them. */
  private markReturnNode(node: Node): boolean {
    if (this.marked.has(node)) return false;
    const outer = node.owningBlock!.owningNode;
    if (outer === null) return this.markNode(node);
    if (outer.kind === 'prim::Loop') {
      const body = outer.blocks[0];
      outer.outputs.forEach((o, i) => {
        if (this.live.has(o) || body.inputs[i + 1].hasUses()) this.live.add(body.outputs[i + 1]);
      });
      this.live.add(body.outputs[0]);
    } else {
      outer.outputs.forEach((o, i) => {
        if (this.live.has(o)) this.live.add(node.inputs[i]);
      });
    }
    this.marked.add(node);
    return true;
  }

  private markBlock(block: Block): boolean {
    let any = false;
    for (const n of block.nodes) if (this.sideEffecting(n)) any = this.markNode(n) || any;
    any = this.markReturnNode(block.returnNode) || any;
    for (let i = block.nodes.length - 1; i >= 0; i--) {
      const n = block.nodes[i];
      if (n.kind === 'prim::Loop') {
        let marked: boolean;
        do {
          marked = this.markBlock(n.blocks[0]);
          any = marked || any;
        } while (marked);
      } else {
        for (const b of n.blocks) any = this.markBlock(b) || any;
      }
      any = this.markIfLive(n) || any;
    }
    return any;
  }

  private markIfLive(n: Node): boolean {
    if (n.outputs.some((o) => this.live.has(o))) return this.markNode(n);
    if (this.aliasDb.writesToAlias(n, this.live)) return this.markNode(n);
    return false;
  }

  private markNode(n: Node): boolean {
    if (this.marked.has(n)) return false;
    this.marked.add(n);
    for (
      let cur = n.owningBlock?.owningNode ?? null;
      cur !== null;
      cur = cur.owningBlock?.owningNode ?? null
    ) {
      this.markNode(cur);
    }
    for (const v of n.inputs) this.live.add(v);
    return true;
  }

  private sideEffecting(n: Node): boolean {
    let r = this.memo.get(n);
    if (r === undefined) {
      r =
        hasSideEffects(n) ||
        n.blocks.some((b) => b.nodes.some((m) => this.sideEffecting(m))) ||
        this.aliasDb.writesToWildcard(n);
      this.memo.set(n, r);
    }
    return r;
  }

  private sweep(block: Block): void {
    for (let i = block.nodes.length - 1; i >= 0; i--) {
      const n = block.nodes[i];
      removeDeadIfOutputs(n);
      removeDeadLoopOutputs(n);
      for (const b of n.blocks) this.sweep(b);
      if (!(this.marked.has(n) || n.outputs.some((o) => o.hasUses()))) n.destroy();
    }
  }
}

function removeDeadIfOutputs(n: Node): void {
  if (n.kind !== 'prim::If') return;
  for (let i = n.outputs.length - 1; i >= 0; i--) {
    if (n.outputs[i].hasUses()) continue;
    n.eraseOutput(i);
    for (const b of n.blocks) b.eraseOutput(i);
  }
}

function removeDeadLoopOutputs(n: Node): void {
  if (n.kind !== 'prim::Loop') return;
  const body = n.blocks[0];
  for (let i = n.outputs.length - 1; i >= 0; i--) {
    if (n.outputs[i].hasUses() || body.inputs[i + 1].hasUses()) continue;
    n.eraseOutput(i);
    n.removeInput(i + 2);
    body.eraseInput(i + 1);
    body.eraseOutput(i + 1);
  }
}

export function eliminateDeadCode(graph: Graph): boolean {
  new DeadCodeEliminator(graph).run(graph.block);
  return true;
}

// Exit transforms: remove prim::LoopContinuation (break/continue) and prim::ReturnStmt markers,
// routing their values to the loop or function they leave. After an exit that only might have
// happened, the rest of the block runs under `if has_exited:` guards:
//
//   while i < 5:                 continue_loop = i < 5
//     if i == 3:                 while continue_loop:
//       i += 1                     if i == 3:
//       continue          =>         i = i + 1; continue_loop = i < 5; did_exit = True
//     i += 2                       if did_exit: pass
//                                  else: i = i + 2; continue_loop = i < 5

import { insertConstant, toIValue } from '../ir/constants.js';
import { createUninitialized } from '../ir/create.js';
import type { Block, Graph, Node, Value } from '../ir/ir.js';
import { unifyTypes } from '../types/subtype.js';
import { Type, Types } from '../types/types.js';

type ExitStatus = 'will' | 'might' | 'wont' | 'throws';

interface ExitPair {
  readonly hasExited: Value;
  readonly exitValues: readonly Value[];
}

class ExitTransformer {
  private readonly trueValue: Value;
  private readonly falseValue: Value;
  private readonly throwsValue: Value;
  private readonly unitValues = new Map<string, Value>();
  private exitKind = '';
  private targetBlock: Block | null = null;

  constructor(private readonly graph: Graph) {
    const first = graph.block.nodes[0] ?? graph.block;
    this.trueValue = graph.withInsertPoint(first, () => insertConstant(graph, true));
    this.falseValue = graph.withInsertPoint(first, () => insertConstant(graph, false));
    this.throwsValue = this.unitValue(Types.bool);
  }

  transformReturnStmts(): void {
    this.exitKind = 'prim::ReturnStmt';
    this.transformExits(this.graph.block);
  }

  transformLoopContinuations(): void {
    this.exitKind = 'prim::LoopContinuation';
    this.transformExits(this.graph.block);
  }

  private wont(): ExitPair {
    return { hasExited: this.falseValue, exitValues: [] };
  }

  private status(p: ExitPair): ExitStatus {
    if (p.hasExited === this.trueValue) return 'will';
    if (p.hasExited === this.falseValue) return 'wont';
    if (p.hasExited === this.throwsValue) return 'throws';
    return 'might';
  }

  /** One uninitialized value per type, made at the start of the graph. */
  private unitValue(type: Type): Value {
    const key = type.str();
    let v = this.unitValues.get(key);
    if (v === undefined) {
      const n = createUninitialized(this.graph, type);
      const first = this.graph.block.nodes[0];
      if (first === undefined) this.graph.block.appendNode(n);
      else this.graph.block.insertBefore(n, first);
      v = n.output();
      this.unitValues.set(key, v);
    }
    return v;
  }

  private addIfOutputs(n: Node, trueOuts: readonly Value[], falseOuts: readonly Value[]): void {
    const [tb, fb] = n.blocks;
    trueOuts.forEach((v) => tb.addOutput(v));
    falseOuts.forEach((v) => fb.addOutput(v));
    trueOuts.forEach((v, i) => n.addOutput(unifyTypes(v.type, falseOuts[i].type, true)!));
  }

  private transformLoop(node: Node): ExitPair {
    const body = node.blocks[0];
    const pair = this.transformExits(body);
    const s = this.status(pair);
    if (s === 'wont' || s === 'throws') return this.wont();
    const g = this.graph;
    const nextCond = body.outputs[0];
    const newIf = g.withInsertPoint(body, () =>
      g.insertNode(g.create('prim::If', [pair.hasExited])),
    );
    newIf.addBlock().addOutput(this.falseValue);
    newIf.addBlock().addOutput(nextCond);
    const newCondition = newIf.addOutput(Types.bool);
    body.eraseOutput(0);
    body.insertOutput(0, newCondition);
    node.addInput(this.falseValue);
    body.addInput(Types.bool);
    body.addOutput(pair.hasExited);
    const newHasExited = node.addOutput(Types.bool);
    for (const v of pair.exitValues) {
      node.addInput(this.unitValue(v.type));
      node.addOutput(v.type);
      body.addInput(v.type);
      body.addOutput(v);
    }
    const exitValues = node.outputs.slice(node.outputs.length - pair.exitValues.length);
    return { hasExited: newHasExited, exitValues };
  }

  private ifStatus(t: ExitStatus, e: ExitStatus): ExitStatus {
    if (t === 'throws') return e;
    if (e === 'throws') return t;
    if (t === 'wont' && e === 'wont') return 'wont';
    if (t === 'will' && e === 'will') return 'will';
    return 'might';
  }

  private transformIf(node: Node): ExitPair {
    const [tb, eb] = node.blocks;
    let thenPair = this.transformExits(tb);
    let elsePair = this.transformExits(eb);
    const ts = this.status(thenPair);
    const es = this.status(elsePair);
    const s = this.ifStatus(ts, es);
    if (s === 'throws') return { hasExited: this.throwsValue, exitValues: [] };
    if (s === 'wont') return this.wont();
    const unitsFor = (vals: readonly Value[]) => vals.map((v) => this.unitValue(v.type));
    if (ts === 'wont' || ts === 'throws')
      thenPair = { hasExited: thenPair.hasExited, exitValues: unitsFor(elsePair.exitValues) };
    else if (es === 'wont' || es === 'throws')
      elsePair = { hasExited: elsePair.hasExited, exitValues: unitsFor(thenPair.exitValues) };
    let hasExited: Value;
    if (s === 'will') hasExited = this.trueValue;
    else {
      this.addIfOutputs(node, [thenPair.hasExited], [elsePair.hasExited]);
      hasExited = node.outputs[node.outputs.length - 1];
    }
    this.addIfOutputs(node, thenPair.exitValues, elsePair.exitValues);
    const count = thenPair.exitValues.length;
    return { hasExited, exitValues: node.outputs.slice(node.outputs.length - count) };
  }

  /** Moves the nodes from `start` on into the else branch of `if has_exited`. */
  private guardBlockNodes(block: Block, pair: ExitPair, start: number): ExitPair {
    const g = this.graph;
    const newIf = g.create('prim::If', [pair.hasExited]);
    block.insertBefore(newIf, block.nodes[start]);
    const exitBlock = newIf.addBlock();
    const guardBlock = newIf.addBlock();
    for (const n of block.nodes.slice(start + 1)) n.moveBefore(guardBlock.returnNode);
    const exitVals = block.outputs.map((v) => this.unitValue(v.type));
    block.outputs.forEach((v, i) => {
      exitBlock.addOutput(exitVals[i]);
      guardBlock.addOutput(v);
      newIf.addOutput(v.type);
    });
    while (block.outputs.length > 0) block.eraseOutput(0);
    for (const o of newIf.outputs) block.addOutput(o);
    exitBlock.appendNode(g.create(this.exitKind, pair.exitValues));
    return this.transformIf(newIf);
  }

  private destroyAfterExit(n: Node): void {
    for (const o of n.outputs) if (o.hasUses()) o.replaceAllUsesWith(this.unitValue(o.type));
    n.destroy();
  }

  private deleteAfterExitNodes(block: Block, start: number): void {
    const doomed = block.nodes.slice(start);
    for (let i = doomed.length - 1; i >= 0; i--) this.destroyAfterExit(doomed[i]);
  }

  private updateTargetBlock(block: Block): void {
    const owner = block.owningNode?.kind;
    if (owner === 'prim::Loop' && this.exitKind === 'prim::LoopContinuation')
      this.targetBlock = block;
    else if (
      (owner === undefined || owner === 'prim::Closure') &&
      this.exitKind === 'prim::ReturnStmt'
    )
      this.targetBlock = block;
  }

  private transformExits(block: Block): ExitPair {
    const prevTarget = this.targetBlock;
    this.updateTargetBlock(block);
    let pair = this.wont();
    // Transforming a node may insert nodes at the graph's start: find positions afresh.
    for (let i = 0; i < block.nodes.length; i++) {
      const node = block.nodes[i];
      let exitedHere = false;
      switch (node.kind) {
        case 'prim::RaiseException':
          pair = { hasExited: this.throwsValue, exitValues: [] };
          break;
        case 'prim::ReturnStmt':
        case 'prim::LoopContinuation':
          if (node.kind === this.exitKind) {
            pair = { hasExited: this.trueValue, exitValues: [...node.inputs] };
            exitedHere = true;
          }
          break;
        case 'prim::If':
          pair = this.transformIf(node);
          break;
        case 'prim::With':
          pair = this.transformExits(node.blocks[0]);
          break;
        case 'prim::Closure':
          this.transformExits(node.blocks[0]);
          break;
        case 'prim::Loop':
          pair = this.transformLoop(node);
          break;
      }
      const next = block.nodes.indexOf(node) + 1;
      if (exitedHere) node.destroy();
      const rest = exitedHere ? next - 1 : next;
      const s = this.status(pair);
      if (s === 'will' || s === 'throws') {
        this.deleteAfterExitNodes(block, rest);
        break;
      }
      if (s === 'might') {
        if (rest < block.nodes.length) pair = this.guardBlockNodes(block, pair, rest);
        break;
      }
      i = rest - 1;
    }
    if (this.targetBlock === block) {
      const s = this.status(pair);
      if (s === 'might') {
        const g = this.graph;
        const newIf = g.create('prim::If', [pair.hasExited]);
        block.appendNode(newIf);
        newIf.addBlock();
        newIf.addBlock();
        this.addIfOutputs(newIf, pair.exitValues, block.outputs);
        while (block.outputs.length > 0) block.eraseOutput(0);
        for (const o of newIf.outputs) block.addOutput(o);
      } else if (s === 'will') {
        while (block.outputs.length > 0) block.eraseOutput(0);
        for (const v of pair.exitValues) block.addOutput(v);
      }
      pair = this.wont();
    }
    this.targetBlock = prevTarget;
    return pair;
  }
}

/** If the second of two consecutive ifs tests a constant-per-branch output of the first, merge it in. */
function inlineConsecutiveIf(node: Node): boolean {
  const block = node.owningBlock!;
  const next = block.nodes[block.nodes.indexOf(node) + 1];
  if (node.kind !== 'prim::If' || next === undefined || next.kind !== 'prim::If') return false;
  const cond = next.inputs[0];
  if (cond.node !== node) return false;
  const offset = node.outputs.indexOf(cond);
  const thenValue = toIValue(node.blocks[0].outputs[offset]);
  const elseValue = toIValue(node.blocks[1].outputs[offset]);
  if (typeof thenValue !== 'boolean' || typeof elseValue !== 'boolean' || thenValue === elseValue)
    return false;
  for (let i = 0; i < 2; i++) {
    const firstBlock = node.blocks[i];
    const secondBlock = next.blocks[(i === 0 ? thenValue : elseValue) ? 0 : 1];
    const map = (v: Value) => (v.node !== node ? v : firstBlock.outputs[node.outputs.indexOf(v)]);
    firstBlock.cloneFrom(secondBlock, map);
  }
  for (const out of next.outputs) {
    const added = node.addOutput(out.type).setDebugName(out.debugName);
    out.replaceAllUsesWith(added);
  }
  next.destroy();
  return true;
}

function inlineConsecutiveIfs(block: Block): void {
  for (let i = 0; i < block.nodes.length;) {
    const n = block.nodes[i];
    for (const b of n.blocks) inlineConsecutiveIfs(b);
    if (!inlineConsecutiveIf(n)) i++;
  }
}

/** prim::Enter ... prim::Exit pairs become prim::With blocks while exits are transformed. */
function enterExitToWith(graph: Graph): void {
  const pairs: [Node, Node][] = [];
  const stack: Node[] = [];
  for (const n of graph.allNodes()) {
    if (n.kind === 'prim::Enter') stack.push(n);
    else if (n.kind === 'prim::Exit') pairs.push([stack.pop()!, n]);
  }
  for (const [enter, exit] of pairs) {
    const block = enter.owningBlock!;
    const withNode = graph.create('prim::With');
    const body = withNode.addBlock();
    const exitBlock = withNode.addBlock();
    const start = block.nodes.indexOf(enter) + 1;
    const end = block.nodes.indexOf(exit);
    for (const n of block.nodes.slice(start, end)) n.moveBefore(body.returnNode);
    exit.moveBefore(exitBlock.returnNode);
    block.insertAfter(withNode, enter);
  }
}

function withToEnterExit(graph: Graph): void {
  const withs = [...graph.allNodes()].filter((n) => n.kind === 'prim::With');
  for (const w of withs) {
    const block = w.owningBlock!;
    let cur = block.nodes[block.nodes.indexOf(w) - 1];
    for (const n of [...w.blocks[0].nodes, ...w.blocks[1].nodes]) {
      n.moveAfter(cur);
      cur = n;
    }
    w.destroy();
  }
}

export function transformExits(graph: Graph): void {
  enterExitToWith(graph);
  new ExitTransformer(graph).transformLoopContinuations();
  new ExitTransformer(graph).transformReturnStmts();
  inlineConsecutiveIfs(graph.block);
  withToEnterExit(graph);
}

// From the emitter's loads, stores and exit markers to SSA form:
//
//   %a.1 = prim::Constant[value=1]()         %a.1 = prim::Constant[value=1]()
//   prim::Store[name="a"](%a.1)       =>     prim::Print(%a.1)
//   %a = prim::Load[name="a"]()
//   prim::Print(%a)
//
// Steps: give control-flow nodes the loads and stores of the variables they change (so those
// become block inputs and outputs), turn break/continue into loop continuations, inline the
// loop condition block, erase loads and stores, then transform exits (exit_transforms.ts).

import { insertConstant } from '../ir/constants.js';
import { createLoad, createStore } from '../ir/create.js';
import type { Block, Graph, Node, Value } from '../ir/ir.js';
import { unifyTypes } from '../types/subtype.js';
import type { Type } from '../types/types.js';
import { meaningfulName } from './environment.js';
import { transformExits } from './exit_transforms.js';

/** A scope chain keyed by variable name. */
class MiniEnvironment<T> {
  private readonly table = new Map<string, T>();
  constructor(readonly next: MiniEnvironment<T> | null) {}

  setVar(name: string, v: T): void {
    this.table.set(name, v);
  }

  findInThisFrame(name: string): T | undefined {
    return this.table.get(name);
  }

  findInAnyFrame(name: string): T | undefined {
    for (let e: MiniEnvironment<T> | null = this; e !== null; e = e.next) {
      const v = e.table.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  definedVariables(): string[] {
    return [...this.table.keys()].sort();
  }
}

/** Inserts `n` right after the start of `b` (PyTorch: after the block's param node). */
function insertAtBlockStart(b: Block, n: Node): void {
  if (b.nodes.length === 0) b.appendNode(n);
  else b.insertBefore(n, b.nodes[0]);
}

class ControlFlowLoadStores {
  private env: MiniEnvironment<Type> | null = null;

  constructor(private readonly graph: Graph) {}

  run(): void {
    this.addControlFlowLoadStores(this.graph.block);
  }

  private addBlockInput(b: Block, type: Type, name: string): void {
    const input = b.addInput(type, name);
    insertAtBlockStart(b, createStore(this.graph, name, input));
  }

  private addBlockOutput(b: Block, type: Type, name: string): void {
    const load = this.graph.withInsertPoint(b, () =>
      this.graph.insertNode(createLoad(this.graph, name, type)),
    );
    b.addOutput(load.output());
  }

  private addNodeOutput(n: Node, type: Type, name: string): void {
    const out = n.addOutput(type);
    if (meaningfulName(name)) out.setDebugName(name);
    n.owningBlock!.insertAfter(createStore(this.graph, name, out), n);
    this.env!.setVar(name, type);
  }

  private addNodeInput(n: Node, type: Type, name: string): void {
    const load = createLoad(this.graph, name, type);
    n.owningBlock!.insertBefore(load, n);
    n.addInput(load.output());
  }

  private addIfLoadStores(n: Node): void {
    const [tb, fb] = n.blocks;
    const trueVars = this.addControlFlowLoadStores(tb);
    const falseVars = this.addControlFlowLoadStores(fb);
    const mutated = new Set<string>();
    for (const v of trueVars.definedVariables())
      if (falseVars.findInAnyFrame(v) !== undefined) mutated.add(v);
    for (const v of falseVars.definedVariables())
      if (trueVars.findInAnyFrame(v) !== undefined) mutated.add(v);
    for (const x of [...mutated].sort()) {
      const tt = trueVars.findInAnyFrame(x)!;
      const ft = falseVars.findInAnyFrame(x)!;
      const unified = unifyTypes(tt, ft);
      if (unified === null) continue;
      this.addBlockOutput(tb, tt, x);
      this.addBlockOutput(fb, ft, x);
      this.addNodeOutput(n, unified, x);
    }
  }

  private addLoopLoadStores(n: Node): void {
    const body = n.blocks[0];
    const loopVars = this.addControlFlowLoadStores(body);
    for (const name of loopVars.definedVariables()) {
      const parentType = this.env!.findInAnyFrame(name);
      if (parentType === undefined) continue;
      const blockType = loopVars.findInThisFrame(name)!;
      const unified = unifyTypes(parentType, blockType)!;
      this.addNodeInput(n, parentType, name);
      this.addBlockInput(body, unified, name);
      this.addBlockOutput(body, blockType, name);
      this.addNodeOutput(n, unified, name);
    }
  }

  private addControlFlowLoadStores(block: Block): MiniEnvironment<Type> {
    this.env = new MiniEnvironment(this.env);
    for (const n of [...block.nodes]) {
      switch (n.kind) {
        case 'prim::If':
          this.addIfLoadStores(n);
          break;
        case 'prim::Loop':
          this.addLoopLoadStores(n);
          break;
        case 'prim::Closure':
          for (const b of n.blocks) this.addControlFlowLoadStores(b);
          break;
        case 'prim::Store':
          this.env.setVar(nameOf(n), n.inputs[0].type);
          break;
        case 'prim::ComprehensionScope':
          this.addControlFlowLoadStores(n.blocks[0]);
          break;
      }
    }
    const frame = this.env;
    this.env = frame.next;
    return frame;
  }
}

function nameOf(n: Node): string {
  const a = n.attribute('name');
  if (a?.kind !== 's') throw new Error(`${n.kind} without a name`);
  return a.value;
}

class EraseLoadStores {
  private env: MiniEnvironment<Value> | null = null;

  run(graph: Graph): void {
    this.eraseBlock(graph.block);
  }

  private eraseBlock(block: Block): void {
    this.env = new MiniEnvironment(this.env);
    for (const n of [...block.nodes]) {
      switch (n.kind) {
        case 'prim::Store':
          this.env.setVar(nameOf(n), n.inputs[0]);
          n.destroy();
          break;
        case 'prim::Load': {
          const v = this.env.findInAnyFrame(nameOf(n));
          if (v === undefined)
            throw new Error(`Typechecking should ensure the variable name is set: ${nameOf(n)}`);
          n.output().replaceAllUsesWith(v);
          n.destroy();
          break;
        }
        case 'prim::ComprehensionScope': {
          // Writes inside a comprehension do not leak; its nodes join the enclosing block.
          const body = n.blocks[0];
          this.eraseBlock(body);
          for (const inner of [...body.nodes]) inner.moveBefore(n);
          n.destroy();
          break;
        }
        default:
          for (const b of n.blocks) this.eraseBlock(b);
      }
    }
    this.env = this.env.next;
  }
}

/** Moves `block`'s nodes, in order, right before `before`. */
export function inlineBlockBeforeNode(before: Node, block: Block): void {
  for (const n of [...block.nodes]) n.moveBefore(before);
}

/** break and continue become prim::LoopContinuation(condition, loop-carried values...). */
class LoopContinuations {
  private graph!: Graph;
  private falseValue!: Value;
  private currentLoop: Node | null = null;

  run(block: Block): void {
    this.graph = block.graph;
    this.falseValue = this.graph.withInsertPoint(block.nodes[0] ?? block, () =>
      insertConstant(this.graph, false),
    );
    this.assign(block);
  }

  private addLoopCarriedOutputs(n: Node): void {
    const g = this.graph;
    const continuation = this.currentLoop!.blocks[0].returnNode;
    g.withInsertPoint(n, () => {
      for (const out of continuation.inputs) {
        const load = out.node!;
        if (load.kind !== 'prim::Load') throw new Error('loop-carried output is not a load');
        n.addInput(g.insertNode(g.createClone(load, (v) => v)).output());
      }
    });
  }

  private assign(block: Block): void {
    const g = this.graph;
    for (const n of [...block.nodes]) {
      switch (n.kind) {
        case 'prim::If':
          this.assign(n.blocks[0]);
          this.assign(n.blocks[1]);
          break;
        case 'prim::Closure':
          new LoopContinuations().run(n.blocks[0]);
          break;
        case 'prim::Loop': {
          const prev = this.currentLoop;
          this.currentLoop = n;
          this.assign(n.blocks[0]);
          this.currentLoop = prev;
          break;
        }
        case 'prim::ContinueStmt': {
          const cont = g.create('prim::LoopContinuation');
          n.owningBlock!.insertAfter(cont, n);
          const header = cont.addBlock();
          header.cloneFrom(this.currentLoop!.blocks[1], (v) => v);
          inlineBlockBeforeNode(n, header);
          cont.addInput(header.outputs[0]);
          cont.eraseBlock(0);
          this.addLoopCarriedOutputs(cont);
          n.destroy();
          break;
        }
        case 'prim::BreakStmt': {
          const exit = g.create('prim::LoopContinuation');
          n.owningBlock!.insertAfter(exit, n);
          exit.addInput(this.falseValue);
          this.addLoopCarriedOutputs(exit);
          n.destroy();
          break;
        }
      }
    }
  }
}

/**
 * Loops are emitted with the condition in a second block; it becomes the loop's start
 * condition (a copy before the loop) and the body's continue condition (moved into the body).
 */
function inlineLoopCondition(block: Block): void {
  for (const n of [...block.nodes]) {
    for (const b of n.blocks) inlineLoopCondition(b);
    if (n.kind !== 'prim::Loop') continue;
    const body = n.blocks[0];
    const preHeader = n.blocks[1];
    const temp = n.addBlock();
    temp.cloneFrom(preHeader, (v) => v);
    inlineBlockBeforeNode(n, temp);
    n.insertInput(1, temp.outputs[0]);
    n.eraseBlock(2);
    inlineBlockBeforeNode(body.returnNode, preHeader);
    body.insertOutput(0, preHeader.outputs[0]);
    n.eraseBlock(1);
  }
}

export function convertToSSA(graph: Graph): void {
  new ControlFlowLoadStores(graph).run();
  new LoopContinuations().run(graph.block);
  inlineLoopCondition(graph.block);
  new EraseLoadStores().run(graph);
  transformExits(graph);
}

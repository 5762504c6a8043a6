// Constant propagation over immutable values: nodes whose inputs are all constants are run at
// compile time and replaced by their results; ifs with a constant condition are inlined; loops
// that cannot run are removed; If and Loop outputs that never change are dropped.

import { createConstant, insertConstant, sameConstant, toIValue } from '../ir/constants.js';
import type { Block, Graph, Node } from '../ir/ir.js';
import { hasSideEffects, isMutableType } from './alias_analysis.js';
import { isImmutableType, runNodeIfInputsAreConstant } from './constant_folding.js';
import { eliminateDeadCode } from './dead_code_elimination.js';

const skip = new Set([
  'prim::If',
  'prim::Loop',
  'prim::Closure',
  'prim::Constant',
  'prim::AutogradZero',
  'prim::Uninitialized',
  'prim::unchecked_unwrap_optional',
  'aten::dequantize',
]);

// Random and other nondeterministic operators must run each time.
const nondeterministic =
  /^aten::(rand|randn|randint|randperm|bernoulli|dropout|multinomial|normal|uniform|rrelu|feature_dropout|alpha_dropout|poisson)/;

export class ConstantPropagator {
  changed = false;

  run(block: Block): void {
    for (const n of [...block.nodes]) this.propagate(n);
  }

  protected supported(n: Node): boolean {
    const noMutation =
      n.inputs.every((v) => !isMutableType(v.type)) &&
      n.outputs.every((v) => !isMutableType(v.type));
    return (
      noMutation &&
      !skip.has(n.kind) &&
      !nondeterministic.test(n.kind) &&
      !hasSideEffects(n) &&
      n.blocks.length === 0
    );
  }

  private propagate(n: Node): void {
    const constantInputs = n.inputs.every((v) => v.node?.kind === 'prim::Constant');
    if (n.kind === 'prim::If') {
      if (constantInputs) this.inlineIf(n);
      else {
        n.blocks.forEach((b) => this.run(b));
        this.removeExtraIfOutputs(n);
      }
    } else if (n.kind === 'prim::Loop') {
      if (this.loopWillNotRun(n)) this.removeLoop(n);
      else {
        n.blocks.forEach((b) => this.run(b));
        this.removeExtraLoopOutputs(n);
      }
    } else if (constantInputs && this.supported(n)) {
      this.propagateNode(n);
    } else {
      n.blocks.forEach((b) => this.run(b));
    }
  }

  protected propagateNode(n: Node): void {
    if (!n.outputs.every((o) => isImmutableType(o.type))) return;
    const outputs = runNodeIfInputsAreConstant(n);
    if (outputs === undefined) return;
    const g = n.graph;
    g.withInsertPoint(n, () => {
      outputs.forEach((c, i) => {
        const v = insertConstant(g, c, null, c === null ? n.outputs[i].type : undefined);
        this.changed = true;
        n.outputs[i].replaceAllUsesWith(v);
      });
    });
  }

  private loopWillNotRun(n: Node): boolean {
    const trip = toIValue(n.inputs[0]);
    const cond = toIValue(n.inputs[1]);
    const iterLen = typeof trip === 'bigint' ? trip : 1n;
    const condVal = typeof cond === 'boolean' ? cond : true;
    return !(condVal && iterLen > 0n);
  }

  private removeLoop(n: Node): void {
    n.outputs.forEach((o, i) => o.replaceAllUsesWith(n.inputs[i + 2]));
    this.changed = true;
    n.destroy();
  }

  private inlineIf(n: Node): void {
    const cond = toIValue(n.inputs[0]);
    const body = n.blocks[cond === true ? 0 : 1];
    this.run(body);
    for (const inner of [...body.nodes]) inner.moveBefore(n);
    n.outputs.forEach((o, i) => o.replaceAllUsesWith(body.outputs[i]));
    n.destroy();
    this.changed = true;
  }

  private removeExtraIfOutputs(n: Node): void {
    const [tb, fb] = n.blocks;
    const initial = tb.outputs.length;
    const g = n.graph;
    for (let i = 0; i < tb.outputs.length;) {
      const t = tb.outputs[i];
      const f = fb.outputs[i];
      let replacement = t === f ? t : null;
      if (
        replacement === null &&
        toIValue(t) !== undefined &&
        f.node !== null &&
        t.node !== null &&
        f.node.kind === 'prim::Constant' &&
        sameConstant(t.node, f.node)
      ) {
        replacement = g.withInsertPoint(n, () =>
          g.insertNode(createConstant(g, toIValue(t)!, null, t.type)).output(),
        );
      }
      if (replacement === null) {
        i++;
        continue;
      }
      n.outputs[i].replaceAllUsesWith(replacement);
      n.eraseOutput(i);
      tb.eraseOutput(i);
      fb.eraseOutput(i);
    }
    if (initial !== tb.outputs.length) this.changed = true;
  }

  private removeExtraLoopOutputs(n: Node): void {
    const body = n.blocks[0];
    const initial = n.outputs.length;
    for (let i = n.outputs.length - 1; i >= 0; i--) {
      if (body.inputs[i + 1] !== body.outputs[i + 1]) continue;
      const input = n.inputs[i + 2];
      n.outputs[i].replaceAllUsesWith(input);
      body.inputs[i + 1].replaceAllUsesWith(input);
      n.eraseOutput(i);
      n.removeInput(i + 2);
      body.eraseInput(i + 1);
      body.eraseOutput(i + 1);
    }
    if (initial !== n.outputs.length) this.changed = true;
  }
}

/** ConstantPropagationImmutableTypes: safe to run repeatedly, it never folds mutable values. */
export function constantPropagationImmutableTypes(graph: Graph): boolean {
  const p = new ConstantPropagator();
  p.run(graph.block);
  if (p.changed) eliminateDeadCode(graph);
  return p.changed;
}

// prim::forkClosure(closure tuple) becomes prim::fork with the closure's subgraph and the captured
// values as explicit inputs:  fork(foo)  with foo(context): a, b = context  ->  fork(foo, a, b).

import { CompileError } from '../frontend/errors.js';
import { copyGraph } from '../ir/copy.js';
import type { Block, Graph, Node } from '../ir/ir.js';
import type { Cleanup } from './lift_closures.js';

function inlineForkedClosure(fork: Node, cleanup: Cleanup): void {
  const pair = fork.inputs[0].node!;
  const fnNode = pair.inputs[0]?.node;
  const context = pair.inputs[1]?.node;
  if (
    pair.inputs.length !== 2 ||
    fnNode?.kind !== 'prim::Closure' ||
    context?.kind !== 'prim::TupleConstruct'
  ) {
    throw fork.sourceRange === null
      ? new CompileError('Cannot fork this value', [])
      : CompileError.at(fork.sourceRange, 'Cannot fork this value');
  }
  const sub = fnNode.attribute('Subgraph');
  if (sub?.kind !== 'g') throw new Error('closure without a subgraph');
  const forkGraph = copyGraph(sub.value);
  const g = fork.graph;
  const forkNode = g.create('prim::fork');
  fork.owningBlock!.insertAfter(forkNode, fork);
  forkNode.sourceRange = fork.sourceRange;
  const ctxInput = forkGraph.inputs[0];
  const unpack = ctxInput.uses[0].user;
  context.inputs.forEach((input, i) => {
    forkNode.addInput(input);
    const inp = forkGraph.block.insertInput(i, input.type).setDebugName(input.debugName);
    unpack.outputs[i].replaceAllUsesWith(inp);
  });
  unpack.destroy();
  forkGraph.block.eraseInput(forkGraph.inputs.length - 1);
  const out = forkNode.addOutput(fork.output().type).setDebugName(fork.output().debugName);
  fork.output().replaceAllUsesWith(out);
  fork.destroy();
  forkNode.setAttribute('Subgraph', { kind: 'g', value: forkGraph });
  cleanup(forkGraph);
}

function inlineBlock(block: Block, cleanup: Cleanup): void {
  for (const n of [...block.nodes]) {
    if (n.kind === 'prim::forkClosure') inlineForkedClosure(n, cleanup);
    else for (const b of n.blocks) inlineBlock(b, cleanup);
  }
}

export function inlineForkedClosures(graph: Graph, cleanup: Cleanup): boolean {
  inlineBlock(graph.block, cleanup);
  return true;
}

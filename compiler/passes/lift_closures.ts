// prim::Closure blocks become subgraphs: the values a closure uses from outside are packed into a
// context tuple the subgraph unpacks, and the closure becomes a (closure, context) tuple.

import { Graph, type Block, type Node, type Value } from '../ir/ir.js';
import { TupleType } from '../types/types.js';

export type Cleanup = (g: Graph) => void;

function liftClosure(closure: Node, cleanup: Cleanup): void {
  const block = closure.blocks[0];
  const sub = new Graph();
  const g = closure.graph;
  const packContext = g.create('prim::TupleConstruct');
  closure.owningBlock!.insertAfter(packContext, closure);
  const context = sub.addInput(new TupleType([]), 'context');
  const unpack = sub.insertNode(sub.create('prim::TupleUnpack', [context]));
  const captures = new Map<Value, Value>();
  const env = (v: Value): Value => {
    let r = captures.get(v);
    if (r === undefined) {
      packContext.addInput(v);
      r = unpack.addOutput(v.type).setDebugName(v.debugName);
      captures.set(v, r);
    }
    return r;
  };
  sub.block.cloneFrom(block, env);
  const contextType = new TupleType(packContext.inputs.map((v) => v.type));
  context.setType(contextType);
  packContext.addOutput(contextType);
  const closureTuple = g.create('prim::TupleConstruct');
  closure.owningBlock!.insertAfter(closureTuple, packContext);
  closure
    .output()
    .replaceAllUsesWith(
      closureTuple.addOutput(new TupleType([closure.output().type, contextType])),
    );
  closureTuple.addInput(closure.output());
  closureTuple.addInput(packContext.output());
  closure.eraseBlock(0);
  closure.setAttribute('Subgraph', { kind: 'g', value: sub });
  cleanup(sub);
}

function liftBlock(block: Block, cleanup: Cleanup): void {
  for (const n of [...block.nodes]) {
    if (n.kind === 'prim::Closure') liftClosure(n, cleanup);
    else for (const b of n.blocks) liftBlock(b, cleanup);
  }
}

export function liftClosures(graph: Graph, cleanup: Cleanup): boolean {
  liftBlock(graph.block, cleanup);
  return true;
}

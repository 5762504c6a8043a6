// Module calls of a trace become methods of the submodules' types and prim::CallMethod nodes
// (the last steps of PyTorch's FixupTraceScopeBlocks):
//
//   1. a call's block returning several values returns one tuple of them, unpacked after the
//      call; one returning nothing returns None;
//   2. each block is lambda-lifted into a graph of its own: the values it uses from outside
//      become inputs, in the order it first uses them, named and typed as those values;
//   3. each lifted graph becomes a method of the callee's type, `forward`, or `forward1`,
//      `forward2`, ... when the same module is called again, and the node a CallMethod of it.

import { ScriptFunction } from '../frontend/function.js';
import { createNone, createTuple } from '../ir/create.js';
import { Graph, type Block, type Node, type Value } from '../ir/ir.js';
import { TupleType, type ClassType } from '../types/types.js';
import { graphSignature } from './graph_signature.js';
import { tracedModuleForward } from './tracing_state.js';

function convertReturnsToTuples(block: Block): void {
  const g = block.graph;
  for (const n of [...block.nodes]) {
    if (n.kind !== tracedModuleForward) continue;
    const inner = n.blocks[0];
    convertReturnsToTuples(inner);
    if (inner.outputs.length > 1) returnOneTuple(n, inner);
    else if (inner.outputs.length === 0) {
      const none = g.withInsertPoint(inner, () => g.insertNode(createNone(g)));
      inner.addOutput(none.output());
      n.addOutput(none.output().type);
    }
  }
}

function returnOneTuple(n: Node, inner: Block): void {
  const g = n.graph;
  const tuple = g.withInsertPoint(inner, () => g.insertNode(createTuple(g, inner.outputs)));
  while (inner.outputs.length > 0) inner.eraseOutput(0);
  inner.addOutput(tuple.output());
  const types = n.outputs.map((o) => o.type);
  const packed = n.addOutput(new TupleType(types));
  const unpack = g.create('prim::TupleUnpack', [packed], types);
  n.owningBlock!.insertAfter(unpack, n);
  for (let i = unpack.outputs.length - 1; i >= 0; i--) {
    n.outputs[i].replaceAllUsesWith(unpack.outputs[i]);
    n.eraseOutput(i);
  }
}

/** The block of each module call, lifted into a graph: the node's `Subgraph` attribute. */
function lambdaLift(block: Block): void {
  for (const n of block.nodes) {
    if (n.kind !== tracedModuleForward) continue;
    lambdaLift(n.blocks[0]);
    const lifted = new Graph();
    const captured = new Map<Value, Value>();
    lifted.block.cloneFrom(n.blocks[0], (v) => {
      let input = captured.get(v);
      if (input === undefined) {
        input = lifted.addInput(v.type, v.debugName);
        captured.set(v, input);
        n.addInput(v);
      }
      return input;
    });
    n.setAttribute('Subgraph', { kind: 'g', value: lifted });
    n.eraseBlock(0);
  }
}

/** `forward`, else the first of `forward1`, `forward2`, ... the type does not have yet. */
function methodName(type: ClassType): string {
  for (let i = 0; ; i++) {
    const name = i === 0 ? 'forward' : `forward${i}`;
    if (!type.methods.has(name)) return name;
  }
}

/**
 * A method of `type` whose graph is `traced` itself (the method the trace began with, numbered as
 * the trace numbered it), or a copy of it (a module call lifted out, numbered afresh as PyTorch's
 * lifted subgraphs are).
 */
export function defineTracedMethod(
  type: ClassType,
  name: string,
  traced: Graph,
  copy = true,
): ScriptFunction {
  const qualified = `${type.qualifiedName}.${name}`;
  const fn = new ScriptFunction(
    qualified,
    (f) => graphSignature(qualified, f.graph),
    `${type.name}.${name}`,
    copy ? undefined : traced,
  );
  if (copy) {
    fn.graph.block.cloneFrom(traced.block, () => {
      throw new Error('tracer: a lifted module call uses a value from outside');
    });
  }
  fn.ensureDefined();
  type.methods.set(name, fn);
  return fn;
}

function createMethodCalls(g: Graph, made: ScriptFunction[]): void {
  for (const n of [...g.nodes]) {
    if (n.kind !== tracedModuleForward) continue;
    const sub = n.attribute('Subgraph');
    if (sub?.kind !== 'g') throw new Error('tracer: a module call was not lifted');
    createMethodCalls(sub.value, made);
    const type = n.inputs[0].type as ClassType;
    const name = methodName(type);
    const fn = defineTracedMethod(type, name, sub.value);
    made.push(fn);
    const call = g.create('prim::CallMethod', n.inputs, [fn.signature.returns[0].type]);
    call.setAttribute('name', { kind: 's', value: name });
    n.owningBlock!.insertBefore(call, n);
    n.output().replaceAllUsesWith(call.output());
    n.destroy();
  }
}

/** Steps 1 to 3 for every module call recorded in `graph`; returns the methods made. */
export function liftModuleCalls(graph: Graph): ScriptFunction[] {
  convertReturnsToTuples(graph.block);
  lambdaLift(graph.block);
  const made: ScriptFunction[] = [];
  createMethodCalls(graph, made);
  return made;
}

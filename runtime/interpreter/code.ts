// Graphs compiled to JS closures, then run. Each Value gets a slot in a frame (an array); each Node
// becomes a step reading and writing slots; blocks are step lists; constants are written into
// the frame template once. Operator nodes call the registry implementation their schema names,
// with representation changes decided once at compile time (coercion.ts), so a scripted loop of
// int additions costs a few closure calls per iteration.

import { registrySchema } from '../../compiler/ir/node_schema.js';
import type { Block, Graph, Node, Value } from '../../compiler/ir/ir.js';
import { notSupported } from '../errors.js';
import { interruptFlag, checkInterrupt } from '../interrupt.js';
import { lookup, type ArgTypes, type Operator } from '../ops/registry.js';
import { argumentCoercion, coerce, coercion, resultCoercion, type Coercion } from './coercion.js';
import { constantRuntimeValue } from './constants.js';
import { recordFailure } from './failures.js';
import { primitives } from './primitives.js';

export type Frame = unknown[];
export type Step = (f: Frame) => void;

/** A graph ready to run: `run(inputs)` returns its output. */
export class Code {
  private readonly template: Frame;
  private readonly body: Step;
  private readonly inputSlots: readonly number[];
  private readonly outputSlot: number;

  constructor(readonly graph: Graph) {
    const c = new GraphCompiler();
    this.inputSlots = graph.inputs.map((v) => c.slot(v));
    this.body = c.block(graph.block);
    if (graph.outputs.length !== 1) throw new Error('graphs return one value');
    this.outputSlot = c.slot(graph.outputs[0]);
    this.template = c.template();
  }

  run(inputs: readonly unknown[]): unknown {
    const f = this.template.slice();
    const slots = this.inputSlots;
    for (let i = 0; i < slots.length; i++) f[slots[i]] = inputs[i];
    this.body(f);
    return f[this.outputSlot];
  }
}

const compiled = new WeakMap<Graph, Code>();

/** The graph's code, compiled on first use. */
export function codeFor(graph: Graph): Code {
  let code = compiled.get(graph);
  if (code === undefined) {
    code = new Code(graph);
    compiled.set(graph, code);
  }
  return code;
}

/** Copies `from` slots into `to` slots, changing representations; all read before any write. */
export function mover(
  from: readonly Value[],
  to: readonly Value[],
  c: GraphCompiler,
): (f: Frame) => void {
  const src = from.map((v) => c.slot(v));
  const dst = to.map((v) => c.slot(v));
  const conv = from.map((v, i) => coercion(v.type, to[i].type));
  const n = src.length;
  if (n === 0) return () => {};
  if (n === 1) {
    const [s, d, k] = [src[0], dst[0], conv[0]];
    return k === null ? (f) => void (f[d] = f[s]) : (f) => void (f[d] = k(f[s]));
  }
  const tmp = new Array<unknown>(n);
  return (f) => {
    for (let i = 0; i < n; i++) tmp[i] = coerce(conv[i], f[src[i]]);
    for (let i = 0; i < n; i++) f[dst[i]] = tmp[i];
  };
}

export class GraphCompiler {
  private readonly slots = new Map<Value, number>();
  private readonly constants: [number, unknown][] = [];

  slot(v: Value): number {
    let s = this.slots.get(v);
    if (s === undefined) {
      s = this.slots.size;
      this.slots.set(v, s);
    }
    return s;
  }

  template(): Frame {
    const f = new Array<unknown>(this.slots.size).fill(null);
    for (const [s, v] of this.constants) f[s] = v;
    return f;
  }

  constant(v: Value, value: unknown): void {
    this.constants.push([this.slot(v), value]);
  }

  block(b: Block): Step {
    const nodes: Node[] = [];
    const steps: Step[] = [];
    for (const n of b.nodes) {
      const step = this.node(n);
      if (step !== null) {
        nodes.push(n);
        steps.push(step);
      }
    }
    const count = steps.length;
    return (f) => {
      let i = 0;
      try {
        for (; i < count; i++) steps[i](f);
      } catch (e) {
        recordFailure(e, nodes[i]);
        throw e;
      }
    };
  }

  private node(n: Node): Step | null {
    if (n.kind === 'prim::Constant') {
      this.constant(n.output(), constantRuntimeValue(n));
      return null;
    }
    const primitive = primitives[n.kind];
    if (primitive !== undefined) return primitive(n, this);
    return this.operatorCall(n);
  }

  private operatorCall(n: Node): Step {
    const op = operatorOf(n);
    const params = op.schema.args;
    const ins = n.inputs.map((v) => this.slot(v));
    const argConv = n.inputs.map((v, i) =>
      i < params.length ? argumentCoercion(params[i].type, v.type) : null,
    );
    const outs = n.outputs.map((v) => this.slot(v));
    const returns = op.schema.returns;
    const resConv = n.outputs.map((v, i) =>
      i < returns.length ? resultCoercion(returns[i].type, v.type) : null,
    );
    const impl = op.typed ? op.impl.bind(null, argTypes(n)) : op.impl;
    const call = argumentReader(ins, argConv, impl);
    if (outs.length === 0) return call;
    if (outs.length === 1) {
      const [out, k] = [outs[0], resConv[0]];
      return k === null ? (f) => void (f[out] = call(f)) : (f) => void (f[out] = k(call(f)));
    }
    return (f) => {
      const result = call(f) as unknown[];
      for (let i = 0; i < outs.length; i++) f[outs[i]] = coerce(resConv[i], result[i]);
    };
  }
}

/** The registry operator a node calls: the overload the compiler chose, else the one that fits. */
export function operatorOf(n: Node): Operator {
  const op =
    (n.schemaName !== null ? lookup(n.schemaName) : undefined) ?? registrySchema(n)?.op ?? null;
  if (op === null) throw notSupported(`running ${n.kind}`);
  return op;
}

function argTypes(n: Node): ArgTypes {
  return {
    inputs: n.inputs.map((v) => v.type.annotation()),
    output: n.outputs.length === 1 ? n.outputs[0].type.annotation() : 'NoneType',
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Callable = (...args: any[]) => unknown;

/** Reads the arguments from their slots and calls `impl`; unrolled for the common arities. */
function argumentReader(
  ins: readonly number[],
  conv: readonly Coercion[],
  impl: Callable,
): (f: Frame) => unknown {
  if (conv.every((c) => c === null)) {
    const [a, b, c] = ins;
    switch (ins.length) {
      case 0:
        return () => impl();
      case 1:
        return (f) => impl(f[a]);
      case 2:
        return (f) => impl(f[a], f[b]);
      case 3:
        return (f) => impl(f[a], f[b], f[c]);
    }
  }
  const n = ins.length;
  return (f) => {
    const args = new Array<unknown>(n);
    for (let i = 0; i < n; i++) args[i] = coerce(conv[i], f[ins[i]]);
    return impl(...args);
  };
}

/** prim::If: one block or the other, its outputs moved to the node's. */
export function ifStep(n: Node, c: GraphCompiler): Step {
  const cond = c.slot(n.inputs[0]);
  const [thenBlock, elseBlock] = n.blocks;
  const runThen = c.block(thenBlock);
  const runElse = c.block(elseBlock);
  const thenOut = mover(thenBlock.outputs, n.outputs, c);
  const elseOut = mover(elseBlock.outputs, n.outputs, c);
  return (f) => {
    if (f[cond]) {
      runThen(f);
      thenOut(f);
    } else {
      runElse(f);
      elseOut(f);
    }
  };
}

/**
 * prim::Loop(max_trip_count, initial_condition, carried...): the body runs while the condition
 * holds and fewer than max_trip_count iterations ran, getting the iteration number and the
 * carried values, yielding the next condition and carried values.
 */
export function loopStep(n: Node, c: GraphCompiler): Step {
  const [maxTrip, initialCond, ...initial] = n.inputs;
  const body = n.blocks[0];
  const [iteration, ...carriedIn] = body.inputs;
  const [nextCond, ...carriedOut] = body.outputs;
  const maxSlot = c.slot(maxTrip);
  const condSlot = c.slot(initialCond);
  const iterSlot = c.slot(iteration);
  const nextCondSlot = c.slot(nextCond);
  const enter = mover(initial, carriedIn, c);
  const runBody = c.block(body);
  const next = mover(carriedOut, carriedIn, c);
  const leave = mover(carriedIn, n.outputs, c);
  return (f) => {
    const max = Number(f[maxSlot]);
    const flag = interruptFlag();
    enter(f);
    let cond = f[condSlot];
    for (let i = 0; cond && i < max; i++) {
      f[iterSlot] = i;
      runBody(f);
      cond = f[nextCondSlot];
      next(f);
      if (flag[0] !== 0) checkInterrupt();
    }
    leave(f);
  };
}

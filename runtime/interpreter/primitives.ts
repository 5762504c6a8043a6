// The nodes the interpreter runs itself rather than through an operator: control flow, containers,
// objects, calls, forks, printing, casts. Each entry compiles a node into a step.

import type { Graph, Node, Value } from '../../compiler/ir/ir.js';
import { pythonCallable } from '../../compiler/ir/python_ops.js';
import {
  ClassType,
  DictType,
  FunctionType,
  ListType,
  TupleType,
  type Type,
} from '../../compiler/types/types.js';
import { indexError, notSupported, runtimeError } from '../errors.js';
import type { Future } from '../future.js';
import type { IValue } from '../ivalue.js';
import { ivalueStr } from '../ops/printing.js';
import { Tensor } from '../tensor/tensor.js';
import { checkInterrupt, interruptFlag } from '../interrupt.js';
import { coerce, coercion } from './coercion.js';
import { codeFor, ifStep, loopStep, mover, type GraphCompiler, type Step } from './code.js';
import { isInstance } from './isinstance.js';
import { ScriptObject } from './objects.js';
import { printLine } from './print.js';
import { scheduler } from './tasks.js';
import { tensorToList } from './tolist.js';

type Primitive = (n: Node, c: GraphCompiler) => Step;

/** A compiled function or method, as CallFunction / CallMethod / fork find it. */
interface Callee {
  readonly graph: Graph;
  readonly qualifiedName: string;
}

function stringAttribute(n: Node, name: string): string {
  const a = n.attribute(name);
  if (a?.kind !== 's') throw new Error(`${n.kind} without a ${name} attribute`);
  return a.value;
}

function intAttribute(n: Node, name: string): number {
  const a = n.attribute(name);
  if (a?.kind !== 'i') throw new Error(`${n.kind} without a ${name} attribute`);
  return Number(a.value);
}

/** Reads `values` from their slots, each changed to the representation of `types`. */
function reader(values: readonly Value[], types: readonly Type[], c: GraphCompiler) {
  const slots = values.map((v) => c.slot(v));
  const conv = values.map((v, i) => coercion(v.type, types[i]));
  return (f: unknown[]) => slots.map((s, i) => coerce(conv[i], f[s]));
}

function writeOne(n: Node, c: GraphCompiler, compute: (f: unknown[]) => unknown): Step {
  const out = c.slot(n.output());
  return (f) => void (f[out] = compute(f));
}

/** Calls `callee` with `args` (already in its parameter representations) and returns its result. */
function invoke(callee: Callee, args: unknown[]): unknown {
  if (interruptFlag()[0] !== 0) checkInterrupt();
  return codeFor(callee.graph).run(args);
}

function callStep(
  n: Node,
  c: GraphCompiler,
  args: readonly Value[],
  callee: (f: unknown[]) => Callee,
): Step {
  const slots = args.map((v) => c.slot(v));
  const out = n.outputs.length === 1 ? c.slot(n.output()) : -1;
  let prepared: {
    callee: Callee;
    conv: ((v: unknown) => unknown)[];
    result: (v: unknown) => unknown;
  } | null = null;
  const prepare = (fn: Callee) => {
    const params = fn.graph.inputs;
    const conv = args.map((v, i) => {
      const k = coercion(v.type, params[i].type);
      return k ?? ((x: unknown) => x);
    });
    const k = out < 0 ? null : coercion(fn.graph.outputs[0].type, n.output().type);
    return { callee: fn, conv, result: k ?? ((x: unknown) => x) };
  };
  return (f) => {
    const fn = callee(f);
    if (prepared === null || prepared.callee !== fn) prepared = prepare(fn);
    const p = prepared;
    const result = invoke(
      fn,
      slots.map((s, i) => p.conv[i](f[s])),
    );
    if (out >= 0) f[out] = p.result(result);
  };
}

function method(self: unknown, name: string): Callee {
  if (!(self instanceof ScriptObject))
    throw runtimeError(`Cannot call method ${name} on a non-object`);
  const fn = self.type.methods.get(name) as Callee | undefined;
  if (fn === undefined) throw runtimeError(`Method '${name}' is not defined on ${self.type.str()}`);
  return fn;
}

function listUnpack(n: Node, c: GraphCompiler): Step {
  const list = c.slot(n.inputs[0]);
  const outs = n.outputs.map((v) => c.slot(v));
  return (f) => {
    const items = f[list] as unknown[];
    if (items.length !== outs.length) {
      throw runtimeError(`Expected ${outs.length} elements in a list but found ${items.length}`);
    }
    for (let i = 0; i < outs.length; i++) f[outs[i]] = items[i];
  };
}

function tupleUnpack(n: Node, c: GraphCompiler): Step {
  const tuple = c.slot(n.inputs[0]);
  const outs = n.outputs.map((v) => c.slot(v));
  return (f) => {
    const items = f[tuple] as readonly unknown[];
    for (let i = 0; i < outs.length; i++) f[outs[i]] = items[i];
  };
}

function tupleIndex(n: Node, c: GraphCompiler): Step {
  const tuple = c.slot(n.inputs[0]);
  const index = c.slot(n.inputs[1]);
  return writeOne(n, c, (f) => {
    const items = f[tuple] as readonly unknown[];
    const i = Number(f[index]);
    const k = i < 0 ? i + items.length : i;
    if (k < 0 || k >= items.length) throw indexError('tuple index out of range');
    return items[k];
  });
}

function tupleSlice(n: Node, c: GraphCompiler): Step {
  const tuple = c.slot(n.inputs[0]);
  const [beg, end] = [intAttribute(n, 'beg'), intAttribute(n, 'end')];
  return writeOne(n, c, (f) => Object.freeze((f[tuple] as readonly unknown[]).slice(beg, end)));
}

function dictConstruct(n: Node, c: GraphCompiler): Step {
  const t = n.output().type as DictType;
  const types = n.inputs.map((_, i) => (i % 2 === 0 ? t.key : t.value));
  const read = reader(n.inputs, types, c);
  return writeOne(n, c, (f) => {
    const items = read(f);
    const map = new Map<unknown, unknown>();
    for (let i = 0; i < items.length; i += 2) map.set(items[i], items[i + 1]);
    return map;
  });
}

function fork(n: Node, c: GraphCompiler): Step {
  const sub = n.attribute('Subgraph');
  if (sub?.kind !== 'g') throw new Error('prim::fork without a subgraph');
  const graph = sub.value;
  const read = reader(
    n.inputs,
    graph.inputs.map((v) => v.type),
    c,
  );
  const name = forkedName(graph);
  return writeOne(n, c, (f) => {
    const args = read(f);
    return scheduler.fork(name, () => codeFor(graph).run(args) as IValue);
  });
}

/** What a forked subgraph calls, for the timeline: the function it wraps, else `fork`. */
function forkedName(graph: Graph): string {
  for (const n of graph.block.nodes) {
    const t = n.inputs[0]?.type;
    if (n.kind === 'prim::CallFunction' && t instanceof FunctionType) return t.fn.name;
  }
  const op = graph.block.nodes.find((n) => n.kind !== 'prim::Constant');
  return op?.kind ?? 'fork';
}

export const primitives: Readonly<Record<string, Primitive>> = {
  'prim::If': ifStep,
  'prim::Loop': loopStep,
  'prim::ListConstruct': (n, c) => {
    const elem = (n.output().type as ListType).elem;
    const read = reader(
      n.inputs,
      n.inputs.map(() => elem),
      c,
    );
    return writeOne(n, c, read);
  },
  'prim::ListUnpack': listUnpack,
  'prim::TupleConstruct': (n, c) => {
    const read = reader(n.inputs, (n.output().type as TupleType).elems, c);
    return writeOne(n, c, (f) => Object.freeze(read(f)));
  },
  'prim::TupleUnpack': tupleUnpack,
  'prim::TupleIndex': tupleIndex,
  'prim::TupleSlice': tupleSlice,
  'prim::DictConstruct': dictConstruct,
  'prim::Uninitialized': (n, c) => writeOne(n, c, () => null),
  'prim::unchecked_cast': (n, c) => {
    const move = mover(n.inputs, n.outputs, c);
    return move;
  },
  'prim::isinstance': (n, c) => {
    const a = n.attribute('types');
    if (a?.kind !== 'ss') throw new Error('prim::isinstance without types');
    const input = c.slot(n.inputs[0]);
    const from = n.inputs[0].type;
    return writeOne(n, c, (f) => isInstance(f[input], from, a.value));
  },
  'prim::Print': (n, c) => {
    const slots = n.inputs.map((v) => c.slot(v));
    const types = n.inputs.map((v) => v.type.annotation());
    return (f) => printLine(slots.map((s, i) => ivalueStr(f[s], types[i])).join(' '));
  },
  'prim::CreateObject': (n, c) => {
    const type = n.output().type as ClassType;
    return writeOne(n, c, () => new ScriptObject(type));
  },
  'prim::GetAttr': (n, c) => {
    const name = stringAttribute(n, 'name');
    const self = c.slot(n.inputs[0]);
    return writeOne(n, c, (f) => (f[self] as ScriptObject).getAttr(name));
  },
  'prim::SetAttr': (n, c) => {
    const name = stringAttribute(n, 'name');
    const [self, value] = n.inputs.map((v) => c.slot(v));
    const t = (n.inputs[0].type as ClassType).findAttribute(name)?.type;
    const k = t === undefined ? null : coercion(n.inputs[1].type, t);
    return (f) => (f[self] as ScriptObject).setAttr(name, coerce(k, f[value]) as IValue);
  },
  'prim::CallFunction': (n, c) => {
    const fn = c.slot(n.inputs[0]);
    return callStep(n, c, n.inputs.slice(1), (f) => f[fn] as Callee);
  },
  'prim::CallMethod': (n, c) => {
    const name = stringAttribute(n, 'name');
    const self = c.slot(n.inputs[0]);
    return callStep(n, c, n.inputs, (f) => method(f[self], name));
  },
  'prim::Enter': (n, c) => {
    const self = c.slot(n.inputs[0]);
    return callStep(n, c, n.inputs, (f) => method(f[self], '__enter__'));
  },
  'prim::Exit': (n, c) => {
    const self = c.slot(n.inputs[0]);
    const out = n.outputs.length === 1 ? c.slot(n.output()) : -1;
    return (f) => {
      const obj = f[self];
      const result = invoke(method(obj, '__exit__'), [obj, null, null, null]);
      if (out >= 0) f[out] = result;
    };
  },
  'prim::fork': fork,
  'aten::wait': (n, c) => {
    const future = c.slot(n.inputs[0]);
    return writeOne(n, c, (f) => scheduler.wait(f[future] as Future));
  },
  'prim::tolist': (n, c) => {
    const [tensor, dims, elem] = n.inputs.map((v) => c.slot(v));
    return writeOne(n, c, (f) =>
      tensorToList(f[tensor] as Tensor, Number(f[dims]), Number(f[elem])),
    );
  },
  'prim::PythonOp': (n, c) => {
    const call = pythonCallable(n);
    if (call === undefined) throw notSupported(`running ${n.kind} without its Python function`);
    const read = reader(
      n.inputs,
      n.inputs.map((v) => v.type),
      c,
    );
    const out = n.outputs.length === 1 ? c.slot(n.output()) : -1;
    return (f) => {
      const result = call(read(f));
      // The Python function raised (torch/jit/_recursive.py `call_python`).
      if (result instanceof Error) throw result;
      if (out >= 0) f[out] = result;
    };
  },
  'prim::Closure': (n) => {
    throw notSupported(`running ${n.kind} outside a fork`);
  },
};

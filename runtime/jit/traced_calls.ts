// Compiled code called while tracing (a scripted function, a scripted submodule's forward): the
// trace records one call node and does not look inside, as PyTorch's runAndInsertCall does.
//
//   %3 : Function = prim::Constant[name="foo"]()
//   %4 : Tensor = prim::CallFunction(%3, %x, %y)
//
// The callee runs with the recorder off; its tensors are then the call's outputs (a tuple result
// unpacked), typed as the callee declares them, not as the trace saw them.

import type { ScriptFunction } from '../../compiler/frontend/function.js';
import { createConstant, type ConstantValue } from '../../compiler/ir/constants.js';
import type { Value } from '../../compiler/ir/ir.js';
import {
  FunctionType,
  ListType,
  OptionalType,
  TupleType,
  Types,
  type Type,
} from '../../compiler/types/types.js';
import { notSupported } from '../errors.js';
import { ScriptObject } from '../interpreter/objects.js';
import { tracing } from '../python/trace_hook.js';
import { Device } from '../tensor/device.js';
import { isFloating } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import type { Tracer } from './tracer.js';

/** An argument of the call, by the callee's parameter type. */
function argument(tracer: Tracer, v: unknown, type: Type): Value {
  const state = tracer.state;
  if (v === null || v === undefined) return state.none();
  if (v instanceof Tensor) return tracer.valueOf(v);
  if (v instanceof ScriptObject) {
    const self = state.use(v);
    if (self === undefined) {
      throw notSupported(
        'tracing a call of a compiled module that is not a submodule of the traced one',
      );
    }
    return self;
  }
  const inner = type instanceof OptionalType ? type.elem : type;
  if (Array.isArray(v)) return container(tracer, v, inner);
  if (typeof v === 'number') return state.constant(inner === Types.int ? BigInt(v) : v);
  if (typeof v === 'bigint' || typeof v === 'boolean' || typeof v === 'string') {
    return state.constant(v);
  }
  if (v instanceof Device) return state.constant(v);
  throw notSupported(`tracing a call of compiled code given a ${typeof v}`);
}

function container(tracer: Tracer, items: readonly unknown[], type: Type): Value {
  const g = tracer.graph;
  if (type instanceof TupleType) {
    const values = items.map((x, i) => argument(tracer, x, type.elems[i]));
    return tracer.state.insert(g.create('prim::TupleConstruct', values, [type]), false).output();
  }
  const elem = type instanceof ListType ? type.elem : Types.Any;
  const values = items.map((x) => argument(tracer, x, elem));
  return tracer.state.insert(g.create('prim::ListConstruct', values, [type]), false).output();
}

/**
 * Makes the call's output (or its unpacked items) stand for what the callee returned; its
 * floating point tensors require grad when something the callee was given does.
 */
function bindResult(tracer: Tracer, v: Value, result: unknown, grad: boolean): void {
  if (result instanceof Tensor) {
    tracer.state.setValue(result, v);
    tracer.setRequiresGrad(result, grad && isFloating(result.dtype));
    return;
  }
  if (v.type instanceof TupleType && Array.isArray(result)) {
    const types = v.type.elems;
    const unpack = tracer.graph.create('prim::TupleUnpack', [v], types);
    tracer.state.insert(unpack, false);
    result.forEach((x, i) => bindResult(tracer, unpack.outputs[i], x, grad));
  }
}

/** Whether a value given to compiled code holds a tensor that requires grad (in a module too). */
function holdsGradient(tracer: Tracer, v: unknown, seen = new Set<unknown>()): boolean {
  if (seen.has(v)) return false;
  seen.add(v);
  if (v instanceof Tensor) return tracer.requiresGrad(v);
  if (Array.isArray(v)) return v.some((x) => holdsGradient(tracer, x, seen));
  if (v instanceof ScriptObject) {
    return [...v.fields.values()].some((x) => holdsGradient(tracer, x, seen));
  }
  return false;
}

/** Runs `run` with no trace recording what it does. */
function untraced<T>(run: () => T): T {
  const recorder = tracing.recorder;
  tracing.recorder = null;
  try {
    return run();
  } finally {
    tracing.recorder = recorder;
  }
}

export function recordScriptCall(
  tracer: Tracer,
  fn: ScriptFunction,
  bound: readonly unknown[],
  method: boolean,
  run: () => unknown,
): unknown {
  const sig = fn.signature;
  const inputs = bound.map((v, i) => argument(tracer, v, sig.args[i]?.type ?? Types.Any));
  const g = tracer.graph;
  const returnType = sig.returns[0]?.type ?? Types.None;
  let call;
  if (method) {
    call = g.create('prim::CallMethod', inputs, [returnType]);
  } else {
    const constant = createConstant(g, null as ConstantValue, null, new FunctionType(fn));
    constant.setAttribute('name', { kind: 's', value: fn.name });
    tracer.state.insert(constant, false);
    call = g.create('prim::CallFunction', [constant.output(), ...inputs], [returnType]);
  }
  if (method) call.setAttribute('name', { kind: 's', value: fn.name });
  tracer.state.insert(call, false);
  const result = untraced(run);
  bindResult(
    tracer,
    call.output(),
    result,
    bound.some((v) => holdsGradient(tracer, v)),
  );
  return result;
}

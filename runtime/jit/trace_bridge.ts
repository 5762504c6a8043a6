// What torch/jit/_trace.py calls (through torch/_C/_tracer.py): traces begun, fed and finished,
// module scopes, traced sizes, traced module types, and graphs as the trace checker sees them. Arguments that carry
// Python values come on the wire (runtime/python/wire.ts).

import type { CompilationUnit } from '../../compiler/compilation_unit.js';
import { checkedGraph, nondeterministicNodes } from '../../compiler/tracer/check_graph.js';
import { tracing } from '../python/trace_hook.js';
import { decodeCall, encodeValue, type WireResult } from '../python/wire.js';
import type { Tensor } from '../tensor/tensor.js';
import { FunctionHandle, type ModuleHandle } from './handles.js';
import type { PythonTracingHost } from './tracer.js';
import { tracedShape, tracedSize } from './traced_numbers.js';
import { createTracedModule, type TracedModuleDescription } from './traced_modules.js';
import { TraceSession } from './trace_session.js';

/** One trace as Python drives it. */
class PythonTraceSession {
  private readonly session: TraceSession;

  constructor(
    private readonly unit: () => CompilationUnit,
    host: PythonTracingHost,
    strict: boolean,
    module: ModuleHandle | null,
  ) {
    this.session = new TraceSession(
      host,
      strict,
      module === null ? null : { type: module.info.type, object: module.object },
    );
  }

  /** The example inputs as one encoded tuple, and the names of the traced callable's parameters. */
  addInputs(names: string[], codes: string, ...values: unknown[]): void {
    const [inputs] = decodeCall(codes, values).args;
    this.session.addInputs(inputs as readonly unknown[], [...names]);
  }

  setOutputs(codes: string, ...values: unknown[]): void {
    const [result] = decodeCall(codes, values).args;
    this.session.setOutputs(result);
  }

  enterModule(scope: string): void {
    this.session.tracer.state.enterModule(scope);
  }

  exitModule(): void {
    this.session.tracer.state.exitModule();
  }

  size(t: Tensor, dim: number | bigint): Tensor {
    return tracedSize(this.session.tracer, t, Number(dim));
  }

  shape(t: Tensor): WireResult {
    return encodeValue(Object.freeze(tracedShape(this.session.tracer, t)));
  }

  finishFunction(qualifiedName: string): FunctionHandle {
    return new FunctionHandle(this.session.finishFunction(this.unit(), qualifiedName));
  }

  finishMethod(name: string): void {
    this.session.finishMethod(name);
  }

  /** Stops recording after a failure. */
  abandon(): void {
    this.session.end();
  }
}

/** A function's or method's graph as the trace checker compares it. */
function checkedGraphOf(handle: FunctionHandle | ModuleHandle, name: string | null) {
  const fn =
    name === null || name === undefined
      ? (handle as FunctionHandle).fn
      : (handle as ModuleHandle).info.method(name);
  if (fn === null) throw new Error(`tracer: no method ${name}`);
  return fn.graph;
}

export function createTraceBridge(unit: () => CompilationUnit): Record<string, unknown> {
  return {
    beginTrace: (host: PythonTracingHost, strict: boolean, module: ModuleHandle | null) =>
      new PythonTraceSession(unit, host, strict, module ?? null),
    isTracing: () => tracing.recorder !== null,
    createTracedModule: (d: TracedModuleDescription) => createTracedModule(unit(), d),
    checkedGraph: (handle: FunctionHandle | ModuleHandle, name: string | null) =>
      checkedGraph(checkedGraphOf(handle, name)),
    nondeterministicNodes: (handle: FunctionHandle | ModuleHandle, name: string | null) =>
      nondeterministicNodes(checkedGraphOf(handle, name)),
  };
}

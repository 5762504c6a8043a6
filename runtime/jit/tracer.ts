// The runtime half of torch.jit.trace: what the eager path reports (trace_hook.ts) becomes nodes
// of the trace's graph (compiler/tracer/tracing_state.ts). This file knows tensors: which Value
// stands for a tensor, the traced type of a tensor (`Float(3, 4, strides=[4, 1],
// requires_grad=0, device=cpu)`), whether a result requires grad, and tensors the trace never saw
// (they become constants). Operator arguments are recorded by trace_arguments.ts, indexing by
// traced_indexing.ts, traced sizes by traced_numbers.ts.

import type { ConstantValue } from '../../compiler/ir/constants.js';
import type { Node, Value } from '../../compiler/ir/ir.js';
import { TracingState, type TracingHost } from '../../compiler/tracer/tracing_state.js';
import { SourceRange, StackSource } from '../../compiler/frontend/source.js';
import {
  ListType,
  TensorType,
  TupleType,
  Types,
  type TensorDetails,
  type Type,
} from '../../compiler/types/types.js';
import '../serialization/constant_text.js';
import './tensor_constants.js';
import { runtimeError } from '../errors.js';
import { lookup, type Operator } from '../ops/registry.js';
import type { SchemaType } from '../ops/schema.js';
import type { EagerRecorder } from '../python/trace_hook.js';
import { dtypeInfo, isFloating } from '../tensor/dtype.js';
import { c10TensorText } from '../tensor/c10_print.js';
import { Tensor } from '../tensor/tensor.js';
import type { ScriptFunction } from '../../compiler/frontend/function.js';
import { recordedOperator, recordInputs } from './trace_arguments.js';
import { recordScriptCall } from './traced_calls.js';
import { differentiable } from './trace_gradients.js';
import { tracedGetItem, tracedSetItem } from './traced_indexing.js';
import { retryWithTensorsAsInts, type StashedNumber } from './traced_numbers.js';

/** What the tracer asks the Python that runs the traced code. */
export interface PythonTracingHost {
  /** The name the innermost user frame binds `t` to ('' for none). */
  variableName(t: Tensor): string;
  /** [filename, line, stack text] of the innermost user frame, or null. */
  location(): readonly [string, number, string] | null;
  /** Issues a TracerWarning at the innermost user frame. */
  warn(message: string): void;
  /** torch.is_grad_enabled(): results require grad only while it is. */
  gradEnabled(): boolean;
}

function sourceRange(location: readonly [string, number, string] | null): SourceRange | null {
  if (location === null || location === undefined) return null;
  const [filename, line, stack] = location;
  // A traced node's range is the Python stack, positioned at the innermost frame's line.
  return new SourceRange(new StackSource(stack, filename, line - 1), 0, stack.length);
}

/**
 * A tensor as PyTorch's tracer prints one in its errors: c10's format, whose type line names a
 * tensor that requires grad by its legacy class (`[ torch.FloatTensor{2,2} ]`).
 */
function variableText(t: Tensor): string {
  return c10TensorText(t).replace(/\[ CPU(\w+)Type\{/, '[ torch.$1Tensor{');
}

/** The traced type of `t` (c10 leaves out strides of 0-dim tensors). */
export function tensorType(t: Tensor, requiresGrad: boolean | null): TensorType {
  const details: TensorDetails = {
    scalarTypeName: dtypeInfo(t.dtype).typeName,
    sizes: t.shape.slice(),
    strides: t.ndim === 0 ? null : t.strides.slice(),
    requiresGrad,
    device: t.device.toString(),
  };
  return new TensorType(details);
}

export class Tracer implements EagerRecorder {
  readonly state: TracingState;
  /** Whether each tensor the trace made requires grad, as PyTorch's autograd would say. */
  private readonly gradients = new WeakMap<Tensor, boolean>();
  /** Traced numbers standing for ints in the call being recorded (see traced_numbers.ts). */
  stash: StashedNumber[] = [];

  constructor(
    readonly python: PythonTracingHost,
    readonly strict: boolean,
  ) {
    const host: TracingHost = {
      variableName: (object) =>
        object instanceof Tensor ? String(python.variableName(object) ?? '') : '',
      sourceRange: () => sourceRange(python.location()),
    };
    this.state = new TracingState(host);
  }

  get graph() {
    return this.state.graph;
  }

  // ---- tensors and their values ----

  requiresGrad(t: Tensor): boolean {
    return this.gradients.get(t) ?? t.requiresGrad;
  }

  setRequiresGrad(t: Tensor, requiresGrad: boolean): void {
    this.gradients.set(t, requiresGrad);
  }

  typeOf(t: Tensor): TensorType {
    return tensorType(t, this.requiresGrad(t));
  }

  /**
   * The Value for tensor `t` used as an input: the one the trace made for it, else a constant
   * holding it (a tensor the traced code made outside the trace's view), which a tensor that
   * requires grad cannot be.
   */
  valueOf(t: Tensor): Value {
    const v = this.state.use(t);
    if (v !== undefined) return v;
    if (this.requiresGrad(t)) {
      throw runtimeError(
        'Cannot insert a Tensor that requires grad as a constant. Consider making it a parameter or input, or detaching the gradient\n' +
          `Tensor:\n${variableText(t)}`,
      );
    }
    const c = this.state.constant(t as unknown as ConstantValue, this.typeOf(t));
    this.state.setValue(t, c);
    return c;
  }

  /**
   * Makes `v` the Value of `t`, typed as the trace saw `t`: requiring grad as `typedGrad` says
   * (an operator recorded below autograd shows a result that does not yet), while `t` itself
   * requires grad as `requiresGrad` says.
   */
  setOutput(v: Value, t: Tensor, requiresGrad: boolean, typedGrad = requiresGrad): void {
    this.gradients.set(t, requiresGrad);
    v.setType(tensorType(t, typedGrad));
    this.state.setValue(t, v);
  }

  // ---- operators ----

  recordOperator(op: Operator, bound: readonly unknown[], result: unknown): void {
    if (!op.schema.returns.some((r) => returnsTensors(r.type))) {
      this.stash = [];
      return;
    }
    const call = recordedOperator(op, bound);
    const schema = call.schema;
    const n = this.graph.create(schema.name);
    n.schemaName = schema.overload === '' ? schema.name : `${schema.name}.${schema.overload}`;
    const inputs = recordInputs(this, call);
    this.stash = [];
    for (const v of inputs) n.addInput(v);
    this.state.insert(n, true);
    const grad =
      differentiable(schema.name) &&
      tensorsIn(bound).some((t) => this.requiresGrad(t)) &&
      this.python.gradEnabled() === true;
    this.recordResults(n, schema.returns, result, grad, !call.belowAutograd);
  }

  /** The node's outputs for what it returned; `typed` false leaves requires_grad out of types. */
  private recordResults(
    n: Node,
    returns: readonly { readonly type: SchemaType }[],
    result: unknown,
    grad: boolean,
    typed: boolean,
  ): void {
    const results = returns.length === 1 ? [result] : (result as readonly unknown[]);
    returns.forEach((r, i) => this.recordResult(n, r.type, results[i], grad, typed));
  }

  private recordResult(
    n: Node,
    type: SchemaType,
    result: unknown,
    grad: boolean,
    typed: boolean,
  ): void {
    if (result instanceof Tensor) {
      const out = n.addOutput(Types.Tensor);
      const requiresGrad = grad && isFloating(result.dtype);
      this.setOutput(out, result, requiresGrad, typed && requiresGrad);
      return;
    }
    if (Array.isArray(result) && isTensorList(type)) {
      const list = n.addOutput(new ListType(Types.Tensor));
      const tensors = result as readonly Tensor[];
      const unpack = this.graph.create(
        'prim::ListUnpack',
        [list],
        tensors.map(() => Types.Tensor),
      );
      this.state.insert(unpack, false);
      tensors.forEach((t, i) => this.setOutput(unpack.outputs[i], t, grad && isFloating(t.dtype)));
      return;
    }
    n.addOutput(resultType(type));
  }

  /** Runs the overload `qualified` on implementation-ready arguments and records it. */
  call(qualified: string, args: readonly unknown[]): unknown {
    const op = lookup(qualified);
    if (op === undefined) throw new Error(`tracer: no operator ${qualified}`);
    const result = op.impl(...args);
    this.recordOperator(op, args, result);
    return result;
  }

  /**
   * Runs `qualified` on `impl` arguments and records it as called with `recorded` ones (which may
   * hold what a JS number cannot: the int64 stop of an open slice).
   */
  callRecordingAs(
    qualified: string,
    impl: readonly unknown[],
    recorded: readonly unknown[],
  ): unknown {
    const op = lookup(qualified);
    if (op === undefined) throw new Error(`tracer: no operator ${qualified}`);
    const result = op.impl(...impl);
    this.recordOperator(op, recorded, result);
    return result;
  }

  // ---- what bridge.ts and arguments.ts report besides operators ----

  retryWithTensorsAsInts<R>(
    args: readonly unknown[],
    kwargs: Record<string, unknown>,
    call: (args: readonly unknown[], kwargs: Record<string, unknown>) => R,
  ): R | undefined {
    return retryWithTensorsAsInts(this, args, kwargs, call);
  }

  getItem(self: Tensor, index: unknown): Tensor {
    return tracedGetItem(this, self, index);
  }

  setItem(self: Tensor, index: unknown, value: unknown): void {
    tracedSetItem(this, self, index, value);
  }

  recordScriptCall(
    fn: ScriptFunction,
    bound: readonly unknown[],
    method: boolean,
    run: () => unknown,
  ): unknown {
    return recordScriptCall(this, fn, bound, method, run);
  }

  /**
   * torch.tensor(data): PyTorch makes the tensor untraced, then converts it with `to` and
   * `detach`, so the trace holds a constant of it, and warns that it is one.
   */
  recordTensorLiteral(t: Tensor): void {
    this.python.warn(
      'torch.tensor results are registered as constants in the trace. You can safely ignore this warning if you use this function to create tensors out of constant variables that would be the same every time you call this function. In any other case, this might cause the trace to be incorrect.',
    );
    const c = this.state.constant(t as unknown as ConstantValue, tensorType(t, false));
    const to = this.graph.create('aten::to', [
      c,
      this.state.constant(t.device),
      this.state.constant(BigInt(dtypeInfo(t.dtype).scalarType)),
      this.state.constant(false),
      this.state.constant(false),
      this.state.none(),
    ]);
    to.schemaName = 'aten::to.device';
    this.state.insert(to, true);
    const converted = to.addOutput(tensorType(t, false));
    const detach = this.graph.create('aten::detach', [converted]);
    detach.schemaName = 'aten::detach';
    this.state.insert(detach, true);
    this.setOutput(detach.addOutput(Types.Tensor), t, false);
  }
}

/** The tensors among an operator's arguments, in lists too. */
function tensorsIn(values: readonly unknown[]): Tensor[] {
  const out: Tensor[] = [];
  for (const v of values) {
    if (v instanceof Tensor) out.push(v);
    else if (Array.isArray(v)) out.push(...tensorsIn(v));
  }
  return out;
}

function returnsTensors(t: SchemaType): boolean {
  switch (t.kind) {
    case 'base':
      return t.name === 'Tensor';
    case 'optional':
    case 'list':
      return returnsTensors(t.elem);
    case 'tuple':
      return t.elems.some(returnsTensors);
    default:
      return false;
  }
}

function isTensorList(t: SchemaType): boolean {
  return t.kind === 'list' && t.elem.kind === 'base' && t.elem.name === 'Tensor';
}

/** The IR type of a non-tensor result (rare for traced operators: a tuple's other members). */
function resultType(t: SchemaType): Type {
  if (t.kind === 'base') {
    const simple: Record<string, Type> = {
      int: Types.int,
      SymInt: Types.int,
      float: Types.float,
      bool: Types.bool,
      str: Types.str,
      Scalar: Types.number,
    };
    return simple[t.name] ?? Types.Any;
  }
  if (t.kind === 'list') return new ListType(resultType(t.elem));
  if (t.kind === 'tuple') return new TupleType(t.elems.map(resultType));
  if (t.kind === 'optional') return resultType(t.elem);
  return Types.Any;
}

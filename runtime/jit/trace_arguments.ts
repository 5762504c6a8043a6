// The inputs of a traced operator node, made from the arguments the operator ran with, as
// PyTorch's generated tracing kernels record them: a tensor is the Value that stands for it;
// a number, bool, string, dtype or device a constant (located at the Python line); None an
// unlocated `prim::Constant()`; a list a `prim::ListConstruct` of its elements.
//
// Two things differ from a plain record of the call, because PyTorch's Python bindings and
// dispatcher differ from ours:
//   * factories called from Python get their tensor options filled in (device="cpu",
//     pin_memory=False; the `_like` and `new_` ones also dtype, layout and device of `self`);
//   * convolutions are recorded as the `aten::_convolution` they decompose into (PyTorch never
//     records conv2d and friends: DONT_RECORD_TRACE).

import { createConstant, type ConstantValue } from '../../compiler/ir/constants.js';
import type { Value } from '../../compiler/ir/ir.js';
import { ListType, OptionalType, Types, type Type } from '../../compiler/types/types.js';
import { notSupported } from '../errors.js';
import { lookup, type Operator } from '../ops/registry.js';
import type { FunctionSchema, SchemaType } from '../ops/schema.js';
import { cpu, Device } from '../tensor/device.js';
import { dtypeInfo, type DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import type { Tracer } from './tracer.js';

export interface RecordedCall {
  readonly schema: FunctionSchema;
  readonly args: readonly unknown[];
  /**
   * PyTorch records this operator where it runs below autograd (inside one it does not record):
   * its results do not require grad yet when recorded.
   */
  readonly belowAutograd: boolean;
  /** Arguments left at their defaults, which PyTorch's record fills in unlocated. */
  readonly defaulted?: readonly number[];
}

/** The operator and arguments PyTorch's tracer records for a Python call of `op`. */
export function recordedOperator(op: Operator, bound: readonly unknown[]): RecordedCall {
  // PyTorch records copy_ by hand: self and src, then non_blocking as the schema's default.
  if (op.schema.name === 'aten::copy_') {
    return { schema: op.schema, args: bound, belowAutograd: false, defaulted: [2] };
  }
  const convolution = asConvolution(op, bound);
  if (convolution !== null) return convolution;
  if (op.schema.args.some((a) => a.name === 'pin_memory')) {
    return { schema: op.schema, args: withTensorOptions(op.schema, bound), belowAutograd: false };
  }
  return { schema: op.schema, args: bound, belowAutograd: false };
}

function argIndex(schema: FunctionSchema, name: string): number {
  return schema.args.findIndex((a) => a.name === name);
}

/** Factories' options as PyTorch's Python binding passes them on. */
function withTensorOptions(schema: FunctionSchema, bound: readonly unknown[]): unknown[] {
  const args = bound.slice();
  const selfIndex = argIndex(schema, 'self');
  const self = selfIndex >= 0 && bound[selfIndex] instanceof Tensor ? bound[selfIndex] : null;
  const fill = (name: string, value: unknown) => {
    const i = argIndex(schema, name);
    if (i >= 0 && (args[i] === null || args[i] === undefined)) args[i] = value;
  };
  if (self !== null) {
    fill('dtype', self.dtype);
    fill('layout', 0);
  }
  fill('device', self?.device ?? cpu);
  fill('pin_memory', false);
  return args;
}

const convolutions: Readonly<Record<string, 'forward' | 'transposed'>> = {
  'aten::conv1d': 'forward',
  'aten::conv2d': 'forward',
  'aten::conv3d': 'forward',
  'aten::conv_transpose1d': 'transposed',
  'aten::conv_transpose2d': 'transposed',
  'aten::conv_transpose3d': 'transposed',
};

/** conv2d(input, weight, bias, stride, padding, dilation, groups) as `aten::_convolution`. */
function asConvolution(op: Operator, bound: readonly unknown[]): RecordedCall | null {
  const kind = convolutions[op.schema.name];
  if (kind === undefined || !Array.isArray(bound[4])) return null;
  const target = lookup('aten::_convolution');
  if (target === undefined) return null;
  const [input, weight, bias, stride, padding] = bound;
  const dims = (stride as readonly number[]).length;
  const args =
    kind === 'forward'
      ? [input, weight, bias, stride, padding, bound[5], false, zeros(dims), bound[6]]
      : [input, weight, bias, stride, padding, bound[7], true, bound[5], bound[6]];
  return { schema: target.schema, args: [...args, false, false, true, true], belowAutograd: true };
}

function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}

/** The Values for a call's arguments, in schema order. */
export function recordInputs(tracer: Tracer, call: RecordedCall): Value[] {
  const recorder = new InputRecorder(tracer);
  return call.schema.args.map((a, i) => {
    if (!call.defaulted?.includes(i)) return recorder.input(a.type, call.args[i]);
    const value = call.args[i] as ConstantValue;
    return tracer.state.insert(createConstant(tracer.graph, value), false).output();
  });
}

/** Records one call's arguments, counting its ints to find the ones traced numbers stand for. */
class InputRecorder {
  private ints = 0;

  constructor(private readonly tracer: Tracer) {}

  input(type: SchemaType, value: unknown): Value {
    return recordInput(this, type, value);
  }

  /** An int argument: the stashed conversion of a traced number when one stands for it. */
  int(value: number | bigint): Value {
    const ordinal = this.ints++;
    const stash = this.tracer.stash;
    const i = stash.findIndex((s) => s.ordinal === ordinal && s.value === Number(value));
    if (i >= 0) return stash.splice(i, 1)[0].traced;
    return this.tracer.state.constant(BigInt(value));
  }

  get tracerOf(): Tracer {
    return this.tracer;
  }
}

function recordInput(recorder: InputRecorder, type: SchemaType, value: unknown): Value {
  const tracer = recorder.tracerOf;
  const state = tracer.state;
  if (value === null || value === undefined) return state.none();
  switch (type.kind) {
    case 'optional':
      return recordInput(recorder, type.elem, value);
    case 'list':
      return recordList(recorder, type.elem, value as readonly unknown[]);
    case 'base':
      return recordBase(recorder, type.name, value);
    default:
      return recordDynamic(recorder, value);
  }
}

function recordBase(recorder: InputRecorder, name: string, value: unknown): Value {
  const tracer = recorder.tracerOf;
  const state = tracer.state;
  switch (name) {
    case 'Tensor':
      return tracer.valueOf(value as Tensor);
    case 'int':
    case 'SymInt':
      return recorder.int(value as number | bigint);
    case 'float':
      return state.constant(Number(value));
    case 'ScalarType':
      return state.constant(BigInt(scalarTypeOf(value)));
    case 'Layout':
    case 'MemoryFormat':
      return state.constant(BigInt(value as number));
    case 'Device':
      return state.constant(Device.parse(value as Device | string));
    case 'Generator':
      throw notSupported('tracing an operator given a torch.Generator');
    default:
      return recordDynamic(recorder, value);
  }
}

function scalarTypeOf(value: unknown): number {
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
  return dtypeInfo(value as DType).scalarType;
}

/** A Scalar, or an argument of a generic type: by the JS kind of the value. */
function recordDynamic(recorder: InputRecorder, value: unknown): Value {
  const tracer = recorder.tracerOf;
  const state = tracer.state;
  if (value instanceof Tensor) return tracer.valueOf(value);
  if (value instanceof Device) return state.constant(value);
  switch (typeof value) {
    case 'bigint':
      return recorder.int(value);
    case 'number':
      return state.constant(value);
    case 'boolean':
    case 'string':
      return state.constant(value);
    default:
      throw notSupported(`tracing an operator argument of JS type ${typeof value}`);
  }
}

function recordList(recorder: InputRecorder, elem: SchemaType, items: readonly unknown[]): Value {
  const tracer = recorder.tracerOf;
  const values = items.map((item) => recordInput(recorder, elem, item));
  const g = tracer.graph;
  const list = g.create('prim::ListConstruct', values, [new ListType(listElementType(elem))]);
  return tracer.state.insert(list, false).output();
}

function listElementType(elem: SchemaType): Type {
  if (elem.kind === 'optional') return new OptionalType(listElementType(elem.elem));
  if (elem.kind !== 'base') return Types.Any;
  switch (elem.name) {
    case 'Tensor':
      return Types.Tensor;
    case 'int':
    case 'SymInt':
      return Types.int;
    case 'float':
      return Types.float;
    case 'bool':
      return Types.bool;
    case 'str':
      return Types.str;
    default:
      return Types.Any;
  }
}

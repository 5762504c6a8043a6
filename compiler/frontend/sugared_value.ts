// Sugared values: what a name or expression means before it becomes a graph value. A Python
// function, the `torch` module, `range(...)`, a method bound to its object: each knows how to be
// called, indexed, iterated or asked for an attribute, and emits the IR for it.

import { insertConstant, toIValue } from '../ir/constants.js';
import {
  createGetAttr,
  createList,
  createObject,
  createSetAttr,
  createTuple,
  createTupleIndex,
  insertListUnpack,
  tupleElements,
} from '../ir/create.js';
import type { Graph, Value } from '../ir/ir.js';
import type { Signature, SignatureArg } from '../types/signature.js';
import { isSubtype } from '../types/subtype.js';
import {
  ClassType,
  DictType,
  FunctionType,
  ListType,
  TupleType,
  Type,
  Types,
} from '../types/types.js';
import { CompileError } from './errors.js';
import type { ScriptFunction } from './function.js';
import {
  emitBuiltinCall,
  evalTypeVariables,
  matchSchema,
  matchTypeVariables,
  NamedValue,
} from './schema_matching.js';
import type { SourceRange } from './source.js';
import { operatorSignatures } from '../types/signature.js';

/** What sugared values need from the function being emitted. */
export interface Method {
  readonly graph: Graph;
  readonly fn: ScriptFunction;
}

export abstract class SugaredValue {
  abstract kind(): string;

  asValue(range: SourceRange, _m: Method): Value {
    throw CompileError.at(range, `${this.kind()} cannot be used as a value`);
  }

  attr(range: SourceRange, _m: Method, _field: string): SugaredValue {
    throw CompileError.at(range, `attribute lookup is not defined on ${this.kind()}`);
  }

  hasAttr(range: SourceRange, _m: Method, _field: string): boolean {
    throw CompileError.at(range, `hasattr is not defined on ${this.kind()}`);
  }

  setAttr(range: SourceRange, _m: Method, _field: string, _v: Value): void {
    throw CompileError.at(range, `attribute assignment is not defined on ${this.kind()}`);
  }

  asTuple(range: SourceRange, _m: Method, _sizeHint: number | null = null): SugaredValue[] {
    throw CompileError.at(range, `${this.kind()} cannot be used as a tuple`);
  }

  call(
    range: SourceRange,
    _m: Method,
    _args: NamedValue[],
    _kwargs: NamedValue[],
    _nBinders: number,
  ): SugaredValue {
    throw CompileError.at(range, `cannot call a ${this.kind()}`);
  }

  iter(range: SourceRange, _m: Method): SugaredValue {
    throw CompileError.at(range, `'${this.kind()}' object is not iterable`);
  }

  len(range: SourceRange, _m: Method): Value {
    throw CompileError.at(range, `'${this.kind()}' object is not iterable`);
  }

  getitem(
    range: SourceRange,
    _m: Method,
    _idx: Value,
    _typeHint: Type | null = null,
  ): SugaredValue {
    throw CompileError.at(range, `'${this.kind()}' object is not subscriptable`);
  }

  /** Iterables whose length is known at compile time (tuples, module lists) unroll. */
  staticLen(): number | null {
    return null;
  }

  shouldEmitUnrolled(): boolean {
    return this.staticLen() !== null;
  }
}

export class SimpleValue extends SugaredValue {
  constructor(readonly value: Value) {
    super();
  }

  kind(): string {
    return `value of type '${this.value.type.annotation()}'`;
  }

  override asValue(): Value {
    return this.value;
  }

  override attr(range: SourceRange, m: Method, field: string): SugaredValue {
    const v = this.value;
    const g = m.graph;
    if (isSubtype(v.type, Types.Tensor) && field in tensorCasts) {
      return new TensorCastValue(tensorCasts[field], NamedValue.of(v, 'self', range));
    }
    const properties =
      v.type === Types.Device
        ? deviceProperties
        : isSubtype(v.type, Types.Tensor)
          ? tensorProperties
          : null;
    if (properties !== null && field in properties) {
      const op = `${properties[field]}::${field}`;
      return new SimpleValue(emitBuiltinCall(null, g, op, [NamedValue.of(v)], []));
    }
    if (v.type instanceof TupleType && v.type.named !== null) {
      const i = v.type.named.fields.indexOf(field);
      if (i >= 0) {
        const idx = insertConstant(g, BigInt(i));
        return new SimpleValue(g.insertNode(createTupleIndex(g, v, idx, v.type.elems[i])).output());
      }
    } else if (v.type instanceof ClassType) {
      if (v.type.methods.has(field)) return new MethodValue(v, field);
      const attribute = v.type.findAttribute(field);
      if (attribute !== undefined) {
        return new SimpleValue(g.insertNode(createGetAttr(g, v, field, attribute.type)).output());
      }
    }
    const builtin = BuiltinFunction.tryCreate(
      `aten::${field === 'type' ? 'to' : field}`,
      NamedValue.of(v, 'self', range),
    );
    if (builtin !== null) return builtin;
    if (isSubtype(v.type, Types.Tensor) && field === 'tolist')
      return new SpecialFormValue('prim::tolist');
    throw CompileError.at(
      range,
      `'${v.type.annotation()}' object has no attribute or method '${field}'`,
    );
  }

  override hasAttr(range: SourceRange, _m: Method, field: string): boolean {
    const t = this.value.type;
    if (!(t instanceof ClassType)) {
      throw CompileError.at(
        range,
        `hasattr's first argument must be an object, got ${t.annotation()} instead`,
      );
    }
    return t.methods.has(field) || t.findAttribute(field) !== undefined || t.constants.has(field);
  }

  override setAttr(range: SourceRange, m: Method, field: string, newValue: Value): void {
    const t = this.value.type;
    if (!(t instanceof ClassType)) {
      throw CompileError.at(
        range,
        `Tried to set an attribute: ${field} on a non-class: ${t.annotation()}`,
      );
    }
    let expected = t.findAttribute(field)?.type;
    if (expected === undefined) {
      const g = m.graph;
      const initializing =
        m.fn.name === '__init__' && g.inputs.length > 0 && g.inputs[0].type === t;
      if (!initializing) {
        throw CompileError.at(
          range,
          `Tried to set nonexistent attribute: ${field}. Did you forget to initialize it in __init__()?`,
        );
      }
      if (g.insertPoint.block !== g.block) {
        throw CompileError.at(
          range,
          'First assignment cannot be in a control-flow block. Initialize the field at the top level first',
        );
      }
      t.addAttribute(field, newValue.type);
      expected = newValue.type;
    }
    if (!isSubtype(newValue.type, expected)) {
      throw CompileError.at(
        range,
        `Wrong type for attribute assignment. Expected ${expected.annotation()} but got ${newValue.type.annotation()}`,
      );
    }
    m.graph.insertNode(createSetAttr(m.graph, this.value, field, newValue));
  }

  override asTuple(range: SourceRange, m: Method, sizeHint: number | null = null): SugaredValue[] {
    const t = this.value.type;
    if (t instanceof TupleType)
      return tupleElements(m.graph, this.value).map((v) => new SimpleValue(v));
    if (t instanceof ListType) {
      if (sizeHint === null) {
        throw CompileError.at(
          range,
          'cannot statically infer the expected size of a list in this context',
        );
      }
      return insertListUnpack(m.graph, this.value, sizeHint).map((v) => new SimpleValue(v));
    }
    throw CompileError.at(range, `${t.annotation()} cannot be used as a tuple`);
  }

  override call(
    range: SourceRange,
    m: Method,
    args: NamedValue[],
    kwargs: NamedValue[],
    nBinders: number,
  ): SugaredValue {
    if (this.value.type instanceof ClassType)
      return this.attr(range, m, '__call__').call(range, m, args, kwargs, nBinders);
    return super.call(range, m, args, kwargs, nBinders);
  }

  override len(range: SourceRange, m: Method): Value {
    const t = this.value.type;
    if (t instanceof ListType || t === Types.str || isSubtype(t, Types.Tensor)) {
      return emitBuiltinCall(range, m.graph, 'aten::len', [NamedValue.of(this.value)], []);
    }
    throw CompileError.at(range, `'${t.annotation()}' object is not iterable`);
  }

  override getitem(
    range: SourceRange,
    m: Method,
    idx: Value,
    typeHint: Type | null = null,
  ): SugaredValue {
    const t = this.value.type;
    const g = m.graph;
    if (t instanceof ListType || t === Types.str || t instanceof DictType) {
      return new SimpleValue(
        emitBuiltinCall(
          range,
          g,
          'aten::__getitem__',
          [NamedValue.of(this.value), NamedValue.of(idx)],
          [],
        ),
      );
    }
    if (isSubtype(t, Types.Tensor)) {
      const dim = NamedValue.constantOf(0n);
      return new SimpleValue(
        emitBuiltinCall(
          range,
          g,
          'aten::select',
          [NamedValue.of(this.value), dim, NamedValue.of(idx)],
          [],
        ),
      );
    }
    if (t instanceof ClassType) {
      if (t.isModule && typeHint !== null) {
        const n = g.insertNode(
          g.create('prim::ModuleContainerIndex', [this.value, idx], [typeHint]),
        );
        n.sourceRange = range;
        return new SimpleValue(n.output());
      }
      return this.attr(range, m, '__getitem__').call(range, m, [NamedValue.of(idx)], [], 1);
    }
    throw CompileError.at(range, `'${t.annotation()}' object is not subscriptable`);
  }

  override iter(range: SourceRange, m: Method): SugaredValue {
    const t = this.value.type;
    if (t instanceof ListType || t === Types.str || isSubtype(t, Types.Tensor)) return this;
    if (t instanceof DictType) {
      return new SimpleValue(
        emitBuiltinCall(range, m.graph, 'aten::keys', [NamedValue.of(this.value)], []),
      );
    }
    if (t instanceof TupleType) {
      return new SugaredTupleValue(
        tupleElements(m.graph, this.value).map((v) => new SimpleValue(v)),
      );
    }
    throw CompileError.at(range, `'${t.annotation()}' object is not iterable`);
  }
}

const tensorCasts: Record<string, string> = {
  byte: 'uint8',
  char: 'int8',
  double: 'float64',
  float: 'float32',
  int: 'int32',
  long: 'int64',
  short: 'int16',
  half: 'float16',
};

// Tensor attributes read through an operator of that namespace (`x.dtype` is prim::dtype(x)).
const tensorProperties: Record<string, string> = {
  dtype: 'prim',
  device: 'prim',
  grad: 'prim',
  data: 'prim',
  shape: 'prim',
  is_cuda: 'prim',
  is_cpu: 'prim',
  is_xpu: 'prim',
  is_sparse: 'prim',
  is_sparse_csr: 'prim',
  is_mkldnn: 'prim',
  is_mps: 'prim',
  is_quantized: 'prim',
  is_vulkan: 'prim',
  is_ipu: 'prim',
  is_meta: 'prim',
  is_leaf: 'aten',
  is_nested: 'prim',
  requires_grad: 'prim',
  layout: 'prim',
  T: 'prim',
  H: 'prim',
  mT: 'aten',
  mH: 'aten',
  is_ort: 'prim',
  ndim: 'prim',
  name: 'prim',
  real: 'aten',
  imag: 'aten',
  retains_grad: 'aten',
};

const deviceProperties: Record<string, string> = { type: 'prim', index: 'prim' };

/** ScalarType numbers of the dtypes `.int()`-style casts name. */
const scalarTypeCodes: Record<string, bigint> = {
  uint8: 0n,
  int8: 1n,
  int16: 2n,
  int32: 3n,
  int64: 4n,
  float16: 5n,
  float32: 6n,
  float64: 7n,
};

/** `x.int()`, `x.float()`: aten::to with the dtype. */
export class TensorCastValue extends SugaredValue {
  constructor(
    private readonly dtype: string,
    private readonly self: NamedValue,
  ) {
    super();
  }
  kind(): string {
    return 'TensorCastValue';
  }
  override call(
    range: SourceRange,
    m: Method,
    args: NamedValue[],
    kwargs: NamedValue[],
  ): SugaredValue {
    const dtype = NamedValue.of(insertConstant(m.graph, scalarTypeCodes[this.dtype], range));
    const all = [this.self, dtype, ...args];
    return new SimpleValue(emitBuiltinCall(range, m.graph, 'aten::to', all, kwargs));
  }
}

/** An operator by name, possibly bound to `self` (`x.add` is aten::add with self = x). */
export class BuiltinFunction extends SugaredValue {
  constructor(
    readonly symbol: string,
    readonly self: NamedValue | null,
  ) {
    super();
  }

  kind(): string {
    return 'builtin';
  }

  override call(
    range: SourceRange,
    m: Method,
    args: NamedValue[],
    kwargs: NamedValue[],
  ): SugaredValue {
    return new SimpleValue(emitBuiltinCall(range, m.graph, this.symbol, args, kwargs, this.self));
  }

  /** The builtin, if some overload takes a `self` of the bound value's type. */
  static tryCreate(symbol: string, self: NamedValue | null): BuiltinFunction | null {
    const sigs = operatorSignatures(symbol);
    if (sigs.length === 0) return null;
    if (self === null) return new BuiltinFunction(symbol, null);
    const selfType = self.existingType();
    for (const sig of sigs) {
      const arg = sig.args.find((a) => a.name === 'self');
      if (arg === undefined) continue;
      if (selfMatches(arg.type, selfType)) return new BuiltinFunction(symbol, self);
    }
    return null;
  }
}

function selfMatches(formal: Type, actual: Type): boolean {
  const env = new Map<string, Type>();
  if (matchTypeVariables(formal, actual, env) !== null) return false;
  const concrete = evalTypeVariables(formal, env);
  return concrete !== null && isSubtype(actual, concrete);
}

/** A module of builtins: `torch.add` is aten::add, `math.sqrt` aten::sqrt. */
export class BuiltinModule extends SugaredValue {
  constructor(private readonly namespace: string) {
    super();
  }
  kind(): string {
    return 'builtin module';
  }
  override attr(range: SourceRange, _m: Method, field: string): SugaredValue {
    if (field === 'autograd')
      throw CompileError.at(range, 'torch.autograd is not supported yet in TorchScript');
    return new BuiltinFunction(`${this.namespace}::${field}`, null);
  }
}

export class NoneValue extends SugaredValue {
  kind(): string {
    return 'None';
  }
}

export class PrintValue extends SugaredValue {
  kind(): string {
    return 'print';
  }
  override call(
    range: SourceRange,
    m: Method,
    args: NamedValue[],
    kwargs: NamedValue[],
  ): SugaredValue {
    if (kwargs.length > 0)
      throw CompileError.at(range, "print doesn't accept any keyword arguments");
    const n = m.graph.insertNode(
      m.graph.create(
        'prim::Print',
        args.map((a) => a.get(m.graph)),
      ),
    );
    n.sourceRange = range;
    return new NoneValue();
  }
}

/** int(x), float(x), bool(x), str(x): the argument itself when it already has the type. */
export class CastValue extends BuiltinFunction {
  constructor(
    private readonly type: Type,
    symbol: string,
  ) {
    super(symbol, null);
  }
  override call(
    range: SourceRange,
    m: Method,
    args: NamedValue[],
    kwargs: NamedValue[],
  ): SugaredValue {
    if (args.length === 1 && kwargs.length === 0) {
      const v = args[0].get(m.graph);
      if (v.type.equals(this.type)) return new SimpleValue(v);
    }
    return super.call(range, m, args, kwargs);
  }
}

/** `len(x)` calls x.__len__ on classes; other magic methods likewise. */
export class MagicMethod extends SugaredValue {
  constructor(
    private readonly desugaredName: string,
    private readonly base: SugaredValue,
  ) {
    super();
  }
  kind(): string {
    return 'magic method';
  }
  override call(
    range: SourceRange,
    m: Method,
    args: NamedValue[],
    kwargs: NamedValue[],
    nBinders: number,
  ): SugaredValue {
    if (args.length > 0) {
      const self = args[0].get(m.graph);
      if (self.type instanceof ClassType) {
        return new SimpleValue(self)
          .attr(range, m, this.desugaredName)
          .call(range, m, args.slice(1), kwargs, nBinders);
      }
    }
    return this.base.call(range, m, args, kwargs, nBinders);
  }
}

/** Calls with special evaluation rules (fork, annotate, range, isinstance...): the emitter handles them. */
export class SpecialFormValue extends SugaredValue {
  constructor(readonly form: string) {
    super();
  }
  kind(): string {
    return this.form;
  }
}

export class RangeValue extends SugaredValue {
  private readonly start: Value;
  private readonly end: Value;
  private readonly step: Value;
  private readonly onlyEnd: boolean;

  constructor(
    range: SourceRange,
    m: Method,
    inputs: readonly Value[],
    private readonly fixedLen: number | null = null,
  ) {
    super();
    inputs.forEach((v, i) => {
      if (v.type !== Types.int) {
        throw CompileError.at(
          range,
          `all inputs of range must be ints, found ${v.type.annotation()} in argument ${i}`,
        );
      }
    });
    const g = m.graph;
    if (inputs.length === 0)
      throw CompileError.at(range, 'range expected at least 1 arguments, got 0');
    if (inputs.length > 3)
      throw CompileError.at(range, `range expected at most 3 arguments, got ${inputs.length}`);
    if (inputs.length === 1) {
      this.end = inputs[0];
      this.start = insertConstant(g, 0n, range);
      this.step = insertConstant(g, 1n, range);
      this.onlyEnd = true;
    } else {
      this.start = inputs[0];
      this.end = inputs[1];
      this.step = inputs.length === 3 ? inputs[2] : insertConstant(g, 1n, range);
      this.onlyEnd = false;
    }
  }

  kind(): string {
    return 'range';
  }

  override iter(): SugaredValue {
    return this;
  }

  override staticLen(): number | null {
    return this.fixedLen;
  }

  override shouldEmitUnrolled(): boolean {
    return false;
  }

  override len(range: SourceRange, m: Method): Value {
    if (this.fixedLen !== null) return insertConstant(m.graph, BigInt(this.fixedLen), range);
    if (this.onlyEnd) return this.end;
    const args = [this.start, this.end, this.step].map((v) => NamedValue.of(v));
    return emitBuiltinCall(range, m.graph, 'aten::__range_length', args, []);
  }

  override getitem(range: SourceRange, m: Method, idx: Value): SugaredValue {
    if (this.onlyEnd) return new SimpleValue(idx);
    const args = [idx, this.start, this.step].map((v) => NamedValue.of(v));
    return new SimpleValue(emitBuiltinCall(range, m.graph, 'aten::__derive_index', args, []));
  }
}

/** zip(...) and enumerate(...): iterates its children in lock step. */
export class IterableTree extends SugaredValue {
  private readonly children: SugaredValue[] = [];
  private unrollLength: number | null = null;

  kind(): string {
    return 'iterabletree';
  }

  addChild(range: SourceRange, child: SugaredValue): void {
    const childLen = child.staticLen();
    if (this.children.length === 0) {
      this.unrollLength = childLen;
    } else {
      if ((this.unrollLength === null) !== (childLen === null)) {
        throw CompileError.at(
          range,
          'Can not iterate over a module list or tuple with a value that does not have a statically determinable length\n',
        );
      }
      this.unrollLength =
        this.unrollLength === null ? null : Math.min(this.unrollLength, childLen!);
    }
    this.children.push(child);
  }

  override iter(): SugaredValue {
    return this;
  }

  override staticLen(): number | null {
    return this.unrollLength;
  }

  private baseIterables(): SugaredValue[] {
    return this.children.flatMap((c) => (c instanceof IterableTree ? c.baseIterables() : [c]));
  }

  override len(range: SourceRange, m: Method): Value {
    const g = m.graph;
    const lengths = this.baseIterables().map((b) => b.len(range, m));
    const list = g.insertNode(createList(g, Types.int, lengths)).output();
    return emitBuiltinCall(range, g, 'prim::min', [NamedValue.of(list)], []);
  }

  override getitem(range: SourceRange, m: Method, idx: Value): SugaredValue {
    return new SugaredTupleValue(this.children.map((c) => c.getitem(range, m, idx)));
  }
}

/** A tuple of sugared values: iterating a tuple or module list unrolls over it. */
export class SugaredTupleValue extends SugaredValue {
  constructor(readonly items: SugaredValue[]) {
    super();
  }
  kind(): string {
    return 'Tuple';
  }
  override asTuple(): SugaredValue[] {
    return this.items;
  }
  override asValue(range: SourceRange, m: Method): Value {
    const values = this.items.map((i) => i.asValue(range, m));
    return m.graph.insertNode(createTuple(m.graph, values)).output();
  }
  override getitem(range: SourceRange, _m: Method, idx: Value): SugaredValue {
    const i = constantInt(idx);
    if (i === null) throw CompileError.at(range, 'Expected integer literal for index');
    const n = this.items.length;
    const at = i < 0 ? i + n : i;
    if (at < 0 || at >= n) throw CompileError.at(range, `Index ${i} out of range of length ${n}`);
    return this.items[at];
  }
  override iter(): SugaredValue {
    return this;
  }
  override staticLen(): number {
    return this.items.length;
  }
}

function constantInt(v: Value): number | null {
  const c = toIValue(v);
  return typeof c === 'bigint' ? Number(c) : null;
}

/** A compiled function: calls become prim::CallFunction of a Function constant. */
export class FunctionValue extends SugaredValue {
  constructor(readonly callee: ScriptFunction) {
    super();
  }
  kind(): string {
    return 'function';
  }
  override call(
    range: SourceRange,
    m: Method,
    args: NamedValue[],
    kwargs: NamedValue[],
  ): SugaredValue {
    this.callee.ensureDefined(range);
    const g = m.graph;
    const matched = matchSchema(this.callee.signature, range, g, args, kwargs);
    const fnConst = g.insertNode(g.create('prim::Constant', [], [new FunctionType(this.callee)]));
    fnConst.setAttribute('name', { kind: 's', value: this.callee.name });
    const call = g.insertNode(
      g.create('prim::CallFunction', [fnConst.output(), ...matched.inputs], matched.returnTypes),
    );
    call.sourceRange = range;
    return new SimpleValue(call.output());
  }
}

/** A method of an object or module: calls become prim::CallMethod. */
export class MethodValue extends SugaredValue {
  constructor(
    readonly self: Value,
    readonly method: string,
  ) {
    super();
  }
  kind(): string {
    return 'method';
  }
  override call(
    range: SourceRange,
    m: Method,
    args: NamedValue[],
    kwargs: NamedValue[],
  ): SugaredValue {
    const g = m.graph;
    const t = this.self.type as ClassType;
    const fn = t.methods.get(this.method) as ScriptFunction | Signature | undefined;
    if (fn === undefined)
      throw CompileError.at(range, `Method ${this.method} not found on ${t.annotation()}`);
    const sig = 'ensureDefined' in fn ? (fn.ensureDefined(range), fn.signature) : fn;
    const matched = matchSchema(sig, range, g, [NamedValue.of(this.self), ...args], kwargs);
    const call = g.insertNode(g.create('prim::CallMethod', matched.inputs, matched.returnTypes));
    call.setAttribute('name', { kind: 's', value: this.method });
    call.sourceRange = range;
    return new SimpleValue(call.output());
  }
}

/** A TorchScript class: calling it creates an object and runs __init__. */
export class ClassValue extends SugaredValue {
  constructor(readonly type: ClassType) {
    super();
  }
  kind(): string {
    return 'class';
  }
  override call(
    range: SourceRange,
    m: Method,
    args: NamedValue[],
    kwargs: NamedValue[],
    nBinders: number,
  ): SugaredValue {
    const g = m.graph;
    const create = g.insertNode(createObject(g, this.type));
    create.sourceRange = range;
    const self = create.output();
    if (!this.type.methods.has('__init__')) {
      throw CompileError.at(
        range,
        `Class ${this.type.name} does not have an __init__ function defined`,
      );
    }
    new MethodValue(self, '__init__').call(range, m, args, kwargs);
    void nBinders;
    return new SimpleValue(self);
  }
  override attr(range: SourceRange, _m: Method, field: string): SugaredValue {
    if (field !== '__new__') {
      throw CompileError.at(
        range,
        `Tried to lookup unknown attribute on class ${this.type.annotation()}`,
      );
    }
    return new SpecialFormValue('prim::CreateObject');
  }
}

/** A NamedTuple's constructor signature: one parameter per field, in order. */
export function namedTupleSignature(t: TupleType): Signature {
  const args: SignatureArg[] = t.named!.fields.map((f, i) => ({
    name: f,
    type: t.elems[i],
    n: null,
    kwargOnly: false,
    isWrite: false,
  }));
  const params = args.map((a) => `${a.type.annotation()} ${a.name}`).join(', ');
  return {
    name: t.named!.name,
    overload: '',
    args,
    returns: [{ name: '', type: t }],
    varargs: false,
    text: `${t.named!.name}(${params}) -> ${t.annotation()}`,
    op: null,
  };
}

/** A NamedTuple class: calling it builds the tuple from its fields. */
export class NamedTupleConstructor extends SugaredValue {
  constructor(
    readonly type: TupleType,
    private readonly signature: Signature = namedTupleSignature(type),
  ) {
    super();
  }
  kind(): string {
    return 'NamedTuple';
  }
  override call(
    range: SourceRange,
    m: Method,
    args: NamedValue[],
    kwargs: NamedValue[],
  ): SugaredValue {
    const matched = matchSchema(this.signature, range, m.graph, args, kwargs);
    const n = m.graph.insertNode(createTuple(m.graph, matched.inputs, this.type));
    n.sourceRange = range;
    return new SimpleValue(n.output());
  }
}

/**
 * An exception class. Python's (`ValueError`) carry their qualified name into the graph
 * (`builtins.ValueError`) and the message as given; the builtin AssertionError prefixes the
 * message with its name instead.
 */
export class ExceptionValue extends SugaredValue {
  constructor(
    readonly className: string,
    /** `builtins.ValueError`, or null for the builtin AssertionError. */
    readonly qualifiedName: string | null,
  ) {
    super();
  }
  kind(): string {
    return 'exception';
  }
  override call(range: SourceRange, m: Method, args: NamedValue[]): SugaredValue {
    const g = m.graph;
    const asString = (nv: NamedValue) => {
      const v = nv.get(g);
      return v.type === Types.str
        ? v
        : emitBuiltinCall(range, g, 'aten::str', [NamedValue.of(v)], []);
    };
    if (this.qualifiedName === null) {
      let message = insertConstant(g, `${this.className}: `, range);
      for (const a of args) {
        message = emitBuiltinCall(
          range,
          g,
          'aten::add',
          [NamedValue.of(message), NamedValue.of(asString(a))],
          [],
        );
      }
      return new ExceptionMessageValue(message, null);
    }
    const message = args.length === 0 ? insertConstant(g, '', range) : asString(args[0]);
    return new ExceptionMessageValue(message, insertConstant(g, this.qualifiedName, range));
  }
}

export class ExceptionMessageValue extends SugaredValue {
  constructor(
    readonly message: Value,
    readonly qualifiedClassName: Value | null,
  ) {
    super();
  }
  kind(): string {
    return 'exception message';
  }
  override asValue(): Value {
    return this.message;
  }
}

/** A prim::Closure made for fork: its output is what the fork calls. */
export class ClosureValue extends SugaredValue {
  constructor(readonly closure: Value) {
    super();
  }
  kind(): string {
    return 'closure';
  }
  override asValue(): Value {
    return this.closure;
  }
}

/** A Python value the resolver found that TorchScript cannot use as a value. */
export class PythonValue extends SugaredValue {
  constructor(readonly pythonTypeName: string) {
    super();
  }
  kind(): string {
    return `python value of type '${this.pythonTypeName}'`;
  }
  override asValue(range: SourceRange): Value {
    throw CompileError.at(
      range,
      `${this.kind()} cannot be used as a value. Perhaps it is a closed over global variable? ` +
        'If so, please consider passing it in as an argument or use a local varible instead.',
    );
  }
}

/** A slice object, for subscripts like x[slice(1, 3)]. */
export class SliceValue extends SugaredValue {
  constructor(
    readonly start: Value | null,
    readonly stop: Value | null,
    readonly step: Value | null,
  ) {
    super();
  }
  kind(): string {
    return 'Python slice value';
  }
}

// Matching a call's arguments against operator and function signatures, with TorchScript's
// implicit conversions, type variables, defaults and error messages:
//
//   Arguments for call are not valid.
//   The following variants are available:
//
//     aten::matmul(Tensor self, Tensor other) -> Tensor:
//     Expected a value of type 'Tensor' for argument 'self' but instead found type 'int'.

import { constantType, insertConstant, type ConstantValue } from '../ir/constants.js';
import { createList, createTuple, tupleElements } from '../ir/create.js';
import type { Graph, Value } from '../ir/ir.js';
import { operatorSignatures, type Signature, type SignatureArg } from '../types/signature.js';
import { isSubtype, unifyTypes } from '../types/subtype.js';
import {
  DictType,
  FutureType,
  ListType,
  OptionalType,
  TupleType,
  Type,
  Types,
  VarType,
  TensorType,
} from '../types/types.js';
import { CompileError } from './errors.js';
import type { SourceRange } from './source.js';

/** An argument at a call site: a value already emitted, or a constant made only if used. */
export class NamedValue {
  private value: Value | null;

  constructor(
    readonly range: SourceRange | null,
    readonly name: string | null,
    value: Value | null,
    readonly constant?: ConstantValue,
  ) {
    this.value = value;
  }

  static of(v: Value, name: string | null = null, range: SourceRange | null = null): NamedValue {
    return new NamedValue(range, name, v);
  }

  static constantOf(c: ConstantValue): NamedValue {
    return new NamedValue(null, null, null, c);
  }

  get(graph: Graph): Value {
    if (this.value === null) this.value = insertConstant(graph, this.constant ?? null, this.range);
    return this.value;
  }

  /** The type of a value already emitted (or of the constant it would make). */
  existingType(): Type {
    return this.value !== null ? this.value.type : constantType(this.constant ?? null);
  }
}

export interface MatchedSchema {
  readonly inputs: Value[];
  readonly returnTypes: Type[];
  readonly returnNames: string[] | null;
  readonly signature: Signature;
}

type TypeEnv = Map<string, Type>;

export function matchTypeVariables(formal: Type, actual: Type, env: TypeEnv): string | null {
  if (!hasFreeVariables(formal)) return null;
  if (formal instanceof VarType) {
    const bound = env.get(formal.name);
    if (bound === undefined) {
      env.set(formal.name, actual);
      return null;
    }
    if (unifyTypes(bound, actual) !== null) return null;
    return `Type variable '${formal.name}' previously matched to type ${bound.annotation()} is matched to type ${actual.annotation()}`;
  }
  if (formal instanceof ListType) {
    if (actual instanceof ListType) return matchTypeVariables(formal.elem, actual.elem, env);
    if (actual instanceof TupleType) {
      const unified = unifyList(actual.elems);
      if (unified !== null) return matchTypeVariables(formal.elem, unified, env);
    }
    return `Cannot match ${formal.annotation()} to ${actual.repr()}`;
  }
  if (formal instanceof TupleType) {
    if (!(actual instanceof TupleType)) return `Cannot match a tuple to ${actual.annotation()}`;
    if (formal.elems.length !== actual.elems.length)
      return 'Cannot match tuples of mismatched size';
    for (let i = 0; i < formal.elems.length; i++) {
      const r = matchTypeVariables(formal.elems[i], actual.elems[i], env);
      if (r !== null) return r;
    }
    return null;
  }
  if (formal instanceof FutureType) {
    if (actual instanceof FutureType) return matchTypeVariables(formal.elem, actual.elem, env);
    return `Cannot match a future to ${actual.annotation()}`;
  }
  if (formal instanceof OptionalType) {
    if (actual instanceof OptionalType) return matchTypeVariables(formal.elem, actual.elem, env);
    if (actual === Types.None) return null;
    return matchTypeVariables(formal.elem, actual, env);
  }
  if (formal instanceof DictType) {
    if (!(actual instanceof DictType)) return `Cannot match a dict to ${actual.annotation()}`;
    return (
      matchTypeVariables(formal.key, actual.key, env) ??
      matchTypeVariables(formal.value, actual.value, env)
    );
  }
  return null;
}

function unifyList(types: readonly Type[]): Type | null {
  if (types.length === 0) return null;
  let t: Type | null = types[0];
  for (let i = 1; i < types.length && t !== null; i++) t = unifyTypes(t, types[i]);
  return t;
}

function hasFreeVariables(t: Type): boolean {
  return t instanceof VarType || t.containedTypes().some(hasFreeVariables);
}

export function evalTypeVariables(t: Type, env: TypeEnv): Type | null {
  if (!hasFreeVariables(t)) return t;
  if (t instanceof VarType) return env.get(t.name) ?? null;
  const sub = (x: Type) => evalTypeVariables(x, env);
  if (t instanceof ListType) {
    const e = sub(t.elem);
    return e === null ? null : new ListType(e);
  }
  if (t instanceof OptionalType) {
    const e = sub(t.elem);
    return e === null ? null : new OptionalType(e);
  }
  if (t instanceof FutureType) {
    const e = sub(t.elem);
    return e === null ? null : new FutureType(e);
  }
  if (t instanceof TupleType) {
    const es = t.elems.map(sub);
    return es.some((e) => e === null) ? null : new TupleType(es as Type[]);
  }
  if (t instanceof DictType) {
    const [k, v] = [sub(t.key), sub(t.value)];
    return k === null || v === null ? null : new DictType(k, v);
  }
  return t;
}

function unwrapOptional(t: Type): Type {
  return t instanceof OptionalType ? t.elem : t;
}

/** A homogeneous tuple or a subtype of the list type converts to the list. */
export function convertibleToList(type: Type, listType: Type): boolean {
  if (!(listType instanceof ListType)) return false;
  if (isSubtype(type, listType)) return true;
  return type instanceof TupleType && type.elems.every((e) => isSubtype(e, listType.elem));
}

/** Implicit conversions: Optional[T] as T, tuples to lists, tensors and numbers to scalars, str to Device. */
export function tryConvertToType(
  range: SourceRange | null,
  graph: Graph,
  concrete: Type,
  value: Value,
  allowConversions: boolean,
): Value {
  if (
    concrete instanceof OptionalType &&
    !(value.type instanceof OptionalType) &&
    value.type !== Types.None
  ) {
    return tryConvertToType(range, graph, concrete.elem, value, allowConversions);
  }
  if (value.node?.kind === 'prim::EmptyListLiteral' && concrete instanceof ListType) {
    value = graph.insertNode(createList(graph, concrete.elem, [])).output();
  }
  if (value.type instanceof TupleType) {
    const target = unwrapOptional(concrete);
    if (convertibleToList(value.type, target)) {
      const elems = tupleElements(graph, value);
      value = graph.insertNode(createList(graph, (target as ListType).elem, elems)).output();
    }
    if (
      concrete instanceof TupleType &&
      value.type instanceof TupleType &&
      !isSubtype(value.type, concrete) &&
      concrete.elems.length === value.type.elems.length
    ) {
      const elems = tupleElements(graph, value);
      const converted = elems.map((e, i) =>
        tryConvertToType(range, graph, concrete.elems[i], e, allowConversions),
      );
      value = graph.insertNode(createTuple(graph, converted)).output();
    }
  }
  if (allowConversions) {
    const isTensor = isSubtype(value.type, Types.Tensor);
    const insert = (op: string) => emitBuiltinCall(range, graph, op, [NamedValue.of(value)], []);
    if (isTensor) {
      if (concrete === Types.float) value = insert('aten::FloatImplicit');
      else if (concrete === Types.int) value = insert('aten::IntImplicit');
      else if (concrete === Types.number) value = insert('aten::ScalarImplicit');
    } else if (value.type === Types.number) {
      if (concrete === Types.float) value = insert('aten::Float');
      else if (concrete === Types.int) value = insert('aten::Int');
    }
    if (isSubtype(value.type, Types.str) && isSubtype(concrete, Types.Device))
      return insert('aten::device');
  }
  return value;
}

interface MatchContext {
  readonly graph: Graph;
  readonly range: SourceRange | null;
  readonly failures: string[] | null;
  readonly signature: Signature;
  readonly allowConversions: boolean;
  readonly env: TypeEnv;
}

function fail(ctx: MatchContext, message: string): null {
  ctx.failures?.push(`\n${ctx.signature.text}:\n${message}`);
  return null;
}

function formatMismatch(arg: SignatureArg, actual: Type): string {
  return `Expected a value of type '${arg.type.annotation()}' for argument '${arg.name}' but instead found type '${actual.repr()}'.\n`;
}

function tryMatchArgument(
  ctx: MatchContext,
  arg: SignatureArg,
  nv: NamedValue,
  allowConversions: boolean,
): Value | null {
  const { graph } = ctx;
  let value = nv.get(graph);
  // int[2] and float[2] accept one number for every element.
  const formalList = unwrapOptional(arg.type);
  if (
    (value.type === Types.int || value.type === Types.float) &&
    formalList instanceof ListType &&
    formalList.elem === value.type &&
    arg.n !== null
  ) {
    value = graph
      .insertNode(createList(graph, value.type, new Array<Value>(arg.n).fill(value)))
      .output();
  }
  const matched = matchTypeVariables(arg.type, value.type, ctx.env);
  if (matched !== null) {
    return fail(
      ctx,
      `Could not match type ${value.type.repr()} to ${arg.type.annotation()} in argument '${arg.name}': ${matched}.\n`,
    );
  }
  const concrete = evalTypeVariables(arg.type, ctx.env);
  if (concrete === null) {
    return fail(
      ctx,
      `Type variables in type ${arg.type.annotation()} could not be inferred from actual type ${value.type.annotation()}`,
    );
  }
  value = tryConvertToType(ctx.range, graph, concrete, value, allowConversions);
  if (!isSubtype(value.type, concrete)) {
    let message = formatMismatch(arg, value.type);
    if (value.type instanceof TensorType && value.type.inferred) {
      message += `Inferred the value for argument '${arg.name}' to be of type 'Tensor' because it was not annotated with an explicit type.\n`;
    }
    if (value.type instanceof ListType && isSubtype(value.type.elem, Types.Tensor)) {
      message +=
        'Empty lists default to List[Tensor]. Add a variable annotation to the assignment to create an empty list of another type (torch.jit.annotate(List[T, []]) where T is the type of elements in the list for Python 2)\n';
    }
    return fail(ctx, message);
  }
  return value;
}

function varargsCanBeUsedAsList(sig: Signature, index: number, arg: SignatureArg): boolean {
  const isLast = index + 1 === sig.args.length || sig.args[index + 1].kwargOnly;
  const isList = arg.type instanceof ListType;
  const typeVarList = isList && (arg.type as ListType).elem instanceof VarType;
  return isLast && isList && arg.n === null && !typeVarList;
}

function tryMatchSchema(
  sig: Signature,
  range: SourceRange | null,
  graph: Graph,
  args: readonly NamedValue[],
  kwargs: readonly NamedValue[],
  self: NamedValue | null,
  failures: string[] | null,
  allowConversions: boolean,
): MatchedSchema | null {
  // aten::view.dtype would swallow x.view(1): TorchScript cannot tell a dtype from an int.
  if (sig.name === 'aten::view' && sig.overload === 'dtype') return null;
  const ctx: MatchContext = {
    graph,
    range,
    failures,
    signature: sig,
    allowConversions,
    env: new Map(),
  };
  const inputs: Value[] = [];
  const usedKwargs = new Array<boolean>(kwargs.length).fill(false);
  const isAten = sig.name.startsWith('aten::');
  let usedArgs = 0;
  for (let i = 0; i < sig.args.length; i++) {
    const arg = sig.args[i];
    let actual: NamedValue;
    if (arg.name === 'self' && self !== null) {
      actual = self;
      self = null;
    } else if (!arg.kwargOnly && usedArgs < args.length) {
      if (allowConversions && varargsCanBeUsedAsList(sig, i, arg)) {
        const first = args[usedArgs].get(graph);
        if (
          !(first.type instanceof ListType) &&
          !convertibleToList(first.type, unwrapOptional(arg.type))
        ) {
          const elemArg: SignatureArg = {
            name: '<varargs>',
            type: (unwrapOptional(arg.type) as ListType).elem,
            n: null,
            kwargOnly: false,
            isWrite: false,
          };
          const elems: Value[] = [];
          for (const nv of args.slice(usedArgs)) {
            const v = tryMatchArgument(ctx, elemArg, nv, allowConversions);
            if (v === null) return null;
            elems.push(v);
          }
          inputs.push(graph.insertNode(createList(graph, elemArg.type, elems)).output());
          usedArgs = args.length;
          continue;
        }
      }
      actual = args[usedArgs++];
    } else {
      const k = kwargs.findIndex(
        (kw) => kw.name === arg.name || (isAten && arg.name === 'self' && kw.name === 'input'),
      );
      if (k >= 0) {
        if (usedKwargs[k])
          return fail(
            ctx,
            `Argument ${kwargs[k].name} specified twice in schema, submit a bug report!\n`,
          );
        usedKwargs[k] = true;
        actual = kwargs[k];
      } else if ('default' in arg) {
        actual = NamedValue.constantOf(arg.default ?? null);
      } else {
        return fail(ctx, `Argument ${arg.name} not provided.\n`);
      }
    }
    const v = tryMatchArgument(ctx, arg, actual, allowConversions);
    if (v === null) return null;
    inputs.push(v);
  }
  if (self !== null) fail(ctx, 'Provided self argument not used in schema.\n');
  if (sig.varargs)
    for (; usedArgs < args.length; usedArgs++) inputs.push(args[usedArgs].get(graph));
  if (usedArgs < args.length) {
    return fail(
      ctx,
      `Expected at most ${usedArgs} arguments but found ${args.length} positional arguments.\n`,
    );
  }
  for (let k = 0; k < kwargs.length; k++) {
    if (usedKwargs[k]) continue;
    const known = sig.args.some((a) => a.name === kwargs[k].name);
    return fail(
      ctx,
      `Keyword argument ${kwargs[k].name} ${known ? 'specified twice' : 'unknown'}.\n`,
    );
  }
  const returnTypes = sig.returns.map((r) => {
    const t = evalTypeVariables(r.type, ctx.env);
    if (t === null) throw new Error(`${r.type.annotation()} has unbound type variables.`);
    return t;
  });
  const named = sig.returns.length > 0 && sig.returns.every((r) => r.name.length > 0);
  return {
    inputs,
    returnTypes,
    returnNames: named ? sig.returns.map((r) => r.name) : null,
    signature: sig,
  };
}

export function matchSchema(
  sig: Signature,
  range: SourceRange | null,
  graph: Graph,
  args: readonly NamedValue[],
  kwargs: readonly NamedValue[],
  self: NamedValue | null = null,
): MatchedSchema {
  const failures: string[] = [];
  const m = tryMatchSchema(sig, range, graph, args, kwargs, self, failures, true);
  if (m !== null) return m;
  throw errorAt(range, failures.join(''));
}

/** Tries each signature without conversions, then with; the first match wins. */
export function matchSchemas(
  sigs: readonly Signature[],
  range: SourceRange | null,
  graph: Graph,
  args: readonly NamedValue[],
  kwargs: readonly NamedValue[],
  self: NamedValue | null = null,
): [number, MatchedSchema] {
  if (sigs.length === 1) return [0, matchSchema(sigs[0], range, graph, args, kwargs, self)];
  for (const allow of [false, true]) {
    for (let i = 0; i < sigs.length; i++) {
      const m = tryMatchSchema(sigs[i], range, graph, args, kwargs, self, null, allow);
      if (m !== null) return [i, m];
    }
  }
  const failures: string[] = [];
  for (const allow of [false, true]) {
    failures.length = 0;
    for (const sig of sigs) tryMatchSchema(sig, range, graph, args, kwargs, self, failures, allow);
  }
  throw errorAt(
    range,
    `Arguments for call are not valid.\nThe following variants are available:\n${prefixLines(failures.join(''), '  ')}\nThe original call is`,
  );
}

function prefixLines(text: string, prefix: string): string {
  let out = '';
  let atLineStart = true;
  for (const c of text) {
    if (atLineStart) out += prefix;
    out += c;
    atLineStart = c === '\n';
  }
  return out;
}

function errorAt(range: SourceRange | null, message: string): CompileError {
  return range === null ? new CompileError(message, []) : CompileError.at(range, message);
}

/** Signatures a builtin call may match beyond registry operators: TorchScript-written helpers. */
export interface BuiltinFunctionLibrary {
  signatures(name: string): readonly Signature[];
  /** Inlines the helper's graph at the insertion point and returns its output. */
  inline(graph: Graph, sig: Signature, inputs: readonly Value[]): Value;
}

let builtinFunctions: BuiltinFunctionLibrary | null = null;

export function setBuiltinFunctionLibrary(lib: BuiltinFunctionLibrary): void {
  builtinFunctions = lib;
}

/** Emits a call of the builtin `name` (`aten::add`): the matching overload's node, outputs packed. */
export function emitBuiltinCall(
  range: SourceRange | null,
  graph: Graph,
  name: string,
  args: readonly NamedValue[],
  kwargs: readonly NamedValue[],
  self: NamedValue | null = null,
): Value {
  const operators = operatorSignatures(name);
  const helpers = builtinFunctions?.signatures(name) ?? [];
  const sigs = [...operators, ...helpers];
  if (sigs.length === 0) {
    throw errorAt(
      range,
      `Unknown builtin op: ${name}.\nCould not find any similar ops to ${name}. This op may not exist or may not be currently supported in TorchScript.\n`,
    );
  }
  const [index, matched] = matchSchemas(sigs, range, graph, args, kwargs, self);
  if (index >= operators.length)
    return builtinFunctions!.inline(graph, matched.signature, matched.inputs);
  return emitBuiltinNode(matched, range, graph, name);
}

export function emitBuiltinNode(
  matched: MatchedSchema,
  range: SourceRange | null,
  graph: Graph,
  name: string,
): Value {
  const n = graph.insertNode(graph.create(name, matched.inputs, matched.returnTypes));
  n.sourceRange = range;
  n.schemaName = matched.signature.overload ? `${name}.${matched.signature.overload}` : name;
  if (n.outputs.length === 1) return n.outputs[0];
  const type = new TupleType(
    n.outputs.map((o) => o.type),
    matched.returnNames === null ? null : { name: '', fields: matched.returnNames },
  );
  return graph.insertNode(createTuple(graph, n.outputs, type)).output();
}

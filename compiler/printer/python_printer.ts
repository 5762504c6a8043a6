// `.code`: a function's graph printed back as TorchScript source, exactly as PyTorch 1.13's python
// printer (torch/csrc/jit/serialization/python_print.cpp) writes it.
//
//   def fn(x: Tensor,
//       n: int=2) -> Tensor:
//     _0 = torch.add(torch.mul(x, n), 1)
//     return _0
//
// How it works, in the order a function is printed:
// * Names. Parameters take their schema names; a value that must be written to a variable takes
//   its debug name without the `.N` suffix (`x.1` -> `x`), or `_`, made unique by appending a
//   counter (`x`, `x0`, `x1`; `_0`, `_1`).
// * Inlining. A value used once is written into the expression that uses it, instead of being
//   assigned to a variable, when that keeps evaluation order: scanning each block backwards, the
//   input of a node may be inlined when the node just before it (constants skipped) produces it.
//   Constants are always inlined. Named values stay variables unless they are only returned.
// * Long lines. An inlined expression of 40 characters or more (counting indentation) is split
//   out into a `_N = ...` assignment, together with every inlined argument before it in the
//   enclosing calls, so side effects keep their order.
// * Statements. prim::If and prim::Loop become `if`/`else` and `for ... in range(...)`/`while`
//   with their outputs assigned at the end of each block; forks become local functions.
// * Expressions. Operators print as `torch.name(args)` (`ops.prim.name` outside aten), without
//   trailing arguments equal to their defaults and with keyword-only ones named; a few builtins
//   print as Python (`int(x)`, `x[i]`, `[a, b]`, `self.attr`, `(obj).method(a, )`).

import { ConstantTensorText, sameObjectConstant, type ConstantValue } from '../ir/constants.js';
import type { Block, Graph, Node, Value } from '../ir/ir.js';
import type { Signature } from '../types/signature.js';
import { unknownNamedTuple } from '../types/type_parser.js';
import {
  DictType,
  FunctionType,
  ListType,
  OptionalType,
  TupleType,
  Type,
  Types,
} from '../types/types.js';
import { constantRepr, elementTypeCanBeInferred, quotedString } from './constant_repr.js';
import {
  constantValue,
  mustBeNone,
  necessaryArguments,
  registrySchema,
  type SchemaLookup,
} from '../ir/node_schema.js';

export interface PythonPrintOptions {
  /** A method: its first parameter (self) prints without a type. */
  readonly method?: boolean;
  /**
   * The function's schema: parameter names and defaults (`scale: float=2.`) and the return type.
   * Without it, names come from the graph inputs' debug names and there are no defaults.
   */
  readonly signature?: Pick<Signature, 'args' | 'returns'>;
  /** The operator schema a node calls; by default the operator registry's (see node_schema.ts). */
  readonly schemaFor?: SchemaLookup;
  /**
   * The qualified name of the function a `prim::Constant[name="f"]` refers to, for constants
   * that do not carry their function (parsed graphs): `__torch__.case.f`.
   */
  readonly qualifiedFunctionName?: (name: string) => string;
  /**
   * The table `CONSTANTS.cN` refers to: tensors and strings with non-ASCII characters are
   * appended to it instead of printed inline. Share one table between the methods of a module.
   */
  readonly constants?: unknown[];
  /**
   * The counters that make names unique (`_0`, `x0`). An archive's code file shares them between
   * its functions, as PyTorch's printer does: the second method's temporaries go on from `_N`.
   */
  readonly nameCounters?: Map<string, number>;
  /**
   * The indentation level of the `def` (1 for a method printed inside its class, as archives
   * hold them). Long lines are judged with the indentation, so deeper code splits sooner.
   */
  readonly level?: number;
}

/** The `.code` of a function (or, with `method`, a method) whose graph is `graph`. */
export function printFunction(
  graph: Graph,
  name: string,
  options: PythonPrintOptions = {},
): string {
  const p = new PythonPrinter(options);
  p.printFunction(graph, name);
  return p.text();
}

/** Names the printer never gives a value: keywords, and names the printed code itself uses. */
const reservedNames = new Set([
  '_', 'as', 'aten', 'attribute', 'CONSTANTS', 'fork', 'getattr', 'inf', 'nan', 'infj', 'nanj', 'ops',
  '__torch__', 'and', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif',
  'else', 'except', 'False', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda',
  'None', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'True', 'try', 'with', 'while', 'yield',
  'uninitialized', 'unchecked_cast',
]); // prettier-ignore

const int64Max = 9223372036854775807n;

/** Nodes whose subgraph closes over their inputs. */
const closureCalls = new Set([
  'prim::fork',
  'prim::rpc_async',
  'prim::rpc_sync',
  'prim::rpc_remote',
]);

/**
 * The parameters of a block, as one node: PyTorch's prim::Param. Inlining compares a value's
 * producer with the node before a use, and for the first node of a block that is the block's
 * parameters.
 */
class ParamNode {
  readonly kind = 'prim::Param';
  readonly inputs: readonly Value[] = [];
  readonly blocks: readonly Block[] = [];
  constructor(readonly block: Block) {}
  get outputs(): readonly Value[] {
    return this.block.inputs;
  }
}

type AnyNode = Node | ParamNode;

class PythonPrinter {
  private readonly lines: string[] = [];
  private level = 0;
  /** Values assigned to variables: their names. They take precedence over expressions. */
  private readonly identRefs = new Map<Value, string>();
  /** Values written inline: their expressions. */
  private readonly exprTable = new Map<Value, string>();
  /** Nodes whose output is written into its use instead of a variable. */
  private readonly outputInline = new Set<AnyNode>();
  /** For long-line splitting: how far into each user's inputs the scan has already been. */
  private readonly splitScanned = new Map<Node, number>();
  private readonly usedNames = new Set<string>();
  private readonly nextId: Map<string, number>;
  private readonly seenConstants = new Set<Node>();
  /** Optional and Union variables whose first assignment printed their type. */
  private readonly annotatedUnions = new Set<Value>();
  private readonly params = new Map<Block, ParamNode>();
  private readonly schemaFor: SchemaLookup;
  private readonly constants: unknown[];

  constructor(private readonly options: PythonPrintOptions) {
    this.schemaFor = options.schemaFor ?? registrySchema;
    this.constants = options.constants ?? [];
    this.nextId = options.nameCounters ?? new Map();
    this.level = options.level ?? 0;
  }

  text(): string {
    return this.lines.join('');
  }

  printFunction(graph: Graph, name: string): void {
    this.usedNames.clear();
    const sig = this.options.signature;
    let header = `def ${name}(`;
    graph.inputs.forEach((input, i) => {
      const arg = sig?.args[i];
      const argName = this.genName(arg?.name ?? parameterName(input));
      const typed = `${argName}: ${annotation(arg?.type ?? input.type)}`;
      if (i > 0) header += `,\n    ${typed}`;
      else header += this.options.method === true ? argName : typed;
      if (arg !== undefined && 'default' in arg) {
        header += `=${this.defaultText(arg.default!, arg.type, arg.n)}`;
      }
      this.identRefs.set(input, argName);
    });
    const returnType = sig?.returns[0]?.type ?? graph.outputs[0]?.type ?? Types.None;
    this.lines.push(`${'  '.repeat(this.level)}${header}) -> ${annotation(returnType)}:\n`);
    this.printBody(graph.block);
  }

  /** `stride: List[int]=[1, 1]`: a broadcasting list's single default fills the list. */
  private defaultText(v: ConstantValue, type: Type, n: number | null | undefined): string {
    const list = type instanceof OptionalType ? type.elem : type;
    if (
      list instanceof ListType &&
      n != null &&
      (typeof v === 'bigint' || typeof v === 'number' || typeof v === 'boolean')
    ) {
      return `[${new Array<string>(n).fill(this.constant(v)).join(', ')}]`;
    }
    return this.constant(v);
  }

  // ---- inlining: which values are written into their use ----

  private canInline(v: Value): boolean {
    const n = this.nodeOf(v);
    if (n.outputs.length !== 1 || v.uses.length !== 1) return false;
    const use = v.uses[0];
    // A named value was a variable in the source; keep it unless it is only returned.
    if (v.debugName !== null && use.user.kind !== 'prim::Return') return false;
    if (n.blocks.length !== 0) return false;
    // Loop-carried inputs are assigned before the loop: the trip count or condition could move.
    if (use.user.kind === 'prim::Loop' && use.offset >= 2) return false;
    // A forked closure may use its input more than once.
    if (closureCalls.has(use.user.kind)) return false;
    // isinstance inlined into a condition would refine types a second time.
    return n.kind !== 'prim::isinstance';
  }

  /** Backwards over a block: each node, then the inputs it may inline, right to left. */
  private scanBlock(b: Block): void {
    this.scanNode(b.returnNode);
    for (let i = b.nodes.length - 1; i >= 0; i--) this.scanNode(b.nodes[i]);
  }

  /** Returns the node before the inputs this node inlined: where the scan continues. */
  private scanNode(n: AnyNode): AnyNode {
    if (this.outputInline.has(n)) return n;
    for (const b of n.blocks) this.scanBlock(b);
    let blockPoint = this.previousNonConstant(n);
    for (let i = n.inputs.length - 1; i >= 0; i--) {
      blockPoint = this.scanValue(blockPoint, n.inputs[i]);
    }
    return blockPoint;
  }

  private scanValue(blockPoint: AnyNode, v: Value): AnyNode {
    const n = this.nodeOf(v);
    if (n === blockPoint && this.canInline(v)) {
      blockPoint = this.scanNode(blockPoint);
      this.outputInline.add(n);
    } else if (n.kind === 'prim::Constant') {
      this.outputInline.add(n);
    }
    return blockPoint;
  }

  private previousNonConstant(n: AnyNode): AnyNode {
    do n = this.prev(n);
    while (n.kind === 'prim::Constant');
    return n;
  }

  /** The node before `n` in its block; a block's list is a ring through its params and return. */
  private prev(n: AnyNode): AnyNode {
    if (n instanceof ParamNode) return n.block.returnNode;
    const b = n.owningBlock!;
    if (n === b.returnNode) return b.nodes[b.nodes.length - 1] ?? this.paramNode(b);
    const i = b.nodes.indexOf(n);
    return i > 0 ? b.nodes[i - 1] : this.paramNode(b);
  }

  private nodeOf(v: Value): AnyNode {
    if (v.node !== null) return v.node;
    if (v.block === null) throw new Error('python printer: a value with neither node nor block');
    return this.paramNode(v.block);
  }

  private paramNode(b: Block): ParamNode {
    let p = this.params.get(b);
    if (p === undefined) this.params.set(b, (p = new ParamNode(b)));
    return p;
  }

  // ---- names ----

  /** `candidate`, or `candidate` followed by a counter where that is taken or reserved. */
  private genName(candidate: string): string {
    let name = candidate;
    while (this.usedNames.has(name) || reservedNames.has(name)) {
      const id = this.nextId.get(name) ?? 0;
      this.nextId.set(name, id + 1);
      name = `${candidate}${id}`;
    }
    this.usedNames.add(name);
    return name;
  }

  private genUniqueNameFor(v: Value): string {
    return this.genName(v.debugName === null ? '_' : validIdentifier(debugNameBase(v.debugName)));
  }

  private assignUniqueNames(values: readonly Value[]): void {
    for (const v of values) this.identRefs.set(v, this.genUniqueNameFor(v));
  }

  private useOf(v: Value): string {
    const s = this.identRefs.get(v) ?? this.exprTable.get(v);
    if (s === undefined) {
      throw new Error(`python printer: ${describe(v)} is used before it is printed`);
    }
    return s;
  }

  private valueList(values: readonly Value[], begin = '', end = ''): string {
    return `${begin}${values.map((v) => this.useOf(v)).join(', ')}${end}`;
  }

  // ---- statements ----

  private emit(line: string): void {
    this.lines.push(`${'  '.repeat(this.level)}${line}\n`);
  }

  private printBody(body: Block): void {
    // Constants print at the top, in the order they are used; most are inlined (print nothing).
    const constants: Node[] = [];
    this.buildConstantList(body, constants);
    this.scanBlock(body);
    this.level++;
    for (const c of constants) this.printNode(c, true);
    this.printBlock(body, body.outputs.length > 0);
    this.printNode(body.returnNode, false);
    this.level--;
  }

  private buildConstantList(b: Block, constants: Node[]): void {
    for (const n of [...b.nodes, b.returnNode]) {
      for (const input of n.inputs) {
        const producer = input.node;
        if (producer?.kind === 'prim::Constant' && !this.seenConstants.has(producer)) {
          constants.push(producer);
          this.seenConstants.add(producer);
        }
      }
      for (const inner of n.blocks) this.buildConstantList(inner, constants);
    }
  }

  /** The nodes of a block; `pass` when there are none and nothing else follows. */
  private printBlock(b: Block, hasOtherStatements: boolean): void {
    if (!hasOtherStatements && b.nodes.length === 0) this.emit('pass');
    for (const n of b.nodes) this.printNode(n, false);
  }

  private printNode(node: Node, printConstant: boolean): void {
    if (!printConstant && node.kind === 'prim::Constant') return;
    switch (node.kind) {
      case 'prim::Return':
        if (node.inputs.length > 0) this.emit(`return ${this.valueList(node.inputs)}`);
        return;
      case 'prim::If':
        return this.printIf(node);
      case 'prim::Loop':
        return this.printLoop(node);
      case 'prim::TupleUnpack':
      case 'prim::ListUnpack': {
        // `a, b, = t`: the trailing comma unpacks even a single value.
        this.assignUniqueNames(node.outputs);
        const targets = node.outputs.length > 0 ? this.valueList(node.outputs, '', ', = ') : '';
        this.emit(targets + this.useOf(node.inputs[0]));
        return;
      }
      case 'prim::SetAttr': {
        const [obj, value] = node.inputs.map((v) => this.useOf(v));
        this.emit(`${obj}.${stringAttribute(node, 'name')} = ${value}`);
        return;
      }
      case 'prim::fork':
        return this.printFork(node);
      case 'prim::Enter':
        return this.printEnter(node);
      case 'prim::Exit':
        if (this.prev(node).kind === 'prim::Enter') this.emit('pass');
        this.level--;
        return;
      case 'prim::Closure':
        return this.printClosure(node);
      case 'prim::ModuleContainerIndex': {
        const out = node.outputs[0];
        this.assignUniqueNames([out]);
        const [container, key] = node.inputs.map((v) => this.useOf(v));
        this.emit(`${this.useOf(out)} : ${annotation(out.type)} = ${container}[${key}]`);
        return;
      }
      default:
        return this.printExpressionNode(node);
    }
  }

  /** A node that computes an expression: inlined into its use, or assigned to its outputs. */
  private printExpressionNode(node: Node): void {
    const expr = this.rhs(node);
    // Long constants get a variable here; other long expressions are split where they are used.
    if (!this.outputInline.has(node) || (node.kind === 'prim::Constant' && this.isLongLine(expr))) {
      this.printOutputDefinition(node, expr);
      return;
    }
    this.exprTable.set(node.outputs[0], expr);
    if (this.isLongLine(expr)) this.splitLongInlines(node.outputs[0]);
  }

  private printOutputDefinition(node: AnyNode, expr: string): void {
    this.assignUniqueNames(node.outputs);
    this.emit(node.outputs.length > 0 ? `${this.valueList(node.outputs)} = ${expr}` : expr);
  }

  private isLongLine(s: string): boolean {
    return s.length + this.level * 2 >= 40;
  }

  /**
   * Gives the long inlined value `v` a variable, and with it every inlined argument before it in
   * the calls that enclose it, so that they still run first:
   *
   *   r = foo(x.add_(b), some_long + expression)    becomes    _0 = x.add_(b)
   *                                                            _1 = some_long + expression
   *                                                            r = foo(_0, _1)
   */
  private splitLongInlines(v: Value): void {
    const toSplit: Value[] = [];
    const use = v.uses[0];
    this.scanLongInlines(use.user, use.offset, toSplit);
    for (const arg of toSplit.reverse())
      this.printOutputDefinition(this.nodeOf(arg), this.useOf(arg));
  }

  private scanLongInlines(user: Node, offset: number, toSplit: Value[]): void {
    const scanned = this.splitScanned.get(user);
    for (let i = offset; i >= (scanned === undefined ? 0 : scanned + 1); i--) {
      const arg = user.inputs[i];
      const producer = this.nodeOf(arg);
      if (producer.kind !== 'prim::Constant' && this.outputInline.has(producer)) toSplit.push(arg);
    }
    this.splitScanned.set(user, offset);
    if (scanned === undefined && this.outputInline.has(user)) {
      // The enclosing call is still being written, so its own argument stays: offset - 1.
      const use = user.outputs[0].uses[0];
      this.scanLongInlines(use.user, use.offset - 1, toSplit);
    }
  }

  /** `x = y` for each pair; one Optional or Union variable is annotated the first time. */
  private printAssignment(lhs: readonly Value[], rhs: readonly Value[]): void {
    if (lhs.length === 0) return;
    let line = this.valueList(lhs);
    if (lhs.length === 1) {
      const v = lhs[0];
      if (!this.annotatedUnions.has(v) && !this.exprTable.has(v) && isUnionLike(v.type)) {
        line += ` : ${annotation(v.type)}`;
        this.annotatedUnions.add(v);
      }
    }
    this.emit(`${line} = ${this.valueList(rhs)}`);
  }

  /** One line per pair, annotated where the variable's type is not the value's. */
  private printAnnotatedAssignment(lhs: readonly Value[], rhs: readonly Value[]): void {
    lhs.forEach((v, i) => {
      const annotate = isUnionLike(v.type) ? this.firstAnnotation(v) : !v.type.equals(rhs[i].type);
      const typed = annotate ? `: ${annotation(v.type)}` : '';
      this.emit(`${this.useOf(v)}${typed} = ${this.useOf(rhs[i])}`);
    });
  }

  /** Whether this is the first time the Optional or Union variable `v` is annotated. */
  private firstAnnotation(v: Value): boolean {
    if (this.annotatedUnions.has(v)) return false;
    this.annotatedUnions.add(v);
    return true;
  }

  private printIf(node: Node): void {
    const outputs = node.outputs;
    this.assignUniqueNames(outputs);
    this.emit(`if ${this.useOf(node.inputs[0])}:`);
    node.blocks.forEach((b, i) => {
      if (i === 1) this.emit('else:');
      this.level++;
      this.printBlock(b, outputs.length > 0);
      this.printAssignment(outputs, b.outputs);
      this.level--;
    });
  }

  /**
   * `for i in range(n):` when the condition is always true, `while c:` otherwise. Loop-carried
   * values are assigned to the loop's outputs before the loop and at the end of each trip.
   */
  private printLoop(node: Node): void {
    const [maxTripCount, inputCond, ...carriedInputs] = node.inputs;
    const body = node.blocks[0];
    const [tripCount, ...bodyCarried] = body.inputs;
    const isFor = this.loopType(node) === 'for';
    this.assignUniqueNames(node.outputs);
    bodyCarried.forEach((v, i) => this.exprTable.set(v, this.useOf(node.outputs[i])));
    this.printAnnotatedAssignment(node.outputs, carriedInputs);
    this.assignUniqueNames([tripCount]);
    if (isFor) {
      this.emit(`for ${this.useOf(tripCount)} in range(${this.useOf(maxTripCount)}):`);
    } else {
      // The trip count is unused in a while loop: its variable holds the condition instead.
      this.printAssignment([tripCount], [inputCond]);
      this.emit(`while ${this.useOf(tripCount)}:`);
    }
    this.level++;
    const offset = isFor ? 1 : 0;
    const carried = body.inputs.slice(offset);
    this.printBlock(body, carried.length > 0);
    this.printAssignment(carried, body.outputs.slice(offset));
    this.level--;
  }

  private loopType(node: Node): 'for' | 'while' {
    const tripCount = constantValue(node.inputs[0]);
    const condIn = constantValue(node.inputs[1]);
    const condOut = constantValue(node.blocks[0].outputs[0]);
    const alwaysTrue = condIn === true && condOut === true;
    const tripCountGiven = tripCount !== int64Max || node.blocks[0].inputs[0].uses.length > 0;
    if (alwaysTrue) return tripCountGiven ? 'for' : 'while';
    if (tripCountGiven) {
      throw new Error(
        'python printer: loop cannot be printed as python because it has gone through an optimization that combined while and for loops',
      );
    }
    return 'while';
  }

  /** The forked subgraph becomes a local function, its inputs the values the fork passed. */
  private printFork(node: Node): void {
    const name = this.genName('__forked_function');
    const sub = node.attribute('Subgraph');
    if (sub?.kind !== 'g') throw new Error('python printer: prim::fork without a Subgraph');
    this.emit(`def ${name}():`);
    sub.value.inputs.forEach((v, i) => this.exprTable.set(v, this.useOf(node.inputs[i])));
    this.printBody(sub.value.block);
    this.printOutputDefinition(node, `fork(${name})`);
  }

  private printEnter(node: Node): void {
    const out = node.outputs[0];
    let line = `with ${this.useOf(node.inputs[0])}`;
    if (out !== undefined && out.uses.length > 0) {
      this.identRefs.set(out, this.genUniqueNameFor(out));
      line += ` as ${this.useOf(out)}`;
    }
    this.emit(`${line}:`);
    this.level++;
  }

  private printClosure(node: Node): void {
    this.assignUniqueNames(node.outputs);
    const sub = node.attribute('Subgraph');
    if (sub?.kind !== 'g') throw new Error('python printer: prim::Closure without a Subgraph');
    this.assignUniqueNames(sub.value.inputs);
    const params = sub.value.inputs.map((v) => `${this.useOf(v)}: ${annotation(v.type)}`);
    this.emit(`def ${this.useOf(node.outputs[0])}(${params.join(', ')}):`);
    this.printBody(sub.value.block);
  }

  // ---- expressions ----

  /** The expression a node computes, e.g. `torch.add(x, y)`. */
  private rhs(node: Node): string {
    const input = (i: number) => this.useOf(node.inputs[i]);
    const outType = () => node.outputs[0].type;
    switch (node.kind) {
      case 'prim::PythonOp':
        return `^${stringAttribute(node, 'name')}()${this.valueList(node.inputs, '(', ')')}`;
      case 'prim::Uninitialized':
        return `uninitialized(${annotation(outType())})`;
      case 'prim::Constant':
        return this.constantNode(node);
      case 'aten::ScalarImplicit':
      case 'aten::FloatImplicit':
      case 'aten::IntImplicit':
        return `annotate(${annotation(outType())}, ${input(0)})`;
      case 'aten::Int':
        return this.valueList(node.inputs, 'int(', ')');
      case 'aten::Float':
        return this.valueList(node.inputs, 'float(', ')');
      case 'aten::Bool':
        return this.valueList(node.inputs, 'bool(', ')');
      case 'aten::str':
        return this.valueList(node.inputs, 'str(', ')');
      case 'aten::__getitem__': {
        const container = input(0);
        return `${isValidIdentifier(container) ? container : `(${container})`}[${input(1)}]`;
      }
      case 'prim::Print':
        return this.valueList(node.inputs, 'print(', ')');
      case 'aten::sorted':
        return this.valueList(node.inputs, 'sorted(', ')');
      case 'prim::TupleConstruct': {
        const t = outType();
        const name =
          t instanceof TupleType && t.named !== null && t.named.name !== '' ? annotation(t) : '';
        return name + this.valueList(node.inputs, '(', node.inputs.length === 1 ? ',)' : ')');
      }
      case 'prim::TupleIndex':
        return `(${input(0)})[${input(1)}]`;
      case 'prim::TupleSlice':
        return `(${input(0)})[${integerAttribute(node, 'beg')}:${integerAttribute(node, 'end')}]`;
      case 'prim::ListConstruct':
        return this.listLiteral(node);
      case 'prim::DictConstruct':
        return this.dictLiteral(node);
      case 'prim::CreateObject': {
        const t = annotation(outType());
        return `${t}.__new__(${t})`;
      }
      case 'prim::GetAttr': {
        const field = stringAttribute(node, 'name');
        return isValidIdentifier(field)
          ? `${input(0)}.${field}`
          : `getattr(${input(0)}, ${quotedString(field)})`;
      }
      case 'prim::CallFunction':
        return `${input(0)}(${this.trailingArgs(node.inputs.slice(1))})`;
      case 'prim::CallMethod':
        return `(${input(0)}).${stringAttribute(node, 'name')}(${this.trailingArgs(node.inputs.slice(1))})`;
      case 'aten::_unwrap_optional': {
        // unwrap_optional(None) could not be typed when read back: annotate it.
        const v = node.inputs[0];
        const isNone = v.type === Types.None || (v.node !== null && mustBeNone(v.node));
        const optional = annotation(new OptionalType(outType()));
        return `torch._unwrap_optional(${isNone ? `annotate(${optional}, ${input(0)})` : input(0)})`;
      }
      case 'prim::unchecked_unwrap_optional':
      case 'prim::unchecked_cast':
        return `unchecked_cast(${annotation(outType())}, ${input(0)})`;
      case 'prim::isinstance':
        return `isinstance(${input(0)}, ${isinstanceTypes(node)})`;
      case 'prim::tolist':
        return `annotate(${annotation(outType())}, ${input(0)}.tolist())`;
      case 'prim::EnumValue':
        return `(${input(0)}).value`;
      case 'prim::EnumName':
        return `(${input(0)}).name`;
      default:
        return this.operatorCall(node);
    }
  }

  /** `a, b, `: call arguments of script functions and methods, each followed by a comma. */
  private trailingArgs(values: readonly Value[]): string {
    return values.map((v) => `${this.useOf(v)}, `).join('');
  }

  private listLiteral(node: Node): string {
    const t = node.outputs[0].type;
    const items = this.valueList(node.inputs, '[', ']');
    // An empty list, or one whose elements do not show its type, is annotated.
    const inferable = t instanceof ListType && elementTypeCanBeInferred(t.elem);
    return node.inputs.length > 0 && inferable ? items : `annotate(${annotation(t)}, ${items})`;
  }

  private dictLiteral(node: Node): string {
    const t = node.outputs[0].type;
    const pairs: string[] = [];
    for (let i = 0; i < node.inputs.length; i += 2) {
      pairs.push(`${this.useOf(node.inputs[i])}: ${this.useOf(node.inputs[i + 1])}`);
    }
    const literal = `{${pairs.join(', ')}}`;
    const ambiguous =
      t instanceof DictType &&
      (!elementTypeCanBeInferred(t.key) || !elementTypeCanBeInferred(t.value));
    return node.inputs.length === 0 || ambiguous
      ? `annotate(${annotation(t)}, ${literal})`
      : literal;
  }

  /** `torch.op(a, b, kw=c)`: trailing default arguments left out, keyword-only ones named. */
  private operatorCall(node: Node): string {
    const schema = this.schemaFor(node);
    if (schema === undefined) {
      const types = node.inputs.map((v) => v.type.str()).join(', ');
      throw new Error(`python printer: no schema of ${node.kind} takes (${types})`);
    }
    const args = schema.args;
    let text = `${operatorName(node.kind)}(`;
    if (args.length > 0) {
      const { necessary, out } = necessaryArguments(schema, node.inputs);
      for (let i = 0; i < necessary; i++) {
        const keyword = i < args.length && args[i].kwargOnly ? `${args[i].name}=` : '';
        text += `${i > 0 ? ', ' : ''}${keyword}${this.useOf(node.inputs[i])}`;
      }
      // out= arguments are always named, at the end.
      for (let i = args.length - out; i < args.length; i++) {
        const input = node.inputs[node.inputs.length - (args.length - i)];
        text += input === undefined ? ', ' : `, ${args[i].name}=${this.useOf(input)}`;
      }
    }
    return `${text})`;
  }

  private constantNode(node: Node): string {
    const out = node.outputs[0];
    if (node.outputs.length === 1 && out.type.kind === 'Function') return this.functionName(node);
    if (mustBeNone(node)) return 'None';
    const v = constantValue(out);
    if (v === undefined) throw new Error(`python printer: cannot print constant ${describe(out)}`);
    return this.constant(v);
  }

  private constant(v: ConstantValue): string {
    return constantRepr(v, (x) => this.outOfLine(x));
  }

  /**
   * `CONSTANTS.cN` for a tensor or a non-ASCII string; equal tensor texts share an entry, and so
   * does one tensor object used twice (as PyTorch's table shares an IValue of the same identity).
   */
  private outOfLine(v: unknown): string {
    let i =
      v instanceof ConstantTensorText ? this.constants.findIndex((c) => sameTensorText(c, v)) : -1;
    if (i < 0 && typeof v === 'object' && v !== null) {
      i = this.constants.findIndex((c) => sameObjectConstant(c, v));
    }
    if (i < 0) i = this.constants.push(v) - 1;
    return `CONSTANTS.c${i}`;
  }

  /**
   * A function constant prints as the function's qualified name: the compiled function its
   * FunctionType knows it, otherwise the caller's option.
   */
  private functionName(node: Node): string {
    const type = node.output().type;
    if (type instanceof FunctionType) return type.fn.qualifiedName;
    const name = stringAttribute(node, 'name');
    const qualify = this.options.qualifiedFunctionName;
    if (qualify === undefined) {
      throw new Error(`python printer: the qualified name of function ${name} is unknown`);
    }
    return qualify(name);
  }
}

function sameTensorText(c: unknown, v: ConstantTensorText): boolean {
  return c instanceof ConstantTensorText && c.text === v.text && c.type.equals(v.type);
}

/** `aten::add` -> `torch.add`; other namespaces -> `ops.prim.min`. */
function operatorName(kind: string): string {
  if (kind === 'aten::backward') return 'torch.autograd.backward';
  if (kind === 'aten::grad') return 'torch.autograd.grad';
  const [ns, name] = kind.split('::');
  return ns === 'aten' ? `torch.${name}` : `ops.${ns}.${name}`;
}

function isinstanceTypes(node: Node): string {
  const a = node.attribute('types');
  let names: readonly string[];
  if (a?.kind === 'ss') names = a.value;
  else if (a?.kind === 'ty') names = [annotation(a.value)];
  else throw new Error('python printer: prim::isinstance without types');
  return names.length === 1 ? names[0] : `(${names.join(', ')})`;
}

/** A type as code annotates it: `List[int]`, `Optional[Tensor]`, `__torch__.case.M`. */
function annotation(t: Type): string {
  const s = t.annotation();
  if (s.includes(unknownNamedTuple)) {
    throw new Error(`python printer: the class name of the NamedTuple ${t.str()} is unknown`);
  }
  return s;
}

function isUnionLike(t: Type): boolean {
  return t.kind === 'Union' || t.kind === 'Optional';
}

function stringAttribute(node: Node, name: string): string {
  const a = node.attribute(name);
  if (a?.kind !== 's')
    throw new Error(`python printer: ${node.kind} has no string attribute ${name}`);
  return a.value;
}

function integerAttribute(node: Node, name: string): string {
  const a = node.attribute(name);
  if (a?.kind !== 'i') throw new Error(`python printer: ${node.kind} has no int attribute ${name}`);
  return String(a.value);
}

/** `x.1` -> `x`: the name without the number that made it unique. */
function debugNameBase(name: string): string {
  return name.replace(/\.\d+$/, '');
}

function parameterName(v: Value): string {
  return v.debugName === null ? '_' : debugNameBase(v.debugName);
}

/** A debug name made a Python identifier: other characters become `_`, a leading digit gets one. */
function validIdentifier(name: string): string {
  const s = name.replace(/[^A-Za-z0-9_]/g, '_');
  return s === '' || /^\d/.test(s) ? `_${s}` : s;
}

function isValidIdentifier(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}

function describe(v: Value): string {
  return v.debugName === null ? `%${v.unique}` : `%${v.debugName}`;
}

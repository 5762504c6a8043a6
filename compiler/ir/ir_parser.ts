// IR text back into a Graph: the inverse of str(graph), for PyTorch's graphs and ours.
//
//   graph(%x.1 : Tensor,
//         %n.1 : int):
//     %2 : int = prim::Constant[value=0]() # case.py:6:11
//     %y.1 : Tensor, %z : int = aten::foo(%x.1, %2), scope: __module.conv # case.py:7:4
//      = prim::If(%c)
//       block0():
//         -> ()
//       block1(%i.1 : int):
//         -> (%i.1)
//     %f : Future[int] = prim::fork_0(%n.1)
//     return (%y.1)
//   with prim::fork_0 = graph(%n.1 : int):
//     ...
//
// Grammar (one node per line; `I` is the line's indentation, two spaces per level):
//   graph  := 'graph(' [param {',' spaces param}] '):\n' body(1) '  return (' uses ')\n'
//             {'with ' kind '_' N ' = ' graph}             the subgraph of the N-th group node
//   body(l):= {I node {block}}
//   node   := [defs] ' = ' kind ['[' attrs ']'] '(' uses ')' [', scope: ' s] [' # ' file:line:col]
//             | defs ' = ^' name '[' attrs '](' scalars ')(' uses ')'        a Python call
//   block  := I 'block' k '(' [param {',' spaces param}] '):\n' body(l+2) I '  -> (' uses ')\n'
//   param  := '%' name ' : ' type        defs := param {', ' param}        uses := %name, ...
//
// Value names come back as they were: `%x.1` is a debug name, `%24` an anonymous value numbered
// 24, so the graph prints again exactly as it was read. Source positions come back as ranges in
// a stand-in Source that knows only the position (the text is not in the graph).

import { Source, SourceRange } from '../frontend/source.js';
import {
  ClassRegistry,
  isBuiltinModule,
  parseTypeAt,
  type TypeParserOptions,
} from '../types/type_parser.js';
import { ListType, TupleType, Type, Types } from '../types/types.js';
import {
  ConstantList,
  ConstantTensorText,
  ConstantTuple,
  type ConstantValue,
} from './constants.js';
import { Block, Graph, Node, Value, type AttributeValue } from './ir.js';

export interface IrParseOptions extends TypeParserOptions {
  /** Qualified names of classes the caller knows to be modules (the graph may not show it). */
  readonly modules?: Iterable<string>;
}

/** Parses a graph as str(graph) prints it, subgraphs (`with prim::fork_0 = ...`) included. */
export function parseGraph(text: string, options: IrParseOptions = {}): Graph {
  const classes = options.classes ?? new ClassRegistry();
  for (const name of moduleClassesIn(text, options.modules)) {
    if (!classes.has(name)) classes.declare(name, true);
  }
  const parser = new IrParser(text, { ...options, classes });
  const g = parser.graphWithSubgraphs();
  parser.expectEnd();
  return g;
}

/**
 * The classes the graph text shows to be modules, besides torch.nn's (which the registry knows by
 * name): those the caller names, and the owners of attributes that are modules, since a plain
 * class cannot hold a module.
 */
function moduleClassesIn(text: string, known: Iterable<string> = []): Set<string> {
  const modules = new Set<string>(known);
  const typeOf = new Map<string, string>();
  for (const m of text.matchAll(/%([\w.]+) : ([^,=)\n]+?)(?=[,)]| =|\n)/g)) typeOf.set(m[1], m[2]);
  const edges: [owner: string, attribute: string][] = [];
  for (const m of text.matchAll(
    /%[\w.]+ : ([^=\n]+?) = prim::GetAttr\[name="[^"]*"\]\(%([\w.]+)\)/g,
  )) {
    const owner = typeOf.get(m[2]);
    if (owner !== undefined) edges.push([owner, m[1]]);
  }
  const isModule = (name: string) => modules.has(name) || isBuiltinModule(name);
  // Repeat until nothing changes: a module may hold a module that holds a module.
  for (let changed = true; changed;) {
    changed = false;
    for (const [owner, attribute] of edges) {
      if (isModule(attribute) && !isModule(owner)) {
        modules.add(owner);
        changed = true;
      }
    }
  }
  return modules;
}

interface GroupUse {
  readonly node: Node;
  /** `prim::fork_0` as printed. */
  readonly printedKind: string;
}

class IrParser {
  private pos = 0;
  /** Kinds printed with a subgraph number (`prim::fork_0`): those that have a `with` section. */
  private readonly groupKinds: Set<string>;

  constructor(
    private readonly text: string,
    private readonly options: IrParseOptions,
  ) {
    this.groupKinds = new Set([...text.matchAll(/^with (\S+) = graph\(/gm)].map((m) => m[1]));
  }

  /** A graph and, after it, the `with` sections of its group nodes, in the order they printed. */
  graphWithSubgraphs(): Graph {
    const scope = new GraphScope(new Graph(), maxAnonymousName(this.text));
    const groups: GroupUse[] = [];
    this.expect('graph(');
    this.params(scope, scope.graph.block);
    this.expect(':\n');
    this.body(scope, scope.graph.block, 1, groups);
    this.expect('  return (');
    for (const v of this.uses(scope)) scope.graph.registerOutput(v);
    this.expect(')');
    // The text may end without a final newline.
    if (!this.accept('\n') && this.pos !== this.text.length) this.fail('a newline');
    groups.forEach((g, i) => {
      this.expect(`with ${g.printedKind.replace(/_\d+$/, '')}_${i} = `);
      g.node.setAttribute('Subgraph', { kind: 'g', value: this.graphWithSubgraphs() });
    });
    scope.finish();
    return scope.graph;
  }

  expectEnd(): void {
    if (this.pos !== this.text.length) this.fail('the end of the graph');
  }

  /** Nodes at `level` until the line that closes the block (`return` or `->`). */
  private body(scope: GraphScope, block: Block, level: number, groups: GroupUse[]): void {
    const indent = '  '.repeat(level);
    for (;;) {
      const rest = this.text.slice(this.pos, this.pos + indent.length + 6);
      if (rest === `${indent}return` || rest.startsWith(`${indent}-> (`)) return;
      this.expect(indent);
      const node = this.node(scope, groups);
      block.appendNode(node);
      while (this.text.startsWith(`${indent}  block`, this.pos))
        this.block(scope, node, level + 1, groups);
    }
  }

  private block(scope: GraphScope, owner: Node, level: number, groups: GroupUse[]): void {
    const indent = '  '.repeat(level);
    const b = owner.addBlock();
    this.expect(`${indent}block${owner.blocks.length - 1}(`);
    this.params(scope, b);
    this.expect(':\n');
    this.body(scope, b, level + 1, groups);
    this.expect(`${indent}  -> (`);
    for (const v of this.uses(scope)) b.addOutput(v);
    this.expect(')\n');
  }

  /**
   * `%a : T, %b : U)` (the closing parenthesis included) as inputs of `block`. Printers separate
   * graph inputs with `,\n      `; any spacing after the comma is accepted.
   */
  private params(scope: GraphScope, block: Block): void {
    let first = true;
    while (!this.accept(')')) {
      if (!first) {
        this.expect(',');
        while (this.text[this.pos] === ' ' || this.text[this.pos] === '\n') this.pos++;
      }
      first = false;
      const { name, type } = this.definition();
      scope.define(
        name,
        () => block.addInput(type),
        (v) => block.inputs.push(v.setType(type)),
        block,
      );
    }
  }

  private node(scope: GraphScope, groups: GroupUse[]): Node {
    const defs: { name: string; type: Type }[] = [];
    if (this.text[this.pos] === '%') {
      do defs.push(this.definition());
      while (this.accept(', '));
    }
    this.expect(' = ');
    const node =
      this.text[this.pos] === '^' ? this.pythonOp(scope) : this.operator(scope, defs, groups);
    for (const d of defs) {
      scope.define(
        d.name,
        () => node.addOutput(d.type),
        (v) => node.outputs.push(v.setType(d.type)),
        node,
      );
    }
    if (this.accept(', scope: ')) node.scope = this.until(/ # |\n/);
    if (this.accept(' # ')) node.sourceRange = location(this.until(/\n/));
    this.expect('\n');
    return node;
  }

  private operator(scope: GraphScope, defs: readonly { type: Type }[], groups: GroupUse[]): Node {
    const printed = this.match(/^[A-Za-z_][A-Za-z0-9_]*::[A-Za-z0-9_]+/, 'an operator kind');
    const isGroup = this.groupKinds.has(printed);
    const node = new Node(scope.graph, isGroup ? printed.replace(/_\d+$/, '') : printed);
    if (isGroup) groups.push({ node, printedKind: printed });
    if (this.accept('[')) this.attributes(node, defs.length === 1 ? defs[0].type : null);
    this.expect('(');
    for (const v of this.uses(scope)) node.addInput(v);
    this.expect(')');
    return node;
  }

  /**
   * `^name[attributes](scalars)(inputs)`: a call of a Python function. The node is a
   * prim::PythonOp whose `name` attribute holds the function's name; constant Python
   * arguments (the scalars) are not supported.
   */
  private pythonOp(scope: GraphScope): Node {
    this.expect('^');
    const name = this.match(/^[A-Za-z_][A-Za-z0-9_.]*/, 'a Python function name');
    const node = new Node(scope.graph, 'prim::PythonOp');
    node.setAttribute('name', { kind: 's', value: name });
    this.expect('[');
    this.attributes(node, null);
    if (!this.accept('()')) this.fail('() (Python ops with constant arguments are not supported)');
    this.expect('(');
    for (const v of this.uses(scope)) node.addInput(v);
    this.expect(')');
    return node;
  }

  /** `name=value, ...]`; a prim::Constant's value is read as its output type says. */
  private attributes(node: Node, outputType: Type | null): void {
    let first = true;
    while (!this.accept(']')) {
      if (!first) this.expect(', ');
      first = false;
      const name = this.match(/^[A-Za-z_][A-Za-z0-9_]*/, 'an attribute name');
      this.expect('=');
      const isValue = node.kind === 'prim::Constant' && name === 'value' && outputType !== null;
      node.setAttribute(name, isValue ? this.constantAttribute(outputType) : this.plainAttribute());
    }
  }

  /** Attributes of operators other than constants: ints, floats, strings, int and string lists. */
  private plainAttribute(): AttributeValue {
    const c = this.text[this.pos];
    if (c === '"') return { kind: 's', value: this.string() };
    if (c === '[') {
      this.expect('[');
      const items: (bigint | string)[] = [];
      while (!this.accept(']')) {
        if (items.length > 0) this.expect(', ');
        items.push(this.text[this.pos] === '"' ? this.string() : this.integer());
      }
      if (items.every((x) => typeof x === 'bigint'))
        return { kind: 'is', value: items.map(Number) };
      if (items.every((x) => typeof x === 'string'))
        return { kind: 'ss', value: items as string[] };
      this.fail('a list of only ints or only strings');
    }
    const n = this.number();
    return typeof n === 'bigint' ? { kind: 'i', value: n } : { kind: 'f', value: n };
  }

  /**
   * A constant's value as the compiler keeps it (see constants.ts): ints and bools as integer
   * attributes, floats, strings (and devices) as strings, int lists as 'is', other containers as
   * ConstantList / ConstantTuple, tensors as their text.
   */
  private constantAttribute(type: Type): AttributeValue {
    if (this.text[this.pos] === '{')
      return { kind: 'ival', value: new ConstantTensorText(this.braces(), type) };
    if (type === Types.str || type === Types.Device) return { kind: 's', value: this.string() };
    if (type === Types.bool) return { kind: 'i', value: this.integer() === 0n ? 0n : 1n };
    if (type instanceof ListType || type instanceof TupleType) {
      const v = this.containerValue(type);
      if (
        v instanceof ConstantList &&
        v.items.length > 0 &&
        v.items.every((x) => typeof x === 'bigint')
      ) {
        return { kind: 'is', value: v.items.map(Number) };
      }
      return { kind: 'ival', value: v };
    }
    const n = this.number();
    // A float prints without a point only from 1e10 on (`10000000000`).
    if (type === Types.float) return { kind: 'f', value: Number(n) };
    return typeof n === 'bigint' ? { kind: 'i', value: n } : { kind: 'f', value: n };
  }

  /** An element of a constant container, read as `type` says. */
  private constantValue(type: Type): ConstantValue {
    if (this.accept('None')) return null;
    if (this.accept('True')) return true;
    if (this.accept('False')) return false;
    if (this.text[this.pos] === '"') return this.string();
    if (type instanceof ListType || type instanceof TupleType) return this.containerValue(type);
    return this.number();
  }

  /** `[a, b]`, `annotate(List[T], [...])`, `(a, b)`, `(a,)`. */
  private containerValue(type: ListType | TupleType): ConstantValue {
    if (this.accept('annotate(')) {
      this.expect(`${type.annotation()}, `);
      const v = this.containerValue(type);
      this.expect(')');
      return v;
    }
    if (type instanceof ListType) {
      this.expect('[');
      const items: ConstantValue[] = [];
      while (!this.accept(']')) {
        if (items.length > 0) this.expect(', ');
        items.push(this.constantValue(type.elem));
      }
      return new ConstantList(items, type);
    }
    this.expect('(');
    const items: ConstantValue[] = [];
    while (!this.accept(')')) {
      // `(a, b)`, and `(a,)` for a single element.
      if (items.length > 0 && !this.accept(', ')) {
        this.expect(',');
        continue;
      }
      if (items.length >= type.elems.length) this.fail(`a tuple of ${type.elems.length} elements`);
      items.push(this.constantValue(type.elems[items.length]));
    }
    return new ConstantTuple(items, type);
  }

  /** An int (bigint) or a float as printed: `3`, `-1`, `1.`, `0.5`, `1e-08`, `inf`, `nan`. */
  private number(): bigint | number {
    const m = /^-?(inf|nan|\d+(\.\d*)?(e[+-]?\d+)?)/.exec(this.text.slice(this.pos));
    if (m === null) this.fail('a number');
    this.pos += m[0].length;
    if (m[1] === 'inf' || m[1] === 'nan')
      return Number(m[0].replace('inf', 'Infinity').replace('nan', 'NaN'));
    return m[2] === undefined && m[3] === undefined ? BigInt(m[0]) : Number(m[0]);
  }

  private integer(): bigint {
    const n = this.number();
    if (typeof n !== 'bigint') this.fail('an integer');
    return n;
  }

  /** A double-quoted string with C escapes (c10::printQuotedString's). */
  private string(): string {
    this.expect('"');
    let out = '';
    for (;;) {
      const c = this.text[this.pos++];
      if (c === undefined || c === '\n') this.fail('the end of the string');
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.text[this.pos++];
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        f: '\f',
        v: '\v',
        a: '\x07',
        b: '\b',
      };
      if (simple[e] !== undefined) out += simple[e];
      else if (/[0-7]/.test(e)) {
        out += String.fromCharCode(parseInt(this.text.slice(this.pos - 1, this.pos + 2), 8));
        this.pos += 2;
      } else out += e;
    }
  }

  /** A balanced `{...}`. */
  private braces(): string {
    const start = this.pos;
    let depth = 0;
    do {
      const c = this.text[this.pos++];
      if (c === undefined || c === '\n') this.fail('a closing }');
      if (c === '{') depth++;
      else if (c === '}') depth--;
    } while (depth > 0);
    return this.text.slice(start, this.pos);
  }

  /** `%name : Type`. */
  private definition(): { name: string; type: Type } {
    const name = this.valueName();
    this.expect(' : ');
    const { type, end } = parseTypeAt(this.text, this.pos, this.options);
    this.pos = end;
    return { name, type };
  }

  /** `%a, %b)` without the parenthesis: the values named. */
  private uses(scope: GraphScope): Value[] {
    const values: Value[] = [];
    while (this.text[this.pos] === '%') {
      const at = this.pos;
      const name = this.valueName();
      const v = scope.use(name);
      if (v === undefined) {
        this.pos = at;
        this.fail(`%${name} to be defined before its use`);
      }
      values.push(v);
      if (!this.accept(', ')) break;
    }
    return values;
  }

  private valueName(): string {
    this.expect('%');
    return this.match(/^[A-Za-z0-9_.]+/, 'a value name');
  }

  private match(re: RegExp, what: string): string {
    const m = re.exec(this.text.slice(this.pos, this.pos + 200));
    if (m === null) this.fail(what);
    this.pos += m[0].length;
    return m[0];
  }

  private until(stop: RegExp): string {
    const rest = this.text.slice(this.pos);
    const m = stop.exec(rest);
    const end = m === null ? rest.length : m.index;
    this.pos += end;
    return rest.slice(0, end);
  }

  private accept(token: string): boolean {
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  private expect(token: string): void {
    if (!this.accept(token)) this.fail(JSON.stringify(token));
  }

  private fail(what: string): never {
    const line = this.text.slice(0, this.pos).split('\n').length;
    const lineStart = this.text.lastIndexOf('\n', this.pos - 1) + 1;
    const lineEnd = this.text.indexOf('\n', this.pos);
    const lineText = this.text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
    throw new Error(
      `IR parse error at line ${line}, column ${this.pos - lineStart}: expected ${what}\n  ${lineText}`,
    );
  }
}

/** The largest anonymous value number (`%24`) in the text, or -1. */
function maxAnonymousName(text: string): number {
  let max = -1;
  for (const m of text.matchAll(/%(\d+)\b(?![\w.])/g)) max = Math.max(max, Number(m[1]));
  return max;
}

/**
 * The values of one graph by name. Anonymous values keep their numbers: every number up to the
 * largest in the text is made first, in order, so `%24` is the graph's value number 24 whatever
 * order the text defines values in; named values are numbered after them.
 */
class GraphScope {
  private readonly values = new Map<string, Value>();
  private readonly numbered: Value[] = [];

  constructor(
    readonly graph: Graph,
    maxNumber: number,
  ) {
    for (let i = 0; i <= maxNumber; i++) this.numbered.push(graph.newValue(Types.None, null, null));
  }

  /**
   * Defines `name`: a named value is made by `make`; a numbered one is taken from the numbered
   * values and attached by `attach` to its node (or block).
   */
  define(name: string, make: () => Value, attach: (v: Value) => void, owner: Node | Block): void {
    if (this.values.has(name)) throw new Error(`IR parse error: %${name} is defined twice`);
    let v: Value;
    if (/^\d+$/.test(name)) {
      v = this.numbered[Number(name)];
      if (owner instanceof Node) v.node = owner;
      else v.block = owner;
      attach(v);
    } else {
      v = make().setDebugName(name);
    }
    this.values.set(name, v);
  }

  use(name: string): Value | undefined {
    return this.values.get(name);
  }

  /** Numbered values not defined in this graph (they belong to another) are dropped. */
  finish(): void {
    this.numbered.length = 0;
  }
}

/** `case.py:6:11` as a SourceRange in a stand-in Source that has only the position. */
function location(text: string): SourceRange {
  const m = /^(.*):(\d+):(\d+)$/.exec(text);
  if (m === null) throw new Error(`IR parse error: unsupported source location '${text}'`);
  const [line, column] = [Number(m[2]), Number(m[3])];
  const source = new Source(' '.repeat(column), m[1], line - 1);
  return new SourceRange(source, column, column);
}

// str(graph): the IR as TorchScript prints it.
//
//   graph(%x.1 : Tensor):
//     %2 : int = prim::Constant[value=0]() # case.py:6:11
//     %3 : Tensor = aten::gt(%x.1, %2) # case.py:6:7
//     return (%3)
//   with prim::fork_0 = graph(...)
//
// Subgraph-carrying nodes (prim::fork) print as `kind_N` and their graphs follow the main one.

import { formatFloat } from '../../runtime/tensor/pyfloat.js';
import type { AttributeValue, Block, Graph, Node, Value } from './ir.js';

export interface PrintOptions {
  readonly sourceLocations?: boolean;
  readonly scopes?: boolean;
}

/** Printed names: the value's debug name (unique in its graph), else its number. */
class Namer {
  name(v: Value): string {
    return `%${v.debugName ?? v.unique}`;
  }
}

export function printGraph(graph: Graph, options: PrintOptions = {}): string {
  return new GraphPrinter(options).graph(graph);
}

/** One node as str(node) prints it: its line, unindented, then its blocks. */
export function printNode(n: Node, options: PrintOptions = {}): string {
  return new GraphPrinter(options).nodeText(n);
}

class GraphPrinter {
  private readonly namer = new Namer();
  private out = '';

  constructor(private readonly options: PrintOptions) {}

  graph(g: Graph): string {
    const groups: Node[] = [];
    this.out += `graph(${this.typedList(g.inputs, ',\n      ')}):\n`;
    for (const n of g.nodes) this.node(n, 1, groups);
    this.out += `  return (${this.list(g.outputs)})\n`;
    groups.forEach((n, i) => {
      const sub = n.attribute('Subgraph');
      if (sub?.kind === 'g')
        this.out += `with ${n.kind}_${i} = ${new GraphPrinter(this.options).graph(sub.value)}`;
    });
    return this.out;
  }

  nodeText(n: Node): string {
    this.node(n, 0, []);
    return this.out;
  }

  private node(n: Node, level: number, groups: Node[]): void {
    this.out += `${'  '.repeat(level)}${this.typedList(n.outputs, ', ')} = `;
    if (n.attributes.has('Subgraph')) {
      this.out += `${n.kind}_${groups.length}`;
      if (n.attributes.size > 1) this.out += this.attributes(n, true);
      groups.push(n);
    } else if (n.kind === 'prim::PythonOp') {
      // A call of a Python function prints as ^name[attributes](constant Python arguments).
      const name = n.attribute('name');
      const rest = [...n.attributes]
        .filter(([k]) => k !== 'name')
        .map(([k, v]) => `${k}=${attributeText(v)}`);
      this.out += `^${name?.kind === 's' ? name.value : '?'}[${rest.join(', ')}]()`;
    } else {
      this.out += n.kind;
      if (n.attributes.size > 0) this.out += this.attributes(n, false);
    }
    this.out += `(${this.list(n.inputs)})`;
    if (this.options.scopes !== false && n.scope !== null && n.scope !== '')
      this.out += `, scope: ${n.scope}`;
    if (this.options.sourceLocations !== false && n.sourceRange !== null)
      this.out += ` # ${n.sourceRange}`;
    this.out += '\n';
    n.blocks.forEach((b, i) => this.block(b, i, level + 1, groups));
  }

  private block(b: Block, index: number, level: number, groups: Node[]): void {
    this.out += `${'  '.repeat(level)}block${index}(${this.typedList(b.inputs, ', ')}):\n`;
    for (const n of b.nodes) this.node(n, level + 1, groups);
    this.out += `${'  '.repeat(level + 1)}-> (${this.list(b.outputs)})\n`;
  }

  private list(values: readonly Value[]): string {
    return values.map((v) => this.namer.name(v)).join(', ');
  }

  private typedList(values: readonly Value[], sep: string): string {
    return values.map((v) => `${this.namer.name(v)} : ${v.type.str()}`).join(sep);
  }

  private attributes(n: Node, ignoreSubgraph: boolean): string {
    const parts: string[] = [];
    for (const [name, value] of n.attributes) {
      if (ignoreSubgraph && name === 'Subgraph') continue;
      parts.push(`${name}=${attributeText(value)}`);
    }
    return `[${parts.join(', ')}]`;
  }
}

/** A double as IR attributes print it: 17 significant digits, and a '.' when integral. */
export function irFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const s = formatFloat(x, '.17g');
  return /[.e]/.test(s) ? s : `${s}.`;
}

/** A string literal as C++ prints it in IR: double quotes, control characters escaped. */
export function irString(s: string): string {
  const escapes: Record<string, string> = {
    '\\': '\\\\',
    '"': '\\"',
    '\n': '\\n',
    '\t': '\\t',
    '\f': '\\f',
    '\v': '\\v',
    '\r': '\\r',
    '\b': '\\b',
    '\x07': '\\a',
  };
  return `"${[...s].map((c) => escapes[c] ?? c).join('')}"`;
}

function attributeText(a: AttributeValue): string {
  switch (a.kind) {
    case 'i':
      return String(a.value);
    case 'f':
      return irFloat(a.value);
    case 's':
      return irString(a.value);
    case 'b':
      return a.value ? '1' : '0';
    case 'is':
      return `[${a.value.join(', ')}]`;
    case 'ss':
      return `[${a.value.map(irString).join(', ')}]`;
    case 'ty':
      return a.value.str();
    case 'g':
      return '<Graph>';
    case 'ival':
      return ivalueText(a.value);
  }
}

/** Attribute values held as IValues (constants of containers, tensors, tuples). */
export type IValuePrinter = (v: unknown) => string;
let ivalueText: IValuePrinter = (v) => String(v);

/** The runtime installs how its values (tensors, tuples) print inside constant attributes. */
export function setIValuePrinter(p: IValuePrinter): void {
  ivalueText = p;
}

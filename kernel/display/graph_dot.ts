// A compiled graph (a GraphView, runtime/jit/graph_view.ts) as Graphviz DOT, for graph_svg.ts:
//
//   graph inputs      green ellipses, named as the graph prints them (%x.1)
//   operators         boxes labelled with their kind (aten::add) and attributes; the tooltip is
//                     the node's source position and text
//   values            edges from producer to user, labelled with their type
//   constants         small grey text beside their users, or, folded, written into the label
//                     of each operator that uses them (`aten::add (·, 1, 1)`)
//   prim::If / Loop   a cluster: the node as a diamond (If) or hexagon (Loop) taking the inputs,
//                     one inner cluster per block with its parameters on top and what it yields
//                     at the bottom, and a point where the node's outputs leave
//   inlined calls     a cluster holding the callee's body
//   return            a grey box taking the graph's outputs
//
// Every edge is written after every node: an edge inside a cluster would pull a node declared
// later into that cluster.

import type { BlockView, GraphView, NodeView, ValueView } from '../../runtime/jit/graph_view.js';

export type ConstantStyle = 'small' | 'folded';

export interface DotOptions {
  /** A title drawn above the graph. */
  readonly title?: string;
  /** Constants as small nodes (default) or folded into their users' labels. */
  readonly constants?: ConstantStyle;
}

export function graphToDot(view: GraphView, options: DotOptions = {}): string {
  return new DotWriter(view, options.constants ?? 'small').write(options.title ?? null);
}

const colors = {
  operator: '#eef3fb',
  operatorLine: '#4a6fa5',
  input: '#e6f4ea',
  inputLine: '#3c8d50',
  control: '#fff4e0',
  controlLine: '#c07a12',
  returns: '#eeeeee',
  edge: '#555555',
  faint: '#888888',
};

const typeLabelLimit = 28;
const tooltipLimit = 240;

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly attributes: string;
}

class DotWriter {
  private readonly lines: string[] = [];
  private readonly edges: Edge[] = [];
  /** Value id -> the DOT node its edges leave from. */
  private readonly producers = new Map<string, string>();
  /** Value id -> its constant's text, for folded constants (they have no DOT node). */
  private readonly folded = new Map<string, string>();
  /** Value id -> the constant's node, for constants drawn small: one copy beside each user. */
  private readonly smallConstants = new Map<string, NodeView>();
  private copies = 0;
  private readonly values = new Map<string, ValueView>();
  private depth = 1;

  constructor(
    private readonly view: GraphView,
    private readonly constants: ConstantStyle,
  ) {
    collectValues(view.body, this.values);
  }

  write(title: string | null): string {
    this.line('digraph G {');
    this.line(
      `  graph [rankdir=TB, fontname="Helvetica", fontsize=11, nodesep=0.25, ranksep=0.3, ` +
        `tooltip=${quote(this.view.name)}${title === null ? '' : `, label=${quote(title)}, labelloc=t`}];`,
    );
    this.line(
      `  node [fontname="Helvetica", fontsize=10, shape=box, style="rounded,filled", ` +
        `fillcolor="${colors.operator}", color="${colors.operatorLine}", height=0.3];`,
    );
    this.line(
      `  edge [fontname="Helvetica", fontsize=8, color="${colors.edge}", ` +
        `fontcolor="${colors.faint}", arrowsize=0.6];`,
    );
    this.graphInputs(this.view.body.inputs);
    for (const node of this.view.body.nodes) this.node(node);
    this.graphReturn(this.view.body.outputs);
    for (const edge of this.edges) this.line(`  ${edge.from} -> ${edge.to} [${edge.attributes}];`);
    this.line('}');
    return this.lines.join('\n') + '\n';
  }

  private line(text: string): void {
    this.lines.push(text);
  }

  private declare(id: string, attributes: string): void {
    this.line(`${'  '.repeat(this.depth)}${id} [${attributes}];`);
  }

  private graphInputs(inputs: readonly ValueView[]): void {
    for (const input of inputs) {
      const id = `in_${input.id}`;
      this.declare(
        id,
        `label=${quote(input.name)}, shape=ellipse, fillcolor="${colors.input}", ` +
          `color="${colors.inputLine}", tooltip=${quote(`${input.name} : ${input.type}`)}`,
      );
      this.producers.set(input.id, id);
    }
  }

  private graphReturn(outputs: readonly string[]): void {
    const label = `return (${outputs.map((id) => this.argument(id, true)).join(', ')})`;
    this.declare('graph_return', `label=${quote(label)}, fillcolor="${colors.returns}"`);
    this.connect(outputs, 'graph_return');
  }

  private node(node: NodeView): void {
    if (node.kind === 'prim::Constant') return this.constant(node);
    if (node.callee !== null) return this.inlinedCall(node, node.callee.name, node.callee.body);
    if (node.blocks.length > 0) return this.controlFlow(node);
    this.declare(node.id, `label=${quote(this.operatorLabel(node))}, ${nodeTooltip(node)}`);
    this.connect(node.inputs, node.id);
    for (const output of node.outputs) this.producers.set(output.id, node.id);
  }

  private constant(node: NodeView): void {
    const output = node.outputs[0];
    const text = node.constant ?? '';
    if (this.constants === 'folded') this.folded.set(output.id, text);
    else this.smallConstants.set(output.id, node);
  }

  /**
   * A copy of a small constant, declared where its user is: constant pooling shares one node
   * among all users, whose edges would cross the whole drawing.
   */
  private constantCopy(node: NodeView): string {
    const id = `${node.id}_${this.copies++}`;
    const output = node.outputs[0];
    const text = node.constant ?? '';
    this.declare(
      id,
      `label=${quote(shorten(text, typeLabelLimit))}, shape=plaintext, style="", fontsize=8, ` +
        `fontcolor="${colors.faint}", height=0.15, width=0, margin=0.02, ` +
        `tooltip=${quote(`${output.name} : ${output.type} = ${text}`)}`,
    );
    return id;
  }

  /** `aten::add` and, when constants are folded into it, its arguments: `(·, 1, 1)`. */
  private operatorLabel(node: NodeView): string {
    let label = node.kind + node.attributes;
    if (node.inputs.some((id) => this.folded.has(id)))
      label += `\n(${node.inputs.map((id) => this.argument(id, false)).join(', ')})`;
    return label;
  }

  /** How an argument reads in a label: its constant's text, else its name or a dot. */
  private argument(id: string, named: boolean): string {
    const constant = this.folded.get(id) ?? this.smallConstants.get(id)?.constant ?? undefined;
    if (constant !== undefined) return shorten(constant, typeLabelLimit);
    return named ? (this.values.get(id)?.name ?? '?') : '·';
  }

  /** Edges for `inputs` into `target`, typed; folded constants have none. */
  private connect(inputs: readonly string[], target: string): void {
    for (const id of inputs) {
      const constantNode = this.smallConstants.get(id);
      const constant = constantNode !== undefined;
      const from = constant ? this.constantCopy(constantNode) : this.producers.get(id);
      if (from === undefined) continue;
      const value = this.values.get(id);
      const name = value?.name ?? id;
      const type = value?.type ?? '';
      const label = constant ? '' : `label=${quote(shorten(shortType(type), typeLabelLimit))}, `;
      const style = constant ? `style=dashed, color="${colors.faint}", ` : '';
      this.edges.push({
        from,
        to: target,
        attributes: `${label}${style}tooltip=${quote(`${name} : ${type}`)}`,
      });
    }
  }

  /** prim::If, prim::Loop and other nodes with blocks, as nested clusters. */
  private controlFlow(node: NodeView): void {
    this.openCluster(node.id, sourceLine(node), colors.controlLine, sourceTooltip(node));
    const shape =
      node.kind === 'prim::If' ? 'diamond' : node.kind === 'prim::Loop' ? 'hexagon' : 'box';
    this.declare(
      node.id,
      `label=${quote(this.operatorLabel(node))}, shape=${shape}, style=filled, ` +
        `fillcolor="${colors.control}", color="${colors.controlLine}", ${nodeTooltip(node)}`,
    );
    this.connect(node.inputs, node.id);
    const exit = node.outputs.length > 0 ? `${node.id}_exit` : null;
    node.blocks.forEach((block, index) => this.block(node, block, index, exit));
    if (exit !== null) {
      const names = node.outputs.map((o) => o.name).join(', ');
      this.declare(exit, `label="", shape=point, width=0.08, tooltip=${quote(names)}`);
      for (const output of node.outputs) this.producers.set(output.id, exit);
    }
    this.closeCluster();
  }

  private block(owner: NodeView, block: BlockView, index: number, exit: string | null): void {
    const id = `${owner.id}_b${index}`;
    this.openCluster(id, blockTitle(owner.kind, index), colors.faint, null);
    const yields = `${id}_out`;
    // Parameters (a loop's counter and carried values) enter at the top; a block without any
    // hangs under its node by an invisible edge, so that the layout keeps it below.
    const entry = block.inputs.length > 0 ? `${id}_in` : null;
    if (entry !== null) {
      const params = block.inputs.map((v) => `${v.name} : ${v.type}`).join(', ');
      this.declare(entry, `label=${quote(`block${index}(${params})`)}, ${smallText}`);
      this.edges.push({
        from: owner.id,
        to: entry,
        attributes: `style=dashed, color="${colors.faint}"`,
      });
      for (const input of block.inputs) this.producers.set(input.id, entry);
    } else {
      this.edges.push({ from: owner.id, to: yields, attributes: 'style=invis' });
    }
    for (const node of block.nodes) this.node(node);
    const label = `-> (${block.outputs.map((o) => this.argument(o, true)).join(', ')})`;
    this.declare(yields, `label=${quote(label)}, ${smallText}`);
    this.connect(block.outputs, yields);
    this.closeCluster();
    if (owner.kind === 'prim::Loop' && entry !== null)
      this.edges.push({
        from: yields,
        to: entry,
        attributes: `style=dotted, constraint=false, color="${colors.faint}", tooltip="next iteration"`,
      });
    if (exit !== null)
      this.edges.push({
        from: yields,
        to: exit,
        attributes: `style=dashed, color="${colors.faint}"`,
      });
  }

  /** A call whose callee's body is drawn in its place; its outputs are the body's. */
  private inlinedCall(node: NodeView, name: string, body: BlockView): void {
    const label = `${name.replace(/^__torch__\./, '')} (inlined)`;
    this.openCluster(node.id, label, colors.operatorLine, sourceTooltip(node));
    if (body.nodes.length === 0)
      this.declare(`${node.id}_empty`, `label=${quote(name)}, ${smallText}`);
    for (const inner of body.nodes) this.node(inner);
    this.closeCluster();
    node.outputs.forEach((output, i) => {
      const returned = body.outputs[i];
      const producer = this.producers.get(returned);
      if (producer !== undefined) this.producers.set(output.id, producer);
      const constant = this.folded.get(returned);
      if (constant !== undefined) this.folded.set(output.id, constant);
    });
  }

  private openCluster(id: string, label: string, color: string, tooltip: string | null): void {
    this.line(`${'  '.repeat(this.depth)}subgraph cluster_${id} {`);
    this.depth++;
    const hint = tooltip === null ? '' : `, tooltip=${quote(tooltip)}`;
    this.line(
      `${'  '.repeat(this.depth)}graph [label=${quote(label)}, style="rounded,dashed", ` +
        `color="${color}", fontsize=9, fontcolor="${color}"${hint}];`,
    );
  }

  private closeCluster(): void {
    this.depth--;
    this.line(`${'  '.repeat(this.depth)}}`);
  }
}

const smallText = `shape=plaintext, style="", fontsize=8, fontcolor="${colors.faint}", height=0.15, margin=0.02`;

function blockTitle(kind: string, index: number): string {
  if (kind === 'prim::If') return index === 0 ? 'then' : 'else';
  if (kind === 'prim::Loop') return 'body';
  return `block${index}`;
}

function collectValues(block: BlockView, into: Map<string, ValueView>): void {
  for (const input of block.inputs) into.set(input.id, input);
  for (const node of block.nodes) {
    for (const output of node.outputs) into.set(output.id, output);
    for (const inner of node.blocks) collectValues(inner, into);
    if (node.callee !== null) collectValues(node.callee.body, into);
  }
}

/** The first line of the node's source (`if n > 2:`), or its kind when it has none. */
function sourceLine(node: NodeView): string {
  const first = node.source?.text.split('\n')[0].trim() ?? '';
  return first === '' ? node.kind : shorten(first, 48);
}

function sourceTooltip(node: NodeView): string {
  const where = node.source === null ? '' : `\n${node.source.location}\n${node.source.text}`;
  return shorten(`${node.kind}${node.attributes}${where}`, tooltipLimit);
}

function nodeTooltip(node: NodeView): string {
  const outputs = node.outputs.map((o) => `${o.name} : ${o.type}`).join(', ');
  const head = outputs === '' ? '' : `${outputs} = `;
  return `tooltip=${quote(shorten(head + sourceTooltip(node), tooltipLimit))}`;
}

/** A type without its classes' module paths: `__torch__.a.b.Linear` reads `Linear`. */
function shortType(type: string): string {
  return type.replace(/\b(?:\w+\.)+(\w+)/g, '$1');
}

function shorten(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** A DOT string: backslashes and quotes escaped, newlines as \n (Graphviz's escString). */
export function quote(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n');
  return `"${escaped}"`;
}

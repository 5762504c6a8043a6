// The DOT made from compiled graphs: operators as nodes, values as typed edges, prim::If and
// prim::Loop blocks as clusters, constants small or folded, source positions as tooltips, and
// callees drawn in place when inlined. The view it is made from (runtime/jit/graph_view.ts) is
// checked here too, since the two only make sense together.

import assert from 'node:assert/strict';
import { graphView, type NodeView } from '../../../runtime/jit/graph_view.js';
import { graphToDot } from '../../../kernel/display/graph_dot.js';
import { compiled } from './compiled_graphs.js';

function allNodes(nodes: readonly NodeView[]): NodeView[] {
  return nodes.flatMap((n) => [
    n,
    ...n.blocks.flatMap((b) => allNodes(b.nodes)),
    ...(n.callee === null ? [] : allNodes(n.callee.body.nodes)),
  ]);
}

/** The statements of the DOT that declare node `id` (not edges). */
function declaration(dot: string, id: string): string {
  const line = dot.split('\n').find((l) => l.trim().startsWith(`${id} [`));
  assert.ok(line !== undefined, `no node ${id} in:\n${dot}`);
  return line;
}

describe('graph view and DOT of compiled graphs', () => {
  it('keeps the IR: kinds, typed values, blocks and source positions', () => {
    const view = graphView(compiled('branchy'));
    assert.equal(view.name, '__torch__.case.branchy');
    assert.deepEqual(
      view.body.inputs.map((v) => `${v.name} : ${v.type}`),
      ['%x.1 : Tensor', '%n.1 : int'],
    );
    const kinds = view.body.nodes.map((n) => n.kind).filter((k) => k !== 'prim::Constant');
    assert.deepEqual(kinds, ['aten::add', 'aten::gt', 'prim::If', 'prim::Loop']);
    const ifNode = view.body.nodes.find((n) => n.kind === 'prim::If')!;
    assert.equal(ifNode.blocks.length, 2);
    assert.deepEqual(
      ifNode.blocks[0].nodes.map((n) => n.kind),
      ['aten::mul'],
    );
    assert.equal(ifNode.source?.location, 'case.py:5:4');
    const loop = view.body.nodes.find((n) => n.kind === 'prim::Loop')!;
    assert.deepEqual(
      loop.blocks[0].inputs.map((v) => v.type),
      ['int', 'Tensor'],
    );
    const add = view.body.nodes.find((n) => n.kind === 'aten::add')!;
    assert.deepEqual(add.source, { location: 'case.py:4:8', text: 'x + 1' });
    const constants = view.body.nodes.filter((n) => n.kind === 'prim::Constant');
    assert.ok(
      constants.some((n) => n.constant === '2'),
      JSON.stringify(constants),
    );
  });

  it('draws operators as boxes with their source position as tooltip', () => {
    const view = graphView(compiled('branchy'));
    const dot = graphToDot(view);
    const add = view.body.nodes.find((n) => n.kind === 'aten::add')!;
    const line = declaration(dot, add.id);
    assert.match(line, /label="aten::add"/);
    assert.match(line, /tooltip="%y\.1 : Tensor = aten::add\\ncase\.py:4:8\\nx \+ 1"/);
    assert.match(declaration(dot, 'in_v0'), /label="%x\.1", shape=ellipse/);
    assert.match(dot, /graph_return \[label="return \(%y\)"/);
  });

  it('labels each edge with the type of the value it carries', () => {
    const view = graphView(compiled('branchy'));
    const dot = graphToDot(view);
    const gt = view.body.nodes.find((n) => n.kind === 'aten::gt')!;
    const ifNode = view.body.nodes.find((n) => n.kind === 'prim::If')!;
    const add = view.body.nodes.find((n) => n.kind === 'aten::add')!;
    assert.match(
      dot,
      new RegExp(`${gt.id} -> ${ifNode.id} \\[label="bool", tooltip="%\\d+ : bool"\\]`),
    );
    assert.match(
      dot,
      new RegExp(`in_v0 -> ${add.id} \\[label="Tensor", tooltip="%x\\.1 : Tensor"\\]`),
    );
    assert.match(dot, new RegExp(`in_v1 -> ${gt.id} \\[label="int"`));
  });

  it('draws prim::If and prim::Loop as clusters with a cluster per block', () => {
    const view = graphView(compiled('branchy'));
    const dot = graphToDot(view);
    const ifNode = view.body.nodes.find((n) => n.kind === 'prim::If')!;
    const loop = view.body.nodes.find((n) => n.kind === 'prim::Loop')!;
    assert.match(
      dot,
      new RegExp(`subgraph cluster_${ifNode.id} \\{\\n\\s+graph \\[label="if n > 2:"`),
    );
    assert.match(
      dot,
      new RegExp(`subgraph cluster_${ifNode.id}_b0 \\{\\n\\s+graph \\[label="then"`),
    );
    assert.match(
      dot,
      new RegExp(`subgraph cluster_${ifNode.id}_b1 \\{\\n\\s+graph \\[label="else"`),
    );
    assert.match(
      dot,
      new RegExp(`subgraph cluster_${loop.id} \\{\\n\\s+graph \\[label="for i in range\\(n\\):"`),
    );
    assert.match(declaration(dot, ifNode.id), /shape=diamond/);
    assert.match(declaration(dot, loop.id), /shape=hexagon/);
    // The loop body's parameters enter at its top and its results loop back to them.
    assert.match(
      declaration(dot, `${loop.id}_b0_in`),
      /label="block0\(%i\.1 : int, %y\.\d+ : Tensor\)"/,
    );
    assert.match(
      dot,
      new RegExp(`${loop.id}_b0_out -> ${loop.id}_b0_in \\[style=dotted, constraint=false`),
    );
    // The mul inside the then-block is declared inside its cluster.
    const mul = ifNode.blocks[0].nodes[0];
    const thenCluster = dot.slice(
      dot.indexOf(`cluster_${ifNode.id}_b0`),
      dot.indexOf(`cluster_${ifNode.id}_b1`),
    );
    assert.ok(thenCluster.includes(`${mul.id} [label="aten::mul"`), thenCluster);
  });

  it('shows constants small, one copy beside each user', () => {
    const view = graphView(compiled('branchy'));
    const dot = graphToDot(view);
    const one = view.body.nodes.find((n) => n.kind === 'prim::Constant' && n.constant === '1')!;
    const copies = dot
      .split('\n')
      .filter((l) => l.trim().startsWith(`${one.id}_`) && l.includes('['));
    // x + 1 uses it twice (other and alpha), y - 1 twice, y + i once (alpha).
    assert.equal(copies.filter((l) => !l.includes('->')).length, 5, copies.join('\n'));
    assert.match(copies[0], /label="1", shape=plaintext/);
    assert.match(dot, new RegExp(`${one.id}_0 -> n\\d+ \\[style=dashed`));
  });

  it('folds constants into the labels of their users', () => {
    const view = graphView(compiled('branchy'));
    const dot = graphToDot(view, { constants: 'folded' });
    const add = view.body.nodes.find((n) => n.kind === 'aten::add')!;
    const gt = view.body.nodes.find((n) => n.kind === 'aten::gt')!;
    assert.match(declaration(dot, add.id), /label="aten::add\\n\(·, 1, 1\)"/);
    assert.match(declaration(dot, gt.id), /label="aten::gt\\n\(·, 2\)"/);
    assert.ok(
      !/shape=plaintext, style="", fontsize=8, fontcolor="#888888", height=0.15, width=0/.test(dot),
    );
  });

  it('leaves calls as calls, or draws the callee in place when inlined', () => {
    const plain = graphToDot(graphView(compiled('caller')));
    assert.match(plain, /label="prim::CallFunction"/);
    assert.ok(!plain.includes('(inlined)'));
    const view = graphView(compiled('caller'), { inlined: true });
    const call = view.body.nodes.find((n) => n.kind === 'prim::CallFunction')!;
    assert.equal(call.callee?.name, '__torch__.case.branchy');
    const dot = graphToDot(view);
    assert.match(
      dot,
      new RegExp(
        `subgraph cluster_${call.id} \\{\\n\\s+graph \\[label="case\\.branchy \\(inlined\\)"`,
      ),
    );
    // The callee reads the caller's x directly, and its result feeds the caller's mul.
    const inner = allNodes(call.callee!.body.nodes);
    const innerAdd = inner.find((n) => n.kind === 'aten::add')!;
    assert.equal(innerAdd.inputs[0], 'v0');
    assert.match(dot, new RegExp(`in_v0 -> ${innerAdd.id} \\[label="Tensor"`));
    const mul = view.body.nodes.find((n) => n.kind === 'aten::mul')!;
    const loop = inner.find((n) => n.kind === 'prim::Loop')!;
    assert.match(dot, new RegExp(`${loop.id}_exit -> ${mul.id} \\[label="Tensor"`));
    const ids = [...view.body.nodes, ...inner].map((n) => n.id);
    assert.equal(new Set(ids).size, ids.length, 'node ids are unique, callees included');
  });

  it('escapes quotes, backslashes and newlines in labels and tooltips', () => {
    const dot = graphToDot(
      {
        name: 'q"uote\\d',
        body: { inputs: [{ id: 'v0', name: '%s', type: 'str' }], nodes: [], outputs: ['v0'] },
      },
      { title: 'line\nbreak' },
    );
    assert.match(dot, /tooltip="q\\"uote\\\\d", label="line\\nbreak"/);
  });
});

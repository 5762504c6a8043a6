// Graphviz in WebAssembly draws the DOT of compiled graphs; a compiled function's payload becomes
// image/svg+xml and text/html (highlighted code beside the drawing).

import assert from 'node:assert/strict';
import { printFunction } from '../../../compiler/printer/python_printer.js';
import { compiledMime, renderCompiled } from '../../../kernel/display/compiled_view.js';
import { graphToDot } from '../../../kernel/display/graph_dot.js';
import { GraphRenderer, inlineSvg } from '../../../kernel/display/graph_svg.js';
import { renderBundle } from '../../../kernel/display/rich_bundle.js';
import { graphView } from '../../../runtime/jit/graph_view.js';
import { compiled } from './compiled_graphs.js';

describe('graph drawing with Graphviz (WebAssembly)', () => {
  let renderer: GraphRenderer;
  before(async () => {
    renderer = await GraphRenderer.load();
    assert.equal(renderer.failure, null);
  });

  it('lays out a compiled graph as SVG with clusters, typed edges and tooltips', () => {
    const svg = renderer.render(graphToDot(graphView(compiled('branchy'))));
    assert.match(svg, /^<\?xml/);
    assert.match(svg, /<svg width="\d+pt" height="\d+pt"/);
    assert.equal((svg.match(/class="cluster"/g) ?? []).length, 5, 'If, then, else, Loop, body');
    assert.match(svg, /<text[^>]*>aten::add<\/text>/);
    assert.match(svg, /<text[^>]*>if n &gt; 2:<\/text>/);
    assert.match(svg, /<text[^>]*>Tensor<\/text>/);
    assert.match(svg, /xlink:title="%y\.1 : Tensor = aten::add&#10;case\.py:4:8&#10;x \+ 1"/);
  });

  it('reports what Graphviz could not read', () => {
    assert.throws(
      () => renderer.render('digraph { a -> }'),
      /Graphviz could not lay out the graph: error: .*syntax error/,
    );
  });

  it('makes inline SVG: no XML prolog or comments, ids kept apart', () => {
    const svg = renderer.render('digraph { a -> b }');
    const inline = inlineSvg(svg, 'd7_');
    assert.match(inline, /^<svg /);
    assert.ok(!inline.includes('<!--') && !inline.includes('<!DOCTYPE'));
    assert.match(inline, /id="d7_graph0"/);
    assert.match(inline, /id="d7_node1"/);
  });

  it('renders a compiled function as SVG and as HTML with its highlighted code', () => {
    const fn = compiled('branchy');
    const code = printFunction(fn.graph, fn.name, { signature: fn.signature });
    const data = renderCompiled(
      { title: 'branchy', graph: graphView(fn), code, constants: 'small' },
      renderer,
    );
    assert.deepEqual(Object.keys(data), ['image/svg+xml', 'text/html']);
    const html = String(data['text/html']);
    assert.match(html, /^<div class="torchscript-compiled">/);
    assert.match(html, />branchy<\/div>/);
    assert.match(
      html,
      /<span style="color:#008000;font-weight:bold">def<\/span> <span style="color:#0000FF">branchy<\/span>/,
    );
    assert.match(html, /<svg /);
    assert.ok(!html.includes('<?xml'));
    assert.ok(!html.includes('http'.concat('s://')), 'nothing is loaded from the network');
  });

  it('does not draw graphs too large to lay out quickly, and says why', () => {
    const nodes = Array.from({ length: 301 }, (_, i) => ({
      id: `n${i}`,
      kind: 'aten::neg',
      attributes: '',
      constant: null,
      inputs: [i === 0 ? 'v0' : `v${i}`],
      outputs: [{ id: `v${i + 1}`, name: `%${i + 1}`, type: 'Tensor' }],
      blocks: [],
      source: null,
      callee: null,
    }));
    const graph = {
      name: 'long',
      body: { inputs: [{ id: 'v0', name: '%x', type: 'Tensor' }], nodes, outputs: ['v301'] },
    };
    const data = renderCompiled(
      { title: 'long', graph, code: 'def long(x): ...', constants: 'small' },
      renderer,
    );
    assert.deepEqual(Object.keys(data), ['text/html']);
    assert.match(
      String(data['text/html']),
      /The graph could not be drawn: it has 301 operators, and drawings stop at 300/,
    );
  });

  it('replaces the compiled payload of a bundle, keeping its other types', () => {
    const fn = compiled('caller');
    const payload = {
      title: 'caller',
      graph: JSON.parse(JSON.stringify(graphView(fn))),
      code: null,
      constants: 'folded',
    };
    const bundle = renderBundle({ 'text/plain': '<f>', [compiledMime]: payload }, renderer);
    assert.deepEqual(Object.keys(bundle).sort(), ['image/svg+xml', 'text/html', 'text/plain']);
    assert.equal(bundle['text/plain'], '<f>');
    assert.ok(!String(bundle['text/html']).includes('<pre'), 'a graph alone has no code');
    const broken = renderBundle({ 'text/plain': 'x', [compiledMime]: { title: 3 } }, renderer);
    assert.match(String(broken['text/html']), /needs a title and a graph/);
    const plain = { 'text/plain': '3' };
    assert.equal(renderBundle(plain, renderer), plain);
  });
});

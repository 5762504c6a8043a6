// %dag's drawing: one box per cell, edges labelled by names, stale cells marked.

import assert from 'node:assert/strict';
import { cellGraphToDot, type CellGraphView } from '../../../kernel/display/cell_graph_dot.js';
import { GraphRenderer } from '../../../kernel/display/graph_svg.js';

const view: CellGraphView = {
  cells: [
    { id: 'setup', label: 'In [1]', firstLine: 'import torch', stale: null },
    { id: 'model', label: 'In [2]', firstLine: 'model = "Net"()', stale: null },
    { id: 'run', label: 'In [3]', firstLine: 'out = model(x)', stale: 'failed: ValueError' },
  ],
  edges: [
    { from: 'setup', to: 'model', names: ['torch'] },
    { from: 'model', to: 'run', names: ['a', 'b', 'c', 'd', 'e', 'model'] },
    { from: 'gone', to: 'run', names: ['x'] },
  ],
};

describe('cell dependency graph drawing', () => {
  it('writes a box per cell and an edge per dependency, labelled by names', () => {
    const dot = cellGraphToDot(view);
    assert.match(dot, /c0 \[label="In \[1\]\\nimport torch", tooltip="In \[1\]"\];/);
    assert.match(dot, /c1 \[label="In \[2\]\\nmodel = \\"Net\\"\(\)"/);
    assert.match(dot, /c0 -> c1 \[label="torch"\];/);
    assert.match(dot, /c1 -> c2 \[label="a, b, c, d, \+2"\];/);
    assert.doesNotMatch(dot, /gone/);
  });

  it('marks stale cells, with the reason in the tooltip, and lays the graph out', async () => {
    const dot = cellGraphToDot(view);
    assert.match(
      dot,
      /c2 \[label="In \[3\] \(stale\)\\nout = model\(x\)", style="rounded,filled,dashed"/,
    );
    assert.match(dot, /tooltip="stale: failed: ValueError", class="stale"/);
    const svg = (await GraphRenderer.shared()).render(dot);
    assert.equal(svg.match(/<g id="node\d+" class="node/g)?.length, 3);
    assert.match(svg, /class="node stale"/);
    assert.equal(svg.match(/<g id="edge\d+" class="edge/g)?.length, 2);
  });
});

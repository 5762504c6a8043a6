// The dataflow graph of cells: definers, edges, redefinition and deletion moving names.

import assert from 'node:assert/strict';
import { graphOf, ran } from './graph_support.js';

describe('dataflow graph of cells', () => {
  it('links each reader to the cell that last defined the name', () => {
    const graph = graphOf(
      ['a', { defines: ['x'] }],
      ['b', { defines: ['y'], reads: ['x'] }],
      ['c', { reads: ['x', 'y', 'len'] }],
    );
    assert.deepEqual(graph.edges(), [
      { from: 'a', to: 'b', names: ['x'] },
      { from: 'a', to: 'c', names: ['x'] },
      { from: 'b', to: 'c', names: ['y'] },
    ]);
    assert.deepEqual(
      [...graph.sourcesOf('c')],
      [
        ['a', ['x']],
        ['b', ['y']],
      ],
    );
    assert.equal(graph.definerOf('len'), undefined);
  });

  it('keeps a reader with the value it read when another cell defines the name again', () => {
    const graph = graphOf(
      ['a', { defines: ['model'] }],
      ['b', { reads: ['model'] }],
      ['c', { defines: ['model'] }],
    );
    assert.equal(graph.definerOf('model'), 'c');
    assert.deepEqual(graph.edges(), [{ from: 'a', to: 'b', names: ['model'] }]);
    ran(graph, 'b', { reads: ['model'] });
    assert.deepEqual(graph.edges(), [{ from: 'c', to: 'b', names: ['model'] }]);
  });

  it('links a cell that read an undefined name to the cell that defines it later', () => {
    const graph = graphOf(['b', { reads: ['w'] }], ['a', { defines: ['w'] }]);
    assert.deepEqual(graph.edges(), [{ from: 'a', to: 'b', names: ['w'] }]);
  });

  it('keeps a name with its definer when a later run leaves it alone', () => {
    // `import torch` run again binds the same module: the cell does not define it again.
    const graph = graphOf(['a', { defines: ['torch', 'x'] }], ['b', { reads: ['torch'] }]);
    ran(graph, 'a', { defines: ['x'] });
    assert.equal(graph.definerOf('torch'), 'a');
    assert.deepEqual([...graph.cell('a').changed], ['x']);
  });

  it('forgets the definer of a deleted name, and remembers who deleted it', () => {
    const graph = graphOf(
      ['a', { defines: ['x'] }],
      ['b', { reads: ['x'] }],
      ['c', { deleted: ['x'] }],
    );
    assert.equal(graph.definerOf('x'), undefined);
    assert.equal(graph.deleterOf('x'), 'c');
    // b still read a's value: a defining x again is what b waits for.
    assert.deepEqual(graph.edges(), [{ from: 'a', to: 'b', names: ['x'] }]);
    ran(graph, 'a', { defines: ['x'] });
    assert.equal(graph.deleterOf('x'), undefined);
    assert.deepEqual(graph.edges(), [{ from: 'a', to: 'b', names: ['x'] }]);
  });

  it('ignores a cell reading its own names, and forgets deleted cells', () => {
    const graph = graphOf(['a', { defines: ['x'], reads: ['x'] }], ['b', { reads: ['x'] }]);
    assert.deepEqual(graph.edges(), [{ from: 'a', to: 'b', names: ['x'] }]);
    graph.forget('a');
    assert.equal(graph.has('a'), false);
    assert.equal(graph.definerOf('x'), undefined);
    assert.deepEqual(
      graph.cells().map((c) => c.id),
      ['b'],
    );
  });

  it('lists cells in the order they last ran', () => {
    const graph = graphOf(['a', {}], ['b', {}], ['c', {}]);
    ran(graph, 'a', {});
    assert.deepEqual(
      graph.cells().map((c) => c.id),
      ['b', 'c', 'a'],
    );
  });
});

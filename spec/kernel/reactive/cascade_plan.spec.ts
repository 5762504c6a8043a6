// Planning a cascade: which cells re-run in which order, which cannot and why.

import assert from 'node:assert/strict';
import { planCascade } from '../../../kernel/reactive/cascade_plan.js';
import { graphOf, ran } from './graph_support.js';

describe('cascade plan', () => {
  it('orders the dependents topologically, transitively', () => {
    const graph = graphOf(
      ['a', { defines: ['x'] }],
      ['b', { defines: ['y'], reads: ['x'] }],
      ['c', { defines: ['z'], reads: ['y'] }],
      ['d', { reads: ['z', 'x'] }],
    );
    ran(graph, 'b', { defines: ['y'], reads: ['x'] });
    const plan = planCascade(graph, ['a']);
    // b last ran after c, but c reads b's y: b first.
    assert.deepEqual(plan.order, ['b', 'c', 'd']);
    assert.equal(plan.blocked.size, 0);
  });

  it('breaks ties by the order the cells last ran', () => {
    const graph = graphOf(
      ['a', { defines: ['x'] }],
      ['p', { reads: ['x'] }],
      ['q', { reads: ['x'] }],
      ['r', { reads: ['x'] }],
    );
    ran(graph, 'p', { reads: ['x'] });
    assert.deepEqual(planCascade(graph, ['a']).order, ['q', 'r', 'p']);
  });

  it('follows only the names the done cells changed', () => {
    const graph = graphOf(
      ['a', { defines: ['torch', 'x'] }],
      ['b', { reads: ['torch'] }],
      ['c', { reads: ['x'] }],
    );
    ran(graph, 'a', { defines: ['x'] });
    assert.deepEqual(planCascade(graph, ['a']).order, ['c']);
    ran(graph, 'a', {});
    assert.deepEqual(planCascade(graph, ['a']).order, []);
  });

  it('blocks a dependent that would change what the trigger read: a cycle', () => {
    const graph = graphOf(
      ['a', { defines: ['x'], reads: ['y'] }],
      ['b', { defines: ['y'], reads: ['x'] }],
      ['c', { reads: ['y'] }],
    );
    ran(graph, 'a', { defines: ['x'], reads: ['y'] });
    const plan = planCascade(graph, ['a']);
    assert.deepEqual(plan.order, []);
    assert.deepEqual(plan.blocked.get('b'), { kind: 'cycle', cells: ['b', 'a'] });
    assert.deepEqual(plan.blocked.get('c'), { kind: 'upstream', cell: 'b' });
  });

  it('blocks cycles among the dependents, and what reads from them', () => {
    const graph = graphOf(
      ['a', { defines: ['x'] }],
      ['p', { defines: ['p'], reads: ['x'] }],
      ['q', { defines: ['q'], reads: ['p'] }],
      ['r', { reads: ['q'] }],
      ['s', { reads: ['x'] }],
    );
    // p, changed to read q, runs again: p and q now read each other.
    ran(graph, 'p', { defines: ['p'], reads: ['x', 'q'] });
    const plan = planCascade(graph, ['a']);
    assert.deepEqual(plan.order, ['s']);
    assert.deepEqual(plan.blocked.get('p'), { kind: 'cycle', cells: ['p', 'q', 'p'] });
    assert.deepEqual(plan.blocked.get('q'), { kind: 'cycle', cells: ['q', 'p', 'q'] });
    assert.equal(plan.blocked.get('r')?.kind, 'upstream');
  });

  it('blocks the readers of a deleted name', () => {
    const graph = graphOf(
      ['a', { defines: ['x'] }],
      ['b', { defines: ['y'], reads: ['x'] }],
      ['c', { reads: ['y'] }],
      ['d', { deleted: ['x'] }],
    );
    const plan = planCascade(graph, ['d']);
    assert.deepEqual(plan.order, []);
    assert.deepEqual(plan.blocked.get('b'), { kind: 'deleted', name: 'x', by: 'd' });
    assert.deepEqual(plan.blocked.get('c'), { kind: 'upstream', cell: 'b' });
  });

  it('leaves out the cells that already ran in the cascade', () => {
    const graph = graphOf(
      ['a', { defines: ['x'] }],
      ['b', { defines: ['y'], reads: ['x'] }],
      ['c', { reads: ['x', 'y'] }],
    );
    assert.deepEqual(planCascade(graph, ['a']).order, ['b', 'c']);
    ran(graph, 'b', { defines: ['y'], reads: ['x'] });
    assert.deepEqual(planCascade(graph, ['a', 'b']).order, ['c']);
  });
});

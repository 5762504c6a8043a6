// Running a cascade with scripted re-runs: order, failures and interrupts that stop it, re-runs
// that change other names than before, and %reactive off.

import assert from 'node:assert/strict';
import {
  runCascade,
  staleAfter,
  type CascadeSteps,
  type RerunResult,
} from '../../../kernel/reactive/cascade.js';
import { cascadeReport } from '../../../kernel/reactive/cascade_report.js';
import type { CellNode, DataflowGraph } from '../../../kernel/reactive/dataflow_graph.js';
import { graphOf, ran, type Names } from './graph_support.js';

/** Re-runs that record what `effects` says each cell does now, or fail as `failures` says. */
class ScriptedSteps implements CascadeSteps {
  readonly rerun_: string[] = [];
  stop = false;

  constructor(
    private readonly graph: DataflowGraph,
    private readonly effects: Record<string, Names> = {},
    private readonly failures: Record<string, RerunResult> = {},
  ) {}

  async rerun(cell: CellNode): Promise<RerunResult> {
    this.rerun_.push(cell.id);
    const effect = this.effects[cell.id] ?? {
      defines: [...cell.changed],
      reads: [...cell.reads],
    };
    ran(this.graph, cell.id, effect, cell.code);
    return this.failures[cell.id] ?? { ok: true };
  }

  interrupted(): boolean {
    return this.stop;
  }
}

describe('cascade', () => {
  const chain = () =>
    graphOf(
      ['a', { defines: ['x'] }],
      ['b', { defines: ['y'], reads: ['x'] }],
      ['c', { defines: ['z'], reads: ['y'] }],
      ['d', { reads: ['z'] }],
    );

  it('re-runs the dependents in order', async () => {
    const graph = chain();
    const steps = new ScriptedSteps(graph);
    const outcome = await runCascade(graph, 'a', steps);
    assert.deepEqual(outcome.rerun, ['b', 'c', 'd']);
    assert.deepEqual(steps.rerun_, ['b', 'c', 'd']);
    assert.equal(outcome.stale.size, 0);
    assert.equal(outcome.failed, null);
  });

  it('stops at a failing dependent: it and the rest stay stale', async () => {
    const graph = chain();
    const failure: RerunResult = {
      ok: false,
      ename: 'ZeroDivisionError',
      evalue: 'division by zero',
    };
    const steps = new ScriptedSteps(graph, {}, { c: failure });
    const outcome = await runCascade(graph, 'a', steps);
    assert.deepEqual(outcome.rerun, ['b']);
    assert.equal(outcome.failed, 'c');
    assert.deepEqual(steps.rerun_, ['b', 'c']);
    assert.deepEqual(
      [...outcome.stale],
      [
        ['c', { kind: 'failed', ename: 'ZeroDivisionError', evalue: 'division by zero' }],
        ['d', { kind: 'stopped', cell: 'c' }],
      ],
    );
    const report = cascadeReport(graph, { ...outcome, unplaced: new Map(), reactiveOff: false });
    assert.match(report!, /^Re-ran 1 cell that read what this cell changed:\n {2}In \[\d+\]: b\n/);
    assert.match(report!, /In \[\d+\]: c\n {6}failed: ZeroDivisionError: division by zero\n/);
    assert.match(report!, /In \[\d+\]: d\n {6}not re-run: the cascade stopped at In \[\d+\]$/);
  });

  it('stops when interrupted between two re-runs', async () => {
    const graph = chain();
    const steps = new ScriptedSteps(graph);
    const rerun = steps.rerun.bind(steps);
    steps.rerun = async (cell) => {
      const result = await rerun(cell);
      steps.stop = true;
      return result;
    };
    const outcome = await runCascade(graph, 'a', steps);
    assert.deepEqual(outcome.rerun, ['b']);
    assert.equal(outcome.interrupted, true);
    assert.deepEqual([...outcome.stale.keys()], ['c', 'd']);
    assert.equal(outcome.stale.get('d')?.kind, 'interrupted');
  });

  it('plans again after each re-run: a cell that changes nothing stops the wave', async () => {
    const graph = chain();
    // b's re-run binds y to the object it held: c and d need not run.
    const steps = new ScriptedSteps(graph, { b: { reads: ['x'] } });
    const outcome = await runCascade(graph, 'a', steps);
    assert.deepEqual(outcome.rerun, ['b']);
    assert.equal(outcome.stale.size, 0);
  });

  it('follows names a re-run defines for the first time', async () => {
    const graph = graphOf(
      ['a', { defines: ['x'] }],
      ['b', { reads: ['x'] }],
      ['c', { reads: ['w'] }],
    );
    const steps = new ScriptedSteps(graph, { b: { defines: ['w'], reads: ['x'] } });
    const outcome = await runCascade(graph, 'a', steps);
    assert.deepEqual(outcome.rerun, ['b', 'c']);
  });

  it('never runs a cell twice: a re-run that feeds the trigger is a cycle', async () => {
    const graph = graphOf(['a', { defines: ['x'] }], ['b', { reads: ['x'] }]);
    // Re-run, b now defines what a reads.
    ran(graph, 'a', { defines: ['x'], reads: ['v'] });
    const steps = new ScriptedSteps(graph, { b: { defines: ['v'], reads: ['x'] } });
    const outcome = await runCascade(graph, 'a', steps);
    assert.deepEqual(outcome.rerun, ['b']);
    assert.deepEqual(steps.rerun_, ['b']);
    assert.deepEqual([...outcome.stale], [['a', { kind: 'changed-after', by: 'b' }]]);
  });

  it('with %reactive off, marks the dependents stale without running them', () => {
    const graph = chain();
    const stale = staleAfter(graph, 'a');
    assert.deepEqual(
      [...stale],
      [
        ['b', { kind: 'not-rerun', cell: 'a' }],
        ['c', { kind: 'not-rerun', cell: 'a' }],
        ['d', { kind: 'not-rerun', cell: 'a' }],
      ],
    );
    const report = cascadeReport(graph, {
      rerun: [],
      stale,
      unplaced: new Map(),
      reactiveOff: true,
    });
    assert.match(report!, /^Stale \(%reactive off\), 3 cells that read what this cell changed:\n/);
  });

  it('reports outputs a re-run could not place, and says nothing when nothing depends', () => {
    const graph = chain();
    const unplaced = new Map([['b', 2]]);
    const report = cascadeReport(graph, {
      rerun: ['b'],
      stale: new Map(),
      unplaced,
      reactiveOff: false,
    });
    assert.match(
      report!,
      /In \[\d+\] made 2 more outputs than it shows: .*run that cell to see them\.$/,
    );
    const quiet = cascadeReport(graph, {
      rerun: [],
      stale: new Map(),
      unplaced: new Map(),
      reactiveOff: false,
    });
    assert.equal(quiet, null);
  });
});

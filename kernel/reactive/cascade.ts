// After a cell ran: re-run the cells that read what it changed, one at a time in the order
// cascade_plan.ts gives, planning again after each (a re-run may change other names). A failing
// re-run or an interrupt stops the cascade: the cells not re-run yet stay stale, never half-run.
// With %reactive off nothing re-runs: the cells that would have are only marked stale.

import { planCascade, type BlockReason } from './cascade_plan.js';
import type { CellId, CellNode, DataflowGraph } from './dataflow_graph.js';

export type StaleReason =
  | BlockReason
  /** The cell's own last run, or its re-run, raised. */
  | { readonly kind: 'failed'; readonly ename: string; readonly evalue: string }
  /** The cascade stopped at `cell` (it failed, or was interrupted) before this one re-ran. */
  | { readonly kind: 'stopped'; readonly cell: CellId }
  /** An interrupt came between two re-runs. */
  | { readonly kind: 'interrupted' }
  /** `cell` changed what it reads while %reactive was off. */
  | { readonly kind: 'not-rerun'; readonly cell: CellId };

export type RerunResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly ename: string;
      readonly evalue: string;
    };

export interface CascadeSteps {
  /** Runs the cell again with the code it last ran with; records the run in the graph. */
  rerun(cell: CellNode): Promise<RerunResult>;
  /** Whether the user interrupted since the cascade began. */
  interrupted(): boolean;
}

export interface CascadeOutcome {
  /** The cells re-run successfully, in order. */
  readonly rerun: readonly CellId[];
  /** The cells left stale, and why. */
  readonly stale: ReadonlyMap<CellId, StaleReason>;
  /** The cell whose failure stopped the cascade, or null. */
  readonly failed: CellId | null;
  /** An interrupt stopped the cascade. */
  readonly interrupted: boolean;
}

export async function runCascade(
  graph: DataflowGraph,
  trigger: CellId,
  steps: CascadeSteps,
): Promise<CascadeOutcome> {
  const done = [trigger];
  const rerun: CellId[] = [];
  for (;;) {
    const plan = planCascade(graph, done);
    const next = plan.order[0];
    const stale = new Map<CellId, StaleReason>(plan.blocked);
    if (next === undefined) return { rerun, stale, failed: null, interrupted: false };
    const rest = plan.order.slice(1);
    if (steps.interrupted()) {
      for (const id of plan.order) stale.set(id, { kind: 'interrupted' });
      return { rerun, stale, failed: null, interrupted: true };
    }
    const result = await steps.rerun(graph.cell(next));
    if (!result.ok) {
      stale.set(next, { kind: 'failed', ename: result.ename, evalue: result.evalue });
      for (const id of rest) stale.set(id, { kind: 'stopped', cell: next });
      const interrupted = result.ename === 'KeyboardInterrupt' || steps.interrupted();
      return { rerun, stale, failed: next, interrupted };
    }
    rerun.push(next);
    done.push(next);
  }
}

/** %reactive off: the cells a cascade would re-run, and those it could not, all stale. */
export function staleAfter(graph: DataflowGraph, trigger: CellId): Map<CellId, StaleReason> {
  const plan = planCascade(graph, [trigger]);
  const stale = new Map<CellId, StaleReason>(plan.blocked);
  for (const id of plan.order) stale.set(id, { kind: 'not-rerun', cell: trigger });
  return stale;
}

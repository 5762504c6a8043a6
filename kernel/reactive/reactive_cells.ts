// Reactive cells: the kernel's side of a cell that has a cell id. The cell runs with its outputs
// under display ids (output_slots.ts); around it the backend's analyzer says what it defined,
// read and deleted, which goes into the dataflow graph; then the cells that read what it changed
// re-run (cascade.ts) with their outputs updated in place, or, with %reactive off, are marked
// stale; and the cell's output ends with a report of what happened. Cells without an id never
// come here: they run as in a plain kernel.

import type {
  CellAnalyzer,
  DisplayOutput,
  ErrorOutcome,
  ExecuteCallbacks,
  ExecuteOutcome,
  ExecutionBackend,
} from '../backend/backend.js';
import { GraphRenderer } from '../display/graph_svg.js';
import { StreamCoalescer } from '../stream_coalescer.js';
import { runCascade, staleAfter, type RerunResult, type StaleReason } from './cascade.js';
import { cascadeReport } from './cascade_report.js';
import { dagBundle } from './dag_display.js';
import type { CellId, CellNode } from './dataflow_graph.js';
import { DataflowGraph } from './dataflow_graph.js';
import { DisplayAliases } from './display_aliases.js';
import { reactiveModeText, readKernelRequest, type ReactiveMode } from './kernel_requests.js';
import {
  CellOutputSlots,
  displayContent,
  emptyOutput,
  type PublishOutput,
} from './output_slots.js';

/** A cell to run reactively: its id, code and the In [n] the client shows for it. */
export interface ReactiveCell {
  readonly id: CellId;
  readonly code: string;
  readonly label: number;
  readonly allowStdin: boolean;
}

/** Where the running request's outputs go, and how it asks for input. */
export interface CellChannel {
  readonly publish: PublishOutput;
  readonly input: (prompt: string, password: boolean) => Promise<string>;
}

/** The display id of the report a cell shows after the cascade it started. */
function reportDisplayId(id: CellId): string {
  return `${id}/cascade`;
}

export class ReactiveCells {
  private readonly graph = new DataflowGraph();
  private readonly stale = new Map<CellId, StaleReason>();
  /** How many outputs the client shows for each cell: the places its re-runs can update. */
  private readonly shown = new Map<CellId, number>();
  /** Cells whose output ends with a cascade report, which their own re-run empties. */
  private readonly reports = new Set<CellId>();
  private readonly aliases = new DisplayAliases();
  private mode: ReactiveMode = 'on';
  private interruptRequested = false;
  private renderer: GraphRenderer | null = null;

  constructor(private readonly backend: ExecutionBackend) {
    // %dag draws synchronously, in order with the cell's other outputs: load Graphviz now.
    if (backend.cellAnalyzer !== undefined)
      void GraphRenderer.shared().then((renderer) => (this.renderer = renderer));
  }

  /** Whether cells can be reactive at all: the backend must tell what cells define and read. */
  get available(): boolean {
    return this.backend.cellAnalyzer !== undefined;
  }

  /** The client deleted these cells: they leave the graph and will not re-run. */
  forget(ids: readonly CellId[]): void {
    for (const id of ids) {
      this.graph.forget(id);
      this.stale.delete(id);
      this.shown.delete(id);
      this.reports.delete(id);
    }
  }

  /** An interrupt stops the cascade that runs, if any, before its next cell. */
  interrupt(): void {
    this.interruptRequested = true;
  }

  /** %reactive and %dag's requests, answered in their place; null for other displays. */
  answerRequest(output: DisplayOutput): DisplayOutput | null {
    const request = readKernelRequest(output.data);
    if (request === null) return null;
    if (request.request === 'dag')
      return { data: dagBundle(this.graph, this.stale, this.renderer), metadata: {} };
    if (request.mode !== null) this.mode = request.mode;
    return { data: { 'text/plain': reactiveModeText(this.mode) }, metadata: {} };
  }

  /**
   * An update_display_data from a cell without an id: for its display id, and for the outputs
   * reactive cells showed under it (display_aliases.ts); just the update when there are none.
   */
  updateTargets(update: DisplayOutput): DisplayOutput[] {
    const id = update.transient?.display_id;
    if (typeof id !== 'string') return [update];
    const aliases = this.aliases.resolve(id).slice(1);
    const retargeted = aliases.map((alias) => ({
      ...update,
      transient: { ...update.transient, display_id: alias },
    }));
    return [update, ...retargeted];
  }

  /**
   * Runs the user's cell, its outputs under display ids, then the cascade it starts. The
   * outcome's result is already shown (as a display, which front ends can update).
   */
  async runCell(cell: ReactiveCell, channel: CellChannel): Promise<ExecuteOutcome> {
    this.interruptRequested = false;
    // The client cleared the cell's outputs, report included, when it sent it.
    this.reports.delete(cell.id);
    const analyzer = this.analyzer();
    await analyzer.beforeCell();
    const slots = new CellOutputSlots(cell.id, null, channel.publish, this.aliases);
    const outcome = await this.execute(
      cell.code,
      cell.label,
      cell.allowStdin,
      slots,
      channel.input,
    );
    this.shown.set(cell.id, slots.finish().slots);
    if (this.lostInterpreter(outcome)) return outcome;
    const analysis = await analyzer.afterCell(cell.code);
    this.graph.record(cell.id, { code: cell.code, label: cell.label, ...analysis });
    if (outcome.status === 'error') {
      this.stale.set(cell.id, { kind: 'failed', ename: outcome.ename, evalue: outcome.evalue });
      return outcome;
    }
    this.stale.delete(cell.id);
    await this.propagate(cell.id, channel.publish);
    return outcome;
  }

  private async propagate(trigger: CellId, publish: PublishOutput): Promise<void> {
    const unplaced = new Map<CellId, number>();
    let rerun: readonly CellId[] = [];
    let stale: ReadonlyMap<CellId, StaleReason>;
    if (this.mode === 'off') {
      stale = staleAfter(this.graph, trigger);
    } else {
      const outcome = await runCascade(this.graph, trigger, {
        rerun: (node) => this.rerun(node, publish, unplaced),
        interrupted: () => this.interruptRequested,
      });
      ({ rerun, stale } = outcome);
    }
    for (const id of rerun) this.stale.delete(id);
    for (const [id, reason] of stale) this.stale.set(id, reason);
    const summary = { rerun, stale, unplaced, reactiveOff: this.mode === 'off' };
    const report = cascadeReport(this.graph, summary);
    if (report === null) return;
    publish('display_data', displayContent({ 'text/plain': report }, {}, reportDisplayId(trigger)));
    this.reports.add(trigger);
  }

  /** Re-runs a dependent: its outputs replace those it shows; none of it enters history. */
  private async rerun(
    node: CellNode,
    publish: PublishOutput,
    unplaced: Map<CellId, number>,
  ): Promise<RerunResult> {
    const analyzer = this.analyzer();
    await analyzer.beforeCell();
    if (this.reports.delete(node.id))
      publish('update_display_data', displayContent(emptyOutput, {}, reportDisplayId(node.id)));
    const slots = new CellOutputSlots(node.id, this.shown.get(node.id) ?? 0, publish, this.aliases);
    const outcome = await this.execute(node.code, node.label, false, slots, refuseInput);
    if (outcome.status === 'error')
      slots.result({ 'text/plain': outcome.traceback.join('\n') }, {});
    const placed = slots.finish();
    if (placed.unplaced > 0) unplaced.set(node.id, placed.unplaced);
    if (!this.lostInterpreter(outcome)) {
      const analysis = await analyzer.afterCell(node.code);
      this.graph.record(node.id, { code: node.code, label: node.label, ...analysis });
    }
    if (outcome.status === 'ok') return { ok: true };
    return { ok: false, ename: outcome.ename, evalue: outcome.evalue };
  }

  /** Runs code with its outputs going to `slots`; a result is shown there too. */
  private async execute(
    code: string,
    label: number,
    allowStdin: boolean,
    slots: CellOutputSlots,
    input: CellChannel['input'],
  ): Promise<ExecuteOutcome> {
    const streams = new StreamCoalescer((name, text) => slots.write(name, text));
    const callbacks: ExecuteCallbacks = {
      stream: (name, text) => streams.write(name, text),
      display: (output) => {
        streams.flush();
        slots.display(this.answerRequest(output) ?? output);
      },
      clearOutput: (wait) => {
        streams.flush();
        slots.clear(wait);
      },
      input: (prompt, password) => {
        streams.flush();
        return input(prompt, password);
      },
    };
    // A re-run keeps its cell's In [n], which also names its source in tracebacks.
    const options = { silent: false, storeHistory: true, allowStdin, executionCount: label };
    let outcome: ExecuteOutcome;
    try {
      outcome = await this.backend.execute(code, options, callbacks);
    } finally {
      streams.flush();
    }
    if (outcome.status === 'ok' && outcome.result !== null)
      slots.result(outcome.result, outcome.metadata ?? {});
    return outcome;
  }

  /** When the backend had to start a fresh interpreter, the values the graph describes are gone. */
  private lostInterpreter(outcome: ExecuteOutcome): boolean {
    if (!isWorkerLoss(outcome)) return false;
    this.forget(this.graph.cells().map((node) => node.id));
    return true;
  }

  private analyzer(): CellAnalyzer {
    const analyzer = this.backend.cellAnalyzer;
    if (analyzer === undefined) throw new Error('this backend cannot run reactive cells');
    return analyzer;
  }
}

/** The backend's word for "the interpreter died and a fresh one took over". */
function isWorkerLoss(outcome: ExecuteOutcome): outcome is ErrorOutcome {
  return outcome.status === 'error' && outcome.ename === 'WorkerError';
}

function refuseInput(): Promise<string> {
  return Promise.reject(
    new Error('input() cannot ask the client while a cell is re-run by another cell'),
  );
}

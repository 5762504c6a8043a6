// The ExecutionBackend over the Python host's worker (runtime/python/client.ts): cells run in
// Pyodide in a worker thread, so this thread stays free for the sockets. Questions about code
// (completion, inspection, completeness) are answered by the kernel's Python helpers, run in the
// same interpreter as the cells.
//
// Cells are rewritten first (magics/magic_cells.ts): their magics become calls of the magics
// helper. What cells show — results and display() — comes back as MIME bundles, whose compiled
// functions are drawn here, on the kernel's thread (display/rich_bundle.ts).
//
// If the worker itself dies (a crash, not a Python error), the cell that was running fails with
// a message saying so, and a fresh worker takes over: the kernel keeps answering.

import { PythonWorker, type PythonWorkerOptions } from '../../runtime/python/client.js';
import type { DisplayEvent, DisplaySink } from '../../runtime/python/display.js';
import type { PythonError, RunResult } from '../../runtime/python/host.js';
import { GraphRenderer } from '../display/graph_svg.js';
import { renderBundle } from '../display/rich_bundle.js';
import { cellMagicBody, rewriteMagics } from '../magics/magic_cells.js';
import type {
  BackendInfo,
  CellAnalysis,
  CellAnalyzer,
  Completeness,
  Completion,
  ErrorOutcome,
  ExecuteCallbacks,
  ExecuteOptions,
  ExecuteOutcome,
  ExecutionBackend,
  Inspection,
  MimeBundle,
} from './backend.js';
import { helperCall, installHelpersCode, moduleCall, reactiveModule } from './python_helpers.js';
import { describeTensorBackends } from './tensor_backend.js';

export class PythonWorkerBackend implements ExecutionBackend {
  private worker: PythonWorker | null = null;
  /** Set by shutdown(): a worker ended on purpose is not replaced. */
  private stopped = false;
  /** Names for code not stored in history, which must not reuse a stored cell's file name. */
  private unstoredRuns = 0;
  /** Graphviz, loaded once with the first worker and kept across restarts. */
  private renderer: GraphRenderer | null = null;

  constructor(private readonly options: PythonWorkerOptions = {}) {}

  async start(): Promise<BackendInfo> {
    const [worker, renderer] = await Promise.all([
      PythonWorker.start(this.options),
      this.renderer ?? GraphRenderer.shared(),
    ]);
    this.renderer = renderer;
    const installed = await worker.run(installHelpersCode(), { filename: '<kernel-helpers>' });
    if (!installed.ok) {
      await worker.terminate();
      throw new Error(`the kernel's Python helpers did not load: ${installed.error.traceback}`);
    }
    this.worker = worker;
    return {
      pythonVersion: worker.info.pythonVersion,
      tensorBackend: describeTensorBackends(worker.info.backends),
    };
  }

  async execute(
    code: string,
    options: ExecuteOptions,
    callbacks: ExecuteCallbacks,
  ): Promise<ExecuteOutcome> {
    // Stored cells are named after their In [n]; inspect.getsource reads a cell's functions back
    // by file name, so two runs must never share one.
    const filename = options.storeHistory
      ? `<cell-${options.executionCount}>`
      : `<input-${++this.unstoredRuns}>`;
    const result = await this.runOrRecover(
      rewriteMagics(code),
      filename,
      (stream, text) => callbacks.stream(stream, text),
      (event) => this.display(event, callbacks),
    );
    return this.outcomeOf(result);
  }

  readonly cellAnalyzer: CellAnalyzer = {
    beforeCell: async () => {
      const result = await this.runHelper(moduleCall(reactiveModule, 'before'));
      if (!result.ok) throw new Error(`${result.error.type}: ${result.error.message}`);
    },
    afterCell: (code) =>
      this.ask<CellAnalysis>(moduleCall(reactiveModule, 'after', rewriteMagics(code))),
  };

  async evaluate(expression: string): Promise<ExecuteOutcome> {
    return this.outcomeOf(await this.runOrRecover(expression, '<user-expression>'));
  }

  private display(event: DisplayEvent, callbacks: ExecuteCallbacks): void {
    if (event.kind === 'clear') return callbacks.clearOutput(event.wait);
    callbacks.display({
      data: this.render(event.data),
      metadata: event.metadata,
      ...(event.displayId === null ? {} : { transient: { display_id: event.displayId } }),
      update: event.update,
    });
  }

  private render(data: MimeBundle): MimeBundle {
    return this.renderer === null ? data : renderBundle(data, this.renderer);
  }

  private outcomeOf(result: RunResult): ExecuteOutcome {
    if (!result.ok) return errorOutcomeOf(result.error);
    if (result.rich !== undefined)
      return {
        status: 'ok',
        result: this.render(result.rich.data),
        metadata: result.rich.metadata,
      };
    return { status: 'ok', result: result.value === null ? null : { 'text/plain': result.value } };
  }

  async complete(code: string, cursorPos: number): Promise<Completion> {
    const answer = await this.ask<{ matches: string[]; cursor_start: number; cursor_end: number }>(
      helperCall('complete', code, cursorPos),
    );
    return {
      matches: answer.matches,
      cursorStart: answer.cursor_start,
      cursorEnd: answer.cursor_end,
    };
  }

  inspect(code: string, cursorPos: number, detailLevel: 0 | 1): Promise<Inspection> {
    return this.ask<Inspection>(helperCall('inspect_code', code, cursorPos, detailLevel));
  }

  async isComplete(code: string): Promise<Completeness> {
    // A cell magic's body is what the console is still typing: judge it alone (an empty one
    // waits for its first line).
    const body = cellMagicBody(code);
    if (body !== null && body.trim() === '') return { status: 'incomplete', indent: '' };
    return this.ask<Completeness>(helperCall('is_complete', rewriteMagics(body ?? code)));
  }

  interrupt(): void {
    this.worker?.interrupt();
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  /** Runs a helper call and parses the JSON its value's repr is. */
  private async ask<T>(call: string): Promise<T> {
    const result = await this.runHelper(call);
    if (!result.ok) throw new Error(`${result.error.type}: ${result.error.message}`);
    if (result.value === null) throw new Error('the kernel helper returned nothing');
    return JSON.parse(result.value) as T;
  }

  private async runHelper(call: string): Promise<RunResult> {
    const result = await this.runOrRecover(call, '<kernel-request>');
    // An interrupt meant for a cell can land in a helper run between two cells: run it again
    // (each run starts with the flag cleared); the kernel has seen the interrupt itself.
    if (result.ok || result.error.type !== 'KeyboardInterrupt') return result;
    return this.runOrRecover(call, '<kernel-request>');
  }

  private async runOrRecover(
    code: string,
    filename: string,
    onOutput?: (stream: 'stdout' | 'stderr', text: string) => void,
    onDisplay?: DisplaySink,
  ): Promise<RunResult> {
    const worker = this.worker;
    if (worker === null || this.stopped) throw new Error('the Python backend is not running');
    try {
      return await worker.run(code, { filename, onOutput, onDisplay });
    } catch (error) {
      if (this.stopped) throw new Error('the Python backend was shut down', { cause: error });
      // The worker is gone; its variables with it. Start over so the kernel stays usable.
      this.worker = null;
      await worker.terminate().catch(() => undefined);
      await this.start();
      const reason = error instanceof Error ? error.message : String(error);
      return workerLost(reason);
    }
  }
}

function workerLost(reason: string): RunResult {
  const message = `${reason}; a fresh Python interpreter was started and earlier variables are gone`;
  return {
    ok: false,
    error: { type: 'WorkerError', message, traceback: `WorkerError: ${message}\n` },
  };
}

function errorOutcomeOf(error: PythonError): ErrorOutcome {
  // A magic used wrongly shows its message alone, as IPython shows a UsageError.
  if (error.type === 'UsageError')
    return errorOutcome(error.type, error.message, `UsageError: ${error.message}`);
  return errorOutcome(error.type, error.message, error.traceback);
}

function errorOutcome(ename: string, evalue: string, traceback: string): ErrorOutcome {
  return { status: 'error', ename, evalue, traceback: traceback.replace(/\n$/, '').split('\n') };
}

// execute_request: runs a cell on the backend and tells the client everything that happened,
// on iopub as it happens (execute_input, streams, displays, the result or the error) and in the
// reply at the end.

import type {
  DisplayOutput,
  ErrorOutcome,
  ExecuteCallbacks,
  ExecuteOutcome,
  ExecutionBackend,
} from '../backend/backend.js';
import type { SessionHistory } from '../history.js';
import type { InputRequests } from '../input_requests.js';
import type { IopubPublisher } from '../iopub.js';
import type { JsonObject } from '../protocol/json.js';
import type { JupyterMessage } from '../protocol/message.js';
import { readCellMetadata } from '../reactive/cell_metadata.js';
import type { OutputMessageType } from '../reactive/output_slots.js';
import { ReactiveCells, type ReactiveCell } from '../reactive/reactive_cells.js';
import { StreamCoalescer } from '../stream_coalescer.js';
import { readExecuteRequest, type ExecuteRequest } from './execute_request.js';

export interface ExecuteResult {
  readonly reply: JsonObject;
  /** The cell failed and asked that the executions queued behind it be aborted. */
  readonly abortQueued: boolean;
}

/** What input() raises when the client does not take input (IPython's name for it). */
export class StdinNotAllowed extends Error {
  constructor() {
    super('raw_input was called, but this frontend does not support input requests.');
    this.name = 'StdinNotImplementedError';
  }
}

export class ExecuteHandler {
  /** Cells run with store_history so far; the last one's In [n]. */
  private executionCount = 0;
  private readonly reactive: ReactiveCells;

  constructor(
    private readonly backend: ExecutionBackend,
    private readonly iopub: IopubPublisher,
    private readonly inputs: InputRequests,
    private readonly history: SessionHistory,
  ) {
    this.reactive = new ReactiveCells(backend);
  }

  /** An interrupt also stops a cascade of re-runs between two cells. */
  interrupt(): void {
    this.reactive.interrupt();
  }

  async handle(message: JupyterMessage): Promise<ExecuteResult> {
    const request = readExecuteRequest(message.content);
    if (request.storeHistory) this.executionCount++;
    const count = this.executionCount;
    if (!request.silent) {
      void this.iopub.publish(
        'execute_input',
        { code: request.code, execution_count: count },
        message,
      );
    }
    const cell = this.reactiveCell(message, request, count);
    const outcome =
      cell === null
        ? await this.run(message, request, count)
        : await this.reactive.runCell(cell, {
            publish: (type, content) => this.publishOutput(type, content, message),
            input: (prompt, password) => this.input(message, request, prompt, password),
          });
    if (outcome.status === 'error') return this.failed(message, request, count, outcome);
    // A reactive cell showed its result already, as a display its re-runs can update.
    if (outcome.result !== null && !request.silent && cell === null) {
      const metadata = outcome.metadata ?? {};
      const content = { execution_count: count, data: outcome.result, metadata };
      void this.iopub.publish('execute_result', content, message);
    }
    if (request.storeHistory) {
      const output = outcome.result?.['text/plain'];
      this.history.record({
        line: count,
        input: request.code,
        output: typeof output === 'string' ? output : null,
      });
    }
    const userExpressions = await this.evaluateAll(request.userExpressions);
    const reply = {
      status: 'ok',
      execution_count: count,
      payload: [],
      user_expressions: userExpressions,
    };
    return { reply, abortQueued: false };
  }

  /**
   * The cell as a reactive one, when the client sent its id and the backend can analyse it;
   * null runs it as a plain kernel would. Silent and unstored executions are the front end's
   * own bookkeeping, never reactive.
   */
  private reactiveCell(
    message: JupyterMessage,
    request: ExecuteRequest,
    count: number,
  ): ReactiveCell | null {
    if (!this.reactive.available || request.silent || !request.storeHistory) return null;
    const { cellId, deletedCells } = readCellMetadata(message.metadata);
    this.reactive.forget(deletedCells);
    if (cellId === null) return null;
    return { id: cellId, code: request.code, label: count, allowStdin: request.allowStdin };
  }

  private publishOutput(type: OutputMessageType, content: JsonObject, message: JupyterMessage) {
    void this.iopub.publish(type, content, message);
  }

  private input(
    message: JupyterMessage,
    request: ExecuteRequest,
    prompt: string,
    password: boolean,
  ): Promise<string> {
    if (!request.allowStdin) return Promise.reject(new StdinNotAllowed());
    return this.inputs.ask(message, prompt, password);
  }

  /** The reply to an execute_request aborted by an earlier failure. */
  abortedReply(): JsonObject {
    return { status: 'aborted', execution_count: this.executionCount };
  }

  private async run(
    message: JupyterMessage,
    request: ExecuteRequest,
    count: number,
  ): Promise<ExecuteOutcome> {
    const streams = new StreamCoalescer((name, text) => {
      void this.iopub.publish('stream', { name, text }, message);
    });
    const callbacks: ExecuteCallbacks = {
      stream: (name, text) => {
        if (!request.silent) streams.write(name, text);
      },
      display: (output) => {
        streams.flush();
        if (request.silent) return;
        const shown = this.reactive.answerRequest(output) ?? output;
        if (shown.update !== true) {
          void this.iopub.publish('display_data', displayContent(shown), message);
          return;
        }
        // An update also reaches what reactive cells showed under that id (their own ids).
        for (const target of this.reactive.updateTargets(shown))
          void this.iopub.publish('update_display_data', displayContent(target), message);
      },
      clearOutput: (wait) => {
        streams.flush();
        if (!request.silent) void this.iopub.publish('clear_output', { wait }, message);
      },
      input: (prompt, password) => {
        streams.flush();
        return this.input(message, request, prompt, password);
      },
    };
    const options = {
      silent: request.silent,
      storeHistory: request.storeHistory,
      allowStdin: request.allowStdin,
      executionCount: count,
    };
    try {
      return await this.backend.execute(request.code, options, callbacks);
    } finally {
      streams.flush();
    }
  }

  private failed(
    message: JupyterMessage,
    request: ExecuteRequest,
    count: number,
    error: ErrorOutcome,
  ): ExecuteResult {
    const details = { ename: error.ename, evalue: error.evalue, traceback: [...error.traceback] };
    if (!request.silent) void this.iopub.publish('error', details, message);
    if (request.storeHistory)
      this.history.record({ line: count, input: request.code, output: null });
    const reply = {
      status: 'error',
      execution_count: count,
      ...details,
      payload: [],
      user_expressions: {},
    };
    // ipykernel leaves the queue alone when a silent execution fails: frontends use those
    // for their own bookkeeping, which should not cancel the user's cells.
    return { reply, abortQueued: request.stopOnError && !request.silent };
  }

  private async evaluateAll(expressions: ReadonlyMap<string, string>): Promise<JsonObject> {
    const results: JsonObject = {};
    for (const [name, expression] of expressions) {
      const outcome = await this.backend.evaluate(expression);
      results[name] =
        outcome.status === 'ok'
          ? { status: 'ok', data: outcome.result ?? { 'text/plain': 'None' }, metadata: {} }
          : {
              status: 'error',
              ename: outcome.ename,
              evalue: outcome.evalue,
              traceback: [...outcome.traceback],
            };
    }
    return results;
  }
}

function displayContent(output: DisplayOutput): JsonObject {
  const content: JsonObject = { data: output.data, metadata: output.metadata };
  if (output.transient !== undefined) content.transient = output.transient;
  return content;
}

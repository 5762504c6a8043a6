// PythonWorker: a PythonHost in a worker thread, driven from the main thread. Cells run one at a
// time in the order they were sent; their output arrives as it is written, while they run; an
// interrupt sets the shared flag, which Python (and the runtime) see while the worker is busy.

import { Worker } from 'node:worker_threads';
import type { DisplaySink } from './display.js';
import type { OutputSink, PythonHostOptions, RunResult, StartInfo } from './host.js';
import { createInterruptFlag, requestInterrupt } from './interrupt.js';
import type { FromWorker, ToWorker, WorkerStart } from './protocol.js';

export type PythonWorkerOptions = Pick<PythonHostOptions, 'cacheDir' | 'backends'>;

export interface RunOptions {
  /** The cell's file name in tracebacks and linecache (default: <cell-N>). */
  readonly filename?: string;
  readonly onOutput?: OutputSink;
  /** display() and clear_output() of the cell, in order with its output. */
  readonly onDisplay?: DisplaySink;
}

interface PendingRun {
  readonly resolve: (result: RunResult) => void;
  readonly reject: (error: Error) => void;
  readonly onOutput: OutputSink | undefined;
  readonly onDisplay: DisplaySink | undefined;
}

export class PythonWorker {
  private readonly pending = new Map<number, PendingRun>();
  private nextId = 1;
  private failure: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly flag: Int32Array,
    readonly info: StartInfo,
  ) {
    worker.on('message', (message: FromWorker) => this.receive(message));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the Python worker exited (code ${code})`)));
  }

  /** Starts a worker and waits until its Python is ready. */
  static start(options: PythonWorkerOptions = {}): Promise<PythonWorker> {
    const flag = createInterruptFlag();
    const data: WorkerStart = { interrupt: flag, options };
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: data });
    return new Promise((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the Python worker exited (code ${code})`));
      const onMessage = (message: FromWorker) => {
        if (message.kind === 'ready') {
          worker.off('message', onMessage);
          worker.off('error', reject);
          worker.off('exit', onExit);
          resolve(new PythonWorker(worker, flag, message.info));
        } else if (message.kind === 'failed') {
          void worker.terminate();
          reject(new Error(`the Python worker did not start: ${message.message}`));
        }
      };
      worker.on('message', onMessage);
      worker.on('error', reject);
      worker.on('exit', onExit);
    });
  }

  /** Runs a cell after those sent before it; resolves with its result, errors included. */
  run(source: string, options: RunOptions = {}): Promise<RunResult> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.nextId++;
    const message: ToWorker = { kind: 'run', id, source, filename: options.filename ?? null };
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve,
        reject,
        onOutput: options.onOutput,
        onDisplay: options.onDisplay,
      });
      this.worker.postMessage(message);
    });
  }

  /** Interrupts the cell that is running (KeyboardInterrupt); does nothing when none is. */
  interrupt(): void {
    if (this.pending.size > 0) requestInterrupt(this.flag);
  }

  /** Stops the worker; runs still pending are rejected. */
  async terminate(): Promise<void> {
    this.failure ??= new Error('the Python worker was terminated');
    await this.worker.terminate();
  }

  private receive(message: FromWorker): void {
    if (message.kind === 'output') {
      this.pending.get(message.id)?.onOutput?.(message.stream, message.text);
    } else if (message.kind === 'display') {
      this.pending.get(message.id)?.onDisplay?.(message.event);
    } else if (message.kind === 'result') {
      this.pending.get(message.id)?.resolve(message.result);
      this.pending.delete(message.id);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const run of this.pending.values()) run.reject(this.failure);
    this.pending.clear();
  }
}

// Messages between a PythonWorker (client.ts, on the main thread) and its worker (worker.ts).
// The interrupt flag is not a message: it is shared memory, handed over in workerData at start,
// so that an interrupt reaches Python while the worker is busy running a cell.

import type { DisplayEvent } from './display.js';
import type { OutputStream, PythonHostOptions, RunResult, StartInfo } from './host.js';

/** The worker's workerData. */
export interface WorkerStart {
  /** The interrupt flag: an Int32Array over a SharedArrayBuffer. */
  readonly interrupt: Int32Array;
  readonly options: Pick<PythonHostOptions, 'cacheDir' | 'backends'>;
}

/** Main thread to worker. */
export type ToWorker = {
  readonly kind: 'run';
  readonly id: number;
  readonly source: string;
  readonly filename: string | null;
};

/** Worker to main thread. */
export type FromWorker =
  | { readonly kind: 'ready'; readonly info: StartInfo }
  | { readonly kind: 'failed'; readonly message: string }
  | {
      readonly kind: 'output';
      readonly id: number;
      readonly stream: OutputStream;
      readonly text: string;
    }
  | { readonly kind: 'display'; readonly id: number; readonly event: DisplayEvent }
  | { readonly kind: 'result'; readonly id: number; readonly result: RunResult };

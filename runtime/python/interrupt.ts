// Interrupting Python from another thread. The flag itself is runtime/interrupt.ts's: one Int32
// in a SharedArrayBuffer, which the host hands to Pyodide (setInterruptBuffer) and which the IR
// interpreter checks between steps, so both stop at the same request. This file adds the side
// that makes and sets flags: the main thread creates one per worker, shares it at start, and
// writes SIGINT into it; whoever acts on it (Pyodide or checkInterrupt) clears it.

import { interruptFlag } from '../interrupt.js';

/** The signal number Pyodide turns into KeyboardInterrupt. */
export const SIGINT = 2;

/** A new flag to share with a worker before starting it. */
export function createInterruptFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
}

/** Asks the thread that checks `target` to stop what it runs. */
export function requestInterrupt(target: Int32Array = interruptFlag()): void {
  Atomics.store(target, 0, SIGINT);
}

export function clearInterrupt(target: Int32Array = interruptFlag()): void {
  Atomics.store(target, 0, 0);
}

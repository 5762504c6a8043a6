// The interrupt flag: a shared Int32Array the kernel's main thread sets (Atomics.store 2 = SIGINT,
// as Pyodide's interrupt buffer expects) while code runs on another thread. Pyodide raises
// KeyboardInterrupt from it; the IR interpreter checks it in loops and calls.

import { TorchError } from './errors.js';

let flag: Int32Array = new Int32Array(new SharedArrayBuffer(4));

/** The flag in use; hand its buffer to the thread that sets it. */
export function interruptFlag(): Int32Array {
  return flag;
}

/** Uses `shared` (e.g. received from the main thread) as the flag from now on. */
export function useInterruptFlag(shared: Int32Array): void {
  flag = shared;
}

/** Throws KeyboardInterrupt, clearing the flag, when an interrupt was asked for. */
export function checkInterrupt(): void {
  if (flag[0] !== 0) {
    Atomics.store(flag, 0, 0);
    throw new TorchError('KeyboardInterrupt', '');
  }
}

// The kernel table: implementations keyed by kernel name and backend. Every kernel has a plain
// typed-array `reference` implementation, the slow and obviously correct definition; a `tfjs`
// implementation takes over where it supports the problem and the problem is large enough to pay
// for tfjs's per-call cost (copying into the backend and back, about 5 us here).

import { backendInfo } from './tfjs.js';

export type KernelBackend = 'reference' | 'tfjs';

export interface KernelImpl<P, R> {
  /** Whether this implementation can compute the problem at all (dtype, options). */
  readonly supports: (problem: P) => boolean;
  /** Whether it pays to choose it over the reference for this problem (size); default yes. */
  readonly worthIt?: (problem: P) => boolean;
  readonly run: (problem: P) => R;
}

/** A kernel's name, carrying the types of its problem and result. */
export interface KernelName<P, R> {
  readonly name: string;
  /** Never read: binds P and R to the name so defineKernel and runKernel agree on them. */
  readonly types?: (problem: P) => R;
}

export function kernelName<P, R>(name: string): KernelName<P, R> {
  return { name };
}

type AnyImpl = KernelImpl<unknown, unknown>;
const table = new Map<string, Map<KernelBackend, AnyImpl>>();
/** Calls per kernel and backend since start-up (or the last reset), for the banner and specs. */
const calls = new Map<string, Record<KernelBackend, number>>();

/** Adds one implementation of a kernel; the reference one is required before any other runs. */
export function defineKernel<P, R>(
  kernel: KernelName<P, R>,
  backend: KernelBackend,
  impl: KernelImpl<P, R>,
): void {
  let row = table.get(kernel.name);
  if (row === undefined) table.set(kernel.name, (row = new Map()));
  if (row.has(backend)) throw new Error(`kernel ${kernel.name} defined twice for ${backend}`);
  row.set(backend, impl as unknown as AnyImpl);
}

function implFor<P, R>(kernel: KernelName<P, R>, backend: KernelBackend): KernelImpl<P, R> | null {
  return (table.get(kernel.name)?.get(backend) ?? null) as KernelImpl<P, R> | null;
}

/** Whether a backend's implementations can run now (tfjs only after initBackends()). */
export function backendReady(backend: KernelBackend): boolean {
  return backend === 'reference' || backendInfo().active !== 'reference';
}

/** Runs the best implementation for the problem: tfjs where it suits, else the reference. */
export function runKernel<P, R>(kernel: KernelName<P, R>, problem: P): R {
  const fast = implFor(kernel, 'tfjs');
  if (
    fast !== null &&
    backendReady('tfjs') &&
    fast.supports(problem) &&
    (fast.worthIt?.(problem) ?? true)
  ) {
    return runKernelOn(kernel, 'tfjs', problem);
  }
  return runKernelOn(kernel, 'reference', problem);
}

/** Runs one backend's implementation whatever the problem's size (for specs and benchmarks). */
export function runKernelOn<P, R>(kernel: KernelName<P, R>, backend: KernelBackend, problem: P): R {
  const impl = implFor(kernel, backend);
  if (impl === null) throw new Error(`kernel ${kernel.name} has no ${backend} implementation`);
  let count = calls.get(kernel.name);
  if (count === undefined) calls.set(kernel.name, (count = { reference: 0, tfjs: 0 }));
  count[backend]++;
  return impl.run(problem);
}

/** How many times each backend ran `kernel`. */
export function kernelCalls<P, R>(kernel: KernelName<P, R>): Record<KernelBackend, number> {
  return { ...(calls.get(kernel.name) ?? { reference: 0, tfjs: 0 }) };
}

/** The backends that have an implementation of `kernel` able to run now, reference first. */
export function kernelBackends<P, R>(kernel: KernelName<P, R>): KernelBackend[] {
  const row = table.get(kernel.name);
  if (row === undefined) return [];
  return (['reference', 'tfjs'] as const).filter((b) => row.has(b) && backendReady(b));
}

/** Whether one backend's implementation supports a problem (specs skip the cases it does not). */
export function kernelSupports<P, R>(
  kernel: KernelName<P, R>,
  backend: KernelBackend,
  problem: P,
): boolean {
  return implFor(kernel, backend)?.supports(problem) ?? false;
}

// torch.jit.Future: the result of a forked task, set once, with a value or an error. The
// interpreter suspends a task that waits on a pending future until it completes; anything else
// (the eager API, where fork runs at once) only ever sees completed ones.

import { runtimeError } from './errors.js';
import type { IValue } from './ivalue.js';

type State =
  | { readonly kind: 'pending' }
  | { readonly kind: 'done'; readonly value: IValue }
  | { readonly kind: 'failed'; readonly error: unknown };

export class Future {
  private state: State = { kind: 'pending' };
  private readonly callbacks: (() => void)[] = [];

  static completed(value: IValue): Future {
    const f = new Future();
    f.complete(value);
    return f;
  }

  get done(): boolean {
    return this.state.kind !== 'pending';
  }

  complete(value: IValue): void {
    this.settle({ kind: 'done', value });
  }

  fail(error: unknown): void {
    this.settle({ kind: 'failed', error });
  }

  /** Runs `callback` once the future is done (at once when it is). */
  whenDone(callback: () => void): void {
    if (this.done) callback();
    else this.callbacks.push(callback);
  }

  /** The value, or the task's error raised again; a pending future is the interpreter's to wait on. */
  value(): IValue {
    switch (this.state.kind) {
      case 'done':
        return this.state.value;
      case 'failed':
        throw this.state.error;
      case 'pending':
        throw runtimeError('wait() on a Future that has not completed outside a scheduled task');
    }
  }

  private settle(state: State): void {
    if (this.done) throw runtimeError('a Future can be completed only once');
    this.state = state;
    for (const callback of this.callbacks.splice(0)) callback();
  }
}

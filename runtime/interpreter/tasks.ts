// Forked work. `prim::fork` makes a task and its Future and queues the task; `aten::wait` on a
// pending future runs queued tasks until that future completes, so a waiting task is suspended
// while the work it needs runs; whatever is still queued when a call from Python finishes runs
// before the call returns, or on RxJS's asap scheduler when forked outside any call. Exceptions
// travel through the future to whoever waits. Every task records when it started, ended and
// waited, as the timeline drawing needs; `taskEvents` streams those records as they happen.

import { asapScheduler, Subject, type Subscription } from 'rxjs';
import { runtimeError } from '../errors.js';
import { Future } from '../future.js';
import { forkedTaskFailure } from './failures.js';
import type { IValue } from '../ivalue.js';

export interface WaitRecord {
  /** The task whose future was waited on. */
  readonly on: number;
  readonly start: number;
  end: number;
}

export interface TaskRecord {
  readonly id: number;
  /** The forked function's name, or the entry point's for a root task. */
  readonly name: string;
  /** The task that forked it; null for a call from Python. */
  readonly parent: number | null;
  readonly created: number;
  started: number | null;
  ended: number | null;
  readonly waits: WaitRecord[];
  failed: boolean;
}

export type TaskEvent =
  | { readonly kind: 'created' | 'started' | 'ended'; readonly task: TaskRecord }
  | { readonly kind: 'waited'; readonly task: TaskRecord; readonly wait: WaitRecord };

interface Task {
  readonly record: TaskRecord;
  readonly future: Future;
  readonly body: () => IValue;
  state: 'queued' | 'running' | 'done';
}

const now = () => performance.now();

class Scheduler {
  private readonly queue: Task[] = [];
  private readonly byFuture = new Map<Future, Task>();
  private readonly stack: Task[] = [];
  private nextId = 0;
  private pending: Subscription | null = null;
  readonly events = new Subject<TaskEvent>();

  /** Queues `body` as a task; its Future completes with what it returns or throws. */
  fork(name: string, body: () => IValue): Future {
    const task = this.makeTask(name, body, this.current()?.record.id ?? null);
    this.queue.push(task);
    this.byFuture.set(task.future, task);
    // Forked outside any running task (eagerly, from Python): run once the caller yields.
    this.pending ??= asapScheduler.schedule(() => {
      this.pending = null;
      this.drain();
    });
    return task.future;
  }

  /** The future's value once it completes, running queued tasks until it does. */
  wait(future: Future): IValue {
    if (!future.done) {
      const target = this.byFuture.get(future);
      const waiter = this.current();
      const wait: WaitRecord = { on: target?.record.id ?? -1, start: now(), end: 0 };
      if (target?.state === 'queued') {
        this.queue.splice(this.queue.indexOf(target), 1);
        this.run(target);
      } else {
        throw runtimeError(
          'wait() on a future whose task is itself waiting for this one: the tasks deadlock',
        );
      }
      wait.end = now();
      if (waiter !== undefined) {
        waiter.record.waits.push(wait);
        this.events.next({ kind: 'waited', task: waiter.record, wait });
      }
    }
    return future.value();
  }

  /** Runs `body` as a root task (a call from Python), then every task still queued. */
  runRoot(name: string, body: () => IValue): IValue {
    const task = this.makeTask(name, body, null);
    this.run(task);
    if (this.stack.length === 0) this.drain();
    return task.future.value();
  }

  private drain(): void {
    for (let task = this.queue.shift(); task !== undefined; task = this.queue.shift()) {
      this.run(task);
    }
  }

  private current(): Task | undefined {
    return this.stack[this.stack.length - 1];
  }

  private makeTask(name: string, body: () => IValue, parent: number | null): Task {
    const record: TaskRecord = {
      id: this.nextId++,
      name,
      parent,
      created: now(),
      started: null,
      ended: null,
      waits: [],
      failed: false,
    };
    this.events.next({ kind: 'created', task: record });
    return { record, future: new Future(), body, state: 'queued' };
  }

  private run(task: Task): void {
    task.state = 'running';
    task.record.started = now();
    this.events.next({ kind: 'started', task: task.record });
    this.stack.push(task);
    try {
      task.future.complete(task.body());
    } catch (e) {
      task.record.failed = true;
      task.future.fail(task.record.parent === null ? e : forkedTaskFailure(e));
    } finally {
      this.stack.pop();
      task.state = 'done';
      task.record.ended = now();
      this.byFuture.delete(task.future);
      this.events.next({ kind: 'ended', task: task.record });
    }
  }
}

export const scheduler = new Scheduler();

/** Every task's records as they change: %%timeline subscribes to draw them. */
export const taskEvents = scheduler.events.asObservable();

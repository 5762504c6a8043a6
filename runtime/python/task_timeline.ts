// What %%timeline records: the interpreter's tasks (interpreter/tasks.ts) that were created while
// a recording was on, with their times in milliseconds since it began, and a summary in words
// for clients that show text only. The recording runs in the thread the tasks run in (the Python
// worker); the kernel draws the result (kernel/display/timeline_svg.ts).

import type { Observable, Subscription } from 'rxjs';
import type { TaskEvent, TaskRecord } from '../interpreter/tasks.js';

export interface TimelineWait {
  /** The task whose future was waited for. */
  readonly on: number;
  readonly start: number;
  readonly end: number;
}

export interface TimelineTask {
  readonly id: number;
  readonly name: string;
  /** The task that forked it; null for a call from Python. */
  readonly parent: number | null;
  readonly created: number;
  /** null: still queued when the recording ended. */
  readonly started: number | null;
  readonly ended: number | null;
  readonly waits: readonly TimelineWait[];
  readonly failed: boolean;
}

export interface TaskTimeline {
  /** From the start of the recording to its end. */
  readonly duration: number;
  /** In the order they were created. */
  readonly tasks: readonly TimelineTask[];
}

export class TaskRecording {
  private readonly began = performance.now();
  /** The scheduler's records, which it keeps updating until the task ends. */
  private readonly records = new Map<number, TaskRecord>();
  private readonly subscription: Subscription;

  constructor(events: Observable<TaskEvent>) {
    this.subscription = events.subscribe((event) => this.records.set(event.task.id, event.task));
  }

  /** Ends the recording; what it saw, in times since it began. */
  stop(): TaskTimeline {
    this.subscription.unsubscribe();
    const since = (time: number) => time - this.began;
    const sinceOrNull = (time: number | null) => (time === null ? null : since(time));
    const tasks = [...this.records.values()]
      .sort((a, b) => a.id - b.id)
      .map((record) => ({
        id: record.id,
        name: record.name,
        parent: record.parent,
        created: since(record.created),
        started: sinceOrNull(record.started),
        ended: sinceOrNull(record.ended),
        waits: record.waits.map((w) => ({ on: w.on, start: since(w.start), end: since(w.end) })),
        failed: record.failed,
      }));
    return { duration: since(performance.now()), tasks };
  }
}

/** Lines beyond this are counted, not listed: a loop of calls makes thousands of tasks. */
const summaryLines = 40;

/** The timeline in words: one line per task. */
export function summarizeTimeline(timeline: TaskTimeline): string {
  const { tasks } = timeline;
  const count = `${tasks.length} task${tasks.length === 1 ? '' : 's'}`;
  const head = `Timeline: ${count} in ${milliseconds(timeline.duration)}`;
  const lines = tasks.slice(0, summaryLines).map(describeTask);
  if (tasks.length > summaryLines) lines.push(`  ... and ${tasks.length - summaryLines} more`);
  return [head, ...lines].join('\n');
}

function describeTask(task: TimelineTask): string {
  const origin = task.parent === null ? 'called from Python' : `forked by #${task.parent}`;
  const ran =
    task.started === null
      ? 'never ran'
      : `ran ${milliseconds(task.started)} to ${task.ended === null ? '(running)' : milliseconds(task.ended)}`;
  const waited = task.waits.reduce((total, wait) => total + (wait.end - wait.start), 0);
  const waits = task.waits.length === 0 ? '' : `, waited ${milliseconds(waited)}`;
  const failed = task.failed ? ', failed' : '';
  return `  #${task.id} ${task.name} (${origin}): ${ran}${waits}${failed}`;
}

function milliseconds(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

// %%timeline's recording of the interpreter's tasks: the scheduler's records while it is on, in
// times since it began, and the summary in words.

import assert from 'node:assert/strict';
import { scheduler, taskEvents } from '../../../runtime/interpreter/tasks.js';
import {
  summarizeTimeline,
  TaskRecording,
  type TaskTimeline,
} from '../../../runtime/python/task_timeline.js';

describe('task timeline recording', () => {
  it('records the tasks run while it is on: calls, forks, waits', () => {
    scheduler.runRoot('before', () => 0);
    const recording = new TaskRecording(taskEvents);
    const value = scheduler.runRoot('outer', () => {
      const left = scheduler.fork('left', () => 1);
      const right = scheduler.fork('right', () => 2);
      return (scheduler.wait(left) as number) + (scheduler.wait(right) as number);
    });
    const timeline = recording.stop();
    scheduler.runRoot('after', () => 0);
    assert.equal(value, 3);
    assert.deepEqual(
      timeline.tasks.map((t) => [t.name, t.parent === null ? null : 'forked']),
      [
        ['outer', null],
        ['left', 'forked'],
        ['right', 'forked'],
      ],
    );
    const [outer, left, right] = timeline.tasks;
    assert.equal(left.parent, outer.id);
    assert.deepEqual(
      outer.waits.map((w) => w.on),
      [left.id, right.id],
    );
    for (const task of timeline.tasks) {
      assert.ok(task.created >= 0 && task.started! >= task.created && task.ended! >= task.started!);
    }
    assert.ok(timeline.duration >= outer.ended!);
  });

  it('sums the timeline up, one line per task', () => {
    const timeline: TaskTimeline = {
      duration: 12,
      tasks: [
        {
          id: 4,
          name: 'fan_out',
          parent: null,
          created: 0.5,
          started: 0.5,
          ended: 11,
          waits: [{ on: 5, start: 1, end: 9 }],
          failed: false,
        },
        {
          id: 5,
          name: 'branch',
          parent: 4,
          created: 0.8,
          started: 1,
          ended: 9,
          waits: [],
          failed: true,
        },
        {
          id: 6,
          name: 'late',
          parent: 4,
          created: 10,
          started: null,
          ended: null,
          waits: [],
          failed: false,
        },
      ],
    };
    assert.equal(
      summarizeTimeline(timeline),
      [
        'Timeline: 3 tasks in 12.0 ms',
        '  #4 fan_out (called from Python): ran 0.50 ms to 11.0 ms, waited 8.00 ms',
        '  #5 branch (forked by #4): ran 1.00 ms to 9.00 ms, failed',
        '  #6 late (forked by #4): never ran',
      ].join('\n'),
    );
  });
});

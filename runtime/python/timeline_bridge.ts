// The JS module `_torchscript_timeline`, which %%timeline (the kernel's magics) imports: start()
// records the interpreter's tasks, stop() ends the recording and answers JSON text
// {"timeline": TaskTimeline, "summary": str}. One recording at a time: cell magics do not nest.

import { taskEvents } from '../interpreter/tasks.js';
import { summarizeTimeline, TaskRecording } from './task_timeline.js';

export const timelineBridgeModuleName = '_torchscript_timeline';

export function createTimelineBridge(): Record<string, unknown> {
  let recording: TaskRecording | null = null;
  return {
    start(): void {
      recording?.stop();
      recording = new TaskRecording(taskEvents);
    },
    stop(): string {
      if (recording === null) throw new Error('no task timeline is being recorded');
      const timeline = recording.stop();
      recording = null;
      return JSON.stringify({ timeline, summary: summarizeTimeline(timeline) });
    },
  };
}

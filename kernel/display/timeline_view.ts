// %%timeline's data as the worker sends it (application/vnd.torchscript.timeline+json: the
// TaskTimeline of runtime/python/task_timeline.ts), checked, and turned into image/svg+xml.

import type { TaskTimeline, TimelineTask } from '../../runtime/python/task_timeline.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../protocol/json.js';
import { timelineToSvg } from './timeline_svg.js';

export const timelineMime = 'application/vnd.torchscript.timeline+json';

/** The payload, checked for what the drawing reads (it comes from our own worker). */
export function readTimeline(value: JsonValue): TaskTimeline {
  if (!isJsonObject(value) || typeof value.duration !== 'number' || !Array.isArray(value.tasks))
    throw new Error(`${timelineMime} needs a duration and tasks`);
  return { duration: value.duration, tasks: value.tasks.map(readTask) };
}

function readTask(value: JsonValue): TimelineTask {
  if (
    !isJsonObject(value) ||
    typeof value.id !== 'number' ||
    typeof value.name !== 'string' ||
    typeof value.created !== 'number' ||
    !Array.isArray(value.waits)
  )
    throw new Error(`${timelineMime}: a task needs an id, a name, a creation time and waits`);
  return {
    id: value.id,
    name: value.name,
    parent: numberOrNull(value.parent),
    created: value.created,
    started: numberOrNull(value.started),
    ended: numberOrNull(value.ended),
    waits: value.waits.filter(isJsonObject).map(readWait),
    failed: value.failed === true,
  };
}

function readWait(value: JsonObject): TimelineTask['waits'][number] {
  const [on, start, end] = [value.on, value.start, value.end];
  if (typeof on !== 'number' || typeof start !== 'number' || typeof end !== 'number')
    throw new Error(`${timelineMime}: a wait needs on, start and end`);
  return { on, start, end };
}

function numberOrNull(value: JsonValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

export function renderTimeline(payload: JsonValue): JsonObject {
  return { 'image/svg+xml': timelineToSvg(readTimeline(payload)) };
}

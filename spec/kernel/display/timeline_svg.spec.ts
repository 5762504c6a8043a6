// %%timeline's Gantt chart: one row per task, bars, waits, fork arrows, a time axis, and the
// payload checked on its way in.

import assert from 'node:assert/strict';
import { renderBundle } from '../../../kernel/display/rich_bundle.js';
import { GraphRenderer } from '../../../kernel/display/graph_svg.js';
import { timelineToSvg } from '../../../kernel/display/timeline_svg.js';
import { readTimeline, timelineMime } from '../../../kernel/display/timeline_view.js';
import type { TaskTimeline, TimelineTask } from '../../../runtime/python/task_timeline.js';

function task(id: number, parent: number | null, started: number, ended: number): TimelineTask {
  return {
    id,
    name: `task${id}`,
    parent,
    created: started,
    started,
    ended,
    waits: [],
    failed: false,
  };
}

const forked: TaskTimeline = {
  duration: 20,
  tasks: [
    { ...task(0, null, 1, 19), name: 'fan_out', waits: [{ on: 1, start: 2, end: 10 }] },
    { ...task(1, 0, 2, 10), created: 1.5 },
    { ...task(2, 0, 10, 18), created: 1.6, failed: true },
  ],
};

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe('timeline drawing', () => {
  it('draws one row per task, with bars, waits and fork arrows', () => {
    const svg = timelineToSvg(forked);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
    assert.equal(count(svg, /<g class="task">/g), 3);
    assert.equal(count(svg, /<line class="fork"/g), 2);
    assert.match(svg, /#0 fan_out/);
    assert.match(svg, /<title>#0 waits for #1: 8\.000 ms<\/title>/);
    assert.match(
      svg,
      /fill="#c0392b"><title>#2 task2: 9\.000 ms to 17\.0 ms \(8\.000 ms, failed\)/,
    );
    // Queued from creation to start: a dashed line.
    assert.match(svg, /stroke-dasharray="3,2"><title>#2 queued<\/title>/);
    assert.match(svg, />0 ms<\/text>/);
    assert.match(svg, />15 ms<\/text>/);
  });

  it('escapes names, and stops drawing rows at 200', () => {
    const many: TaskTimeline = {
      duration: 300,
      tasks: Array.from({ length: 230 }, (_, i) => ({ ...task(i, null, i, i + 1), name: '<f&g>' })),
    };
    const svg = timelineToSvg(many);
    assert.equal(count(svg, /<g class="task">/g), 200);
    assert.match(svg, /… and 30 more tasks, not drawn/);
    assert.match(svg, /#0 &lt;f&amp;g&gt;/);
    assert.doesNotMatch(svg, /<f&g>/);
  });

  it('says so when no task ran', () => {
    assert.match(timelineToSvg({ duration: 3, tasks: [] }), /No TorchScript task ran in this cell/);
  });

  it('checks the payload and replaces it by the drawing in a bundle', async () => {
    assert.throws(() => readTimeline({ tasks: [] }), /needs a duration and tasks/);
    assert.throws(
      () => readTimeline({ duration: 1, tasks: [{ id: 1 }] }),
      /a task needs an id, a name/,
    );
    const renderer = await GraphRenderer.shared();
    const bundle = renderBundle(
      { [timelineMime]: JSON.parse(JSON.stringify(forked)), 'text/plain': 'Timeline: 3 tasks' },
      renderer,
    );
    assert.deepEqual(Object.keys(bundle).sort(), ['image/svg+xml', 'text/plain']);
    assert.equal(count(bundle['image/svg+xml'] as string, /<g class="task">/g), 3);
    const broken = renderBundle({ [timelineMime]: 7, 'text/plain': 't' }, renderer);
    assert.match(
      broken['text/html'] as string,
      /^<pre>application\/vnd\.torchscript\.timeline\+json needs/,
    );
  });
});

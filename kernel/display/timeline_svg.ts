// %%timeline's Gantt chart, drawn as SVG by hand (no layout to solve: rows and a time axis):
//
//   one row per task, in the order they were created, labelled #id and the function's name
//   a dashed line while a task waits in the queue, a bar while it runs (red when it failed)
//   hatched parts of a bar where the task waits for another's future
//   an arrow from the forking task's row down to the forked task's, at the time of the fork
//   a time axis on top, in milliseconds since the first task was created

import type { TaskTimeline, TimelineTask } from '../../runtime/python/task_timeline.js';
import { escapeHtml } from './code_highlighter.js';

const layout = {
  plotWidth: 640,
  rowHeight: 22,
  barHeight: 12,
  top: 34,
  right: 24,
  charWidth: 7,
  nameLimit: 28,
  /** Rows beyond this are left out, and the chart says how many. */
  maxRows: 200,
};

const colors = {
  bar: '#4c78a8',
  failed: '#c0392b',
  queued: '#999999',
  wait: '#dbe6f3',
  waitLine: '#4c78a8',
  fork: '#555555',
  grid: '#e4e4e4',
  text: '#222222',
};

let drawings = 0;

export function timelineToSvg(timeline: TaskTimeline): string {
  return new TimelineDrawing(timeline, `tl${++drawings}-`).svg();
}

class TimelineDrawing {
  private readonly tasks: readonly TimelineTask[];
  private readonly rows = new Map<number, number>();
  private readonly start: number;
  private readonly span: number;
  private readonly left: number;

  constructor(
    private readonly timeline: TaskTimeline,
    private readonly ids: string,
  ) {
    this.tasks = timeline.tasks.slice(0, layout.maxRows);
    this.tasks.forEach((task, row) => this.rows.set(task.id, row));
    this.start = Math.min(...this.tasks.map((t) => t.created));
    const end = Math.max(...this.tasks.map((t) => lastTime(t)), this.start);
    this.span = Math.max(end - this.start, 1e-3);
    const longest = Math.max(0, ...this.tasks.map((t) => rowLabel(t).length));
    this.left = 16 + longest * layout.charWidth;
  }

  svg(): string {
    if (this.tasks.length === 0) return this.empty();
    const width = this.left + layout.plotWidth + layout.right;
    const left = this.timeline.tasks.length - this.tasks.length;
    const height = layout.top + this.tasks.length * layout.rowHeight + (left > 0 ? 28 : 12);
    const parts = [
      this.definitions(),
      this.axis(this.tasks.length * layout.rowHeight),
      ...this.tasks.map((task) => this.row(task)),
      ...this.tasks.map((task) => this.forkArrow(task)),
    ];
    if (left > 0) {
      const y = height - 10;
      parts.push(text(8, y, `… and ${left} more task${left === 1 ? '' : 's'}, not drawn`));
    }
    return document(width, height, parts.join('\n'));
  }

  private empty(): string {
    const message =
      'No TorchScript task ran in this cell: the timeline shows calls of compiled functions and the work they fork.';
    return document(720, 40, text(8, 24, message));
  }

  private definitions(): string {
    const hatch = `<pattern id="${this.ids}wait" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${colors.wait}"/><line x1="0" y1="0" x2="0" y2="6" stroke="${colors.waitLine}" stroke-width="2"/></pattern>`;
    const arrow = `<marker id="${this.ids}arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="${colors.fork}"/></marker>`;
    return `<defs>${hatch}${arrow}</defs>`;
  }

  private axis(plotHeight: number): string {
    const step = niceStep(this.span / 6);
    const parts = [
      line(this.left, layout.top - 8, this.left + layout.plotWidth, layout.top - 8, colors.text),
    ];
    for (let t = 0; t <= this.span + step * 1e-9; t += step) {
      const x = this.x(this.start + t);
      parts.push(line(x, layout.top - 8, x, layout.top + plotHeight, colors.grid));
      parts.push(line(x, layout.top - 12, x, layout.top - 8, colors.text));
      parts.push(text(x, layout.top - 16, `${formatTick(t, step)} ms`, 'middle'));
    }
    return parts.join('\n');
  }

  private row(task: TimelineTask): string {
    const middle = this.middle(task.id);
    const label = text(8, middle + 4, rowLabel(task));
    const runsFrom = task.started ?? lastTime(task);
    const parts = [label];
    if (runsFrom > task.created) {
      parts.push(
        `<line x1="${this.x(task.created)}" y1="${middle}" x2="${this.x(runsFrom)}" y2="${middle}" stroke="${colors.queued}" stroke-dasharray="3,2"><title>#${task.id} queued</title></line>`,
      );
    }
    if (task.started !== null) parts.push(this.bar(task, task.started, middle));
    for (const wait of task.waits) {
      const width = Math.max(this.x(wait.end) - this.x(wait.start), 1);
      const title = `#${task.id} waits for #${wait.on}: ${formatMs(wait.end - wait.start)}`;
      parts.push(
        `<rect x="${this.x(wait.start)}" y="${middle - layout.barHeight / 2}" width="${round(width)}" height="${layout.barHeight}" fill="url(#${this.ids}wait)"><title>${escapeHtml(title)}</title></rect>`,
      );
    }
    return `<g class="task">${parts.join('')}</g>`;
  }

  private bar(task: TimelineTask, started: number, middle: number): string {
    const ended = task.ended ?? lastTime(task);
    const width = Math.max(this.x(ended) - this.x(started), 1);
    const fill = task.failed ? colors.failed : colors.bar;
    const state = task.failed ? ', failed' : task.ended === null ? ', still running' : '';
    const title = `#${task.id} ${task.name}: ${formatMs(started - this.start)} to ${formatMs(ended - this.start)} (${formatMs(ended - started)}${state})`;
    return `<rect x="${this.x(started)}" y="${middle - layout.barHeight / 2}" width="${round(width)}" height="${layout.barHeight}" rx="2" fill="${fill}"><title>${escapeHtml(title)}</title></rect>`;
  }

  private forkArrow(task: TimelineTask): string {
    if (task.parent === null || !this.rows.has(task.parent)) return '';
    const x = this.x(task.created);
    const from = this.middle(task.parent);
    const to = this.middle(task.id) - layout.barHeight / 2 - 1;
    return `<line class="fork" x1="${x}" y1="${from}" x2="${x}" y2="${to}" stroke="${colors.fork}" marker-end="url(#${this.ids}arrow)"><title>#${task.parent} forks #${task.id}</title></line>`;
  }

  private x(time: number): number {
    return round(this.left + ((time - this.start) / this.span) * layout.plotWidth);
  }

  private middle(id: number): number {
    return layout.top + (this.rows.get(id) ?? 0) * layout.rowHeight + layout.rowHeight / 2;
  }
}

/** The latest time the task's record mentions. */
function lastTime(task: TimelineTask): number {
  const waits = task.waits.map((w) => w.end);
  return Math.max(task.created, task.started ?? 0, task.ended ?? 0, ...waits);
}

function rowLabel(task: TimelineTask): string {
  const name =
    task.name.length > layout.nameLimit
      ? `${task.name.slice(0, layout.nameLimit - 1)}…`
      : task.name;
  return `#${task.id} ${name}`;
}

/** 1, 2 or 5 times a power of ten, at least `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const mantissa = [1, 2, 5, 10].find((m) => m * power >= rough) ?? 10;
  return mantissa * power;
}

function formatTick(time: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  return time.toFixed(decimals);
}

function formatMs(value: number): string {
  return `${value.toFixed(value < 10 ? 3 : 1)} ms`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function line(x1: number, y1: number, x2: number, y2: number, stroke: string): string {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${stroke}"/>`;
}

function text(x: number, y: number, content: string, anchor: 'start' | 'middle' = 'start') {
  return `<text x="${x}" y="${y}" text-anchor="${anchor}" font-family="monospace" font-size="11" fill="${colors.text}">${escapeHtml(content)}</text>`;
}

function document(width: number, height: number, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${round(width)}" height="${round(height)}" viewBox="0 0 ${round(width)} ${round(height)}" class="torchscript-timeline">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    body,
    '</svg>',
  ].join('\n');
}

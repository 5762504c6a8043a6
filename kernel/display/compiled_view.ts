// A compiled function as a notebook shows it: from the worker's
// application/vnd.torchscript.compiled+json (torch/jit/_display.py: the graph as data and the
// code), image/svg+xml of the drawn graph and text/html with the highlighted code beside the
// drawing. Frontends show the richest type they know, and most prefer HTML to SVG, so the HTML
// carries the drawing too; the SVG alone is there for those that take images only.

import type { BlockView, GraphView } from '../../runtime/jit/graph_view.js';
import { isJsonObject, type JsonObject, type JsonValue } from '../protocol/json.js';
import { escapeHtml, highlightCode } from './code_highlighter.js';
import { graphToDot, type ConstantStyle } from './graph_dot.js';
import { inlineSvg, type GraphRenderer } from './graph_svg.js';

export const compiledMime = 'application/vnd.torchscript.compiled+json';

export interface CompiledDisplay {
  readonly title: string;
  readonly graph: GraphView;
  /** null: the graph alone (%graph). */
  readonly code: string | null;
  readonly constants: ConstantStyle;
}

/** The payload, checked for the fields this file reads (it comes from our own Python). */
export function readCompiledDisplay(value: JsonValue): CompiledDisplay {
  if (!isJsonObject(value) || typeof value.title !== 'string' || !isGraphView(value.graph))
    throw new Error(`${compiledMime} needs a title and a graph`);
  const code = typeof value.code === 'string' ? value.code : null;
  const constants = value.constants === 'folded' ? 'folded' : 'small';
  return { title: value.title, graph: value.graph, code, constants };
}

function isGraphView(value: JsonValue | undefined): value is JsonObject & GraphView {
  return (
    isJsonObject(value) &&
    typeof value.name === 'string' &&
    isJsonObject(value.body) &&
    Array.isArray(value.body.nodes)
  );
}

let drawings = 0;

/**
 * Graphviz's layout time grows faster than the graph (here: 100 nodes 0.1 s, 400 nodes 1.4 s,
 * 1000 nodes 12 s), and it runs on the kernel's thread, which must keep answering: larger graphs
 * get their constants folded, and the largest are not drawn.
 */
const foldConstantsAbove = 100;
const drawLimit = 300;

/** image/svg+xml and text/html for a compiled function. */
export function renderCompiled(display: CompiledDisplay, renderer: GraphRenderer): JsonObject {
  const operators = countOperators(display.graph.body);
  let svg: string | null = null;
  let problem: string | null = null;
  if (operators > drawLimit) {
    problem = `it has ${operators} operators, and drawings stop at ${drawLimit} so as not to hold up the kernel`;
  } else {
    const constants = operators > foldConstantsAbove ? 'folded' : display.constants;
    try {
      svg = renderer.render(graphToDot(display.graph, { constants }));
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
  }
  const html = compiledHtml(display, svg, problem);
  return svg === null ? { 'text/html': html } : { 'image/svg+xml': svg, 'text/html': html };
}

/** Nodes other than constants, nested blocks and inlined callees included. */
export function countOperators(block: BlockView): number {
  let count = 0;
  for (const node of block.nodes) {
    if (node.kind !== 'prim::Constant') count++;
    for (const inner of node.blocks) count += countOperators(inner);
    if (node.callee !== null) count += countOperators(node.callee.body);
  }
  return count;
}

function compiledHtml(
  display: CompiledDisplay,
  svg: string | null,
  problem: string | null,
): string {
  const parts: string[] = [];
  if (display.code !== null)
    parts.push(`<div style="flex:0 1 auto">${highlightCode(display.code)}</div>`);
  if (svg !== null)
    parts.push(`<div style="flex:0 1 auto">${inlineSvg(svg, `tsk${++drawings}_`)}</div>`);
  if (problem !== null)
    parts.push(
      `<pre style="color:#a00">The graph could not be drawn: ${escapeHtml(problem)}</pre>`,
    );
  const title = `<div style="font-family:monospace;font-weight:bold;margin-bottom:0.3em">${escapeHtml(display.title)}</div>`;
  const row = `<div style="display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start">${parts.join('')}</div>`;
  return `<div class="torchscript-compiled">${title}${row}</div>`;
}

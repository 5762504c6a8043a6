// A notebook as one self-contained HTML page: code with its In [n], outputs in their richest
// form the page can show (HTML, SVG, PNG/JPEG, else text), markdown cells rendered.

import { isJsonObject, type JsonObject } from '../protocol/json.js';
import { escapeHtml, markdownToHtml } from './markdown.js';
import { joinText, type Cell, type Notebook } from './nbformat.js';

const style = `
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
.cell { margin: 1rem 0; }
.prompt { color: #307fc1; font-family: monospace; font-size: 0.85rem; }
pre { background: #f7f7f7; padding: 0.5rem; overflow-x: auto; margin: 0.25rem 0; }
.output pre { background: none; }
.stderr { background: #fdd !important; }
.error { color: #b00; }
`;

export function notebookToHtml(notebook: Notebook, title: string): string {
  const cells = notebook.cells.map(renderCell).join('\n');
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${style}</style>`,
    '</head><body>',
    cells,
    '</body></html>',
    '',
  ].join('\n');
}

function renderCell(cell: Cell): string {
  const source = joinText(cell.source);
  if (cell.cell_type === 'markdown')
    return `<div class="cell markdown">${markdownToHtml(source)}</div>`;
  if (cell.cell_type === 'raw')
    return `<div class="cell raw"><pre>${escapeHtml(source)}</pre></div>`;
  const count = cell.execution_count ?? ' ';
  const outputs = (cell.outputs ?? []).map(renderOutput).join('\n');
  return [
    '<div class="cell code">',
    `<div class="prompt">In [${count}]:</div>`,
    `<pre class="input"><code>${escapeHtml(source)}</code></pre>`,
    `<div class="output">${outputs}</div>`,
    '</div>',
  ].join('\n');
}

function renderOutput(output: JsonObject): string {
  switch (output.output_type) {
    case 'stream':
      return `<pre class="${output.name === 'stderr' ? 'stderr' : 'stdout'}">${escapeHtml(joinText(output.text))}</pre>`;
    case 'error': {
      const lines = Array.isArray(output.traceback)
        ? output.traceback.map((line) => joinText(line))
        : [];
      return `<pre class="error">${escapeHtml(stripAnsi(lines.join('\n')))}</pre>`;
    }
    default:
      return renderMimeBundle(isJsonObject(output.data) ? output.data : {});
  }
}

/** The richest representation: the order a notebook frontend prefers them in. */
function renderMimeBundle(data: JsonObject): string {
  const text = (mime: string) => joinText(data[mime]);
  if (data['text/html'] !== undefined) return `<div>${text('text/html')}</div>`;
  if (data['image/svg+xml'] !== undefined) return `<div>${text('image/svg+xml')}</div>`;
  for (const mime of ['image/png', 'image/jpeg']) {
    if (typeof data[mime] === 'string')
      return `<img src="data:${mime};base64,${text(mime).trim()}">`;
  }
  if (data['text/plain'] !== undefined) return `<pre>${escapeHtml(text('text/plain'))}</pre>`;
  return '';
}

/** Tracebacks may carry terminal colours; a page shows them plain. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}

// A code cell and its outputs as text, for `run` without -o or --html: what a console shows.

import { stripAnsi } from '../notebook/html.js';
import { joinText, type Cell } from '../notebook/nbformat.js';
import { isJsonObject, type JsonObject } from '../protocol/json.js';

export function printCell(cell: Cell): string {
  const prompt = `In [${cell.execution_count ?? ' '}]: `;
  const source = joinText(cell.source).replace(/\n/g, '\n' + ' '.repeat(prompt.length));
  const outputs = (cell.outputs ?? []).map(outputText).join('');
  return `${prompt}${source}\n${outputs}\n`;
}

function outputText(output: JsonObject): string {
  let text: string;
  if (output.output_type === 'stream') text = joinText(output.text);
  else if (output.output_type === 'error') {
    const lines = Array.isArray(output.traceback)
      ? output.traceback.map((line) => joinText(line))
      : [];
    text = stripAnsi(lines.join('\n'));
  } else {
    const data = isJsonObject(output.data) ? output.data : {};
    text = joinText(data['text/plain']);
    if (output.output_type === 'execute_result')
      text = `Out[${String(output.execution_count)}]: ${text}`;
  }
  return text.endsWith('\n') || text === '' ? text : text + '\n';
}

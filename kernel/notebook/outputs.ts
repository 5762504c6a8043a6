// A code cell's outputs from the kernel's iopub messages, as nbformat stores them: stream
// messages merged per stream, clear_output honoured, update_display_data applied to the outputs
// that share its display_id, in this cell or, given a notebook's DisplayTargets, in any cell
// (reactive cells update earlier cells' outputs so).

import { isJsonObject, type JsonObject, type JsonValue } from '../protocol/json.js';
import type { JupyterMessage } from '../protocol/message.js';
import { joinText, splitLines } from './nbformat.js';

/** The outputs shown under each display id, across the cells that share this registry. */
export class DisplayTargets {
  private readonly outputs = new Map<string, JsonObject[]>();

  add(id: string, output: JsonObject): void {
    this.outputs.set(id, [...(this.outputs.get(id) ?? []), output]);
  }

  /** Gives every output shown under `id` the content's data and metadata. */
  update(id: string, content: JsonObject): void {
    for (const output of this.outputs.get(id) ?? []) Object.assign(output, mimeContent(content));
  }
}

export class CellOutputs {
  private outputs: JsonObject[] = [];
  /** clear_output(wait=True): clear when the next output arrives. */
  private clearPending = false;

  constructor(private readonly displays: DisplayTargets = new DisplayTargets()) {}

  /** Applies one iopub message; messages that are not outputs are ignored. */
  add(message: JupyterMessage): void {
    const content = message.content;
    switch (message.header.msg_type) {
      case 'stream':
        return this.addStream(content);
      case 'display_data':
        return this.push({ output_type: 'display_data', ...mimeContent(content) }, content);
      case 'execute_result':
        return this.push(
          {
            output_type: 'execute_result',
            execution_count: content.execution_count ?? null,
            ...mimeContent(content),
          },
          content,
        );
      case 'error':
        return this.push({
          output_type: 'error',
          ename: content.ename ?? '',
          evalue: content.evalue ?? '',
          traceback: content.traceback ?? [],
        });
      case 'update_display_data':
        return this.update(content);
      case 'clear_output':
        return this.clear(content.wait === true);
    }
  }

  list(): JsonObject[] {
    return this.outputs;
  }

  private addStream(content: JsonObject): void {
    const name = content.name === 'stderr' ? 'stderr' : 'stdout';
    const text = joinText(content.text);
    const last = this.outputs.at(-1);
    if (!this.clearPending && last?.output_type === 'stream' && last.name === name) {
      last.text = splitLines(joinText(last.text) + text);
      return;
    }
    this.push({ output_type: 'stream', name, text: splitLines(text) });
  }

  private push(output: JsonObject, content?: JsonObject): void {
    if (this.clearPending) this.clear(false);
    this.outputs.push(output);
    const id = content === undefined ? undefined : displayId(content);
    if (id === undefined) return;
    // As Jupyter's front ends do: showing an id again updates what was shown under it.
    this.displays.update(id, content!);
    this.displays.add(id, output);
  }

  private update(content: JsonObject): void {
    const id = displayId(content);
    if (id !== undefined) this.displays.update(id, content);
  }

  private clear(wait: boolean): void {
    this.clearPending = wait;
    if (!wait) this.outputs = [];
  }
}

function displayId(content: JsonObject): string | undefined {
  const transient = content.transient;
  const id = isJsonObject(transient) ? transient.display_id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** data and metadata; text MIME types become lists of lines, as nbformat writes them. */
function mimeContent(content: JsonObject): JsonObject {
  const data: JsonObject = {};
  for (const [mime, value] of Object.entries(isJsonObject(content.data) ? content.data : {})) {
    data[mime] = isTextMime(mime, value) ? splitLines(joinText(value)) : value;
  }
  return { data, metadata: isJsonObject(content.metadata) ? content.metadata : {} };
}

/** nbformat splits text/*, SVG and JavaScript; base64 images and JSON stay whole. */
function isTextMime(mime: string, value: JsonValue): boolean {
  const multiline =
    mime.startsWith('text/') || mime === 'image/svg+xml' || mime === 'application/javascript';
  return typeof value === 'string' && multiline;
}

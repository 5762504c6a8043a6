// The last step before a MIME bundle leaves the kernel: types only the kernel can render are
// turned into ones every frontend knows: compiled functions
// (application/vnd.torchscript.compiled+json -> image/svg+xml and text/html) and %%timeline's
// tasks (application/vnd.torchscript.timeline+json -> image/svg+xml). The private types
// themselves are not sent on, since no frontend reads them.

import type { MimeBundle } from '../backend/backend.js';
import type { JsonObject, JsonValue } from '../protocol/json.js';
import { escapeHtml } from './code_highlighter.js';
import { compiledMime, readCompiledDisplay, renderCompiled } from './compiled_view.js';
import type { GraphRenderer } from './graph_svg.js';
import { renderTimeline, timelineMime } from './timeline_view.js';

export function renderBundle(data: MimeBundle, renderer: GraphRenderer): MimeBundle {
  const renderers: [string, (payload: JsonValue) => JsonObject][] = [
    [compiledMime, (payload) => renderCompiled(readCompiledDisplay(payload), renderer)],
    [timelineMime, renderTimeline],
  ];
  for (const [mime, render] of renderers) {
    const payload = data[mime];
    if (payload !== undefined) return replaced(data, mime, () => render(payload));
  }
  return data;
}

function replaced(data: MimeBundle, mime: string, render: () => JsonObject): MimeBundle {
  const rest: MimeBundle = { ...data };
  delete rest[mime];
  try {
    return { ...rest, ...render() };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...rest, 'text/html': `<pre>${escapeHtml(message)}</pre>` };
  }
}

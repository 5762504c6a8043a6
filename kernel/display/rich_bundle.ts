// The last step before a MIME bundle leaves the kernel: types only the kernel can render are
// turned into ones every frontend knows. Today that is compiled functions
// (application/vnd.torchscript.compiled+json -> image/svg+xml and text/html); the private type
// itself is not sent on, since no frontend reads it.

import type { MimeBundle } from '../backend/backend.js';
import { escapeHtml } from './code_highlighter.js';
import { compiledMime, readCompiledDisplay, renderCompiled } from './compiled_view.js';
import type { GraphRenderer } from './graph_svg.js';

export function renderBundle(data: MimeBundle, renderer: GraphRenderer): MimeBundle {
  const payload = data[compiledMime];
  if (payload === undefined) return data;
  const rest: MimeBundle = { ...data };
  delete rest[compiledMime];
  try {
    return { ...rest, ...renderCompiled(readCompiledDisplay(payload), renderer) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...rest, 'text/html': `<pre>${escapeHtml(message)}</pre>` };
  }
}

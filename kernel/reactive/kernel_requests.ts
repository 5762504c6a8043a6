// %reactive and %dag are about the kernel's own state, the dataflow graph of cells, which the
// Python side does not have: their magics (backend/python/_torchscript_magic_reactive.py)
// publish a request under a private MIME type, which the kernel answers in their place.

import type { MimeBundle } from '../backend/backend.js';
import { isJsonObject } from '../protocol/json.js';

export const kernelRequestMime = 'application/vnd.torchscript.kernel-request+json';

export type ReactiveMode = 'on' | 'off';

export type KernelRequest =
  | { readonly request: 'dag' }
  /** mode null: say which mode is on. */
  | { readonly request: 'reactive'; readonly mode: ReactiveMode | null };

/** The request a display carries, or null for an ordinary display. */
export function readKernelRequest(data: MimeBundle): KernelRequest | null {
  const payload = data[kernelRequestMime];
  if (!isJsonObject(payload)) return null;
  if (payload.request === 'dag') return { request: 'dag' };
  if (payload.request !== 'reactive') return null;
  const mode = payload.mode === 'on' || payload.mode === 'off' ? payload.mode : null;
  return { request: 'reactive', mode };
}

export function reactiveModeText(mode: ReactiveMode): string {
  return mode === 'on'
    ? 'Reactive cells: on. Running a cell re-runs the cells that read what it changed.'
    : 'Reactive cells: off. Running a cell marks the cells that read what it changed stale; ' +
        'they re-run only when you run them.';
}

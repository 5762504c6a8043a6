// Rich output from cells: what display() publishes and what a cell's last value looks like, as
// MIME bundles (IPython's model: {'text/plain': repr, 'text/html': ..., ...}). The Python half is
// package/_torchscript_display.py; these events travel from the worker to the kernel, which
// turns them into display_data, update_display_data and clear_output messages.

// The shapes JSON.parse gives (the kernel's protocol types are the same, structurally).
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Output data keyed by MIME type; text/plain is always there. */
export type MimeBundle = JsonObject;

/** A value shown by MIME type, with IPython's per-type metadata (an image's width). */
export interface RichValue {
  readonly data: MimeBundle;
  readonly metadata: JsonObject;
}

export type DisplayEvent =
  | (RichValue & {
      readonly kind: 'display';
      /** display(..., display_id=...): later updates replace what this one showed. */
      readonly displayId: string | null;
      /** An update of the outputs shown under displayId, not a new output. */
      readonly update: boolean;
    })
  | {
      readonly kind: 'clear';
      /** clear_output(wait=True): clear when the next output arrives. */
      readonly wait: boolean;
    };

export type DisplaySink = (event: DisplayEvent) => void;

/** Where displays go without a kernel (a host run from a script): their text, on stdout. */
export function displayAsText(write: (text: string) => void): DisplaySink {
  return (event) => {
    if (event.kind !== 'display' || event.update) return;
    const text = event.data['text/plain'];
    if (typeof text === 'string') write(`${text}\n`);
  };
}

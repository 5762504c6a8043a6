// A cell's outputs when it has a cell id: each one carries the display id `<cellId>/<k>`, k
// counting the cell's outputs in order, so that a later re-run of the cell can replace them in
// place with update_display_data, which unmodified front ends apply. Text printed on stdout or
// stderr becomes a text/plain display that grows by updates as the cell prints (a stream
// message cannot be updated); the cell's result is a display too, since JupyterLab updates only
// display_data outputs by display id.
//
// On the cell's own run every output is new (display_data). On a re-run the k-th output updates
// the k-th one shown before; outputs beyond those cannot be placed (counted, for the report),
// and old ones beyond the new count are emptied. clear_output is sent on the own run only: on a
// re-run it would clear the cell that triggered the cascade, whose request the messages belong to.

import type { DisplayOutput, MimeBundle } from '../backend/backend.js';
import type { JsonObject } from '../protocol/json.js';
import type { DisplayAliases } from './display_aliases.js';

export type OutputMessageType = 'display_data' | 'update_display_data' | 'clear_output';
export type PublishOutput = (msgType: OutputMessageType, content: JsonObject) => void;

export interface SlotsShown {
  /** How many outputs the client now shows for the cell. */
  readonly slots: number;
  /** Outputs of a re-run beyond those: not shown. */
  readonly unplaced: number;
}

interface OpenStream {
  readonly name: 'stdout' | 'stderr';
  readonly slot: number;
  text: string;
}

export const emptyOutput: MimeBundle = { 'text/plain': '' };

export function slotDisplayId(cellId: string, slot: number): string {
  return `${cellId}/${slot}`;
}

export class CellOutputSlots {
  private produced = 0;
  private unplaced = 0;
  private stream: OpenStream | null = null;

  /**
   * @param shown null on the cell's own run; on a re-run, how many outputs the client shows
   *   for the cell (from its own run), which the re-run's outputs replace.
   */
  constructor(
    private readonly cellId: string,
    private readonly shown: number | null,
    private readonly publish: PublishOutput,
    private readonly aliases: DisplayAliases,
  ) {}

  write(name: 'stdout' | 'stderr', text: string): void {
    const open = this.stream;
    if (open !== null && open.name === name) {
      open.text += text;
      if (this.placed(open.slot))
        this.send('update_display_data', open.slot, textBundle(open.text));
      return;
    }
    const slot = this.place(textBundle(text), {});
    this.stream = { name, slot, text };
  }

  display(output: DisplayOutput): void {
    this.stream = null;
    const userId = displayIdOf(output);
    if (output.update === true && userId !== null) {
      for (const id of this.aliases.resolve(userId)) {
        this.publish('update_display_data', displayContent(output.data, output.metadata, id));
      }
      return;
    }
    const slot = this.place(output.data, output.metadata);
    if (userId !== null && this.placed(slot))
      this.aliases.add(userId, slotDisplayId(this.cellId, slot));
  }

  /** The cell's value, shown as its last output. */
  result(data: MimeBundle, metadata: JsonObject): void {
    this.stream = null;
    this.place(data, metadata);
  }

  clear(wait: boolean): void {
    this.stream = null;
    if (this.shown === null) this.publish('clear_output', { wait });
  }

  /** Ends the run: on a re-run, outputs it did not replace are emptied. */
  finish(): SlotsShown {
    this.stream = null;
    if (this.shown === null) return { slots: this.produced, unplaced: 0 };
    for (let slot = this.produced; slot < this.shown; slot++) {
      this.send('update_display_data', slot, emptyOutput);
    }
    return { slots: this.shown, unplaced: this.unplaced };
  }

  private place(data: MimeBundle, metadata: JsonObject): number {
    const slot = this.produced++;
    if (this.shown === null) this.send('display_data', slot, data, metadata);
    else if (slot < this.shown) this.send('update_display_data', slot, data, metadata);
    else this.unplaced++;
    return slot;
  }

  private placed(slot: number): boolean {
    return this.shown === null || slot < this.shown;
  }

  private send(type: OutputMessageType, slot: number, data: MimeBundle, metadata: JsonObject = {}) {
    this.publish(type, displayContent(data, metadata, slotDisplayId(this.cellId, slot)));
  }
}

function textBundle(text: string): MimeBundle {
  return { 'text/plain': text };
}

function displayIdOf(output: DisplayOutput): string | null {
  const id = output.transient?.display_id;
  return typeof id === 'string' ? id : null;
}

export function displayContent(data: MimeBundle, metadata: JsonObject, id: string): JsonObject {
  return { data, metadata, transient: { display_id: id } };
}

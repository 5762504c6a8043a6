// Display updates across a notebook's cells, as the run command applies them: reactive cells'
// re-runs update earlier cells' outputs by display id, under a later cell's request.

import assert from 'node:assert/strict';
import { CellOutputs, DisplayTargets } from '../../kernel/notebook/outputs.js';
import type { JsonObject } from '../../kernel/protocol/json.js';
import { MessageFactory } from '../../kernel/protocol/session.js';

const factory = new MessageFactory('spec');
const message = (type: string, content: JsonObject) => factory.create(type, content);
const display = (type: string, id: string, text: string) =>
  message(type, { data: { 'text/plain': text }, metadata: {}, transient: { display_id: id } });

describe('notebook display updates across cells', () => {
  it("applies a later cell's update_display_data to an earlier cell's output", () => {
    const displays = new DisplayTargets();
    const first = new CellOutputs(displays);
    first.add(display('display_data', 'a/0', 'old'));
    const second = new CellOutputs(displays);
    second.add(display('update_display_data', 'a/0', 'new'));
    second.add(display('display_data', 'b/0', 'report'));
    assert.deepEqual(first.list(), [
      { output_type: 'display_data', data: { 'text/plain': ['new'] }, metadata: {} },
    ]);
    assert.deepEqual(second.list(), [
      { output_type: 'display_data', data: { 'text/plain': ['report'] }, metadata: {} },
    ]);
  });

  it('updates what was shown under an id when it is shown again, as front ends do', () => {
    const outputs = new CellOutputs();
    outputs.add(display('display_data', 'p', 'one'));
    outputs.add(display('display_data', 'p', 'two'));
    assert.deepEqual(
      outputs.list().map((o) => o.data),
      [{ 'text/plain': ['two'] }, { 'text/plain': ['two'] }],
    );
  });
});

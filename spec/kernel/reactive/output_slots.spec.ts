// A cell's outputs under display ids: new on its own run, updates in place on a re-run.

import assert from 'node:assert/strict';
import { DisplayAliases } from '../../../kernel/reactive/display_aliases.js';
import { CellOutputSlots, type OutputMessageType } from '../../../kernel/reactive/output_slots.js';
import type { JsonObject } from '../../../kernel/protocol/json.js';

type Sent = [OutputMessageType, string | undefined, JsonObject | undefined];

function recorder(): { sent: Sent[]; publish: (type: OutputMessageType, c: JsonObject) => void } {
  const sent: Sent[] = [];
  return {
    sent,
    publish: (type, content) => {
      const transient = content.transient as JsonObject | undefined;
      const id = transient?.display_id as string | undefined;
      sent.push([type, id, content.data as JsonObject | undefined]);
    },
  };
}

describe('cell output slots', () => {
  it("gives each output of a cell's own run the display id <cellId>/<k>", () => {
    const { sent, publish } = recorder();
    const slots = new CellOutputSlots('cell', null, publish, new DisplayAliases());
    slots.write('stdout', 'a\n');
    slots.write('stdout', 'b\n');
    slots.display({ data: { 'text/html': '<b>x</b>' }, metadata: {} });
    slots.write('stderr', 'warn\n');
    slots.result({ 'text/plain': '3' }, {});
    assert.deepEqual(slots.finish(), { slots: 4, unplaced: 0 });
    assert.deepEqual(sent, [
      ['display_data', 'cell/0', { 'text/plain': 'a\n' }],
      ['update_display_data', 'cell/0', { 'text/plain': 'a\nb\n' }],
      ['display_data', 'cell/1', { 'text/html': '<b>x</b>' }],
      ['display_data', 'cell/2', { 'text/plain': 'warn\n' }],
      ['display_data', 'cell/3', { 'text/plain': '3' }],
    ]);
  });

  it('on a re-run, updates the outputs shown and empties those left over', () => {
    const { sent, publish } = recorder();
    const slots = new CellOutputSlots('cell', 3, publish, new DisplayAliases());
    slots.write('stdout', 'new\n');
    slots.clear(true);
    slots.result({ 'text/plain': '4' }, {});
    assert.deepEqual(slots.finish(), { slots: 3, unplaced: 0 });
    assert.deepEqual(sent, [
      ['update_display_data', 'cell/0', { 'text/plain': 'new\n' }],
      ['update_display_data', 'cell/1', { 'text/plain': '4' }],
      ['update_display_data', 'cell/2', { 'text/plain': '' }],
    ]);
  });

  it('counts the outputs of a re-run that have no place', () => {
    const { sent, publish } = recorder();
    const slots = new CellOutputSlots('cell', 1, publish, new DisplayAliases());
    slots.write('stdout', 'one\n');
    slots.display({ data: { 'text/plain': 'two' }, metadata: {} });
    slots.result({ 'text/plain': 'three' }, {});
    assert.deepEqual(slots.finish(), { slots: 1, unplaced: 2 });
    assert.deepEqual(sent, [['update_display_data', 'cell/0', { 'text/plain': 'one\n' }]]);
  });

  it("sends clear_output on the cell's own run only", () => {
    const { sent, publish } = recorder();
    new CellOutputSlots('cell', null, publish, new DisplayAliases()).clear(true);
    new CellOutputSlots('cell', 2, publish, new DisplayAliases()).clear(true);
    assert.deepEqual(sent, [['clear_output', undefined, undefined]]);
  });

  it("updates a user's display id through the outputs shown under it", () => {
    const { sent, publish } = recorder();
    const aliases = new DisplayAliases();
    const first = new CellOutputSlots('a', null, publish, aliases);
    first.display({ data: { 'text/plain': 'p' }, metadata: {}, transient: { display_id: 'bar' } });
    const later = new CellOutputSlots('b', null, publish, aliases);
    later.display({
      data: { 'text/plain': 'q' },
      metadata: {},
      transient: { display_id: 'bar' },
      update: true,
    });
    assert.deepEqual(sent, [
      ['display_data', 'a/0', { 'text/plain': 'p' }],
      ['update_display_data', 'bar', { 'text/plain': 'q' }],
      ['update_display_data', 'a/0', { 'text/plain': 'q' }],
    ]);
    assert.deepEqual(later.finish(), { slots: 0, unplaced: 0 });
  });
});

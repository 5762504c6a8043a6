// The kernel's display messages over in-memory channels with a scripted backend: a display with
// update becomes update_display_data, clear_output is sent in order with the streams, and a rich
// result keeps its metadata. Silent executions send none of them.

import assert from 'node:assert/strict';
import { JupyterKernel } from '../../kernel/kernel.js';
import type { JsonObject } from '../../kernel/protocol/json.js';
import type { JupyterMessage } from '../../kernel/protocol/message.js';
import { MemoryChannels } from './support/memory_channels.js';
import { ScriptedBackend } from './support/scripted_backend.js';

describe('kernel display messages (in memory)', () => {
  let channels: MemoryChannels;
  let backend: ScriptedBackend;
  let kernel: JupyterKernel;

  beforeEach(async () => {
    channels = new MemoryChannels();
    backend = new ScriptedBackend();
    const log = { warn: () => undefined, error: () => undefined };
    kernel = new JupyterKernel({ channels, backend, log, onShutdown: () => undefined });
    await kernel.start();
    backend.cell = async (_code, _options, callbacks) => {
      callbacks.stream('stdout', 'a\n');
      callbacks.display({
        data: { 'text/plain': '1' },
        metadata: {},
        transient: { display_id: 'p' },
      });
      callbacks.display({
        data: { 'text/plain': '2' },
        metadata: {},
        transient: { display_id: 'p' },
        update: true,
      });
      callbacks.stream('stdout', 'b\n');
      callbacks.clearOutput(true);
      const png = { 'image/png': 'iVBORw==', 'text/plain': '<Image>' };
      return { status: 'ok', result: png, metadata: { 'image/png': { width: 3 } } };
    };
  });
  afterEach(() => kernel.close());

  const run = async (content: JsonObject): Promise<JupyterMessage[]> => {
    const request = channels.request('shell', 'execute_request', { code: 'x', ...content });
    await channels.reply(request);
    await channels.idle(request);
    return channels
      .broadcasts(request)
      .filter((m) => !['status', 'execute_input'].includes(m.header.msg_type));
  };

  it('sends displays, updates, clears and the rich result in order', async () => {
    const sent = await run({});
    assert.deepEqual(
      sent.map((m) => [m.header.msg_type, m.content]),
      [
        ['stream', { name: 'stdout', text: 'a\n' }],
        [
          'display_data',
          { data: { 'text/plain': '1' }, metadata: {}, transient: { display_id: 'p' } },
        ],
        [
          'update_display_data',
          { data: { 'text/plain': '2' }, metadata: {}, transient: { display_id: 'p' } },
        ],
        ['stream', { name: 'stdout', text: 'b\n' }],
        ['clear_output', { wait: true }],
        [
          'execute_result',
          {
            execution_count: 1,
            data: { 'image/png': 'iVBORw==', 'text/plain': '<Image>' },
            metadata: { 'image/png': { width: 3 } },
          },
        ],
      ],
    );
  });

  it('sends none of them for a silent execution', async () => {
    assert.deepEqual(await run({ silent: true }), []);
  });
});

// Reactive cells through the kernel's protocol handling, in memory, with a backend whose cells
// are a tiny language (support/dataflow_backend.ts): display ids, cascades as
// update_display_data under the triggering request, execution counts and history left alone,
// interrupts, %reactive and %dag's requests, deleted cells, and cells without ids.

import assert from 'node:assert/strict';
import { JupyterKernel } from '../../../kernel/kernel.js';
import type { JsonObject } from '../../../kernel/protocol/json.js';
import type { JupyterMessage } from '../../../kernel/protocol/message.js';
import { MessageFactory } from '../../../kernel/protocol/session.js';
import { DataflowBackend } from '../support/dataflow_backend.js';
import { MemoryChannels } from '../support/memory_channels.js';

/** [msg_type, display id, text/plain] of each output message. */
type Shown = [string, string | null, string | null];

describe('reactive cells (in memory)', () => {
  let channels: MemoryChannels;
  let backend: DataflowBackend;
  let kernel: JupyterKernel;
  const client = new MessageFactory('spec');

  beforeEach(async () => {
    channels = new MemoryChannels();
    backend = new DataflowBackend();
    kernel = new JupyterKernel({
      channels,
      backend,
      log: { warn: () => undefined, error: () => undefined },
      onShutdown: () => undefined,
    });
    await kernel.start();
  });
  afterEach(() => kernel.close());

  function send(code: string, metadata: JsonObject = {}, content: JsonObject = {}): JupyterMessage {
    const message = client.create(
      'execute_request',
      { code, ...content },
      undefined,
      [Buffer.from('spec-client')],
      metadata,
    );
    channels.shell.next(message);
    return message;
  }

  async function run(id: string | null, code: string, content: JsonObject = {}) {
    const request = send(code, id === null ? {} : { cellId: id }, content);
    const reply = await channels.reply(request);
    await channels.idle(request);
    return { reply: reply.content, shown: shown(channels.broadcasts(request)) };
  }

  function shown(messages: JupyterMessage[]): Shown[] {
    return messages
      .filter((m) => !['status', 'execute_input'].includes(m.header.msg_type))
      .map((m) => {
        const content = m.content as { transient?: { display_id?: string }; data?: JsonObject };
        const text = content.data?.['text/plain'];
        return [
          m.header.msg_type,
          content.transient?.display_id ?? null,
          typeof text === 'string'
            ? text
            : typeof m.content.text === 'string'
              ? m.content.text
              : null,
        ];
      });
  }

  it('shows the outputs of a cell with an id under display ids, its result as a display', async () => {
    const { reply, shown } = await run('a', 'x = 1\nshow x\nx + 1');
    assert.equal(reply.status, 'ok');
    assert.deepEqual(shown, [
      ['display_data', 'a/0', '1\n'],
      ['display_data', 'a/1', '2'],
    ]);
  });

  it('re-runs the readers in place, without counting them as executions', async () => {
    await run('a', 'x = 1');
    await run('b', 'y = x + 1\nshow y');
    await run('c', 'y + 10');
    const rerun = await run('a', 'x = 5');
    assert.equal(rerun.reply.execution_count, 4);
    assert.deepEqual(rerun.shown, [
      ['update_display_data', 'b/0', '6\n'],
      ['update_display_data', 'c/0', '16'],
      [
        'display_data',
        'a/cascade',
        'Re-ran 2 cells that read what this cell changed:\n  In [2]: y = x + 1\n  In [3]: y + 10',
      ],
    ]);
    const next = await run(null, 'y');
    assert.equal(next.reply.execution_count, 5);
    assert.deepEqual(next.shown, [['execute_result', null, '6']]);
    const history = channels.request('shell', 'history_request', {
      hist_access_type: 'tail',
      n: 10,
      output: false,
    });
    const entries = (await channels.reply(history)).content.history as [number, number, string][];
    assert.deepEqual(
      entries.map(([, line, input]) => [line, input]),
      [
        [1, 'x = 1'],
        [2, 'y = x + 1\nshow y'],
        [3, 'y + 10'],
        [4, 'x = 5'],
        [5, 'y'],
      ],
    );
  });

  it('empties the report of a cell that re-runs, and the outputs a re-run does not make', async () => {
    await run('a', 'x = 1');
    await run('b', 'y = x + 1\nshow y\nshow y');
    await run('c', 'y + 1');
    await run('b', 'y = x + 2\nshow y');
    const { shown } = await run('a', 'x = 7');
    assert.deepEqual(shown.slice(0, 4), [
      ['update_display_data', 'b/cascade', ''],
      ['update_display_data', 'b/0', '9\n'],
      ['update_display_data', 'c/0', '10'],
      ['display_data', 'a/cascade', shown[3][2]],
    ]);
  });

  it('stops the cascade at an interrupt; the rest stays stale', async () => {
    await run('a', 'x = 1');
    await run('b', 'hold x\nshow x');
    await run('c', 'x + 1');
    const request = send('x = 2', { cellId: 'a' });
    // Interrupt once b's re-run holds.
    const holds = () => backend.executed.filter((code) => code.startsWith('hold')).length;
    while (holds() < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    kernel.interrupt();
    const reply = await channels.reply(request);
    await channels.idle(request);
    assert.equal(reply.content.status, 'ok');
    const report = shown(channels.broadcasts(request)).at(-1)!;
    assert.equal(report[1], 'a/cascade');
    assert.match(report[2]!, /In \[2\]: hold x\n {6}failed: KeyboardInterrupt/);
    assert.match(report[2]!, /In \[3\]: x \+ 1\n {6}not re-run: the cascade stopped at In \[2\]/);
  });

  it('answers %reactive and %dag, and only marks readers stale with %reactive off', async () => {
    const off = await run('r', 'reactive off');
    assert.match(off.shown[0][2]!, /^Reactive cells: off\./);
    await run('a', 'x = 1');
    await run('b', 'x + 1');
    const { shown } = await run('a', 'x = 3');
    assert.deepEqual(shown, [
      [
        'display_data',
        'a/cascade',
        'Stale (%reactive off), 1 cell that read what this cell changed:\n  In [3]: x + 1',
      ],
    ]);
    const dag = await run(null, 'dag');
    assert.match(
      dag.shown[0][2]!,
      /\n {2}In \[3\]: x \+ 1 {2}\[stale: reads what In \[4\] changed, .*\]\n {2}In \[4\]: x = 3 -> In \[3\] \(x\)$/,
    );
  });

  it('forgets the cells the client deleted', async () => {
    await run('a', 'x = 1');
    await run('b', 'x + 1');
    const request = send('x = 2', { cellId: 'a', deletedCells: ['b'] });
    await channels.reply(request);
    await channels.idle(request);
    assert.deepEqual(shown(channels.broadcasts(request)), []);
  });

  it('leaves silent executions and cells without an id as a plain kernel runs them', async () => {
    const plain = await run(null, 'x = 1\nshow x\nx');
    assert.deepEqual(plain.shown, [
      ['stream', null, '1\n'],
      ['execute_result', null, '1'],
    ]);
    const silent = await run('s', 'x = 2\nshow x', { silent: true });
    assert.deepEqual(silent.shown, []);
  });
});

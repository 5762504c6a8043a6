// The kernel's protocol handling over in-memory channels with a scripted backend: what it
// broadcasts and replies for each request, in which order, and what it refuses.

import assert from 'node:assert/strict';
import { JupyterKernel } from '../../kernel/kernel.js';
import type { KernelLogger } from '../../kernel/log.js';
import type { JupyterMessage } from '../../kernel/protocol/message.js';
import { MemoryChannels } from './support/memory_channels.js';
import { ScriptedBackend } from './support/scripted_backend.js';

class CollectingLogger implements KernelLogger {
  readonly lines: string[] = [];
  warn(message: string): void {
    this.lines.push(`warn: ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error: ${message}`);
  }
}

describe('kernel protocol (in memory)', () => {
  let channels: MemoryChannels;
  let backend: ScriptedBackend;
  let log: CollectingLogger;
  let kernel: JupyterKernel;
  let shutdowns: boolean[];

  beforeEach(async () => {
    channels = new MemoryChannels();
    backend = new ScriptedBackend();
    log = new CollectingLogger();
    shutdowns = [];
    kernel = new JupyterKernel({
      channels,
      backend,
      log,
      onShutdown: (restart) => shutdowns.push(restart),
    });
    await kernel.start();
  });
  afterEach(() => kernel.close());

  const types = (messages: JupyterMessage[]) => messages.map((m) => m.header.msg_type);
  const execute = (code: string, extra: Record<string, boolean | Record<string, string>> = {}) =>
    channels.request('shell', 'execute_request', { code, ...extra });
  const finished = async (request: JupyterMessage) => {
    const reply = await channels.reply(request);
    await channels.idle(request);
    return reply;
  };

  it('answers kernel_info with the language, implementation and banner', async () => {
    const request = channels.request('shell', 'kernel_info_request', {});
    const reply = await finished(request);
    assert.equal(reply.header.msg_type, 'kernel_info_reply');
    assert.equal(reply.content.status, 'ok');
    assert.equal(reply.content.protocol_version, '5.3');
    assert.equal(reply.content.implementation, 'torchscript-kernel');
    assert.deepEqual(reply.content.language_info, {
      name: 'python',
      version: '3.13.2',
      mimetype: 'text/x-python',
      file_extension: '.py',
      pygments_lexer: 'ipython3',
      codemirror_mode: { name: 'ipython', version: 3 },
      nbconvert_exporter: 'python',
    });
    assert.match(
      String(reply.content.banner),
      /^torchscript-kernel \d+\.\d+\.\d+: .*tensors on scripted/,
    );
    assert.deepEqual(reply.identities, request.identities);
    assert.deepEqual(types(channels.broadcasts(request)), ['status', 'status']);
  });

  it('runs a cell: busy, execute_input, streams, result, idle, then the reply', async () => {
    backend.cell = async (_code, options, callbacks) => {
      callbacks.stream('stdout', 'hello, ');
      callbacks.stream('stdout', 'world\n');
      callbacks.stream('stderr', 'careful\n');
      return { status: 'ok', result: { 'text/plain': `${options.executionCount}` } };
    };
    const request = execute('print("hello, world")');
    const reply = await finished(request);
    assert.deepEqual(reply.content, {
      status: 'ok',
      execution_count: 1,
      payload: [],
      user_expressions: {},
    });
    const broadcasts = channels.broadcasts(request);
    assert.deepEqual(types(broadcasts), [
      'status',
      'execute_input',
      'stream',
      'stream',
      'execute_result',
      'status',
    ]);
    assert.deepEqual(broadcasts[1].content, { code: 'print("hello, world")', execution_count: 1 });
    // Writes close together arrive as one message per stream, in order.
    assert.deepEqual(broadcasts[2].content, { name: 'stdout', text: 'hello, world\n' });
    assert.deepEqual(broadcasts[3].content, { name: 'stderr', text: 'careful\n' });
    assert.deepEqual(broadcasts[4].content, {
      execution_count: 1,
      data: { 'text/plain': '1' },
      metadata: {},
    });
    // iopub topics name the message type, as ipykernel's do.
    assert.match(broadcasts[2].identities[0].toString(), /^kernel\.[0-9a-f-]+\.stream$/);
  });

  it('sends display_data when a cell displays something', async () => {
    backend.cell = async (_code, _options, callbacks) => {
      callbacks.display({
        data: { 'text/html': '<b>x</b>' },
        metadata: {},
        transient: { display_id: 'd1' },
      });
      return { status: 'ok', result: null };
    };
    const request = execute('display(x)');
    await finished(request);
    const display = channels.broadcasts(request).find((m) => m.header.msg_type === 'display_data');
    assert.deepEqual(display?.content, {
      data: { 'text/html': '<b>x</b>' },
      metadata: {},
      transient: { display_id: 'd1' },
    });
  });

  it('counts only cells stored in history; silent cells broadcast nothing', async () => {
    backend.cell = async (_code, _options, callbacks) => {
      callbacks.stream('stdout', 'noise');
      return { status: 'ok', result: { 'text/plain': '1' } };
    };
    const first = await finished(execute('a'));
    const unstored = await finished(execute('b', { store_history: false }));
    const silentRequest = execute('c', { silent: true });
    const silent = await finished(silentRequest);
    const second = await finished(execute('d'));
    assert.deepEqual(
      [first, unstored, silent, second].map((r) => r.content.execution_count),
      [1, 1, 1, 2],
    );
    assert.deepEqual(types(channels.broadcasts(silentRequest)), ['status', 'status']);
  });

  it('reports an error and aborts the executions queued behind it', async () => {
    backend.cell = async (code) =>
      code === 'fail'
        ? {
            status: 'error',
            ename: 'ValueError',
            evalue: 'bad',
            traceback: ['Traceback', 'ValueError: bad'],
          }
        : { status: 'ok', result: null };
    const failing = execute('fail');
    const queued = [execute('after 1'), execute('after 2')];
    const reply = await finished(failing);
    assert.deepEqual(reply.content, {
      status: 'error',
      execution_count: 1,
      ename: 'ValueError',
      evalue: 'bad',
      traceback: ['Traceback', 'ValueError: bad'],
      payload: [],
      user_expressions: {},
    });
    const error = channels.broadcasts(failing).find((m) => m.header.msg_type === 'error');
    assert.deepEqual(error?.content, {
      ename: 'ValueError',
      evalue: 'bad',
      traceback: ['Traceback', 'ValueError: bad'],
    });
    for (const request of queued) {
      const aborted = await finished(request);
      assert.equal(aborted.content.status, 'aborted');
    }
    assert.deepEqual(backend.executed, ['fail']);
    // A request sent after the abort runs again.
    assert.equal((await finished(execute('later'))).content.status, 'ok');
  });

  it('runs the queued cells after an error when stop_on_error is false', async () => {
    backend.cell = async (code) =>
      code === 'fail'
        ? { status: 'error', ename: 'E', evalue: '', traceback: [] }
        : { status: 'ok', result: null };
    const failing = execute('fail', { stop_on_error: false });
    const next = execute('next');
    await finished(failing);
    assert.equal((await finished(next)).content.status, 'ok');
    assert.deepEqual(backend.executed, ['fail', 'next']);
  });

  it('evaluates user_expressions after a successful cell', async () => {
    const reply = await finished(
      execute('x = 1', { user_expressions: { good: 'x', bad: 'boom' } }),
    );
    assert.deepEqual(reply.content.user_expressions, {
      good: { status: 'ok', data: { 'text/plain': 'value of x' }, metadata: {} },
      bad: {
        status: 'error',
        ename: 'NameError',
        evalue: "name 'boom' is not defined",
        traceback: [],
      },
    });
  });

  it('asks the client for input() on stdin and hands the answer to the cell', async () => {
    let answered = '';
    backend.cell = async (_code, _options, callbacks) => {
      answered = await callbacks.input('Name? ', false);
      return { status: 'ok', result: null };
    };
    const request = execute('input("Name? ")', { allow_stdin: true });
    const [asked] = await channels.next((s) => s.channel === 'stdin');
    assert.equal(asked.message.header.msg_type, 'input_request');
    assert.deepEqual(asked.message.content, { prompt: 'Name? ', password: false });
    assert.equal(asked.message.parent_header.msg_id, request.header.msg_id);
    assert.deepEqual(asked.message.identities, request.identities);
    channels.answerInput(asked.message, 'Ada');
    await finished(request);
    assert.equal(answered, 'Ada');
  });

  it('refuses input() when the client does not allow stdin', async () => {
    let refusal: unknown;
    backend.cell = async (_code, options, callbacks) => {
      assert.equal(options.allowStdin, false);
      refusal = await callbacks.input('x', false).catch((e: unknown) => e);
      return { status: 'ok', result: null };
    };
    await finished(execute('input()', { allow_stdin: false }));
    assert.ok(refusal instanceof Error);
    assert.equal(refusal.name, 'StdinNotImplementedError');
    assert.ok(!channels.sent.some((s) => s.channel === 'stdin'));
  });

  it('answers interrupt_request on control while a cell runs, ending an input() wait', async () => {
    let inputEnded: unknown;
    backend.cell = async (_code, _options, callbacks) => {
      inputEnded = await callbacks.input('?', false).catch((e: unknown) => e);
      return { status: 'error', ename: 'KeyboardInterrupt', evalue: '', traceback: [] };
    };
    const cell = execute('input()', { allow_stdin: true });
    await channels.next((s) => s.channel === 'stdin');
    const interrupt = channels.request('control', 'interrupt_request', {});
    const reply = await finished(interrupt);
    assert.deepEqual(reply.content, { status: 'ok' });
    assert.equal(backend.interrupts, 1);
    assert.equal((await finished(cell)).content.ename, 'KeyboardInterrupt');
    assert.ok(inputEnded instanceof Error && inputEnded.name === 'InputInterrupted');
  });

  it('answers control requests while shell requests wait behind a running cell', async () => {
    backend.cell = async () => {
      await backend.interrupted();
      return { status: 'ok', result: null };
    };
    const cell = execute('while True: pass');
    const shellInfo = channels.request('shell', 'kernel_info_request', {});
    const controlInfo = channels.request('control', 'kernel_info_request', {});
    await finished(controlInfo);
    assert.equal(
      channels.sent.some((s) => s.message.parent_header.msg_id === shellInfo.header.msg_id),
      false,
    );
    kernel.interrupt();
    await finished(cell);
    await finished(shellInfo);
  });

  it('answers a request with malformed content with an error and keeps going', async () => {
    const request = channels.request('shell', 'execute_request', { code: 42 });
    const reply = await finished(request);
    assert.equal(reply.content.status, 'error');
    assert.equal(reply.content.ename, 'MalformedContentError');
    assert.equal(reply.content.evalue, "field 'code' must be a string");
    assert.deepEqual(backend.executed, []);
    assert.equal((await finished(execute('1'))).content.status, 'ok');
  });

  it('ignores unknown message types, saying so in the log', async () => {
    const unknown = channels.request('shell', 'frobnicate_request', {});
    // Names of Object's own properties are message types like any other.
    channels.request('control', 'constructor', {});
    await finished(channels.request('shell', 'kernel_info_request', {}));
    assert.equal(
      channels.sent.some((s) => s.message.parent_header.msg_id === unknown.header.msg_id),
      false,
    );
    assert.deepEqual(log.lines.sort(), [
      'warn: ignored a constructor on control: not supported',
      'warn: ignored a frobnicate_request on shell: not supported',
    ]);
  });

  it('answers complete, inspect and is_complete from the backend', async () => {
    const complete = await finished(
      channels.request('shell', 'complete_request', { code: 'to', cursor_pos: 2 }),
    );
    assert.deepEqual(complete.content, {
      status: 'ok',
      matches: ['to_completed'],
      cursor_start: 0,
      cursor_end: 2,
      metadata: {},
    });
    const inspect = await finished(
      channels.request('shell', 'inspect_request', {
        code: 'torch',
        cursor_pos: 5,
        detail_level: 0,
      }),
    );
    assert.deepEqual(inspect.content, {
      status: 'ok',
      found: true,
      data: { 'text/plain': 'about torch' },
      metadata: {},
    });
    const incomplete = await finished(
      channels.request('shell', 'is_complete_request', { code: 'if x:' }),
    );
    assert.deepEqual(incomplete.content, { status: 'incomplete', indent: '    ' });
    const outside = await finished(
      channels.request('shell', 'complete_request', { code: 'x', cursor_pos: 9 }),
    );
    assert.equal(outside.content.evalue, 'cursor_pos 9 is outside the code');
  });

  it('keeps the session history: tail, range and search, with outputs', async () => {
    for (const code of ['a = 1', 'b = 2', 'a + b']) await finished(execute(code));
    await finished(execute('unstored', { store_history: false }));
    const history = async (content: Record<string, string | number | boolean>) =>
      (
        await finished(
          channels.request('shell', 'history_request', { raw: true, output: false, ...content }),
        )
      ).content.history;
    assert.deepEqual(await history({ hist_access_type: 'tail', n: 2 }), [
      [1, 2, 'b = 2'],
      [1, 3, 'a + b'],
    ]);
    assert.deepEqual(await history({ hist_access_type: 'tail', n: 1, output: true }), [
      [1, 3, ['a + b', 'a + b']],
    ]);
    assert.deepEqual(await history({ hist_access_type: 'range', session: 1, start: 1, stop: 2 }), [
      [1, 1, 'a = 1'],
    ]);
    assert.deepEqual(await history({ hist_access_type: 'search', pattern: 'a*' }), [
      [1, 1, 'a = 1'],
      [1, 3, 'a + b'],
    ]);
  });

  it('has no comms: comm_info is empty and a comm_open is closed again', async () => {
    const info = await finished(channels.request('shell', 'comm_info_request', {}));
    assert.deepEqual(info.content, { status: 'ok', comms: {} });
    const open = channels.request('shell', 'comm_open', {
      comm_id: 'c1',
      target_name: 'widgets',
      data: {},
    });
    await channels.idle(open);
    const closed = channels.broadcasts(open).find((m) => m.header.msg_type === 'comm_close');
    assert.deepEqual(closed?.content, { comm_id: 'c1', data: {} });
  });

  it('shuts down on request: replies, tells iopub, then hands over to its owner', async () => {
    const request = channels.request('control', 'shutdown_request', { restart: true });
    const reply = await channels.reply(request);
    assert.deepEqual(reply.content, { status: 'ok', restart: true });
    await channels.next(
      (s) => s.channel === 'iopub' && s.message.header.msg_type === 'shutdown_reply',
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(shutdowns, [true]);
    // Nothing is served afterwards.
    channels.request('shell', 'kernel_info_request', {});
    await kernel.settled();
    assert.equal(
      channels.sent.filter((s) => s.message.header.msg_type === 'kernel_info_reply').length,
      0,
    );
  });
});

// The kernel as a process, driven by our own zeromq client (no Python Jupyter needed): a cell's
// outputs, the heartbeat answering while a cell runs, an endless loop interrupted over control,
// a forged message dropped, and shutdown ending the process.

import assert from 'node:assert/strict';
import { filter, firstValueFrom } from 'rxjs';
import { Dealer, Request } from 'zeromq';
import { cliEntryPoint } from '../../kernel/cli/kernelspec.js';
import { executeCode, waitForReady } from '../../kernel/client/execution.js';
import { KernelClient } from '../../kernel/client/kernel_client.js';
import { KernelProcess } from '../../kernel/client/kernel_process.js';
import type { KernelLogger } from '../../kernel/log.js';
import { encodeFrames } from '../../kernel/protocol/frames.js';
import { MessageFactory } from '../../kernel/protocol/session.js';
import { MessageSigner } from '../../kernel/protocol/signature.js';
import { socketAddress } from '../../kernel/transport/connection_file.js';

const quiet: KernelLogger = { warn: () => undefined, error: (m) => console.error(m) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('kernel process with our own client', function () {
  this.timeout(60_000);
  let kernel: KernelProcess;
  let client: KernelClient;

  before(async () => {
    kernel = await KernelProcess.start(cliEntryPoint());
    client = new KernelClient(kernel.info, quiet);
    client.connect();
    await waitForReady(client, 50_000);
  });
  after(async () => {
    client.close();
    await kernel.stop(1000);
  });

  const value = async (code: string) => {
    const { reply, outputs } = await executeCode(client, code);
    assert.equal(reply.content.status, 'ok', JSON.stringify(reply.content));
    const result = outputs.find((m) => m.header.msg_type === 'execute_result');
    return (result?.content.data as Record<string, string> | undefined)?.['text/plain'];
  };

  it('runs cells and keeps their variables', async () => {
    const { reply, outputs } = await executeCode(client, 'x = 20\nprint("x is", x)\nx + 1');
    assert.equal(reply.content.status, 'ok');
    assert.deepEqual(
      outputs.map((m) => [m.header.msg_type, m.content]),
      [
        ['stream', { name: 'stdout', text: 'x is 20\n' }],
        ['execute_result', { execution_count: 1, data: { 'text/plain': '21' }, metadata: {} }],
      ],
    );
    assert.equal(await value('x * 2'), '40');
  });

  it('answers the heartbeat while a cell runs', async () => {
    const running = executeCode(
      client,
      'import time\nend = time.time() + 1.5\nwhile time.time() < end:\n    pass',
    );
    await sleep(200);
    const heartbeat = new Request({ linger: 0, receiveTimeout: 1000 });
    heartbeat.connect(socketAddress(kernel.info, 'hb'));
    const roundTrips: number[] = [];
    try {
      for (let ping = 0; ping < 5; ping++) {
        const began = performance.now();
        await heartbeat.send(`ping ${ping}`);
        const [echo] = await heartbeat.receive();
        roundTrips.push(performance.now() - began);
        assert.equal(echo.toString(), `ping ${ping}`);
        await sleep(150);
      }
    } finally {
      heartbeat.close();
    }
    assert.ok(Math.max(...roundTrips) < 500, `heartbeat round trips ${roundTrips.join(', ')} ms`);
    assert.equal((await running).reply.content.status, 'ok');
  });

  it('interrupts an endless loop and keeps the session', async () => {
    await value('n = 0');
    // Interrupt once the loop runs: its first output says so.
    const started = firstValueFrom(
      client.iopub.pipe(
        filter((m) => m.header.msg_type === 'stream' && String(m.content.text).includes('looping')),
      ),
    );
    const looping = executeCode(client, "print('looping')\nwhile True:\n    n += 1");
    await started;
    await sleep(100);
    const interrupted = await client.request('control', 'interrupt_request', {});
    assert.deepEqual(interrupted.content, { status: 'ok' });
    const { reply } = await looping;
    assert.equal(reply.content.ename, 'KeyboardInterrupt');
    assert.ok(Number(await value('n')) > 0);
    assert.equal(await value('x'), '20');
  });

  it('drops a message signed with another key', async () => {
    const forger = new Dealer({ linger: 0 });
    forger.connect(socketAddress(kernel.info, 'shell'));
    const forged = new MessageFactory('forger').create('execute_request', { code: 'forged = 1' });
    await forger.send(encodeFrames(forged, new MessageSigner('not the key')));
    forger.close();
    await sleep(200);
    assert.equal(await value("'forged' in dir()"), 'False');
  });

  it('ends its process after shutdown_request', async () => {
    const reply = await client.request('control', 'shutdown_request', { restart: false });
    assert.deepEqual(reply.content, { status: 'ok', restart: false });
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise((resolve) => (timer = setTimeout(resolve, 5000, 'still running')));
    const exitCode = await Promise.race([kernel.exited(), deadline]);
    clearTimeout(timer);
    assert.equal(exitCode, 0);
  });
});

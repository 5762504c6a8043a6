// The kernel: requests from the shell and control channels to handlers, replies back to their
// senders, busy/idle around each on iopub. Shell requests run one at a time; control requests
// (interrupt, shutdown) are answered at once, even while a cell runs.

import type { Subscription } from 'rxjs';
import type { BackendInfo, ExecutionBackend } from './backend/backend.js';
import type { MessageChannels } from './channels.js';
import { ExecuteHandler } from './handlers/execute.js';
import { historyReply } from './handlers/history_request.js';
import { completeReply, inspectReply, isCompleteReply } from './handlers/introspection.js';
import { kernelInfoReply } from './handlers/kernel_info.js';
import { SessionHistory } from './history.js';
import { InputRequests } from './input_requests.js';
import { IopubPublisher } from './iopub.js';
import { describeError, type KernelLogger } from './log.js';
import { booleanField, MalformedContentError, type JsonObject } from './protocol/json.js';
import type { JupyterMessage } from './protocol/message.js';
import { MessageFactory } from './protocol/session.js';
import { SerialQueue } from './serial_queue.js';

export interface KernelOptions {
  readonly channels: MessageChannels;
  readonly backend: ExecutionBackend;
  readonly log: KernelLogger;
  /** Called once shutdown_reply is sent; the caller ends the process. */
  readonly onShutdown: (restart: boolean) => void;
}

type Channel = 'shell' | 'control';
/** A handler's reply content, or null when the message takes no reply. */
type Handler = (request: JupyterMessage) => Promise<JsonObject | null>;

export class JupyterKernel {
  private readonly factory = new MessageFactory();
  private readonly iopub: IopubPublisher;
  private readonly inputs: InputRequests;
  private readonly history = new SessionHistory();
  private readonly executor: ExecuteHandler;
  private readonly shellQueue: SerialQueue<JupyterMessage>;
  private readonly subscriptions: Subscription[] = [];
  private readonly backend: ExecutionBackend;
  private readonly log: KernelLogger;
  private readonly shell = this.shellHandlers();
  private readonly control = this.controlHandlers();
  private ready: Promise<BackendInfo> | null = null;
  private shuttingDown = false;
  /** After close(), requests still running fail as the backend goes; that is no news. */
  private closed = false;

  constructor(private readonly options: KernelOptions) {
    this.backend = options.backend;
    this.log = options.log;
    this.iopub = new IopubPublisher(options.channels, this.factory);
    this.inputs = new InputRequests(options.channels, this.factory, options.log);
    this.executor = new ExecuteHandler(this.backend, this.iopub, this.inputs, this.history);
    this.shellQueue = new SerialQueue((request) => this.serveShell(request), options.log);
  }

  /** Starts the backend and listens; requests wait for the backend where they need it. */
  start(): Promise<BackendInfo> {
    const ready = this.backend.start();
    this.ready = ready;
    // Shell requests that arrive meanwhile queue up; a failed start is reported by whoever
    // awaits the returned promise, and by every request after it.
    ready.catch(() => undefined);
    void this.iopub.status('starting');
    const { channels } = this.options;
    this.subscriptions.push(
      channels.shell.subscribe((request) => this.shellQueue.push(request)),
      channels.control.subscribe((request) => void this.serveControl(request)),
    );
    return ready;
  }

  /** SIGINT and interrupt_request: stop the running cell, or an input() it waits in. */
  interrupt(): void {
    this.executor.interrupt();
    this.backend.interrupt();
    this.inputs.interruptAll();
  }

  /** Stops listening; the backend is the caller's to shut down. */
  close(): void {
    this.closed = true;
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.inputs.close();
  }

  /** Resolves when every queued shell request has been answered (for specs and shutdown). */
  settled(): Promise<void> {
    return this.shellQueue.settled();
  }

  private async serveShell(request: JupyterMessage): Promise<void> {
    if (this.shuttingDown) return;
    const type = request.header.msg_type;
    if (type === 'execute_request') return this.serveExecute(request);
    // Old clients send shutdown on shell; the protocol moved it to control.
    if (type === 'shutdown_request') return this.serveShutdown('shell', request);
    const handler = this.shell.get(type);
    if (handler === undefined) return this.ignore('shell', request);
    await this.serve('shell', request, handler);
  }

  private async serveControl(request: JupyterMessage): Promise<void> {
    if (this.shuttingDown) return;
    if (request.header.msg_type === 'shutdown_request')
      return this.serveShutdown('control', request);
    const handler = this.control.get(request.header.msg_type);
    if (handler === undefined) return this.ignore('control', request);
    await this.serve('control', request, handler);
  }

  /** Shell requests other than execute and shutdown, which need more than a reply. */
  private shellHandlers(): Map<string, Handler> {
    return new Map<string, Handler>([
      ['kernel_info_request', async () => kernelInfoReply(await this.started())],
      ['complete_request', async (r) => completeReply(await this.startedBackend(), r.content)],
      ['inspect_request', async (r) => inspectReply(await this.startedBackend(), r.content)],
      ['is_complete_request', async (r) => isCompleteReply(await this.startedBackend(), r.content)],
      ['history_request', async (r) => historyReply(this.history, r.content)],
      ['comm_info_request', async () => ({ status: 'ok', comms: {} })],
      ['comm_open', async (r) => this.refuseComm(r)],
      ['comm_msg', async () => null],
      ['comm_close', async () => null],
    ]);
  }

  private controlHandlers(): Map<string, Handler> {
    return new Map<string, Handler>([
      ['kernel_info_request', async () => kernelInfoReply(await this.started())],
      ['interrupt_request', async () => this.interruptReply()],
    ]);
  }

  private async interruptReply(): Promise<JsonObject> {
    this.interrupt();
    return { status: 'ok' };
  }

  /** busy, the handler's reply, idle; a handler's failure becomes an error reply. */
  private async serve(channel: Channel, request: JupyterMessage, handler: Handler): Promise<void> {
    await this.iopub.status('busy', request);
    try {
      const content = await this.replyContent(request, handler);
      if (content !== null)
        await this.options.channels.send(channel, this.factory.reply(request, content));
    } finally {
      await this.iopub.status('idle', request);
    }
  }

  private async replyContent(
    request: JupyterMessage,
    handler: Handler,
  ): Promise<JsonObject | null> {
    try {
      return await handler(request);
    } catch (error) {
      if (!(error instanceof MalformedContentError) && !this.closed) {
        this.log.error(`${request.header.msg_type} failed: ${describeError(error)}`);
      }
      const name = error instanceof Error ? error.name : 'Error';
      const value = error instanceof Error ? error.message : String(error);
      return { status: 'error', ename: name, evalue: value, traceback: [`${name}: ${value}`] };
    }
  }

  private async serveExecute(request: JupyterMessage): Promise<void> {
    let abortQueued = false;
    await this.serve('shell', request, async () => {
      await this.started();
      const result = await this.executor.handle(request);
      abortQueued = result.abortQueued;
      return result.reply;
    });
    if (!abortQueued) return;
    const aborted = this.shellQueue.takeWaiting((m) => m.header.msg_type === 'execute_request');
    for (const message of aborted) {
      await this.serve('shell', message, async () => this.executor.abortedReply());
    }
  }

  /** The reply, the same on iopub for every client, then the process may end. */
  private async serveShutdown(channel: Channel, request: JupyterMessage): Promise<void> {
    this.shuttingDown = true;
    let content: JsonObject = { status: 'ok', restart: false };
    await this.serve(channel, request, async () => {
      content = { status: 'ok', restart: booleanField(request.content, 'restart', false) };
      return content;
    });
    await this.iopub.publish('shutdown_reply', content, request);
    this.options.onShutdown(content.restart === true);
  }

  /** No comm targets exist: a comm_open is answered by closing that comm, as ipykernel does. */
  private async refuseComm(request: JupyterMessage): Promise<null> {
    const id = request.content.comm_id;
    if (typeof id === 'string')
      await this.iopub.publish('comm_close', { comm_id: id, data: {} }, request);
    return null;
  }

  private ignore(channel: Channel, request: JupyterMessage): void {
    this.log.warn(`ignored a ${request.header.msg_type} on ${channel}: not supported`);
  }

  private started(): Promise<BackendInfo> {
    if (this.ready === null) throw new Error('the kernel was not started');
    return this.ready;
  }

  private async startedBackend(): Promise<ExecutionBackend> {
    await this.started();
    return this.backend;
  }
}

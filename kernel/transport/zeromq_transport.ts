// The kernel's five sockets bound from a connection file: shell, control and stdin ROUTERs, the
// iopub PUB, the heartbeat REP. Incoming frames are decoded and authenticated here; whatever
// fails is logged and dropped before the kernel sees it.

import type { Observable } from 'rxjs';
import { Publisher, Reply, Router, type Socket } from 'zeromq';
import type { MessageChannels } from '../channels.js';
import type { KernelLogger } from '../log.js';
import { encodeFrames } from '../protocol/frames.js';
import type { ChannelName, JupyterMessage } from '../protocol/message.js';
import { MessageSigner } from '../protocol/signature.js';
import { socketAddress, type ConnectionInfo } from './connection_file.js';
import { echoHeartbeats } from './heartbeat.js';
import { receivedMessages, SendQueue } from './socket_streams.js';

/** How long closing waits for queued messages (the last status, shutdown_reply) to leave. */
const lingerMs = 1000;

export class ZeromqTransport implements MessageChannels {
  readonly shell: Observable<JupyterMessage>;
  readonly control: Observable<JupyterMessage>;
  readonly stdin: Observable<JupyterMessage>;
  private readonly signer: MessageSigner;
  private readonly routers: Record<'shell' | 'control' | 'stdin', Router>;
  private readonly iopub = new Publisher({ linger: lingerMs });
  private readonly heartbeat = new Reply({ linger: 0 });
  private readonly queues: Record<ChannelName, SendQueue>;

  private constructor(
    private readonly info: ConnectionInfo,
    private readonly log: KernelLogger,
  ) {
    this.signer = new MessageSigner(info.key, info.signature_scheme);
    this.routers = {
      shell: new Router({ linger: lingerMs }),
      control: new Router({ linger: lingerMs }),
      stdin: new Router({ linger: lingerMs }),
    };
    this.queues = {
      shell: new SendQueue(this.routers.shell, 'shell', log),
      control: new SendQueue(this.routers.control, 'control', log),
      stdin: new SendQueue(this.routers.stdin, 'stdin', log),
      iopub: new SendQueue(this.iopub, 'iopub', log),
    };
    this.shell = this.messages('shell');
    this.control = this.messages('control');
    this.stdin = this.messages('stdin');
  }

  /** Binds every socket of `info`; the heartbeat starts answering at once. */
  static async bind(info: ConnectionInfo, log: KernelLogger): Promise<ZeromqTransport> {
    const transport = new ZeromqTransport(info, log);
    await transport.bindAll();
    void echoHeartbeats(transport.heartbeat, log);
    return transport;
  }

  send(channel: ChannelName, message: JupyterMessage): Promise<void> {
    return this.queues[channel].send(encodeFrames(message, this.signer));
  }

  close(): void {
    for (const socket of this.sockets()) socket.close();
  }

  private async bindAll(): Promise<void> {
    await Promise.all([
      this.routers.shell.bind(socketAddress(this.info, 'shell')),
      this.routers.control.bind(socketAddress(this.info, 'control')),
      this.routers.stdin.bind(socketAddress(this.info, 'stdin')),
      this.iopub.bind(socketAddress(this.info, 'iopub')),
      this.heartbeat.bind(socketAddress(this.info, 'hb')),
    ]);
  }

  private sockets(): Socket[] {
    return [...Object.values(this.routers), this.iopub, this.heartbeat];
  }

  private messages(channel: 'shell' | 'control' | 'stdin'): Observable<JupyterMessage> {
    return receivedMessages(this.routers[channel], this.signer, (reason) =>
      this.log.warn(`dropped a message on ${channel}: ${reason}`),
    );
  }
}

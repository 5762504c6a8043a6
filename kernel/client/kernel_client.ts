// Our own Jupyter client over zeromq: what `torchscript-kernel run` drives the kernel with, so
// running a notebook needs no Python Jupyter. DEALER sockets on shell and control, SUB on iopub.
// It sends allow_stdin: false, so it needs no stdin socket: input() fails in the cell instead.

import { randomUUID } from 'node:crypto';
import { Subject, type Observable, type Subscription } from 'rxjs';
import { Dealer, Subscriber, type Socket } from 'zeromq';
import type { KernelLogger } from '../log.js';
import { encodeFrames } from '../protocol/frames.js';
import type { JsonObject } from '../protocol/json.js';
import { parentMessageId, type JupyterMessage } from '../protocol/message.js';
import { MessageFactory } from '../protocol/session.js';
import { MessageSigner } from '../protocol/signature.js';
import { socketAddress, type ConnectionInfo } from '../transport/connection_file.js';
import { receivedMessages, SendQueue } from '../transport/socket_streams.js';

type RequestChannel = 'shell' | 'control';

export class KernelClient {
  /** Everything the kernel broadcasts. */
  readonly iopub: Observable<JupyterMessage>;
  private readonly factory = new MessageFactory('torchscript-kernel-client', randomUUID());
  private readonly signer: MessageSigner;
  private readonly dealers: Record<RequestChannel, Dealer>;
  private readonly subscriber = new Subscriber({ linger: 0 });
  private readonly queues: Record<RequestChannel, SendQueue>;
  private readonly replies = new Map<string, (reply: JupyterMessage) => void>();
  private readonly iopubMessages = new Subject<JupyterMessage>();
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly info: ConnectionInfo,
    private readonly log: KernelLogger,
  ) {
    this.signer = new MessageSigner(info.key, info.signature_scheme);
    const routingId = this.factory.session;
    const dealer = () => new Dealer({ routingId, linger: 0 });
    this.dealers = { shell: dealer(), control: dealer() };
    this.queues = {
      shell: new SendQueue(this.dealers.shell, 'shell', log),
      control: new SendQueue(this.dealers.control, 'control', log),
    };
    this.iopub = this.iopubMessages.asObservable();
  }

  connect(): void {
    for (const channel of ['shell', 'control'] as const) {
      this.dealers[channel].connect(socketAddress(this.info, channel));
    }
    this.subscriber.connect(socketAddress(this.info, 'iopub'));
    this.subscriber.subscribe();
    this.subscriptions.push(
      this.decoded('shell', this.dealers.shell).subscribe((m) => this.settle(m)),
      this.decoded('control', this.dealers.control).subscribe((m) => this.settle(m)),
      this.decoded('iopub', this.subscriber).subscribe((m) => this.iopubMessages.next(m)),
    );
  }

  /** Sends a request and resolves with its reply. */
  request(channel: RequestChannel, msgType: string, content: JsonObject): Promise<JupyterMessage> {
    return this.sendRequest(channel, this.factory.create(msgType, content)).reply;
  }

  /** Sends `message`; its id lets the caller pick its iopub messages before the reply. */
  sendRequest(
    channel: RequestChannel,
    message: JupyterMessage,
  ): { readonly id: string; readonly reply: Promise<JupyterMessage> } {
    const id = message.header.msg_id;
    const reply = new Promise<JupyterMessage>((resolve) => this.replies.set(id, resolve));
    void this.queues[channel].send(encodeFrames(message, this.signer));
    return { id, reply };
  }

  /** A new request message, for sendRequest. */
  message(msgType: string, content: JsonObject, metadata: JsonObject = {}): JupyterMessage {
    return this.factory.create(msgType, content, undefined, [], metadata);
  }

  close(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    for (const socket of this.sockets()) socket.close();
    this.iopubMessages.complete();
  }

  private sockets(): Socket[] {
    return [...Object.values(this.dealers), this.subscriber];
  }

  private decoded(channel: string, socket: Dealer | Subscriber): Observable<JupyterMessage> {
    return receivedMessages(socket, this.signer, (reason) =>
      this.log.warn(`client dropped a message on ${channel}: ${reason}`),
    );
  }

  private settle(reply: JupyterMessage): void {
    const id = parentMessageId(reply);
    const resolve = id === undefined ? undefined : this.replies.get(id);
    if (id === undefined || resolve === undefined) return;
    this.replies.delete(id);
    resolve(reply);
  }
}

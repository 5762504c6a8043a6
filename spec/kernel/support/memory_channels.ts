// The kernel's channels in memory: specs send requests as a client would and read what the
// kernel sent back, without sockets.

import { filter, firstValueFrom, Subject, take, toArray } from 'rxjs';
import type { MessageChannels } from '../../../kernel/channels.js';
import type { JsonObject } from '../../../kernel/protocol/json.js';
import {
  parentMessageId,
  type ChannelName,
  type JupyterMessage,
} from '../../../kernel/protocol/message.js';
import { MessageFactory } from '../../../kernel/protocol/session.js';

export interface Sent {
  readonly channel: ChannelName;
  readonly message: JupyterMessage;
}

export class MemoryChannels implements MessageChannels {
  readonly shell = new Subject<JupyterMessage>();
  readonly control = new Subject<JupyterMessage>();
  readonly stdin = new Subject<JupyterMessage>();
  /** Everything the kernel sent, in order. */
  readonly sent: Sent[] = [];
  private readonly sent$ = new Subject<Sent>();
  private readonly client = new MessageFactory('spec');
  private readonly identity = Buffer.from('spec-client');

  async send(channel: ChannelName, message: JupyterMessage): Promise<void> {
    const sent = { channel, message };
    this.sent.push(sent);
    this.sent$.next(sent);
  }

  /** Sends a request as a client; returns it (its msg_id names its replies). */
  request(channel: 'shell' | 'control', msgType: string, content: JsonObject): JupyterMessage {
    const message = this.client.create(msgType, content, undefined, [this.identity]);
    (channel === 'shell' ? this.shell : this.control).next(message);
    return message;
  }

  /** Answers an input_request on stdin. */
  answerInput(inputRequest: JupyterMessage, value: string): void {
    this.stdin.next(this.client.create('input_reply', { value }, inputRequest, [this.identity]));
  }

  /** The next `count` messages sent that match. */
  next(matches: (sent: Sent) => boolean, count = 1): Promise<Sent[]> {
    return firstValueFrom(this.sent$.pipe(filter(matches), take(count), toArray()));
  }

  /** Resolves with the reply to `request` (already sent or still to come). */
  async reply(request: JupyterMessage): Promise<JupyterMessage> {
    const isReply = (s: Sent) =>
      (s.channel === 'shell' || s.channel === 'control') &&
      parentMessageId(s.message) === request.header.msg_id;
    const earlier = this.sent.find(isReply);
    return earlier?.message ?? (await this.next(isReply))[0].message;
  }

  /** The iopub messages whose parent is `request`, as type names or in full. */
  broadcasts(request: JupyterMessage): JupyterMessage[] {
    return this.sent
      .filter((s) => s.channel === 'iopub' && parentMessageId(s.message) === request.header.msg_id)
      .map((s) => s.message);
  }

  /** Resolves when the kernel published idle for `request`. */
  async idle(request: JupyterMessage): Promise<void> {
    const isIdle = (s: Sent) =>
      s.channel === 'iopub' &&
      parentMessageId(s.message) === request.header.msg_id &&
      s.message.header.msg_type === 'status' &&
      s.message.content.execution_state === 'idle';
    if (this.sent.some(isIdle)) return;
    await this.next(isIdle);
  }
}

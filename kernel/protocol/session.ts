// One end of a Jupyter session: makes the headers of the messages it sends, replies and
// broadcasts alike, all under one session id.

import { randomUUID } from 'node:crypto';
import type { JsonObject } from './json.js';
import { protocolVersion, type JupyterMessage, type MessageHeader } from './message.js';

export class MessageFactory {
  readonly session: string;

  constructor(
    readonly username = 'kernel',
    session: string = randomUUID(),
  ) {
    this.session = session;
  }

  header(msgType: string): MessageHeader {
    return {
      msg_id: randomUUID(),
      session: this.session,
      username: this.username,
      date: new Date().toISOString(),
      msg_type: msgType,
      version: protocolVersion,
    };
  }

  /** A new message; `parent` links it to the request it belongs to. */
  create(
    msgType: string,
    content: JsonObject,
    parent?: JupyterMessage,
    identities: readonly Buffer[] = [],
    metadata: JsonObject = {},
  ): JupyterMessage {
    return {
      identities,
      header: this.header(msgType),
      parent_header: parent?.header ?? {},
      metadata,
      content,
      buffers: [],
    };
  }

  /** The reply to `request`, routed back to whoever sent it: `kernel_info_request` -> `_reply`. */
  reply(request: JupyterMessage, content: JsonObject, metadata: JsonObject = {}): JupyterMessage {
    const type = request.header.msg_type.replace(/_request$/, '_reply');
    return this.create(type, content, request, request.identities, metadata);
  }
}

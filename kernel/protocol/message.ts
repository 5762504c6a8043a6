// The Jupyter message (protocol 5.3) as the kernel handles it: routing identities, the four JSON
// parts that the signature covers, and binary buffers.

import type { JsonObject } from './json.js';

export const protocolVersion = '5.3';

export interface MessageHeader {
  readonly msg_id: string;
  readonly session: string;
  readonly username: string;
  /** ISO 8601 with a time zone. */
  readonly date: string;
  readonly msg_type: string;
  readonly version: string;
}

export interface JupyterMessage {
  /** ROUTER routing frames: who to answer. Empty for messages published on iopub. */
  readonly identities: readonly Buffer[];
  readonly header: MessageHeader;
  /** The header of the request this message answers, or {} for none. */
  readonly parent_header: MessageHeader | Record<string, never>;
  readonly metadata: JsonObject;
  readonly content: JsonObject;
  readonly buffers: readonly Buffer[];
}

/** The channels of a kernel, named as in the connection file. */
export type ChannelName = 'shell' | 'control' | 'stdin' | 'iopub';

export function parentMessageId(message: JupyterMessage): string | undefined {
  const parent = message.parent_header;
  return 'msg_id' in parent ? parent.msg_id : undefined;
}

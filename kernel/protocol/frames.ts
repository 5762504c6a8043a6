// Messages to and from zeromq frames:
//
//   [identity ...] "<IDS|MSG>" signature header parent_header metadata content [buffer ...]
//
// Decoding never throws: a message that is not well formed or not authentic comes back as the
// reason to drop it, so nothing a peer sends can stop the kernel.

import { isJsonObject, type JsonObject } from './json.js';
import type { JupyterMessage, MessageHeader } from './message.js';
import type { MessageSigner } from './signature.js';

export const delimiter = Buffer.from('<IDS|MSG>');

export type DecodedFrames =
  | { readonly ok: true; readonly message: JupyterMessage }
  | { readonly ok: false; readonly reason: string };

export type AcceptedFrames = Extract<DecodedFrames, { ok: true }>;

export function decodeFrames(frames: readonly Buffer[], signer: MessageSigner): DecodedFrames {
  const split = frames.findIndex((frame) => frame.equals(delimiter));
  if (split < 0) return { ok: false, reason: 'no <IDS|MSG> delimiter' };
  if (frames.length < split + 6)
    return { ok: false, reason: 'fewer than 5 frames after <IDS|MSG>' };
  const signature = frames[split + 1].toString('latin1');
  const signed = frames.slice(split + 2, split + 6);
  const refusal = signer.check(signed, signature);
  if (refusal !== undefined) return { ok: false, reason: refusal };
  const [header, parentHeader, metadata, content] = signed.map(parseJson);
  if (!isHeader(header)) return { ok: false, reason: 'header lacks msg_id, msg_type or session' };
  const parent = isJsonObject(parentHeader) ? parentHeader : undefined;
  if (parent === undefined || !isJsonObject(metadata) || !isJsonObject(content)) {
    return { ok: false, reason: 'parent_header, metadata and content must be JSON objects' };
  }
  const message: JupyterMessage = {
    identities: frames.slice(0, split),
    header: withDefaults(header),
    parent_header: isHeader(parent) ? withDefaults(parent) : {},
    metadata,
    content,
    buffers: frames.slice(split + 6),
  };
  return { ok: true, message };
}

export function encodeFrames(message: JupyterMessage, signer: MessageSigner): Buffer[] {
  const signed = [message.header, message.parent_header, message.metadata, message.content].map(
    (part) => Buffer.from(JSON.stringify(part)),
  );
  const signature = Buffer.from(signer.sign(signed));
  return [...message.identities, delimiter, signature, ...signed, ...message.buffers];
}

function parseJson(frame: Buffer): unknown {
  try {
    return JSON.parse(frame.toString('utf8'));
  } catch {
    return undefined;
  }
}

function isHeader(value: unknown): value is JsonObject {
  return (
    isJsonObject(value) &&
    typeof value.msg_id === 'string' &&
    typeof value.msg_type === 'string' &&
    typeof value.session === 'string'
  );
}

/** Clients may leave out username, date or version; replies still carry them. */
function withDefaults(header: JsonObject): MessageHeader {
  const text = (name: string, fallback: string): string => {
    const value = header[name];
    return typeof value === 'string' ? value : fallback;
  };
  return {
    ...header,
    msg_id: text('msg_id', ''),
    msg_type: text('msg_type', ''),
    session: text('session', ''),
    username: text('username', ''),
    date: text('date', ''),
    version: text('version', ''),
  };
}

// complete_request, inspect_request and is_complete_request: questions about code, answered by
// the backend's interpreter.

import type { ExecutionBackend } from '../backend/backend.js';
import {
  MalformedContentError,
  numberField,
  stringField,
  type JsonObject,
} from '../protocol/json.js';

/** Clients may leave out cursor_pos; the protocol then means the end of the code. */
function cursorOf(content: JsonObject, code: string): number {
  const cursor = numberField(content, 'cursor_pos', code.length);
  if (!Number.isInteger(cursor) || cursor < 0 || cursor > code.length) {
    throw new MalformedContentError(`cursor_pos ${cursor} is outside the code`);
  }
  return cursor;
}

export async function completeReply(
  backend: ExecutionBackend,
  content: JsonObject,
): Promise<JsonObject> {
  const code = stringField(content, 'code');
  const completion = await backend.complete(code, cursorOf(content, code));
  return {
    status: 'ok',
    matches: [...completion.matches],
    cursor_start: completion.cursorStart,
    cursor_end: completion.cursorEnd,
    metadata: {},
  };
}

export async function inspectReply(
  backend: ExecutionBackend,
  content: JsonObject,
): Promise<JsonObject> {
  const code = stringField(content, 'code');
  const detail = numberField(content, 'detail_level', 0) === 1 ? 1 : 0;
  const inspection = await backend.inspect(code, cursorOf(content, code), detail);
  return { status: 'ok', found: inspection.found, data: inspection.data, metadata: {} };
}

export async function isCompleteReply(
  backend: ExecutionBackend,
  content: JsonObject,
): Promise<JsonObject> {
  const verdict = await backend.isComplete(stringField(content, 'code'));
  return verdict.status === 'incomplete'
    ? { status: verdict.status, indent: verdict.indent }
    : { status: verdict.status };
}

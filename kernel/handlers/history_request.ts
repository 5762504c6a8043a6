// history_request: the session's own history (tail, range, search), with outputs on request.

import { historyRow, type HistoryEntry, type SessionHistory } from '../history.js';
import {
  booleanField,
  MalformedContentError,
  numberField,
  stringField,
  type JsonObject,
} from '../protocol/json.js';

export function historyReply(history: SessionHistory, content: JsonObject): JsonObject {
  const withOutput = booleanField(content, 'output', false);
  const entries = selectEntries(history, content);
  return { status: 'ok', history: entries.map((entry) => historyRow(entry, withOutput)) };
}

function selectEntries(history: SessionHistory, content: JsonObject): HistoryEntry[] {
  const access = stringField(content, 'hist_access_type');
  const optionalNumber = (name: string) =>
    content[name] === undefined || content[name] === null ? null : numberField(content, name);
  switch (access) {
    case 'tail':
      return history.tail(optionalNumber('n') ?? 10);
    case 'range':
      return history.range(
        optionalNumber('session') ?? 0,
        optionalNumber('start') ?? 0,
        optionalNumber('stop'),
      );
    case 'search':
      return history.search(
        stringField(content, 'pattern', '*'),
        optionalNumber('n'),
        booleanField(content, 'unique', false),
      );
    default:
      throw new MalformedContentError(`unknown hist_access_type '${access}'`);
  }
}

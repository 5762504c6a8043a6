// The fields of an execute_request, checked, with the protocol's defaults.

import {
  booleanField,
  MalformedContentError,
  objectField,
  stringField,
  type JsonObject,
} from '../protocol/json.js';

export interface ExecuteRequest {
  readonly code: string;
  readonly silent: boolean;
  /** Already false when silent: the protocol says silent forces it off. */
  readonly storeHistory: boolean;
  readonly userExpressions: ReadonlyMap<string, string>;
  readonly allowStdin: boolean;
  readonly stopOnError: boolean;
}

export function readExecuteRequest(content: JsonObject): ExecuteRequest {
  const silent = booleanField(content, 'silent', false);
  return {
    code: stringField(content, 'code'),
    silent,
    storeHistory: !silent && booleanField(content, 'store_history', true),
    userExpressions: readUserExpressions(objectField(content, 'user_expressions', {})),
    allowStdin: booleanField(content, 'allow_stdin', true),
    stopOnError: booleanField(content, 'stop_on_error', true),
  };
}

function readUserExpressions(expressions: JsonObject): Map<string, string> {
  const read = new Map<string, string>();
  for (const [name, expression] of Object.entries(expressions)) {
    if (typeof expression !== 'string') {
      throw new MalformedContentError(`user_expressions['${name}'] must be a string`);
    }
    read.set(name, expression);
  }
  return read;
}

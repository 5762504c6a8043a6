// Where the source of a Python function is, as Python describes it, and the compiler's view of it.

import type { FunctionSource } from '../../compiler/compilation_unit.js';
import { Source } from '../../compiler/frontend/source.js';
import { decodeCall } from '../python/wire.js';
import { constantFromPython } from './constants.js';

/** Where a Python function's source is: text, file, first line. */
export interface PythonSource {
  readonly source: string;
  readonly filename: string;
  readonly line: number;
  /** The function's evaluated defaults, as keywords on the wire. */
  readonly defaultCodes: string;
  readonly defaultValues: readonly unknown[];
}

export function functionSource(s: PythonSource): FunctionSource {
  const { kwargs } = decodeCall(s.defaultCodes, [...s.defaultValues]);
  const defaults = new Map(Object.entries(kwargs).map(([k, v]) => [k, constantFromPython(v)]));
  return { source: new Source(s.source, s.filename, s.line - 1), defaults };
}

// The session's own input history, what history_request reads: every cell run with
// store_history, under its execution count. There is one session, the current one; history
// does not outlive the kernel process.

import type { JsonValue } from './protocol/json.js';

export interface HistoryEntry {
  readonly line: number;
  readonly input: string;
  /** The cell's text/plain result, null when it had none. */
  readonly output: string | null;
}

/** The session number this kernel reports; IPython numbers its first session 1 too. */
export const currentSession = 1;

export class SessionHistory {
  private readonly entries: HistoryEntry[] = [];

  record(entry: HistoryEntry): void {
    this.entries.push(entry);
  }

  /** The last `n` entries, oldest first. */
  tail(n: number): HistoryEntry[] {
    return n <= 0 ? [] : this.entries.slice(-n);
  }

  /**
   * Lines start <= line < stop of `session`. Session 0 and negative offsets name the current
   * session as in IPython (-1 would be the one before, which this kernel never has).
   */
  range(session: number, start: number, stop: number | null): HistoryEntry[] {
    if (session !== 0 && session !== currentSession) return [];
    return this.entries.filter(
      (entry) => entry.line >= start && (stop === null || entry.line < stop),
    );
  }

  /**
   * Entries whose input matches the glob `pattern` as a whole (IPython's sqlite GLOB: `*`, `?`,
   * `[...]`, case-sensitive); with `unique`, only the latest of equal inputs; with `n`, the
   * last n matches.
   */
  search(pattern: string, n: number | null, unique: boolean): HistoryEntry[] {
    const matcher = globToRegExp(pattern);
    let found = this.entries.filter((entry) => matcher.test(entry.input));
    if (unique) {
      const latest = new Map(found.map((entry) => [entry.input, entry]));
      found = found.filter((entry) => latest.get(entry.input) === entry);
    }
    return n === null ? found : found.slice(-n);
  }
}

/** A history_reply row: (session, line, input) or (session, line, (input, output)). */
export function historyRow(entry: HistoryEntry, withOutput: boolean): JsonValue[] {
  const item: JsonValue = withOutput ? [entry.input, entry.output] : entry.input;
  return [currentSession, entry.line, item];
}

export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*') source += '[\\s\\S]*';
    else if (char === '?') source += '[\\s\\S]';
    else if (char === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) source += '\\[';
      else {
        source += characterClass(pattern.slice(i + 1, close));
        i = close;
      }
    } else source += char.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** sqlite's [^...] negates as regular expressions do; escape what else is special inside. */
function characterClass(body: string): string {
  const negated = body.startsWith('^');
  const members = (negated ? body.slice(1) : body).replace(/[\\\]]/g, '\\$&');
  return `[${negated ? '^' : ''}${members}]`;
}

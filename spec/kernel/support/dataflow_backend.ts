// A scripted backend whose cells are a tiny language, with the cell analyzer reactive cells
// need: the kernel's reactive handling tested in memory, apart from Python.
//
//   x = y + 2      binds x (a number) from names and numbers joined by +
//   show y + 1     prints the value
//   y + 1          the cell's result
//   hold x         when x > 1, waits until the kernel is interrupted: KeyboardInterrupt
//   fail           fails with ValueError
//   reactive off   %reactive off's request to the kernel (as the Python magic sends it)
//   dag            %dag's request

import type {
  CellAnalysis,
  CellAnalyzer,
  ExecuteCallbacks,
  ExecuteOutcome,
} from '../../../kernel/backend/backend.js';
import type { JsonObject } from '../../../kernel/protocol/json.js';
import { kernelRequestMime } from '../../../kernel/reactive/kernel_requests.js';
import { ScriptedBackend } from './scripted_backend.js';

const name = /[A-Za-z_]\w*/g;

export class DataflowBackend extends ScriptedBackend {
  readonly values = new Map<string, number>();
  private before = new Map<string, number>();

  readonly cellAnalyzer: CellAnalyzer = {
    beforeCell: async () => {
      this.before = new Map(this.values);
    },
    afterCell: async (code) => this.analysis(code),
  };

  constructor() {
    super();
    this.cell = (code, _options, callbacks) =>
      this.run(code, callbacks).catch((error: Error) => failure('NameError', error.message));
  }

  private async run(code: string, callbacks: ExecuteCallbacks): Promise<ExecuteOutcome> {
    let result: string | null = null;
    for (const line of code.split('\n').filter((l) => l.trim() !== '')) {
      const assignment = /^(\w+) = (.*)$/.exec(line);
      if (line === 'fail') return failure('ValueError', 'the cell failed');
      if (line.startsWith('hold ') && this.numberOf(line.slice(5)) > 1) {
        await this.interrupted();
        return failure('KeyboardInterrupt', '');
      }
      if (line === 'dag' || line.startsWith('reactive ')) {
        const mode = line.slice('reactive '.length);
        const request: JsonObject =
          line === 'dag' ? { request: 'dag' } : { request: 'reactive', mode };
        callbacks.display({ data: { [kernelRequestMime]: request }, metadata: {} });
        continue;
      }
      const value = (expression: string) => this.numberOf(expression);
      if (assignment !== null) this.values.set(assignment[1], value(assignment[2]));
      else if (line.startsWith('show ')) callbacks.stream('stdout', `${value(line.slice(5))}\n`);
      else if (!line.startsWith('hold ')) result = String(value(line));
    }
    return { status: 'ok', result: result === null ? null : { 'text/plain': result } };
  }

  private numberOf(expression: string): number {
    return expression
      .split('+')
      .map((term) => term.trim())
      .reduce((sum, term) => sum + (/^\d+$/.test(term) ? Number(term) : this.lookup(term)), 0);
  }

  private lookup(variable: string): number {
    const value = this.values.get(variable);
    if (value === undefined) throw new Error(`name '${variable}' is not defined`);
    return value;
  }

  private analysis(code: string): CellAnalysis {
    const defines = [...this.values].filter(([k, v]) => this.before.get(k) !== v).map(([k]) => k);
    const bound = new Set<string>();
    const reads = new Set<string>();
    for (const line of code.split('\n')) {
      const assignment = /^(\w+) = (.*)$/.exec(line);
      if (line === 'dag' || line.startsWith('reactive ')) continue;
      const used = assignment === null ? line.replace(/^(show|hold) /, '') : assignment[2];
      for (const word of used.match(name) ?? []) if (!bound.has(word)) reads.add(word);
      if (assignment !== null) bound.add(assignment[1]);
    }
    reads.delete('fail');
    return { defines, reads: [...reads], deleted: [] };
  }
}

function failure(ename: string, evalue: string): ExecuteOutcome {
  return { status: 'error', ename, evalue, traceback: [`${ename}: ${evalue}`] };
}

// An ExecutionBackend whose cells do what each spec scripts: the kernel's protocol handling
// tested apart from Python.

import type {
  BackendInfo,
  Completeness,
  Completion,
  ExecuteCallbacks,
  ExecuteOptions,
  ExecuteOutcome,
  ExecutionBackend,
  Inspection,
} from '../../../kernel/backend/backend.js';

export type CellScript = (
  code: string,
  options: ExecuteOptions,
  callbacks: ExecuteCallbacks,
) => Promise<ExecuteOutcome>;

export class ScriptedBackend implements ExecutionBackend {
  /** What execute does; by default every cell succeeds with the code as its value. */
  cell: CellScript = async (code) => ({ status: 'ok', result: { 'text/plain': code } });
  readonly executed: string[] = [];
  interrupts = 0;
  shutdowns = 0;
  private interruptListeners: (() => void)[] = [];

  async start(): Promise<BackendInfo> {
    return { pythonVersion: '3.13.2', tensorBackend: 'scripted' };
  }

  execute(
    code: string,
    options: ExecuteOptions,
    callbacks: ExecuteCallbacks,
  ): Promise<ExecuteOutcome> {
    this.executed.push(code);
    return this.cell(code, options, callbacks);
  }

  async evaluate(expression: string): Promise<ExecuteOutcome> {
    if (expression === 'boom') {
      return {
        status: 'error',
        ename: 'NameError',
        evalue: "name 'boom' is not defined",
        traceback: [],
      };
    }
    return { status: 'ok', result: { 'text/plain': `value of ${expression}` } };
  }

  async complete(code: string, cursorPos: number): Promise<Completion> {
    return { matches: [`${code}_completed`], cursorStart: 0, cursorEnd: cursorPos };
  }

  async inspect(code: string): Promise<Inspection> {
    return { found: true, data: { 'text/plain': `about ${code}` } };
  }

  async isComplete(code: string): Promise<Completeness> {
    return code.endsWith(':') ? { status: 'incomplete', indent: '    ' } : { status: 'complete' };
  }

  interrupt(): void {
    this.interrupts++;
    for (const listener of this.interruptListeners) listener();
    this.interruptListeners = [];
  }

  /** Resolves at the next interrupt: a cell script can wait for one. */
  interrupted(): Promise<void> {
    return new Promise((resolve) => this.interruptListeners.push(resolve));
  }

  async shutdown(): Promise<void> {
    this.shutdowns++;
  }
}

// What the kernel needs from whatever runs the cells. The kernel speaks the Jupyter protocol and
// knows nothing of Pyodide or workers; an ExecutionBackend runs code and reports what happened.

import type { JsonObject } from '../protocol/json.js';

/** Output data keyed by MIME type: {'text/plain': '3'}; JSON types hold any JSON value. */
export type MimeBundle = JsonObject;

export interface DisplayOutput {
  readonly data: MimeBundle;
  readonly metadata: JsonObject;
  /** display_id and the like, which the frontend uses but does not store. */
  readonly transient?: JsonObject;
  /** Replaces the outputs shown under transient.display_id (update_display_data). */
  readonly update?: boolean;
}

export interface ExecuteOptions {
  readonly silent: boolean;
  readonly storeHistory: boolean;
  /** Whether input() may ask the client; when false, input() raises StdinNotImplementedError. */
  readonly allowStdin: boolean;
  /** The number shown for the cell (its In [n]); names the cell's source in tracebacks. */
  readonly executionCount: number;
}

/** Where a running cell's effects go, as they happen. */
export interface ExecuteCallbacks {
  stream(name: 'stdout' | 'stderr', text: string): void;
  display(output: DisplayOutput): void;
  /** clear_output: now, or (wait) when the next output arrives. */
  clearOutput(wait: boolean): void;
  /** input(prompt): the client's answer; rejects when the request is interrupted. */
  input(prompt: string, password: boolean): Promise<string>;
}

export interface ErrorOutcome {
  readonly status: 'error';
  readonly ename: string;
  readonly evalue: string;
  readonly traceback: readonly string[];
}

export type ExecuteOutcome =
  | {
      readonly status: 'ok';
      /** The last expression's value; null for None or none. */ readonly result: MimeBundle | null;
      /** The result's per-type metadata (an image's size). */
      readonly metadata?: JsonObject;
    }
  | ErrorOutcome;

export interface Completion {
  readonly matches: readonly string[];
  readonly cursorStart: number;
  readonly cursorEnd: number;
}

export interface Inspection {
  readonly found: boolean;
  readonly data: MimeBundle;
}

export type Completeness =
  | { readonly status: 'complete' | 'invalid' | 'unknown' }
  | { readonly status: 'incomplete'; readonly indent: string };

export interface BackendInfo {
  /** The language version, e.g. 3.13.2. */
  readonly pythonVersion: string;
  /** The tensor backend cells compute on, in words for the banner. */
  readonly tensorBackend: string;
}

/** What one run of a cell did to the cells' namespace (kernel/reactive/). */
export interface CellAnalysis {
  /** Names bound to a new object, or updated in place by an augmented assignment. */
  readonly defines: readonly string[];
  /** Names the cell uses without binding them first (its functions' free globals included). */
  readonly reads: readonly string[];
  readonly deleted: readonly string[];
}

/** How reactive cells learn what a cell did: asked just before and just after it runs. */
export interface CellAnalyzer {
  /** Remembers what each name of the namespace holds. */
  beforeCell(): Promise<void>;
  /** What the cell just run (`code`, as the client sent it) defined, read and deleted. */
  afterCell(code: string): Promise<CellAnalysis>;
}

export interface ExecutionBackend {
  /** Present where the backend can tell what cells define and read: cells with ids are reactive. */
  readonly cellAnalyzer?: CellAnalyzer;
  /** Starts the interpreter; resolves when cells can run. */
  start(): Promise<BackendInfo>;
  execute(
    code: string,
    options: ExecuteOptions,
    callbacks: ExecuteCallbacks,
  ): Promise<ExecuteOutcome>;
  /** A user_expressions entry: the expression's value, without side effects on history. */
  evaluate(expression: string): Promise<ExecuteOutcome>;
  complete(code: string, cursorPos: number): Promise<Completion>;
  inspect(code: string, cursorPos: number, detailLevel: 0 | 1): Promise<Inspection>;
  isComplete(code: string): Promise<Completeness>;
  /** Stops the running cell with KeyboardInterrupt; does nothing when none runs. */
  interrupt(): void;
  shutdown(): Promise<void>;
}

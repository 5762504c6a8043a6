// PythonHost: CPython (Pyodide) with our torch package, running cells in the thread that owns
// it. The kernel runs one inside a worker thread (worker.ts, driven by client.ts) so that cells
// never block the sockets; specs and tools may use one directly.
//
// Start: Pyodide from the start-up snapshot when there is a good one (snapshot.ts), else a
// plain load that also makes the snapshot for next time; then the torch package's files are
// written into Pyodide's file system, the bridge is registered as the JS module torch/_C
// imports, and torch is imported. The tfjs backends start meanwhile.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPyodide, type PyodideInterface } from 'pyodide';
import { initBackends, type BackendInfo } from '../backend/tfjs.js';
import { setWarningHandler, type WarningHandler } from '../warnings.js';
import { bridgeModuleName, createBridge } from './bridge.js';
import { displayAsText, type DisplayEvent, type DisplaySink, type RichValue } from './display.js';
import { mountHostFiles } from './host_files.js';
import { createNotebookBridge, notebookBridgeModuleName } from './notebook_bridge.js';
import { createTimelineBridge, timelineBridgeModuleName } from './timeline_bridge.js';
import { createJitBridge, jitBridgeModuleName } from '../jit/bridge.js';
import { setPrintHandler } from '../interpreter/print.js';
import { interruptFlag } from '../interrupt.js';
import { clearInterrupt } from './interrupt.js';
import {
  defaultCacheDir,
  installedPyodideVersion,
  readSnapshot,
  recipeHash,
  snapshotPath,
  snapshotPyodideVersion,
  writeSnapshot,
} from './snapshot.js';

export type OutputStream = 'stdout' | 'stderr';
export type OutputSink = (stream: OutputStream, text: string) => void;

export interface PythonError {
  /** The Python exception's class name: ValueError, KeyboardInterrupt. */
  readonly type: string;
  readonly message: string;
  /** As Python prints it: "Traceback (most recent call last): ...", ending with a newline. */
  readonly traceback: string;
}

export type RunResult =
  | {
      readonly ok: true;
      /** repr() of the last expression, null for None or none. */ readonly value: string | null;
      /** The value by MIME type, when it shows as more than its repr (_repr_html_ and kin). */
      readonly rich?: RichValue;
    }
  | { readonly ok: false; readonly error: PythonError };

/** How this host's Pyodide started. */
export type StartKind = 'snapshot' | 'plain, snapshot made' | 'plain';

export interface StartInfo {
  readonly start: StartKind;
  /** Why no snapshot was used or made, when that is worth saying. */
  readonly snapshotNote: string | null;
  readonly pyodideVersion: string;
  readonly pythonVersion: string;
  /** Until Pyodide could run Python. */
  readonly loadMs: number;
  /** Until torch was imported and the backends started: the host's whole start. */
  readonly startMs: number;
  /** The tfjs backends found and in use; null when they were not started. */
  readonly backends: BackendInfo | null;
}

export interface PythonHostOptions {
  /** Where cells' output goes when run() is given no sink of its own. */
  readonly onOutput?: OutputSink;
  /** Where display() goes when run() is given no sink of its own (default: its text, on stdout). */
  readonly onDisplay?: DisplaySink;
  /** The interrupt flag to check (default: runtime/interrupt.ts's flag of this thread). */
  readonly interruptFlag?: Int32Array;
  /**
   * Whether cells see the machine's files, starting in the process's working directory (the
   * default), or only Pyodide's in-memory file system.
   */
  readonly hostFiles?: boolean;
  /** Where the start-up snapshot is kept; null: no snapshot. Default: defaultCacheDir(). */
  readonly cacheDir?: string | null;
  /** Start the tfjs backends alongside (default true); operators work without them. */
  readonly backends?: boolean;
}

/** The standard modules the snapshot holds imported: what the host and torch import. */
const preloadCode = `
import ast, collections, contextlib, dataclasses, enum, functools, inspect, io, itertools
import json, linecache, math, numbers, operator, re, textwrap, traceback, types, typing
import warnings, weakref
`;

/** Where the torch package is installed in Pyodide's file system. */
const packageMount = '/torchscript/package';

export class PythonHost {
  private sink: OutputSink;
  private displaySink: DisplaySink;
  private cells = 0;
  private runCell: (source: string, filename: string) => string = () => {
    throw new Error('the Python host has not started');
  };
  private replacedWarningHandler: WarningHandler | null = null;
  private started: StartInfo | null = null;

  private constructor(
    private readonly pyodide: PyodideInterface,
    private readonly flag: Int32Array,
    defaultSink: OutputSink,
    defaultDisplaySink: DisplaySink | null,
  ) {
    this.sink = defaultSink;
    this.displaySink = defaultDisplaySink ?? displayAsText((text) => this.sink('stdout', text));
  }

  static async create(options: PythonHostOptions = {}): Promise<PythonHost> {
    const began = performance.now();
    // Operators work without the backends (reference kernels), so a failure here is not fatal.
    const backends = options.backends === false ? null : initBackends().catch(() => null);
    const loaded = await loadInterpreter(
      options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir,
    );
    const loadMs = performance.now() - began;
    const host = new PythonHost(
      loaded.pyodide,
      options.interruptFlag ?? interruptFlag(),
      options.onOutput ?? writeToProcess,
      options.onDisplay ?? null,
    );
    host.startPython();
    if (options.hostFiles !== false) mountHostFiles(loaded.pyodide, process.cwd());
    const backendInfo = await backends;
    host.started = {
      start: loaded.start,
      snapshotNote: loaded.note,
      pyodideVersion: loaded.pyodide.version,
      pythonVersion: loaded.pyodide.runPython('import sys; sys.version.split()[0]') as string,
      loadMs,
      startMs: performance.now() - began,
      backends: backendInfo,
    };
    return host;
  }

  /** How this host started, and how long it took. */
  get info(): StartInfo {
    return this.started!;
  }

  /** Installs the torch package and the bridge, the interrupt flag and streams; imports torch. */
  private startPython(): void {
    const pyodide = this.pyodide;
    installPackage(pyodide);
    const installWarningHandler = (handler: (message: string) => void) => {
      this.replacedWarningHandler ??= setWarningHandler((message) => handler(message));
    };
    pyodide.registerJsModule(bridgeModuleName, createBridge({ installWarningHandler }));
    const files = {
      readFile: (path: string) => pyodide.FS.readFile(path),
      writeFile: (path: string, data: Uint8Array) => pyodide.FS.writeFile(path, data),
    };
    pyodide.registerJsModule(jitBridgeModuleName, createJitBridge(files));
    pyodide.registerJsModule(notebookBridgeModuleName, createNotebookBridge());
    pyodide.registerJsModule(timelineBridgeModuleName, createTimelineBridge());
    // TorchScript's print() writes to the cell's stdout, as Python's does.
    setPrintHandler((line) => this.sink('stdout', `${line}\n`));
    pyodide.setInterruptBuffer(this.flag);
    // input() has no terminal in a worker: it fails at once instead of waiting forever.
    pyodide.setStdin({ error: true });
    pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(packageMount)})`);
    const hostModule = pyodide.pyimport('_torchscript_host');
    hostModule.start(
      (stream: OutputStream, text: string) => this.sink(stream, text),
      (event: string) => this.displaySink(JSON.parse(event) as DisplayEvent),
    );
    this.runCell = hostModule.run_cell;
  }

  /**
   * Runs a cell's source. Output goes to `onOutput` (else the host's sink) as it is written, and
   * display() to `onDisplay`; errors, KeyboardInterrupt included, come back as data and leave
   * the session usable.
   */
  run(
    source: string,
    filename?: string,
    onOutput?: OutputSink,
    onDisplay?: DisplaySink,
  ): RunResult {
    const previous = this.sink;
    const previousDisplay = this.displaySink;
    if (onOutput !== undefined) this.sink = onOutput;
    if (onDisplay !== undefined) this.displaySink = onDisplay;
    // An interrupt meant for an earlier cell must not stop this one.
    clearInterrupt(this.flag);
    try {
      return JSON.parse(this.runCell(source, filename ?? this.nextCellName())) as RunResult;
    } catch (e) {
      // Python raised outside the cell itself: an interrupt landing after the cell ended.
      return { ok: false, error: fromPythonError(e) };
    } finally {
      clearInterrupt(this.flag);
      this.sink = previous;
      this.displaySink = previousDisplay;
    }
  }

  /** The file name the next cell run without one gets: <cell-1>, <cell-2>, ... */
  nextCellName(): string {
    return `<cell-${++this.cells}>`;
  }

  /**
   * Gives the thread's runtime back as it found it (the warning handler), for hosts that share
   * their thread with other code, as specs do. Pyodide itself stays until the thread ends.
   */
  dispose(): void {
    if (this.replacedWarningHandler !== null) setWarningHandler(this.replacedWarningHandler);
    this.replacedWarningHandler = null;
  }

  /** Pyodide itself, for tools and specs that need more than cells. */
  get interpreter(): PyodideInterface {
    return this.pyodide;
  }
}

function writeToProcess(stream: OutputStream, text: string): void {
  (stream === 'stdout' ? process.stdout : process.stderr).write(text);
}

function fromPythonError(e: unknown): PythonError {
  const type = (e as { type?: unknown }).type;
  const message = e instanceof Error ? e.message : String(e);
  return { type: typeof type === 'string' ? type : 'Error', message, traceback: message };
}

// ---- loading Pyodide ----

interface Loaded {
  readonly pyodide: PyodideInterface;
  readonly start: StartKind;
  readonly note: string | null;
}

function pyodideDirectory(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('pyodide/package.json')) + path.sep;
}

async function loadInterpreter(cacheDir: string | null): Promise<Loaded> {
  const indexURL = pyodideDirectory();
  const version = installedPyodideVersion();
  if (cacheDir === null) return plainLoad(indexURL, null);
  if (version !== snapshotPyodideVersion) {
    return plainLoad(
      indexURL,
      `snapshots are used with Pyodide ${snapshotPyodideVersion} only, found ${version}`,
    );
  }
  const file = snapshotPath(cacheDir, version);
  const recipe = recipeHash(preloadCode);
  const image = readSnapshot(file, version, recipe);
  let note: string | null = null;
  if (image !== null) {
    try {
      return {
        pyodide: await loadPyodide({ indexURL, _loadSnapshot: image }),
        start: 'snapshot',
        note,
      };
    } catch (e) {
      note = `the snapshot did not load: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  const pyodide = await loadPyodide({ indexURL, _makeSnapshot: true });
  pyodide.runPython(preloadCode);
  const problem = writeSnapshot(file, version, recipe, pyodide.makeMemorySnapshot());
  if (problem !== null) return { pyodide, start: 'plain', note: `no snapshot written: ${problem}` };
  return { pyodide, start: 'plain, snapshot made', note };
}

async function plainLoad(indexURL: string, note: string | null): Promise<Loaded> {
  const pyodide = await loadPyodide({ indexURL });
  pyodide.runPython(preloadCode);
  return { pyodide, start: 'plain', note };
}

// ---- the torch package ----

/** runtime/python/package in the source tree; compiled code runs from build/runtime/python. */
export function packageDirectory(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.resolve(here, '..', '..', '..', 'runtime', 'python', 'package');
}

/** Copies the package's files into Pyodide's in-memory file system. */
function installPackage(pyodide: PyodideInterface): void {
  const copy = (from: string, to: string) => {
    pyodide.FS.mkdirTree(to);
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      if (entry.name === '__pycache__') continue;
      const source = path.join(from, entry.name);
      const target = `${to}/${entry.name}`;
      if (entry.isDirectory()) copy(source, target);
      else pyodide.FS.writeFile(target, fs.readFileSync(source));
    }
  };
  copy(packageDirectory(), packageMount);
}

// Cells see the machine's files, as a kernel's cells do in CPython: open(), torch.jit.save and
// torch.jit.load on a path read and write the real file system, not Pyodide's in-memory one.
// Every top-level directory of the machine is mounted at its own path (Emscripten's NODEFS),
// except those Pyodide keeps its own files in, and cells start in the process's working
// directory, so relative paths mean what they mean to the person who started the kernel.

import fs from 'node:fs';
import path from 'node:path';
import type { PyodideInterface } from 'pyodide';

/** Pyodide's standard library, its devices, and where our torch package is installed. */
const keptInPyodide = new Set(['lib', 'dev', 'proc', 'sys', 'torchscript']);

export function mountHostFiles(pyodide: PyodideInterface, workingDirectory: string): void {
  const { FS } = pyodide;
  for (const entry of fs.readdirSync('/', { withFileTypes: true })) {
    if (!entry.isDirectory() || keptInPyodide.has(entry.name)) continue;
    const at = `/${entry.name}`;
    FS.mkdirTree(at);
    FS.mount(FS.filesystems.NODEFS, { root: at }, at);
  }
  const top = workingDirectory.split(path.sep)[1] ?? '';
  if (path.isAbsolute(workingDirectory) && !keptInPyodide.has(top)) {
    pyodide.runPython(`import os; os.chdir(${JSON.stringify(workingDirectory)})`);
  }
}

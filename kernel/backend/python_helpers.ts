// The kernel's Python helpers (python/_torchscript_kernel.py): installed once per interpreter as
// a module, then called with one line of code each, whose value's repr is the JSON answer.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../version.js';

export const helperModule = '_torchscript_kernel';

/** The helper's source, read from the source tree (compiled code runs from build/). */
function helperSource(): string {
  return readFileSync(
    path.join(packageRoot, 'kernel', 'backend', 'python', `${helperModule}.py`),
    'utf8',
  );
}

/** A Python string literal for `text` (a JSON string is one). */
export function pythonString(text: string): string {
  return JSON.stringify(text);
}

/**
 * Code that installs the helper module without leaving a name behind in the cells' namespace
 * (it runs in a globals dict of its own).
 */
export function installHelpersCode(): string {
  const loader = [
    'import sys, types',
    `module = types.ModuleType(${pythonString(helperModule)})`,
    `exec(compile(source, ${pythonString(`<${helperModule}>`)}, 'exec'), module.__dict__)`,
    'sys.modules[module.__name__] = module',
    'module.install_input()',
  ].join('\n');
  return `exec(${pythonString(loader)}, {'source': ${pythonString(helperSource())}})`;
}

/** `_torchscript_kernel.<name>(args...)` with every argument a str or int literal. */
export function helperCall(name: string, ...args: (string | number)[]): string {
  const literals = args.map((arg) =>
    typeof arg === 'string' ? pythonString(arg) : String(Math.trunc(arg)),
  );
  return `__import__(${pythonString(helperModule)}).${name}(${literals.join(', ')})`;
}

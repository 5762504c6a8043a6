// The kernel's Python helpers (python/*.py): installed once per interpreter as modules, then
// called with one line of code each. _torchscript_kernel answers questions about code (its value's
// repr is the JSON answer); _torchscript_magics runs the magics that rewritten cells call.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../version.js';

export const helperModule = '_torchscript_kernel';
export const magicsModule = '_torchscript_magics';
export const reactiveModule = '_torchscript_reactive';

/** Each module after those it imports: the magics' parts before the module that gathers them. */
const installOrder = [
  helperModule,
  '_torchscript_magic_support',
  '_torchscript_magic_compiled',
  '_torchscript_magic_timing',
  '_torchscript_magic_backend',
  '_torchscript_magic_reactive',
  magicsModule,
  reactiveModule,
];

/** A helper's source, read from the source tree (compiled code runs from build/). */
function helperSource(module: string): string {
  return readFileSync(
    path.join(packageRoot, 'kernel', 'backend', 'python', `${module}.py`),
    'utf8',
  );
}

/** A Python string literal for `text` (a JSON string is one). */
export function pythonString(text: string): string {
  return JSON.stringify(text);
}

/**
 * Code that installs the helper modules without leaving a name behind in the cells' namespace
 * (it runs in a globals dict of its own).
 */
export function installHelpersCode(): string {
  const loader = [
    'import sys, types',
    'for name, source in sources:',
    '    module = types.ModuleType(name)',
    "    exec(compile(source, '<' + name + '>', 'exec'), module.__dict__)",
    '    sys.modules[name] = module',
    `sys.modules[${pythonString(helperModule)}].install_input()`,
  ].join('\n');
  const sources = installOrder
    .map((module) => `(${pythonString(module)}, ${pythonString(helperSource(module))})`)
    .join(', ');
  return `exec(${pythonString(loader)}, {'sources': [${sources}]})`;
}

/** `_torchscript_kernel.<name>(args...)` with every argument a str or int literal. */
export function helperCall(name: string, ...args: (string | number)[]): string {
  return moduleCall(helperModule, name, ...args);
}

/** `__import__(module).<name>(args...)` with every argument a str or int literal. */
export function moduleCall(module: string, name: string, ...args: (string | number)[]): string {
  const literals = args.map((arg) =>
    typeof arg === 'string' ? pythonString(arg) : String(Math.trunc(arg)),
  );
  return `__import__(${pythonString(module)}).${name}(${literals.join(', ')})`;
}

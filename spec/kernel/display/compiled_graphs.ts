// Compiled functions for the display specs, made by the compiler alone (no Python): a function
// with an if and a loop, and one calling it.

import '../../../runtime/ops/index.js';
import type { ScriptFunction } from '../../../compiler/frontend/function.js';
import { ModuleHost } from '../../../compiler/host/module_host.js';

export const caseSource = `import torch

def branchy(x, n: int):
    y = x + 1
    if n > 2:
        y = y * 2
    else:
        y = y - 1
    for i in range(n):
        y = y + i
    return y

def caller(x):
    return branchy(x, 2) * 3
`;

let host: ModuleHost | null = null;

/** `branchy` or `caller` from caseSource, compiled once. */
export function compiled(name: 'branchy' | 'caller'): ScriptFunction {
  host ??= new ModuleHost(caseSource, 'case.py', 'case');
  return host.compileFunction(name);
}

// The modules of our own torch package that TorchScript compiles from Python source, as PyTorch
// compiles torch/nn/functional.py: torch.nn.functional and what it imports (torch.nn._reduction).
// A static reader (ModuleHost) reads them from runtime/python/package, found from the repository
// root, so `import torch.nn.functional as F` works with no Python running; their functions get
// the qualified names `__torch__.torch.nn.functional.<name>`. The compiled functions are shared
// by every caller, as PyTorch's are by its one compilation unit.
//
// Beside them, the namespaces of operators PyTorch's Python code calls through: torch._C._nn
// (F.linear is torch._C._nn.linear), torch._C and torch._VF (PyTorch's F.dropout calls
// _VF.dropout); and the Python functions TorchScript knows as builtins (torch.nn.modules.utils).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { overloads } from '../../runtime/ops/registry.js';
import { CompileError } from '../frontend/errors.js';
import { parseModule } from '../frontend/parser.js';
import { Source, type SourceRange } from '../frontend/source.js';
import type * as P from '../frontend/tree.js';
import { BuiltinFunction, type SugaredValue } from '../frontend/sugared_value.js';
import { ModuleHost } from './module_host.js';
import { PythonModuleValue } from './python_modules.js';

/** Module paths at and below these are read from the package's Python sources. */
const sourcePackages = ['torch.nn', 'torch.functional', 'torch.autograd'];

/**
 * runtime/python/package of the repository this file belongs to, whether it runs from build/ or
 * from the sources: the repository root is the directory holding package.json (build/ holds a
 * runtime/python/package too, with only the JSON files the TypeScript build copies).
 */
function findPackageRoot(): string | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'runtime', 'python', 'package');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function operatorNamespace(name: string, submodules: Record<string, SugaredValue> = {}) {
  return new PythonModuleValue(name, (field) => {
    if (field in submodules) return submodules[field];
    const symbol = `aten::${field}`;
    return overloads(symbol).length > 0 ? new BuiltinFunction(symbol, null) : null;
  });
}

const nnNamespace = operatorNamespace('torch._C._nn');
const operatorNamespaces: Record<string, SugaredValue> = {
  'torch._C': operatorNamespace('torch._C', { _nn: nnNamespace }),
  'torch._C._nn': nnNamespace,
  'torch._VF': operatorNamespace('torch._VF'),
};

/**
 * Python functions TorchScript knows as builtins, by where Python defines them (PyTorch's
 * torch.jit._builtins table): their sources are never compiled.
 */
const pythonBuiltins: Record<string, Record<string, string>> = {
  'torch.nn.functional': { assert_int_or_pair: 'aten::_assert_int_or_pair' },
  'torch.nn.modules.utils': {
    _single: 'aten::_single',
    _pair: 'aten::_pair',
    _triple: 'aten::_triple',
    _quadruple: 'aten::_quadruple',
    _list_with_default: 'aten::list_with_default',
  },
};

function isSourceModule(modulePath: string): boolean {
  return sourcePackages.some((p) => modulePath === p || modulePath.startsWith(`${p}.`));
}

export class PackageModules {
  private readonly modules = new Map<string, SugaredValue | null>();
  private readonly hosts = new Map<string, ModuleHost>();
  private readonly missing = new Map<string, readonly string[]>();

  constructor(readonly root: string | null) {}

  /** What `torch.nn`, `torch.nn.functional`, `torch._C._nn` are; null for other paths. */
  module(modulePath: string): SugaredValue | null {
    if (modulePath in operatorNamespaces) return operatorNamespaces[modulePath];
    if (!isSourceModule(modulePath) || this.root === null) return null;
    if (!this.modules.has(modulePath)) this.modules.set(modulePath, this.load(modulePath));
    return this.modules.get(modulePath)!;
  }

  /** `module.name` as TorchScript sees it, or null where the module has no such name. */
  attribute(modulePath: string, name: string, range: SourceRange): SugaredValue | null {
    const builtin = pythonBuiltins[modulePath]?.[name];
    if (builtin !== undefined) return new BuiltinFunction(builtin, null);
    if (this.notSupportedYet(modulePath).includes(name))
      throw CompileError.at(range, `${modulePath}.${name} is not supported yet`);
    return this.host(modulePath)?.attribute(name, range) ?? null;
  }

  /** The names a module lists in `_NOT_SUPPORTED_YET`: PyTorch's names it lacks for now. */
  notSupportedYet(modulePath: string): readonly string[] {
    this.module(modulePath);
    return this.missing.get(modulePath) ?? [];
  }

  /** The static reader of a source module (torch.nn.functional), or null where there is none. */
  host(modulePath: string): ModuleHost | null {
    this.module(modulePath);
    return this.hosts.get(modulePath) ?? null;
  }

  private load(modulePath: string): SugaredValue | null {
    const relative = modulePath.split('.').join('/');
    const file = path.join(this.root!, `${relative}.py`);
    if (fs.existsSync(file)) {
      const text = fs.readFileSync(file, 'utf8');
      const host = new ModuleHost(text, `${relative}.py`, modulePath);
      this.hosts.set(modulePath, host);
      this.missing.set(modulePath, notSupportedNames(parseModule(new Source(text, file))));
      return new PythonModuleValue(modulePath, (field, range) =>
        this.attribute(modulePath, field, range),
      );
    }
    // A package directory: its attributes are its submodules.
    if (fs.existsSync(path.join(this.root!, relative))) {
      return new PythonModuleValue(modulePath, (field) => this.module(`${modulePath}.${field}`));
    }
    return null;
  }
}

/** The strings of a module-level `_NOT_SUPPORTED_YET = ("name", ...)`. */
function notSupportedNames(module: P.Module): string[] {
  for (const s of module.body) {
    if (s.kind !== 'Assign' || s.value.kind !== 'Tuple') continue;
    if (!s.targets.some((t) => t.kind === 'Name' && t.id === '_NOT_SUPPORTED_YET')) continue;
    return s.value.elts.flatMap((e) =>
      e.kind === 'Constant' && typeof e.value === 'string' ? [e.value] : [],
    );
  }
  return [];
}

export const packageModules = new PackageModules(findPackageRoot());

/**
 * What torch exports from its Python modules (torch.unique is torch.functional.unique), as
 * PyTorch's torch/__init__.py imports them: compiled from their source like theirs.
 */
const torchReexports: Record<string, string> = {
  'torch.unique': 'torch.functional',
  'torch.unique_consecutive': 'torch.functional',
  'torch.no_grad': 'torch.autograd.grad_mode',
  'torch.enable_grad': 'torch.autograd.grad_mode',
};

/** The hook `torchModule` takes: what our package defines under torch (submodules, re-exports). */
export function packageSubmodule(path: string, range?: SourceRange): SugaredValue | null {
  const from = torchReexports[path];
  if (from !== undefined && range !== undefined) {
    return packageModules.attribute(from, path.slice(path.lastIndexOf('.') + 1), range);
  }
  return packageModules.module(path);
}

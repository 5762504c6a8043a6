// Scripting nn.Module types from what a host knows of the instances (ModuleSpec): submodule
// calls, ModuleList unrolling with enumerate, ModuleDict access, Final constants, ignored and
// unused methods, type sharing between equal instances. Specs are written by hand here; the
// Python host builds them from real instances.

import assert from 'node:assert/strict';
import type { ConstantValue } from '../../compiler/ir/constants.js';
import {
  CompilationUnit,
  type ModuleAttribute,
  type ModuleSpec,
} from '../../compiler/compilation_unit.js';
import { ModuleHost } from '../../compiler/host/module_host.js';
import { parseModule } from '../../compiler/frontend/parser.js';
import { Source } from '../../compiler/frontend/source.js';
import type * as P from '../../compiler/frontend/tree.js';
import type { ModuleKind } from '../../compiler/frontend/module_value.js';
import { printGraph } from '../../compiler/ir/printer.js';
import { printFunction } from '../../compiler/printer/python_printer.js';
import type { ScriptFunction } from '../../compiler/frontend/function.js';
import { Types } from '../../compiler/types/types.js';
import '../../runtime/ops/index.js';

interface Instance {
  readonly cls: string;
  readonly kind?: ModuleKind;
  readonly attributes?: readonly ModuleAttribute[];
  readonly constants?: ReadonlyMap<string, ConstantValue>;
  readonly submodules?: readonly (readonly [string, Instance])[];
  readonly ignored?: ReadonlyMap<string, 'ignore' | 'unused'>;
}

/** Specs for instances of the classes `source` defines, as the Python host would build them. */
function specs(source: string) {
  const host = new ModuleHost(source, 'case.py', 'case');
  const classes = new Map<string, P.ClassDef>();
  for (const s of parseModule(new Source(source, 'case.py')).body) {
    if (s.kind === 'ClassDef') classes.set(s.name, s);
  }
  const spec = (i: Instance): ModuleSpec => {
    const cls = classes.get(i.cls);
    const methods = new Map(
      (cls?.body ?? [])
        .filter((m): m is P.FunctionDef => m.kind === 'FunctionDef')
        .map((m) => [m.name, { source: host.excerpt(m) }]),
    );
    const ignored = i.ignored ?? new Map();
    return {
      qualifiedName: cls
        ? `__torch__.case.${i.cls}`
        : `__torch__.torch.nn.modules.container.${i.cls}`,
      kind: i.kind ?? 'module',
      attributes: [{ name: 'training', type: Types.bool }, ...(i.attributes ?? [])],
      constants: i.constants ?? new Map(),
      submodules: (i.submodules ?? []).map(([n, s]) => [n, spec(s)] as const),
      ignored: new Map(
        [...ignored].map(([name, kind]) => [
          name,
          { kind, source: methods.get(name)!, call: () => null },
        ]),
      ),
      failedAttributes: new Map(),
      compiledMethods: cls ? ['forward'] : [],
      shareType: true,
      methodSource: (name) => (ignored.has(name) ? null : (methods.get(name) ?? null)),
      resolver: host.resolver,
    };
  };
  return spec;
}

function show(fn: ScriptFunction | null): { graph: string; code: string } {
  assert.ok(fn);
  return {
    graph: printGraph(fn.graph),
    code: printFunction(fn.graph, fn.name, { signature: fn.signature, method: true }),
  };
}

const canonical = (g: string) => {
  const names = new Map<string, string>();
  return g.replace(/%[\w.]+/g, (n) => {
    if (!names.has(n)) names.set(n, `%v${names.size}`);
    return names.get(n)!;
  });
};

describe('module scripting', () => {
  it('unrolls enumerate over a ModuleList, sharing one type between equal submodules', () => {
    const source = `import torch
import torch.nn as nn
from torch import Tensor


class Scale(nn.Module):
    def __init__(self, k: float):
        super().__init__()
        self.k = k

    def forward(self, x: Tensor) -> Tensor:
        return x * self.k

class Stack(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([Scale(2.0), Scale(3.0)])

    def forward(self, x: Tensor) -> Tensor:
        for i, layer in enumerate(self.layers):
            x = layer(x) + i
        return x
`;
    const spec = specs(source);
    const scale: Instance = { cls: 'Scale', attributes: [{ name: 'k', type: Types.float }] };
    const stack = new CompilationUnit().defineModule(
      spec({
        cls: 'Stack',
        submodules: [
          [
            'layers',
            {
              cls: 'ModuleList',
              kind: 'ModuleList',
              submodules: [
                ['0', scale],
                ['1', scale],
              ],
            },
          ],
        ],
      }),
    );
    const layers = stack.submodules.get('layers')!;
    assert.equal(layers.submodules.get('0')!.type, layers.submodules.get('1')!.type);
    const { graph, code } = show(stack.method('forward'));
    assert.equal(
      canonical(graph),
      canonical(`graph(%self : __torch__.case.Stack,
      %x.1 : Tensor):
  %i.1 : int = prim::Constant[value=0]() # case.py:20:8
  %i.5 : int = prim::Constant[value=1]() # case.py:20:8
  %layers : __torch__.torch.nn.modules.container.ModuleList = prim::GetAttr[name="layers"](%self)
  %_0 : __torch__.case.Scale = prim::GetAttr[name="0"](%layers)
  %_1 : __torch__.case.Scale = prim::GetAttr[name="1"](%layers)
  %12 : Tensor = prim::CallMethod[name="forward"](%_0, %x.1) # case.py:21:16
  %x.5 : Tensor = aten::add(%12, %i.1, %i.5) # case.py:21:16
  %18 : Tensor = prim::CallMethod[name="forward"](%_1, %x.5) # case.py:21:16
  %x.9 : Tensor = aten::add(%18, %i.5, %i.5) # case.py:21:16
  return (%x.9)
`),
    );
    assert.equal(
      code,
      `def forward(self,
    x: Tensor) -> Tensor:
  layers = self.layers
  _0 = getattr(layers, "0")
  _1 = getattr(layers, "1")
  x0 = torch.add((_0).forward(x, ), 0)
  return torch.add((_1).forward(x0, ), 1)
`,
    );
  });

  it('reads Final attributes as constants and calls ignored and unused methods as PyTorch does', () => {
    const source = `import torch
import torch.nn as nn
from torch import Tensor


class M(nn.Module):
    @torch.jit.ignore
    def python_only(self, x: Tensor):
        print(x)

    @torch.jit.unused
    def dropped(self, x: Tensor) -> Tensor:
        return x

    def forward(self, x: Tensor) -> Tensor:
        if self.training:
            self.python_only(x)
            return self.dropped(x)
        return x * self.scale
`;
    const m = new CompilationUnit().defineModule(
      specs(source)({
        cls: 'M',
        constants: new Map([['scale', 3n]]),
        ignored: new Map([
          ['python_only', 'ignore'],
          ['dropped', 'unused'],
        ]),
      }),
    );
    const { graph } = show(m.method('forward'));
    assert.match(graph, /\^python_only\[\]\(\)\(%self, %x\.1\) # case\.py:17:12/);
    assert.match(graph, /prim::RaiseException\(%\d+, %\d+\) # case\.py:18:19/);
    assert.match(graph, /prim::Constant\[value=3\]\(\) # case\.py:19:19/);
  });
});

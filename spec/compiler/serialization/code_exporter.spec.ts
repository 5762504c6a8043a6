// The code records of an archive, as PyTorch 1.13 prints them: module classes with their
// parameters, buffers, attributes (non-identifier names through __annotations__), Final
// constants (non-ASCII ones in the constant table) and methods one level in; NamedTuples;
// functions; one file per Python module path; the format version the operators need.

import assert from 'node:assert/strict';
import {
  CompilationUnit,
  type ModuleAttribute,
  type ModuleSpec,
} from '../../../compiler/compilation_unit.js';
import type { ModuleKind } from '../../../compiler/frontend/module_value.js';
import { parseModule } from '../../../compiler/frontend/parser.js';
import { Source } from '../../../compiler/frontend/source.js';
import type * as P from '../../../compiler/frontend/tree.js';
import { ModuleHost } from '../../../compiler/host/module_host.js';
import { ConstantTuple, type ConstantValue } from '../../../compiler/ir/constants.js';
import { exportCode } from '../../../compiler/serialization/code_exporter.js';
import { TupleType, Types } from '../../../compiler/types/types.js';
import '../../../runtime/ops/index.js';

interface Instance {
  readonly cls: string;
  readonly kind?: ModuleKind;
  readonly attributes?: readonly ModuleAttribute[];
  readonly constants?: ReadonlyMap<string, ConstantValue>;
  readonly submodules?: readonly (readonly [string, Instance])[];
}

/** The ModuleInfo of `instance` of a class of `source` (module `net`), as the host builds it. */
function moduleInfo(source: string, instance: Instance) {
  const host = new ModuleHost(source, 'net.py', 'net');
  const classes = new Map<string, P.ClassDef>();
  for (const s of parseModule(new Source(source, 'net.py')).body) {
    if (s.kind === 'ClassDef') classes.set(s.name, s);
  }
  const spec = (i: Instance): ModuleSpec => {
    const cls = classes.get(i.cls);
    const methods = new Map(
      (cls?.body ?? [])
        .filter((m): m is P.FunctionDef => m.kind === 'FunctionDef')
        .map((m) => [m.name, { source: host.excerpt(m) }]),
    );
    return {
      qualifiedName: cls
        ? `__torch__.net.${i.cls}`
        : `__torch__.torch.nn.modules.container.${i.cls}`,
      kind: i.kind ?? 'module',
      attributes: [{ name: 'training', type: Types.bool }, ...(i.attributes ?? [])],
      constants: i.constants ?? new Map(),
      submodules: (i.submodules ?? []).map(([n, s]) => [n, spec(s)] as const),
      ignored: new Map(),
      failedAttributes: new Map(),
      compiledMethods: [...methods.keys()],
      shareType: true,
      methodSource: (name) => methods.get(name) ?? null,
      resolver: host.resolver,
    };
  };
  return new CompilationUnit().defineModule(spec(instance));
}

const source = `import torch
import torch.nn as nn
from torch import Tensor
from typing import NamedTuple, Tuple


class Pair(NamedTuple):
    first: Tensor
    second: float


def halve(x: Tensor, by: float = 2.0) -> Tensor:
    return x / by


class Scale(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return x * self.factor


class Net(nn.Module):
    def forward(self, x: Tensor) -> Pair:
        for layer in self.layers:
            x = layer(x)
        y = torch.relu(halve(x) + self.offset * self.weight) * self.gain + self.bias[0]
        return Pair(y, self.gain)

    def describe(self) -> str:
        return self.label
`;

const net = () =>
  moduleInfo(source, {
    cls: 'Net',
    attributes: [
      { name: 'weight', type: Types.Tensor, isParameter: true },
      { name: 'bias', type: Types.Tensor, isBuffer: true },
      { name: 'offset', type: Types.float },
    ],
    constants: new Map<string, ConstantValue>([
      ['gain', 1.5],
      ['label', 'négatif'],
      ['dims', new ConstantTuple([2n, 3n], new TupleType([Types.int, Types.int]))],
    ]),
    submodules: [
      [
        'layers',
        {
          cls: 'ModuleList',
          kind: 'ModuleList',
          submodules: [
            ['0', { cls: 'Scale', constants: new Map([['factor', 2n]]) }],
            ['1', { cls: 'Scale', constants: new Map([['factor', 2n]]) }],
          ],
        },
      ],
    ],
  });

describe('archive code', () => {
  it('prints a module, its submodules, NamedTuples and functions as PyTorch does', () => {
    const info = net();
    const layers = info.submodules.get('layers')!;
    // The data pickle holds Net, its ModuleList, then the Scales: their classes print first.
    const pickled = [info.type, layers.type, layers.submodules.get('0')!.type];
    const code = exportCode(info, pickled);
    assert.deepEqual(
      [...code.files.keys()],
      ['code/__torch__/net.py', 'code/__torch__/torch/nn/modules/container.py'],
    );
    assert.equal(
      code.files.get('code/__torch__/net.py'),
      `class Net(Module):
  __parameters__ = ["weight", ]
  __buffers__ = ["bias", ]
  training : bool
  weight : Tensor
  bias : Tensor
  offset : float
  layers : __torch__.torch.nn.modules.container.ModuleList
  gain : Final[float] = 1.5
  label : Final[str] = CONSTANTS.c0
  dims : Final[Tuple[int, int]] = (2, 3)
  def forward(self: __torch__.net.Net,
    x: Tensor) -> __torch__.net.Pair:
    layers = self.layers
    _0 = getattr(layers, "0")
    _1 = getattr(layers, "1")
    x0 = (_0).forward(x, )
    x1 = (_1).forward(x0, )
    _2 = __torch__.net.halve(x1, 2., )
    offset = self.offset
    weight = self.weight
    _3 = torch.add(_2, torch.mul(weight, offset))
    _4 = torch.mul(torch.relu(_3), 1.5)
    bias = self.bias
    y = torch.add(_4, torch.select(bias, 0, 0))
    return __torch__.net.Pair(y, 1.5)
  def describe(self: __torch__.net.Net) -> str:
    return CONSTANTS.c1
class Scale(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  factor : Final[int] = 2
  def forward(self: __torch__.net.Scale,
    x: Tensor) -> Tensor:
    return torch.mul(x, 2)
class Pair(NamedTuple):
  first : Tensor
  second : float
def halve(x: Tensor,
    by: float=2.) -> Tensor:
  return torch.div(x, by)
`,
    );
    assert.equal(
      code.files.get('code/__torch__/torch/nn/modules/container.py'),
      `class ModuleList(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  __annotations__["0"] = __torch__.net.Scale
  __annotations__["1"] = __torch__.net.Scale
`,
    );
    // One entry a use, as PyTorch's table shares only tensors.
    assert.deepEqual(code.constants, ['négatif', 'négatif']);
    // torch.div(Tensor, float) is aten::div.Scalar, whose meaning changed in format version 4.
    assert.equal(code.version, 4);
  });

  it('prints the rest in the order printing needed it, without a data pickle', () => {
    const text = exportCode(net()).files.get('code/__torch__/net.py')!;
    const order = [...text.matchAll(/^(?:class|def) (\w+)/gm)].map((m) => m[1]);
    assert.deepEqual(order, ['Net', 'Pair', 'halve', 'Scale']);
  });
});

// Modules built without Python, as the Python host would build them: ModuleSpecs written by hand
// from a source file's classes (see spec/compiler/modules.spec.ts), and instances whose fields
// hold runtime values. They exercise what PyTorch's fixtures do not: a TorchScript class with
// __getstate__/__setstate__, a non-ASCII constant, tensors sharing a storage, int64 and bool
// tensors, a free function with a default, a NamedTuple result, a method that mutates state.

import {
  CompilationUnit,
  type ModuleAttribute,
  type ModuleSpec,
} from '../../../compiler/compilation_unit.js';
import type { ModuleKind } from '../../../compiler/frontend/module_value.js';
import type { ModuleInfo } from '../../../compiler/frontend/module_value.js';
import { parseModule } from '../../../compiler/frontend/parser.js';
import { Source } from '../../../compiler/frontend/source.js';
import type * as P from '../../../compiler/frontend/tree.js';
import { ModuleHost } from '../../../compiler/host/module_host.js';
import type { ConstantValue } from '../../../compiler/ir/constants.js';
import {
  DictType,
  ListType,
  OptionalType,
  TupleType,
  Types,
  type ClassType,
  type Type,
} from '../../../compiler/types/types.js';
import { ScriptObject } from '../../../runtime/interpreter/objects.js';
import type { IValue } from '../../../runtime/ivalue.js';
import type { ScriptModule } from '../../../runtime/serialization/index.js';
import { fromArray } from '../../../runtime/tensor/factory.js';
import { Tensor } from '../../../runtime/tensor/tensor.js';

export const handmadeSource = `import torch
import torch.nn as nn
from torch import Tensor
from typing import Dict, List, NamedTuple, Optional, Tuple


class Result(NamedTuple):
    total: Tensor
    label: str
    count: int


def shift(x: Tensor, by: float = 0.5) -> Tensor:
    return x + by


@torch.jit.script
class Window:
    def __init__(self, size: int, scale: float):
        self.size = size
        self.scale = scale

    def __getstate__(self) -> Tuple[int, float]:
        return (self.size, self.scale * 2.0)

    def __setstate__(self, state: Tuple[int, float]) -> None:
        self.size = state[0]
        self.scale = state[1] / 2.0

    def apply(self, x: Tensor) -> Tensor:
        return x[: self.size] * self.scale


class Leaf(nn.Module):
    def forward(self, x: Tensor) -> Tensor:
        return torch.relu(x * self.weight + self.bias)


class Model(nn.Module):
    def forward(self, x: Tensor) -> Result:
        y = x
        for leaf in self.leaves:
            y = leaf(y)
        y = shift(y) + self.table["w"] * self.scale
        limit = self.limit
        if limit is not None:
            y = torch.clamp(y, max=float(limit))
        y = self.window.apply(y) + self.view.sum()
        total = y + self.counts.float().sum() + self.mask.float()
        return Result(total, self.label + self.greeting, len(self.sizes) + self.pair[0])

    @torch.jit.export
    def rescale(self, k: float) -> float:
        self.scale = self.scale * k
        return self.scale
`;

/** A module instance to build: its class in the source (or a container), slots and values. */
export interface Instance {
  readonly cls: string;
  readonly kind?: ModuleKind;
  readonly attributes?: readonly (readonly [ModuleAttribute, unknown])[];
  readonly constants?: ReadonlyMap<string, ConstantValue>;
  readonly submodules?: readonly (readonly [string, Instance])[];
  /** Methods left in Python: @torch.jit.ignore ('ignore') or @torch.jit.unused. */
  readonly ignored?: ReadonlyMap<string, 'ignore' | 'unused'>;
}

/**
 * Scripts `instance` of a class `source` defines, as the Python host would: a ModuleSpec built by
 * hand, compiled, and an object holding the values. Classes are `__torch__.<moduleName>.<cls>`;
 * `host` is the one that compiled the source's other classes, when values of them are given.
 */
export function buildModule(
  source: string,
  moduleName: string,
  instance: Instance,
  host = new ModuleHost(source, `${moduleName}.py`, moduleName),
): ScriptModule {
  const classes = new Map<string, P.ClassDef>();
  for (const s of parseModule(new Source(source, `${moduleName}.py`)).body) {
    if (s.kind === 'ClassDef') classes.set(s.name, s);
  }
  const specOf = (i: Instance): ModuleSpec => {
    const cls = classes.get(i.cls);
    const methods = new Map(
      (cls?.body ?? [])
        .filter((m): m is P.FunctionDef => m.kind === 'FunctionDef')
        .map((m) => [m.name, { source: host.excerpt(m) }]),
    );
    const ignored = i.ignored ?? new Map();
    return {
      qualifiedName: cls
        ? `__torch__.${moduleName}.${i.cls}`
        : `__torch__.torch.nn.modules.container.${i.cls}`,
      kind: i.kind ?? 'module',
      attributes: [{ name: 'training', type: Types.bool }, ...(i.attributes ?? []).map(([a]) => a)],
      constants: i.constants ?? new Map(),
      submodules: (i.submodules ?? []).map(([n, s]) => [n, specOf(s)] as const),
      ignored: new Map(
        [...ignored].map(([name, kind]) => [
          name,
          { kind, source: methods.get(name)!, call: () => null },
        ]),
      ),
      failedAttributes: new Map(),
      compiledMethods: cls ? [...methods.keys()].filter((m) => !ignored.has(m)) : [],
      shareType: true,
      methodSource: (name) => (ignored.has(name) ? null : (methods.get(name) ?? null)),
      resolver: host.resolver,
    };
  };
  const info = new CompilationUnit().defineModule(specOf(instance));
  return { info, object: instantiate(info, instance) };
}

/** The hand-made module: a fresh instance with the same values each call. */
export function handmadeModule(): ScriptModule {
  const host = new ModuleHost(handmadeSource, 'handmade.py', 'handmade');
  const window = host.resolveType('Window', null as never) as ClassType;
  const windowObject = new ScriptObject(window);
  windowObject.setAttr('size', 3);
  windowObject.setAttr('scale', 1.5);
  const base = fromArray([1, 2, 3, 4, 5, 6], [2, 3], 'float32');
  const leaf = (w: number, b: number): Instance => ({
    cls: 'Leaf',
    attributes: [
      [
        { name: 'weight', type: Types.Tensor, isParameter: true },
        parameter(fromArray([w, w, w], [3], 'float32')),
      ],
      [
        { name: 'bias', type: Types.Tensor, isParameter: true },
        parameter(fromArray([b, 0, -b], [3], 'float32')),
      ],
    ],
  });
  const model: Instance = {
    cls: 'Model',
    attributes: [
      [{ name: 'base', type: Types.Tensor, isBuffer: true }, base],
      [
        { name: 'table', type: new DictType(Types.str, Types.Tensor) },
        new Map([['w', fromArray([0.5, 1, 2], [3], 'float64')]]),
      ],
      [{ name: 'scale', type: Types.float }, 2.5],
      [{ name: 'limit', type: new OptionalType(Types.int) }, 7],
      [{ name: 'window', type: window }, windowObject],
      // A view of `base`: saved as the same storage at an offset.
      [{ name: 'view', type: Types.Tensor }, base.view([3], [1], 3)],
      [{ name: 'counts', type: Types.Tensor }, fromArray([3, -4, 2 ** 40], [3], 'int64')],
      [{ name: 'mask', type: Types.Tensor }, fromArray([1, 0, 1], [3], 'bool')],
      [{ name: 'sizes', type: new ListType(Types.int) }, [1, 2, 3]],
      [{ name: 'pair', type: new TupleType([Types.int, Types.str]) }, Object.freeze([40, 'forty'])],
    ],
    constants: new Map<string, ConstantValue>([
      ['label', 'héllo '],
      ['greeting', 'world'],
    ]),
    submodules: [
      [
        'leaves',
        {
          cls: 'ModuleList',
          kind: 'ModuleList',
          submodules: [
            ['0', leaf(2, 0.25)],
            ['1', leaf(-1, 1)],
          ],
        },
      ],
    ],
  };
  return buildModule(handmadeSource, 'handmade', model, host);
}

function parameter(t: Tensor): Tensor {
  t.requiresGrad = true;
  return t;
}

function instantiate(info: ModuleInfo, i: Instance): ScriptObject {
  const o = new ScriptObject(info.type);
  o.setAttr('training', true);
  for (const [a, v] of i.attributes ?? []) o.setAttr(a.name, v as IValue);
  for (const [name, sub] of i.submodules ?? []) {
    o.setAttr(name, instantiate(info.submodules.get(name)!, sub));
  }
  return o;
}

/** Calls of the hand-made module: method, arguments and the static types to read them. */
export const handmadeCalls: readonly { method: string; args: unknown[]; types: Type[] }[] = [
  { method: 'forward', args: [fromArray([0.5, -1, 3], [3], 'float32')], types: [Types.Tensor] },
  { method: 'rescale', args: [2], types: [Types.float] },
  { method: 'forward', args: [fromArray([2, 2, 2], [3], 'float32')], types: [Types.Tensor] },
];

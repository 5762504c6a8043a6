// The archive's `version` record: 3, PyTorch 1.13's oldest produced format, or higher when the
// code calls an operator whose behaviour changed in a later version. PyTorch 1.13 bumps the
// version for these overloads (its operator version map), so that older readers refuse the file
// and newer ones know the code needs no upgrader.

import type { Graph, Block } from '../ir/ir.js';
import { registrySchema } from '../ir/node_schema.js';

export const minimumProducedVersion = 3;
/** The newest version PyTorch 1.13 reads. */
export const maximumSupportedVersion = 10;

const bumpedAt: ReadonlyMap<string, number> = new Map([
  // Integer division became true division.
  ...[
    'aten::div.Tensor',
    'aten::div.Scalar',
    'aten::div.out',
    'aten::div.Tensor_mode',
    'aten::div.Scalar_mode',
    'aten::div.out_mode',
    'aten::div_.Tensor',
    'aten::div_.Scalar',
    'aten::div_.Tensor_mode',
    'aten::div_.Scalar_mode',
  ].map((name): [string, number] => [name, 4]),
  // full with an integer fill value makes an integer tensor.
  ['aten::full', 5],
  ['aten::full.names', 5],
  ['aten::full.out', 5],
  // linspace and logspace lost their default `steps`.
  ['aten::linspace', 8],
  ['aten::linspace.out', 8],
  ['aten::logspace', 9],
  ['aten::logspace.out', 9],
  // gelu gained `approximate`.
  ['aten::gelu', 10],
  ['aten::gelu.out', 10],
]);

/** The version the code of these graphs needs. */
export function producedVersion(graphs: Iterable<Graph>): number {
  let version = minimumProducedVersion;
  const visit = (b: Block): void => {
    for (const n of b.nodes) {
      const schema = registrySchema(n);
      if (schema !== undefined) {
        const name = schema.overload === '' ? schema.name : `${schema.name}.${schema.overload}`;
        version = Math.max(version, bumpedAt.get(name) ?? minimumProducedVersion);
      }
      n.blocks.forEach(visit);
    }
  };
  for (const g of graphs) visit(g.block);
  return version;
}

/** Operators whose meaning in archives older than their bump needs an upgrader. */
export function operatorsNeedingUpgrade(graphs: Iterable<Graph>, version: number): string[] {
  const found = new Set<string>();
  const visit = (b: Block): void => {
    for (const n of b.nodes) {
      const schema = registrySchema(n);
      const name =
        schema === undefined
          ? n.kind
          : schema.overload === ''
            ? schema.name
            : `${schema.name}.${schema.overload}`;
      if ((bumpedAt.get(name) ?? 0) > version) found.add(name);
      n.blocks.forEach(visit);
    }
  };
  for (const g of graphs) visit(g.block);
  return [...found];
}

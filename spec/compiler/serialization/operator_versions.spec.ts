// The format version an archive's code needs: 3, or the version at which PyTorch 1.13 changed
// the meaning of an operator overload the code calls (its operator version map).

import assert from 'node:assert/strict';
import { ModuleHost } from '../../../compiler/host/module_host.js';
import {
  operatorsNeedingUpgrade,
  producedVersion,
} from '../../../compiler/serialization/operator_versions.js';
import '../../../runtime/ops/index.js';

function graphOf(body: string) {
  const host = new ModuleHost(
    `import torch\nfrom torch import Tensor\n\ndef f(x: Tensor, a: int, b: int) -> Tensor:\n${body}`,
    'v.py',
    'v',
  );
  return host.compileFunction('f').graph;
}

describe('archive format versions', () => {
  const cases: [string, number][] = [
    ['    return x + a\n', 3],
    // int / int is aten::div.int, which never changed.
    ['    return x * (a / b)\n', 3],
    ['    return x / a\n', 4],
    ['    return torch.div(x, x, rounding_mode="floor")\n', 4],
    ['    return torch.full([2], 1.0) + x\n', 5],
    ['    return torch.linspace(0, 1, 5) + x\n', 8],
    ['    return torch.logspace(0, 1, 5) + x\n', 9],
    ['    return torch.gelu(x)\n', 10],
  ];
  for (const [body, version] of cases) {
    it(`is ${version} for ${body.trim()}`, () => {
      assert.equal(producedVersion([graphOf(body)]), version);
    });
  }

  it('names the operators an older archive would need upgraded', () => {
    assert.deepEqual(operatorsNeedingUpgrade([graphOf('    return x / a\n')], 3), [
      'aten::div.Scalar',
    ]);
    assert.deepEqual(operatorsNeedingUpgrade([graphOf('    return x / a\n')], 4), []);
  });
});

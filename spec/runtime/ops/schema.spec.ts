import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseSchema, qualifiedName } from '../../../runtime/ops/schema.js';
import { fixturesDir } from '../../support/paths.js';

const pytorchSchemas = fs
  .readFileSync(path.join(fixturesDir, 'schemas.txt'), 'utf8')
  .split('\n')
  .filter(Boolean);

describe('schema parser', () => {
  it('parses every aten:: and prim:: schema of PyTorch 1.13.1', () => {
    for (const text of pytorchSchemas) assert.equal(parseSchema(text).text, text);
  });

  it('reads names, overloads, keyword-only arguments, defaults and alias annotations', () => {
    const s = parseSchema(
      'aten::add.out(Tensor self, Tensor other, *, Scalar alpha=1, Tensor(a!) out) -> Tensor(a!)',
    );
    assert.equal(s.name, 'aten::add');
    assert.equal(s.overload, 'out');
    assert.equal(qualifiedName(s), 'aten::add.out');
    assert.deepEqual(
      s.args.map((a) => [a.name, a.kwargOnly, a.defaultText]),
      [
        ['self', false, null],
        ['other', false, null],
        ['alpha', true, '1'],
        ['out', true, null],
      ],
    );
    assert.deepEqual(s.args[3].alias, { sets: ['a'], isWrite: true });
    assert.deepEqual(s.returns[0].type, { kind: 'base', name: 'Tensor' });
  });

  it('reads list, optional, tuple, dict and fixed-size types', () => {
    const s = parseSchema(
      'aten::max_pool2d(Tensor self, int[2] kernel_size, int[2] stride=[], int[2] padding=0, int[2] dilation=1, bool ceil_mode=False) -> Tensor',
    );
    assert.deepEqual(s.args[1].type, {
      kind: 'list',
      elem: { kind: 'base', name: 'int' },
      size: 2,
    });
    const d = parseSchema('aten::values.str(Dict(str, t) self) -> t[](*)');
    assert.deepEqual(d.args[0].type, {
      kind: 'dict',
      key: { kind: 'base', name: 'str' },
      value: { kind: 'var', name: 't' },
    });
    const m = parseSchema(
      'aten::max.dim(Tensor self, int dim, bool keepdim=False) -> (Tensor values, Tensor indices)',
    );
    assert.deepEqual(
      m.returns.map((r) => r.name),
      ['values', 'indices'],
    );
    const o = parseSchema(
      'aten::sum.dim_IntList(Tensor self, int[1]? dim, bool keepdim=False, *, ScalarType? dtype=None) -> Tensor',
    );
    assert.equal(o.args[1].type.kind, 'optional');
  });

  it('rejects malformed schemas with the position', () => {
    assert.throws(() => parseSchema('aten::f(Tensor self -> Tensor'), /expected .* at \d+/);
  });
});

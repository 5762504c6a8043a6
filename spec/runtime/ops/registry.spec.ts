import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import '../../../runtime/ops/index.js';
import { allOperators, lookup, overloads } from '../../../runtime/ops/registry.js';
import { unsupportedSchemas } from '../../../runtime/ops/unsupported.js';
import { fixturesDir } from '../../support/paths.js';

const pytorchSchemas = fs
  .readFileSync(path.join(fixturesDir, 'schemas.txt'), 'utf8')
  .split('\n')
  .filter(Boolean);

describe('operator registry', () => {
  it('declares every schema exactly as PyTorch 1.13.1 prints it', () => {
    const known = new Set(pytorchSchemas);
    const unknown = allOperators()
      .map((op) => op.schema.text)
      .filter((text) => !known.has(text));
    assert.deepEqual(unknown, []);
  });

  it('declares every PyTorch overload of the names it has, implemented or not', () => {
    const declared = new Set(allOperators().map((op) => op.schema.text));
    const names = new Set(allOperators().map((op) => op.schema.name));
    const undeclared = pytorchSchemas.filter(
      (text) => names.has(text.slice(0, text.indexOf('(')).split('.')[0]) && !declared.has(text),
    );
    assert.deepEqual(undeclared, [], 'add them to runtime/ops/unsupported_schemas.json');
  });

  it('says an overload it lacks is not supported yet, naming its schema', () => {
    const gcd = lookup('aten::gcd')!;
    assert.ok(unsupportedSchemas.has(gcd.schema.text));
    assert.throws(
      () => gcd.impl(),
      /the operator aten::gcd\(Tensor self, Tensor other\) -> Tensor is not supported yet/,
    );
  });

  it("keeps each name's overloads in PyTorch's order", () => {
    const rank = new Map(pytorchSchemas.map((text, i) => [text, i]));
    const names = new Set(allOperators().map((op) => op.schema.name));
    for (const name of names) {
      const ranks = overloads(name).map((op) => rank.get(op.schema.text)!);
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => a - b),
        `overloads of ${name} out of order`,
      );
    }
  });

  it('has PyTorch fixtures for every operator', () => {
    const dir = path.join(fixturesDir, 'ops');
    const covered = new Set<string>();
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
      for (const m of fs
        .readFileSync(path.join(dir, file), 'utf8')
        .matchAll(/^\{"op": "([^"]+)"/gm)) {
        covered.add(m[1]);
      }
    }
    const missing = allOperators()
      .filter((op) => !unsupportedSchemas.has(op.schema.text))
      .map((op) =>
        op.schema.overload ? `${op.schema.name}.${op.schema.overload}` : op.schema.name,
      )
      .filter((name) => !covered.has(name));
    assert.deepEqual(missing, []);
  });
});

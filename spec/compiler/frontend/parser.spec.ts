// Our parser against Python's own, on every source of the conformance corpus.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parseModule } from '../../../compiler/frontend/parser.js';
import { Source } from '../../../compiler/frontend/source.js';
import { fixturesDir } from '../../support/paths.js';
import { dumpModule } from './dump.js';

interface AstCase {
  name: string;
  source: string;
  dump: string;
}

describe('parser', () => {
  const cases = fs
    .readFileSync(path.join(fixturesDir, 'ast.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AstCase);

  it('builds the same tree as Python for every corpus source', () => {
    const failures: string[] = [];
    for (const c of cases) {
      let ours: string;
      try {
        ours = dumpModule(parseModule(new Source(c.source, 'case.py')).body);
      } catch (e) {
        ours = `error: ${(e as Error).message}`;
      }
      if (ours !== c.dump) failures.push(`${c.name}\n  ours:   ${ours}\n  python: ${c.dump}`);
    }
    assert.equal(failures.length, 0, failures.slice(0, 5).join('\n'));
  });

  it('keeps source ranges of calls, attributes and operators', () => {
    const src = new Source('def f(x):\n    return torch.matmul(x, x) + 1\n', 'case.py', 3);
    const def = parseModule(src).body[0];
    assert.equal(def.kind, 'FunctionDef');
    const ret = def.kind === 'FunctionDef' ? def.body[0] : undefined;
    assert.equal(ret?.kind, 'Return');
    if (ret?.kind !== 'Return' || ret.value?.kind !== 'BinOp') return;
    assert.equal(ret.value.range.text, 'torch.matmul(x, x) + 1');
    assert.equal(ret.value.left.range.text, 'torch.matmul(x, x)');
    assert.equal(ret.value.left.range.toString(), 'case.py:5:11');
  });
});

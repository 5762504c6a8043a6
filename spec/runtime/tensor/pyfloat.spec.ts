// Python's float formatting against what Python printed (spec/fixtures/print.jsonl, "float"
// records, made by spec/fixtures/make_print_fixtures.py), plus a few cases worth reading.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { TorchError } from '../../../runtime/errors.js';
import {
  formatExponential,
  formatFixed,
  formatFloat,
  pythonFloatRepr,
} from '../../../runtime/tensor/pyfloat.js';
import { parseJson } from '../../support/json.js';
import { fixturesDir } from '../../support/paths.js';
import { decode } from '../../support/values.js';

interface FloatRecord {
  kind: 'float';
  value: unknown;
  spec: string | null;
  text?: string;
  error?: { type: string; message: string };
}

function floatRecords(): FloatRecord[] {
  const text = fs.readFileSync(path.join(fixturesDir, 'print.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.includes('"kind": "float"'))
    .map((line) => parseJson(line) as FloatRecord);
}

describe('pyfloat', () => {
  describe('against Python (print.jsonl)', () => {
    const records = floatRecords();
    it(`has the recorded cases (${records.length})`, () => assert.ok(records.length > 1000));
    // One test per spec keeps the report short; the message names the failing value.
    const bySpec = new Map<string | null, FloatRecord[]>();
    for (const r of records) bySpec.set(r.spec, [...(bySpec.get(r.spec) ?? []), r]);
    for (const [spec, cases] of bySpec) {
      it(spec === null ? 'repr' : `format spec '${spec}' (${cases.length} values)`, () => {
        for (const r of cases) checkRecord(r);
      });
    }
  });

  describe('worked examples', () => {
    it('rounds exact ties half to even', () => {
      assert.equal(formatFloat(0.03125, '.4f'), '0.0312');
      assert.equal(formatFloat(0.125, '.2f'), '0.12');
      assert.equal(formatFloat(0.375, '.2f'), '0.38');
      assert.equal(formatFloat(2.5, '.0f'), '2');
      assert.equal(formatFloat(-2.5, '.0f'), '-2');
      assert.equal(formatFloat(9.5, '.0e'), '1e+01');
      assert.equal(formatFloat(125, '.1e'), '1.2e+02');
    });

    it('rounds the exact binary value where it is not a tie', () => {
      assert.equal(formatFloat(2.675, '.2f'), '2.67');
      assert.equal(formatFloat(1.005, '.2f'), '1.00');
    });

    it('prints repr as Python does', () => {
      assert.equal(pythonFloatRepr(1), '1.0');
      assert.equal(pythonFloatRepr(1e-5), '1e-05');
      assert.equal(pythonFloatRepr(1e16), '1e+16');
      assert.equal(pythonFloatRepr(1e15), '1000000000000000.0');
      assert.equal(pythonFloatRepr(0.0001), '0.0001');
      assert.equal(pythonFloatRepr(-0), '-0.0');
      assert.equal(pythonFloatRepr(NaN), 'nan');
      assert.equal(pythonFloatRepr(-Infinity), '-inf');
      assert.equal(pythonFloatRepr(0.1 + 0.2), '0.30000000000000004');
    });

    it('formats fixed and exponential text directly', () => {
      assert.equal(formatFixed(1e22, 1), '10000000000000000000000.0');
      assert.equal(formatFixed(-0, 4), '-0.0000');
      assert.equal(formatExponential(123456, 4), '1.2346e+05');
      assert.equal(formatExponential(5e-324, 2), '4.94e-324');
      assert.equal(formatExponential(-Infinity, 4), '-inf');
    });

    it('raises ValueError with Python words for a bad spec', () => {
      assert.throws(() => formatFloat(1, 'd'), {
        name: 'ValueError',
        message: "Unknown format code 'd' for object of type 'float'",
      });
      assert.throws(() => formatFloat(1, '.f'), { message: 'Format specifier missing precision' });
    });
  });
});

function checkRecord(r: FloatRecord): void {
  const x = decode(r.value) as number;
  const where = `${pythonFloatRepr(x)} with ${r.spec === null ? 'repr' : `'${r.spec}'`}`;
  let actual: string;
  try {
    actual = r.spec === null ? pythonFloatRepr(x) : formatFloat(x, r.spec);
  } catch (e) {
    if (r.error === undefined || !(e instanceof TorchError)) throw e;
    assert.equal(`${e.pythonType}: ${e.message}`, `${r.error.type}: ${r.error.message}`, where);
    return;
  }
  assert.equal(r.error, undefined, `${where}: expected ${r.error?.type}: ${r.error?.message}`);
  assert.equal(actual, r.text, where);
}

// Tensor printing against what PyTorch printed (spec/fixtures/print.jsonl, "tensor" records,
// made by spec/fixtures/make_print_fixtures.py), with print options and default dtype as
// recorded, and the cases PyTorch cannot record here (GPU devices, grad_fn objects).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { TorchError } from '../../../runtime/errors.js';
import { Device } from '../../../runtime/tensor/device.js';
import { setDefaultDType } from '../../../runtime/tensor/dtype.js';
import { fromArray } from '../../../runtime/tensor/factory.js';
import { formatTensor } from '../../../runtime/tensor/format.js';
import {
  getPrintOptions,
  setPrintOptions,
  type PrintOptionsUpdate,
} from '../../../runtime/tensor/printoptions.js';
import { parseJson } from '../../support/json.js';
import { fixturesDir } from '../../support/paths.js';
import { decodeTensor } from '../../support/values.js';

interface TensorRecord {
  kind: 'tensor';
  tensor: { $tensor: Parameters<typeof decodeTensor>[0] };
  repr?: string;
  options?: { [name: string]: unknown };
  default_dtype?: 'float64';
  requires_grad?: boolean;
  grad_fn?: string;
  error?: { type: string; message: string };
}

function tensorRecords(): TensorRecord[] {
  const text = fs.readFileSync(path.join(fixturesDir, 'print.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.includes('"kind": "tensor"'))
    .map((line) => parseJson(line) as TensorRecord);
}

/** set_printoptions keyword arguments as the fixture recorded them. */
function optionsUpdate(options: { [name: string]: unknown }): PrintOptionsUpdate {
  const number = (v: unknown) => (v === undefined ? undefined : Number(v));
  return {
    precision: number(options.precision),
    threshold: number(options.threshold),
    edgeitems: number(options.edgeitems),
    linewidth: number(options.linewidth),
    profile: options.profile as string | undefined,
    sciMode: options.sci_mode as boolean | undefined,
  };
}

function describeRecord(r: TensorRecord): string {
  const t = r.tensor.$tensor;
  const extras = [
    r.options === undefined
      ? ''
      : JSON.stringify(r.options, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)),
    r.default_dtype === undefined ? '' : `default ${r.default_dtype}`,
    r.grad_fn ?? (r.requires_grad ? 'requires_grad' : ''),
  ].filter(Boolean);
  return `${t.dtype}[${t.shape.join(', ')}]${extras.length ? ` ${extras.join(' ')}` : ''}`;
}

function runRecord(r: TensorRecord): void {
  const t = decodeTensor(r.tensor.$tensor);
  if (r.requires_grad) t.requiresGrad = true;
  if (r.grad_fn !== undefined) {
    t.requiresGrad = true;
    t.gradFn = { name: r.grad_fn };
  }
  try {
    if (r.options !== undefined) setPrintOptions(optionsUpdate(r.options));
    if (r.default_dtype !== undefined) setDefaultDType(r.default_dtype);
    let actual: string;
    try {
      actual = formatTensor(t);
    } catch (e) {
      if (r.error === undefined || !(e instanceof TorchError)) throw e;
      assert.equal(`${e.pythonType}: ${e.message}`, `${r.error.type}: ${r.error.message}`);
      return;
    }
    assert.equal(r.error, undefined, `expected ${r.error?.type}: ${r.error?.message}`);
    assert.equal(actual, r.repr);
  } finally {
    setPrintOptions({ profile: 'default' });
    setDefaultDType('float32');
  }
}

describe('formatTensor', () => {
  describe('against PyTorch (print.jsonl)', () => {
    const records = tensorRecords();
    it(`has the recorded cases (${records.length})`, () => assert.ok(records.length > 500));
    records.forEach((r, i) => it(`${i + 1}: ${describeRecord(r)}`, () => runRecord(r)));
  });

  describe('what the fixtures cannot record', () => {
    afterEach(() => setPrintOptions({ profile: 'default' }));

    it('names a GPU device', () => {
      const gpu = fromArray([1, 2], [2], 'float32', new Device('cuda', 0));
      assert.equal(formatTensor(gpu), "tensor([1., 2.], device='cuda:0')");
      const plain = fromArray([1, 2], [2], 'float32', new Device('cuda'));
      plain.requiresGrad = true;
      assert.equal(formatTensor(plain), "tensor([1., 2.], device='cuda:0', requires_grad=True)");
    });

    it('reads the name of a grad_fn object', () => {
      const t = fromArray([1.5], [1], 'float64');
      t.gradFn = { name: 'AddBackward0' };
      assert.equal(
        formatTensor(t),
        'tensor([1.5000], dtype=torch.float64, grad_fn=<AddBackward0>)',
      );
    });
  });

  describe('set_printoptions', () => {
    afterEach(() => setPrintOptions({ profile: 'default' }));

    it('starts from the default profile', () => {
      assert.deepEqual(getPrintOptions(), {
        precision: 4,
        threshold: 1000,
        edgeitems: 3,
        linewidth: 80,
        sciMode: null,
      });
    });

    it('applies a profile, then the options given, and resets sci_mode when not passed', () => {
      setPrintOptions({ sciMode: true });
      setPrintOptions({ profile: 'short', linewidth: 100 });
      assert.deepEqual(getPrintOptions(), {
        precision: 2,
        threshold: 1000,
        edgeitems: 2,
        linewidth: 100,
        sciMode: null,
      });
      setPrintOptions({ profile: 'full' });
      assert.equal(getPrintOptions().threshold, Infinity);
    });
  });
});

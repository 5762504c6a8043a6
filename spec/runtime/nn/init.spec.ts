// torch.nn.init and layers' default initialisation against PyTorch, bit for bit
// (spec/fixtures/init.jsonl, made by spec/fixtures/make_init_fixtures.py).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { TorchError } from '../../../runtime/errors.js';
import * as init from '../../../runtime/nn/init.js';
import { defaultGenerator } from '../../../runtime/random/generator.js';
import type { DType } from '../../../runtime/tensor/dtype.js';
import type { Scalar } from '../../../runtime/tensor/scalar.js';
import { Tensor } from '../../../runtime/tensor/tensor.js';
import { parseJson } from '../../support/json.js';
import { fixturesDir } from '../../support/paths.js';
import { decode, difference } from '../../support/values.js';

interface EncodedTensor {
  $tensor: { dtype: DType; shape: bigint[] };
}

type InitRecord = {
  init?: string;
  call?: string;
  layer?: string;
  note?: string;
  seed?: bigint;
  shape?: bigint[];
  dtype?: unknown;
  args: unknown[];
  kwargs?: Record<string, unknown>;
  expected?: unknown;
  error?: { type: string; message: string };
  tolerance?: { rtol: number; atol: number };
  parameters?: [string, EncodedTensor][];
};

const exact = { rtol: 0, atol: 0 };
const records = fs
  .readFileSync(path.join(fixturesDir, 'init.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => parseJson(line) as InitRecord);

const num = (v: unknown, fallback: number) => (v === undefined ? fallback : Number(v));

/** Each nn.init function with its Python parameters (after the tensor), by name. */
const inits: Record<string, (t: Tensor, p: (name: string, i: number) => unknown) => Tensor> = {
  uniform_: (t, p) => init.uniform_(t, num(p('a', 0), 0), num(p('b', 1), 1)),
  normal_: (t, p) => init.normal_(t, num(p('mean', 0), 0), num(p('std', 1), 1)),
  xavier_uniform_: (t, p) => init.xavierUniform_(t, num(p('gain', 0), 1)),
  xavier_normal_: (t, p) => init.xavierNormal_(t, num(p('gain', 0), 1)),
  kaiming_uniform_: (t, p) =>
    init.kaimingUniform_(
      t,
      (p('a', 0) ?? 0n) as Scalar,
      (p('mode', 1) ?? 'fan_in') as string,
      (p('nonlinearity', 2) ?? 'leaky_relu') as string,
    ),
  kaiming_normal_: (t, p) =>
    init.kaimingNormal_(
      t,
      (p('a', 0) ?? 0n) as Scalar,
      (p('mode', 1) ?? 'fan_in') as string,
      (p('nonlinearity', 2) ?? 'leaky_relu') as string,
    ),
  trunc_normal_: (t, p) =>
    init.truncNormal_(
      t,
      num(p('mean', 0), 0),
      num(p('std', 1), 1),
      num(p('a', 2), -2),
      num(p('b', 3), 2),
    ),
  orthogonal_: (t, p) => init.orthogonal_(t, num(p('gain', 0), 1)),
  constant_: (t, p) => init.constant_(t, Number(p('val', 0))),
  ones_: (t) => init.ones_(t),
  zeros_: (t) => init.zeros_(t),
  eye_: (t) => init.eye_(t),
  dirac_: (t, p) => init.dirac_(t, num(p('groups', 0), 1)),
};

function expectError(run: () => unknown, error: { type: string; message: string }): void {
  assert.throws(
    run,
    (e: unknown) =>
      e instanceof TorchError && e.pythonType === error.type && e.message === error.message,
  );
}

function emptyLike(encoded: EncodedTensor): Tensor {
  return Tensor.empty(encoded.$tensor.shape.map(Number), encoded.$tensor.dtype);
}

/** Builds a layer's parameters and runs the reset that layer kind performs. */
function resetLayer(rec: InitRecord, params: Map<string, Tensor>): void {
  const kind = rec.layer!;
  const get = (name: string) => params.get(name) ?? null;
  const kwargs = decode(rec.kwargs ?? {}) as Record<string, unknown>;
  if (kind === 'Linear') init.resetLinear(get('weight')!, get('bias'));
  else if (kind.startsWith('Conv')) init.resetConv(get('weight')!, get('bias'));
  else if (kind === 'Bilinear') init.resetBilinear(get('weight')!, get('bias'));
  else if (kind === 'Embedding') {
    const padding = kwargs.padding_idx;
    init.resetEmbedding(get('weight')!, padding === undefined ? null : Number(padding));
  } else if (/^(RNN|LSTM|GRU)(Cell)?$/.test(kind)) {
    const hidden = Number((decode(rec.args) as unknown[])[1]);
    const weights = [...params].filter(
      ([name]) => name.startsWith('weight') || name.startsWith('bias'),
    );
    init.resetRecurrent(
      hidden,
      weights.map(([, t]) => t),
    );
  } else if (kind.startsWith('BatchNorm')) {
    init.resetRunningStats(get('running_mean'), get('running_var'), get('num_batches_tracked'));
    init.resetAffine(get('weight'), get('bias'));
  } else if (kind === 'LayerNorm' || kind === 'GroupNorm') {
    init.resetAffine(get('weight'), get('bias'));
  } else if (kind === 'MultiheadAttention') {
    init.resetMultiheadAttention({
      inProjWeight: get('in_proj_weight'),
      qProjWeight: get('q_proj_weight'),
      kProjWeight: get('k_proj_weight'),
      vProjWeight: get('v_proj_weight'),
      inProjBias: get('in_proj_bias'),
      outProjWeight: get('out_proj.weight')!,
      outProjBias: get('out_proj.bias'),
      biasK: get('bias_k'),
      biasV: get('bias_v'),
    });
  } else {
    throw new Error(`no reset for ${kind}`);
  }
}

describe('nn.init', () => {
  describe('initialisers', () => {
    records
      .filter((r) => r.init !== undefined)
      .forEach((rec, i) => {
        const label = `${i + 1}: ${rec.init}([${rec.shape!.join(', ')}]${rec.args.length ? ', ' : ''}${(decode(rec.args) as unknown[]).join(', ')})${rec.note ? ` (${rec.note})` : ''}`;
        it(label, () => {
          const t = Tensor.empty(rec.shape!.map(Number), decode(rec.dtype) as DType);
          const args = decode(rec.args) as unknown[];
          const kwargs = decode(rec.kwargs ?? {}) as Record<string, unknown>;
          const param = (name: string, index: number) =>
            name in kwargs ? kwargs[name] : args[index];
          defaultGenerator.manualSeed(rec.seed!);
          const run = () => inits[rec.init!](t, param);
          if (rec.error !== undefined) return expectError(run, rec.error);
          run();
          assert.equal(difference(t, rec.expected, rec.tolerance ?? exact), null);
        });
      });
  });

  describe('gains and fans', () => {
    for (const rec of records.filter((r) => r.call !== undefined)) {
      const args = decode(rec.args) as unknown[];
      it(`${rec.call}(${args.map((a) => (a instanceof Tensor ? `[${a.shape}]` : String(a))).join(', ')})`, () => {
        const run =
          rec.call === 'calculate_gain'
            ? () => init.calculateGain(args[0] as string, args[1] as Scalar | null)
            : () => init.calculateFanInAndFanOut(args[0] as Tensor).map((n) => BigInt(n));
        if (rec.error !== undefined) return expectError(run, rec.error);
        assert.equal(difference(run(), rec.expected, exact), null);
      });
    }
  });

  describe('layers as reset_parameters() leaves them', () => {
    for (const rec of records.filter((r) => r.layer !== undefined)) {
      const args = (decode(rec.args) as unknown[]).map(String).join(', ');
      const kwargs = Object.entries(decode(rec.kwargs ?? {}) as Record<string, unknown>)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ');
      it(`torch.manual_seed(${rec.seed}); nn.${rec.layer}(${[args, kwargs].filter(Boolean).join(', ')})`, () => {
        const params = new Map(rec.parameters!.map(([name, enc]) => [name, emptyLike(enc)]));
        defaultGenerator.manualSeed(rec.seed!);
        resetLayer(rec, params);
        for (const [name, enc] of rec.parameters!) {
          assert.equal(difference(params.get(name), enc, exact, name), null);
        }
      });
    }
  });
});

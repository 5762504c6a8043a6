// torch.Generator: states byte for byte in PyTorch's layout, and generator= arguments, against
// spec/fixtures/random.jsonl.

import assert from 'node:assert/strict';
import '../../../runtime/ops/index.js';
import { call } from '../../../runtime/ops/dispatch.js';
import { TorchError } from '../../../runtime/errors.js';
import { defaultGenerator, Generator, stateBytes } from '../../../runtime/random/generator.js';
import { MT19937 } from '../../../runtime/random/mt19937.js';
import { Tensor } from '../../../runtime/tensor/tensor.js';
import { decode, difference } from '../../support/values.js';
import { bytesOf, randomRecords } from './fixtures.js';

const exact = { rtol: 0, atol: 0 };
// Double normals rest on glibc's sin/cos/log, which a few times in a thousand miss the correctly
// rounded result we compute: one ulp either way.
const oneUlp = { rtol: 2.3e-16, atol: 0 };

/** The steps make_random_fixtures.py runs on a generator, through our operators. */
function runSteps(g: Generator, steps: [string, bigint][]): void {
  const opts = { generator: g };
  for (const [kind, size] of steps) {
    const n = [Number(size)];
    if (kind === 'rand') call('rand', [n], opts);
    else if (kind === 'rand_double') call('rand', [n], { ...opts, dtype: 'float64' });
    else if (kind === 'randn') call('randn', [n], opts);
    else if (kind === 'randn_double') call('randn', [n], { ...opts, dtype: 'float64' });
    else if (kind === 'randperm') call('randperm', [Number(size)], opts);
    else throw new Error(`unknown step ${kind}`);
  }
}

describe('random: Generator', () => {
  describe('get_state in PyTorch byte layout', () => {
    for (const rec of randomRecords('state')) {
      const seed = rec.seed as bigint;
      const steps = rec.steps as [string, bigint][];
      const label = steps.map(([k, n]) => `${k}(${n})`).join(', ') || 'nothing drawn';
      it(`seed ${seed}, after ${label}`, () => {
        const g = new Generator(seed);
        runSteps(g, steps);
        const expected = bytesOf(rec.state as string);
        assert.equal(Buffer.compare(Buffer.from(g.getState()), Buffer.from(expected)), 0);
        assert.equal(g.initial, rec.initial_seed);
        const after = call('randn', [[5]], { generator: g, dtype: 'float64' });
        assert.equal(difference(after, rec.then_randn_double, oneUlp), null);
      });
      it(`seed ${seed}, after ${label}: set_state restores PyTorch's state`, () => {
        const g = new Generator(99n);
        g.setState(bytesOf(rec.state as string));
        const after = call('randn', [[5]], { generator: g, dtype: 'float64' });
        assert.equal(difference(after, rec.then_randn_double, oneUlp), null);
      });
    }
  });

  describe('generator= arguments', () => {
    for (const rec of randomRecords('generator')) {
      it(`${rec.op}`, () => {
        defaultGenerator.manualSeed(rec.default_seed as bigint);
        const g = new Generator(rec.generator_seed as bigint);
        const name = (rec.op as string).replace('aten::', '').split('.')[0];
        const args = decode(rec.args) as unknown[];
        const kwargs = decode(rec.kwargs) as Record<string, unknown>;
        const result = call(name, args, { ...kwargs, generator: g });
        assert.equal(difference(result, rec.expected, exact), null);
        // The default generator was not touched; the given one moved on.
        assert.equal(difference(call('rand', [[3]]), rec.default_then_rand, exact), null);
        assert.equal(
          difference(call('rand', [[3]], { generator: g }), rec.generator_then_rand, exact),
          null,
        );
      });
    }
  });

  describe('state handling', () => {
    it('refuses states of the wrong size, in PyTorch words', () => {
      assert.throws(
        () => new Generator().setState(new Uint8Array(10)),
        (e: unknown) =>
          e instanceof TorchError &&
          e.message ===
            'Expected either a CPUGeneratorImplStateLegacy of size 5048 or a CPUGeneratorImplState of size 5056 but found the input RNG state size to be 10',
      );
    });

    it('refuses an invalid engine state', () => {
      assert.throws(
        () => new Generator().setState(new Uint8Array(stateBytes)),
        (e: unknown) => e instanceof TorchError && e.message === 'Invalid mt19937 state',
      );
    });

    it('round-trips its own state, the cached normal included', () => {
      const g = new Generator(5n);
      call('randn', [[1]], { generator: g, dtype: 'float64' });
      const state = g.getState();
      const first = call('randn', [[3]], { generator: g, dtype: 'float64' }) as Tensor;
      g.setState(state);
      const again = call('randn', [[3]], { generator: g, dtype: 'float64' }) as Tensor;
      assert.deepEqual(again.toArray(), first.toArray());
    });

    it('accepts the legacy 5048-byte layout', () => {
      const g = new Generator(11n);
      call('rand', [[7]], { generator: g });
      const legacy = g.getState().slice(0, 5048);
      const h = new Generator(0n);
      h.setState(legacy);
      assert.deepEqual(
        (call('rand', [[4]], { generator: h }) as Tensor).toArray(),
        (call('rand', [[4]], { generator: g }) as Tensor).toArray(),
      );
    });

    it('seed() reseeds from a fresh value and reports it', () => {
      const g = new Generator(1n);
      const s = g.seed();
      assert.equal(g.initial, s);
      assert.equal(new Generator(s).random(), new Generator(s).random());
      assert.ok(MT19937.isValid(new MT19937(3).snapshot()));
    });

    it('refuses something that is not a generator', () => {
      assert.throws(() => call('rand', [[2]], { generator: 5 }), TorchError);
    });
  });
});

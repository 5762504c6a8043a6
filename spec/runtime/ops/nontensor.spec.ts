// What the PyTorch fixtures of the non-tensor operators (scalar, math, string, list, dict) cannot
// show: lists and dicts mutated through their aliases, the places where PyTorch hangs or dies
// and we answer as Python does, and hashes that need all 64 bits.

import assert from 'node:assert/strict';
import '../../../runtime/ops/index.js';
import { TorchError } from '../../../runtime/errors.js';
import { bind, call } from '../../../runtime/ops/dispatch.js';
import { lookup, type ArgTypes } from '../../../runtime/ops/registry.js';
import { wrapScalar } from '../../../runtime/tensor/factory.js';

function run(qualified: string, ...args: unknown[]): unknown {
  const op = lookup(qualified);
  assert.ok(op, `${qualified} is not registered`);
  const bound = bind(op, args, {});
  assert.ok(bound, `${qualified} does not accept the arguments`);
  return op.impl(...bound);
}

function runTyped(qualified: string, types: ArgTypes, ...args: unknown[]): unknown {
  const op = lookup(qualified)!;
  return op.impl(types, ...bind(op, args, {})!);
}

function raises(f: () => unknown, message: string): void {
  assert.throws(f, (e: unknown) => e instanceof TorchError && e.message === message);
}

describe('non-tensor operators', () => {
  describe('lists are shared by reference', () => {
    it('append, insert and item assignment change the list every alias sees', () => {
      const list = [1, 2];
      const alias = list;
      assert.equal(call('aten::append', [list, 3]), list);
      run('aten::insert.t', list, 0, 0);
      run('aten::_set_item.t', list, -1, 9);
      assert.deepEqual(alias, [0, 1, 2, 9]);
    });

    it('`+=` extends in place and `+` makes a new list', () => {
      const a = [1];
      assert.equal(run('aten::add_.t', a, [2]), a);
      const b = run('aten::add.t', a, [3]) as number[];
      assert.notEqual(b, a);
      assert.deepEqual(
        [a, b],
        [
          [1, 2],
          [1, 2, 3],
        ],
      );
    });

    it('sorts float lists with NaN in place', () => {
      const list = [3, NaN, 1, 2];
      run('aten::sort.float', list, false);
      assert.deepEqual(list, [1, 3, NaN, 2]);
    });

    it('extending a list by itself doubles it (PyTorch would loop forever)', () => {
      const list = [1, 2];
      run('aten::extend.t', list, list);
      assert.deepEqual(list, [1, 2, 1, 2]);
    });

    it('sorts long lists with NaN to a permutation of their elements', () => {
      const list = Array.from({ length: 40 }, (_, i) => (i % 7 === 0 ? NaN : (i * 37) % 41));
      const before = list.map(String).sort();
      run('aten::sort.float', list, true);
      assert.deepEqual(list.map(String).sort(), before);
    });
  });

  describe('dicts are shared by reference', () => {
    it('item assignment, setdefault and update change the dict in place', () => {
      const d = new Map<string, number>([['a', 1]]);
      run('aten::_set_item.str', d, 'b', 2);
      run('aten::setdefault.str', d, 'c', 3);
      run('aten::update.str', d, new Map([['a', 0]]));
      assert.deepEqual(
        [...d],
        [
          ['a', 0],
          ['b', 2],
          ['c', 3],
        ],
      );
    });
  });

  describe('where PyTorch hangs or crashes', () => {
    it('counts and replaces an empty substring as Python does', () => {
      assert.equal(run('aten::count', 'abc', ''), 4);
      assert.equal(run('aten::count', 'abc', '', 1), 3);
      assert.equal(run('aten::replace', 'abc', '', '-'), '-a-b-c-');
      assert.equal(run('aten::replace', 'abc', '', '-', 2), '-a-bc');
    });

    it('centers in a negative width by returning the string', () => {
      assert.equal(run('aten::center', 'ab', -2), 'ab');
    });

    it('raises for int % 0 where PyTorch dies of SIGFPE', () => {
      const message = 'ZeroDivisionError: integer division or modulo by zero';
      raises(() => run('aten::remainder.int', 1, 0), message);
      raises(() => run('aten::remainder', 1n, 0n), message);
      raises(() => run('aten::__round_to_zero_floordiv.int', 1, 0), message);
    });
  });

  describe('hash', () => {
    const hash = (type: string, value: unknown) =>
      runTyped('aten::hash.generic', { inputs: [type], output: 'int' }, value);

    // PyTorch's values (std::hash: MurmurHash64A), which a JS number holds to 53 bits.
    it('hashes strings and floats as libstdc++ does', () => {
      assert.equal(hash('str', 'abc'), Number(3663726644998027833n));
      assert.equal(hash('str', ''), Number(6142509188972423790n));
      assert.equal(hash('float', 1.5), Number(4982507072649106663n));
    });

    it('hashes a tensor by its identity', () => {
      const [a, b] = [wrapScalar(1), wrapScalar(1)];
      assert.equal(hash('Tensor', a), hash('Tensor', a));
      assert.notEqual(hash('Tensor', a), hash('Tensor', b));
    });
  });

  describe('format takes its values after the format string', () => {
    it('binds values past the `...` of the schema', () => {
      const types = { inputs: ['str', 'int', 'List[float]'], output: 'str' };
      assert.equal(runTyped('aten::format', types, '{} {}', 1, [2]), '1 [2.]');
    });
  });
});

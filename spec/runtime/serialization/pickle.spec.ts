// Pickles: the writer's opcodes (as PyTorch's pickler chooses them), the reader on them and on
// other writers' opcodes, and the reader refusing malformed input.

import assert from 'node:assert/strict';
import { Op, PickleTuple } from '../../../runtime/serialization/pickle/opcodes.js';
import {
  unpickle,
  type UnpickleHooks,
} from '../../../runtime/serialization/pickle/pickle_reader.js';
import { PickleWriter } from '../../../runtime/serialization/pickle/pickle_writer.js';

/** Hooks that record what the reader asks for: globals are names, calls are [name, args]. */
const recording: UnpickleHooks = {
  global: (module, name) => `${module}.${name}`,
  reduce: (callable, args) => [callable, args],
  newObject: (cls, args) => ({ cls, args }),
  build: (obj, state) => ({ obj, state }),
  persistentLoad: (pid) => ({ pid }),
};

const read = (bytes: Uint8Array | number[]) =>
  unpickle(bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes), recording, 'test.pkl');

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('pickles', () => {
  it('writes ints in the smallest opcode PyTorch uses', () => {
    const cases: [bigint, string][] = [
      [0n, '4b00'],
      [255n, '4bff'],
      [256n, '4d0001'],
      [65535n, '4dffff'],
      [65536n, '4a00000100'],
      [-5n, '4afbffffff'],
      [2n ** 31n - 1n, '4affffff7f'],
      [2n ** 31n, '8a050000008000'],
      [2n ** 40n, '8a06000000000001'],
      [-(2n ** 31n) - 1n, '8a05ffffff7fff'],
    ];
    for (const [v, expected] of cases) {
      const w = new PickleWriter();
      w.int(v);
      const bytes = w.finish();
      assert.equal(hex(bytes.subarray(2, bytes.length - 1)), expected, String(v));
      assert.equal(read(bytes), v);
    }
  });

  it('writes floats big-endian and memoizes strings and globals', () => {
    const w = new PickleWriter();
    w.op(Op.MARK);
    w.float(2.5);
    w.string('a');
    w.string('a');
    w.global('torch', 'device');
    w.global('torch', 'device');
    w.op(Op.TUPLE);
    const bytes = w.finish();
    assert.equal(
      hex(bytes),
      '8002' +
        '28' +
        '474004000000000000' +
        '58010000006171' +
        '00' +
        '6800' +
        '63746f7263680a6465766963650a' +
        '7101' +
        '6801' +
        '74' +
        '2e',
    );
    const t = read(bytes) as PickleTuple;
    assert.deepEqual(t.items, [2.5, 'a', 'a', 'torch.device', 'torch.device']);
  });

  it('reads lists, dicts, tuples, calls, objects and persistent ids through the hooks', () => {
    const w = new PickleWriter();
    w.global('m', 'C');
    w.op(Op.EMPTY_TUPLE).op(Op.NEWOBJ);
    w.op(Op.EMPTY_DICT).op(Op.MARK);
    w.string('xs');
    w.op(Op.EMPTY_LIST).op(Op.MARK);
    w.int(1n);
    w.none();
    w.bool(true);
    w.op(Op.APPENDS);
    w.string('t');
    w.op(Op.MARK);
    w.string('storage');
    w.op(Op.TUPLE).op(Op.BINPERSID);
    w.op(Op.SETITEMS).op(Op.BUILD);
    const value = read(w.finish()) as { obj: { cls: string }; state: Map<string, unknown> };
    assert.equal(value.obj.cls, 'm.C');
    assert.deepEqual(value.state.get('xs'), [1n, null, true]);
    assert.deepEqual((value.state.get('t') as { pid: PickleTuple }).pid.items, ['storage']);
  });

  it("reads other writers' opcodes: SHORT_BINUNICODE, STACK_GLOBAL, MEMOIZE, FRAME, LONG4, bytes", () => {
    // protocol 4: FRAME, SHORT_BINUNICODE 'a', MEMOIZE, SHORT_BINUNICODE 'b', STACK_GLOBAL,
    // LONG4 -1, SHORT_BINBYTES 'xy', TUPLE3, STOP
    const bytes = [
      0x80, 4, 0x95, 20, 0, 0, 0, 0, 0, 0, 0, 0x8c, 1, 0x61, 0x94, 0x8c, 1, 0x62, 0x93, 0x8b, 1, 0,
      0, 0, 0xff, 0x43, 2, 0x78, 0x79, 0x87, 0x2e,
    ];
    const t = read(bytes) as PickleTuple;
    assert.equal(t.items[0], 'a.b');
    assert.equal(t.items[1], -1n);
    assert.deepEqual(t.items[2], Uint8Array.from([0x78, 0x79]));
  });

  it('refuses malformed pickles with the offset where they go wrong', () => {
    assert.throws(
      () => read([0x80, 2, 0xff]),
      /test\.pkl: unknown pickle opcode 0xff \(at byte 2\)/,
    );
    assert.throws(() => read([0x80, 2, 0x58, 10, 0, 0, 0, 0x61]), /the pickle is truncated/);
    assert.throws(
      () => read([0x80, 2, 0x68, 3, 0x2e]),
      /memo entry 3 is read before it is written/,
    );
    assert.throws(
      () => read([0x80, 2, 0x4e, 0x4e, 0x2e]),
      /STOP with a stack that does not hold one value/,
    );
    assert.throws(() => read([0x80, 2, 0x74]), /no MARK to close/);
    assert.throws(
      () => read([0x80, 2, 0x4e, 0x61, 0x2e]),
      /APPEND to something that is not a list/,
    );
    assert.throws(() => read([0x80, 2]), /the pickle is truncated/);
  });
});

// Bad archives fail with an error that says what is wrong, and nothing in them runs: truncated
// or foreign files, names leaving the archive, sizes larger than the data, pickles naming Python
// globals, missing records, versions we do not read, corrupted or oversized records.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import '../../../compiler/compilation_unit.js';
import '../../../runtime/ops/index.js';
import { Op } from '../../../runtime/serialization/pickle/opcodes.js';
import { PickleWriter } from '../../../runtime/serialization/pickle/pickle_writer.js';
import { loadArchive } from '../../../runtime/serialization/index.js';
import { ZipReader } from '../../../runtime/serialization/zip/zip_reader.js';
import { ZipWriter } from '../../../runtime/serialization/zip/zip_writer.js';
import { fixtureArchive } from './support.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

const moduleCode = `class M(Module):
  __parameters__ = []
  __buffers__ = []
  training : bool
  t : Tensor
  def forward(self: __torch__.M,
    x: Tensor) -> Tensor:
    t = self.t
    return torch.add(x, t)
`;

/** A pickle of an M whose `t` is a float tensor of `size` over storage '0' of `numel` floats. */
function moduleData(size: number, numel: number, training: unknown = true): Uint8Array {
  const w = new PickleWriter();
  w.global('__torch__', 'M');
  w.op(Op.EMPTY_TUPLE).op(Op.NEWOBJ).op(Op.EMPTY_DICT).op(Op.MARK);
  w.string('training');
  if (typeof training === 'boolean') w.bool(training);
  else w.string(String(training));
  w.string('t');
  w.global('torch._utils', '_rebuild_tensor_v2');
  w.op(Op.MARK).op(Op.MARK);
  w.string('storage');
  w.global('torch', 'FloatStorage');
  w.string('0');
  w.string('cpu');
  w.int(BigInt(numel));
  w.op(Op.TUPLE).op(Op.BINPERSID);
  w.int(0n);
  w.op(Op.MARK);
  w.int(BigInt(size));
  w.op(Op.TUPLE).op(Op.MARK);
  w.int(1n);
  w.op(Op.TUPLE);
  w.bool(false);
  w.global('collections', 'OrderedDict');
  w.op(Op.EMPTY_TUPLE).op(Op.REDUCE).op(Op.TUPLE).op(Op.REDUCE);
  w.op(Op.SETITEMS).op(Op.BUILD);
  return w.finish();
}

function emptyTuple(): Uint8Array {
  const w = new PickleWriter();
  w.op(Op.EMPTY_TUPLE);
  return w.finish();
}

type Records = Record<string, Uint8Array | string | null>;

/** An archive `a/` of the good records, with `changes` replacing (or, null, removing) some. */
function archive(changes: Records = {}): Uint8Array {
  const records: Records = {
    'data/0': new Uint8Array(new Float32Array([1, 2]).buffer),
    'data.pkl': moduleData(2, 2),
    'code/__torch__.py': moduleCode,
    'constants.pkl': emptyTuple(),
    version: '3\n',
    ...changes,
  };
  const w = new ZipWriter();
  for (const [name, content] of Object.entries(records)) {
    if (content !== null) w.add(`a/${name}`, typeof content === 'string' ? utf8(content) : content);
  }
  return w.finish();
}

/** Replaces every occurrence of `from` by `to` (same length) in the archive's bytes. */
function patch(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const out = bytes.slice();
  const [f, t] = [utf8(from), utf8(to)];
  for (let i = 0; i + f.length <= out.length; i++) {
    if (f.every((b, k) => out[i + k] === b)) out.set(t, i);
  }
  return out;
}

/** The central directory entry of `name`: its offset in the archive. */
function centralEntry(bytes: Uint8Array, name: string): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = utf8(name);
  for (let at = 0; at + 46 < bytes.length; at++) {
    if (v.getUint32(at, true) !== 0x02014b50) continue;
    const len = v.getUint16(at + 28, true);
    if (len === n.length && n.every((b, k) => bytes[at + 46 + k] === b)) return at;
  }
  throw new Error(`no central entry for ${name}`);
}

const load = (bytes: Uint8Array) => loadArchive(bytes);

describe('bad archives', () => {
  it('loads the good archive these cases spoil', () => {
    const { module } = load(archive());
    assert.equal(module.info.type.qualifiedName, '__torch__.M');
  });

  it('refuses truncated archives and files that are no zip', () => {
    const good = fixtureArchive('conv_net');
    for (const bytes of [good.subarray(0, good.length >> 1), good.subarray(0, good.length - 10)]) {
      assert.throws(() => load(bytes), /failed finding central directory .*truncated/);
    }
    assert.throws(
      () => load(utf8('just some text, not an archive')),
      /failed finding central directory/,
    );
    assert.throws(() => load(new Uint8Array()), /failed finding central directory/);
  });

  it('refuses record names that leave the archive', () => {
    const bytes = archive({ 'xx/evil': 'x' });
    assert.throws(
      () => load(patch(bytes, 'a/xx/evil', 'a/../evil')),
      /"a\/\.\.\/evil" is not a relative path/,
    );
    assert.throws(
      () => load(patch(bytes, 'a/xx/evil', '/tmp/evil')),
      /"\/tmp\/evil" is not a relative path/,
    );
    assert.throws(() => load(patch(bytes, 'a/xx/evil', 'a\\xx\\evil')), /is not a relative path/);
    assert.throws(
      () => load(patch(archive(), 'a/version', 'b/version')),
      /record b\/version lies outside the archive's folder a\//,
    );
  });

  it('refuses records whose sizes are larger than the data', () => {
    const bytes = archive().slice();
    const at = centralEntry(bytes, 'a/data/0');
    const v = new DataView(bytes.buffer);
    v.setUint32(at + 20, 1 << 30, true);
    v.setUint32(at + 24, 1 << 30, true);
    assert.throws(
      () => load(bytes),
      /record a\/data\/0 says it holds 1073741824 bytes at offset \d+, past the end/,
    );
  });

  it('refuses storages smaller than their tensors need, and views past their storage', () => {
    assert.throws(
      () => load(archive({ 'data.pkl': moduleData(100, 100) })),
      /storage 0 should hold 100 elements of float32 \(400 bytes\) but its record has 8 bytes/,
    );
    assert.throws(
      () => load(archive({ 'data.pkl': moduleData(10, 2) })),
      /a tensor of size \[10\] and stride \[1\] at offset 0 reaches element 9, past its storage of 2 elements/,
    );
  });

  it('refuses pickles that name Python globals, before anything runs', () => {
    const marker = path.join(os.tmpdir(), `pwned-${process.pid}`);
    for (const [module, name] of [
      ['os', 'system'],
      ['builtins', 'eval'],
      ['posix', 'system'],
      ['subprocess', 'call'],
      ['torch', 'load'],
    ]) {
      const w = new PickleWriter();
      w.global(module, name);
      w.string(`touch ${marker}`);
      w.op(Op.TUPLE1).op(Op.REDUCE);
      const error = new RegExp(
        `data\\.pkl names the Python global ${module}\\.${name}, which TorchScript archives never need: refusing to load it`,
      );
      assert.throws(() => load(archive({ 'data.pkl': w.finish() })), error);
    }
    assert.equal(fs.existsSync(marker), false);
  });

  it('creates objects only of the archive classes, and calls only the allowed functions', () => {
    const w = new PickleWriter();
    w.global('collections', 'OrderedDict');
    w.op(Op.EMPTY_TUPLE).op(Op.NEWOBJ);
    assert.throws(
      () => load(archive({ 'data.pkl': w.finish() })),
      /objects can only be instances of the archive's TorchScript classes/,
    );
    const u = new PickleWriter();
    u.global('__torch__', 'Missing');
    assert.throws(
      () => load(archive({ 'data.pkl': u.finish() })),
      /names the class __torch__\.Missing, which the archive's code does not define/,
    );
  });

  it('says which record is missing', () => {
    assert.throws(
      () => load(archive({ 'data.pkl': null })),
      /PytorchStreamReader failed locating file a\/data\.pkl: file not found/,
    );
    assert.throws(
      () => load(archive({ 'constants.pkl': null })),
      /failed locating file a\/constants\.pkl/,
    );
    assert.throws(() => load(archive({ version: null })), /failed locating file a\/version/);
    assert.throws(() => load(archive({ 'data/0': null })), /failed locating file a\/data\/0/);
    assert.throws(
      () => load(archive({ 'code/__torch__.py': null })),
      /names the class __torch__\.M, which the archive's code does not define/,
    );
  });

  it('reads only the format versions PyTorch 1.13 reads', () => {
    assert.throws(
      () => load(archive({ version: '2\n' })),
      /format version is 2, but only versions 3 to 10/,
    );
    assert.throws(() => load(archive({ version: '11\n' })), /format version is 11/);
    assert.throws(() => load(archive({ version: 'x\n' })), /format version is x/);
  });

  it('refuses corrupted and oversized records', () => {
    // Tensor data goes unchecked, as in PyTorch; the records that say what runs are checked.
    const bytes = archive();
    const at = centralEntry(bytes, 'a/data.pkl');
    const v = new DataView(bytes.buffer, bytes.byteOffset);
    const corrupted = bytes.slice();
    const local = v.getUint32(at + 42, true);
    const data = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true);
    corrupted[data] ^= 0xff;
    assert.throws(() => load(corrupted), /record a\/data.pkl is corrupted: its CRC-32 differs/);

    const w = new ZipWriter();
    w.add('a/big', new Uint8Array(100000), true);
    const bomb = w.finish().slice();
    new DataView(bomb.buffer).setUint32(centralEntry(bomb, 'a/big') + 24, 100, true);
    // Inflating stops at the declared size: the record cannot grow past it.
    assert.throws(() => ZipReader.open(bomb).read('a/big'), /record a\/big cannot be inflated/);
  });

  it('checks attribute values against the class', () => {
    assert.throws(
      () => load(archive({ 'data.pkl': moduleData(2, 2, 'yes') })),
      /attribute training of __torch__\.M should be bool but the archive holds a str/,
    );
  });

  it('only compiles archive code, which may hold only definitions', () => {
    const code = `import os\n${moduleCode}`;
    assert.throws(
      () => load(archive({ 'code/__torch__.py': code })),
      /archive code files hold only class and function definitions/,
    );
    const call = moduleCode.replace(
      'return torch.add(x, t)',
      'return __import__("os").system("true")',
    );
    assert.throws(() => load(archive({ 'code/__torch__.py': call })));
  });
});

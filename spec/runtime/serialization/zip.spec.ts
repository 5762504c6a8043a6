// The zip layer: PyTorch's layout (64-byte aligned data, data descriptors, zip64 end records)
// written and read back, PyTorch's archives read, and archives of an independent writer (JSZip)
// read. (JSZip itself cannot read PyTorch's layout: with a zip64 end record whose 32-bit twin is
// not saturated it misplaces the central directory. PyTorch reading ours is checked by
// pytorch_loads_ours.spec.ts.)

import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { crc32 } from '../../../runtime/serialization/zip/crc32.js';
import { ZipReader } from '../../../runtime/serialization/zip/zip_reader.js';
import { ZipWriter } from '../../../runtime/serialization/zip/zip_writer.js';
import { fixtureArchive } from './support.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

function sample(): Uint8Array {
  const w = new ZipWriter();
  w.add('m/extra/foo.txt', utf8('bar'));
  w.add('m/data/0', new Uint8Array([0, 0, 0, 0, 0, 0, 0x80, 0x3f]));
  w.add('m/code/__torch__.py', utf8('class M(Module):\n  training : bool\n'.repeat(20)), true);
  w.add('m/version', utf8('3\n'));
  return w.finish();
}

/** Offsets where each record's data starts, from the local headers. */
function dataOffsets(zip: Uint8Array): number[] {
  const v = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out: number[] = [];
  for (let at = 0; v.getUint32(at, true) === 0x04034b50;) {
    const start = at + 30 + v.getUint16(at + 26, true) + v.getUint16(at + 28, true);
    out.push(start);
    let end = start;
    while (v.getUint32(end, true) !== 0x08074b50) end++;
    at = end + 16;
  }
  return out;
}

describe('zip archives', () => {
  it('computes the zip CRC-32', () => {
    assert.equal(crc32(utf8('123456789')), 0xcbf43926);
    assert.equal(crc32(new Uint8Array()), 0);
  });

  it('writes and reads records back, stored and deflated', () => {
    const r = ZipReader.open(sample());
    assert.deepEqual(r.names, ['m/extra/foo.txt', 'm/data/0', 'm/code/__torch__.py', 'm/version']);
    assert.equal(new TextDecoder().decode(r.read('m/extra/foo.txt')), 'bar');
    assert.deepEqual([...r.read('m/data/0')], [0, 0, 0, 0, 0, 0, 0x80, 0x3f]);
    assert.ok(new TextDecoder().decode(r.read('m/code/__torch__.py')).startsWith('class M'));
  });

  it('aligns every record to 64 bytes as PyTorch does, and PyTorch archives read the same', () => {
    for (const at of dataOffsets(sample())) assert.equal(at % 64, 0);
    const pytorch = fixtureArchive('conv_net');
    for (const at of dataOffsets(pytorch)) assert.equal(at % 64, 0);
    assert.ok(ZipReader.open(pytorch).names.includes('conv_net/data.pkl'));
  });

  it('deflates only what gets smaller', () => {
    const w = new ZipWriter();
    w.add('a/tiny', utf8('x'), true);
    const zip = w.finish();
    const v = new DataView(zip.buffer);
    assert.equal(v.getUint16(8, true), 0); // stored
  });

  it("reads an independent writer's archives (JSZip, stored and deflated)", async () => {
    const zip = new JSZip();
    zip.file('x/a.txt', 'hello');
    zip.file('x/b.bin', new Uint8Array(1000).fill(7), { compression: 'DEFLATE' });
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    const r = ZipReader.open(bytes);
    assert.equal(new TextDecoder().decode(r.read('x/a.txt')), 'hello');
    assert.deepEqual(r.read('x/b.bin'), new Uint8Array(1000).fill(7));
  });

  it('refuses to write names that leave the archive', () => {
    for (const name of ['../x', 'a/../../x', '/abs', 'a\\b', 'C:/x', 'a/./b', '']) {
      assert.throws(() => new ZipWriter().add(name, utf8('')), /not a relative path/);
    }
  });

  it('refuses duplicate names', () => {
    const w = new ZipWriter();
    w.add('a/x', utf8('1'));
    assert.throws(() => w.add('a/x', utf8('2')), /duplicate record name/);
  });
});

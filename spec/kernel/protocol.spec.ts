// The wire protocol's pieces: signatures, frames, connection files, history search, and the
// stream coalescer.

import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describeTensorBackends } from '../../kernel/backend/tensor_backend.js';
import { globToRegExp, SessionHistory } from '../../kernel/history.js';
import { decodeFrames, delimiter, encodeFrames } from '../../kernel/protocol/frames.js';
import { MessageFactory } from '../../kernel/protocol/session.js';
import { MessageSigner } from '../../kernel/protocol/signature.js';
import { StreamCoalescer } from '../../kernel/stream_coalescer.js';
import { parseConnectionInfo, socketAddress } from '../../kernel/transport/connection_file.js';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const header = {
  msg_id: 'm1',
  session: 's1',
  username: 'u',
  date: '2026-01-01T00:00:00Z',
  msg_type: 'execute_request',
  version: '5.3',
};

function frames(key: string, parts: Buffer[], signature?: string): Buffer[] {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return [
    Buffer.from('client-id'),
    delimiter,
    Buffer.from(signature ?? hmac.digest('hex')),
    ...parts,
  ];
}

describe('wire protocol', () => {
  const parts = [json(header), json({}), json({}), json({ code: '1' })];

  describe('signatures', () => {
    it('accepts a message signed with the key, once', () => {
      const signer = new MessageSigner('secret');
      const decoded = decodeFrames(frames('secret', parts), signer);
      assert.ok(decoded.ok);
      assert.deepEqual(decoded.message.identities, [Buffer.from('client-id')]);
      assert.equal(decoded.message.header.msg_type, 'execute_request');
      assert.deepEqual(decoded.message.content, { code: '1' });
      // The same message again is a replay.
      const again = decodeFrames(frames('secret', parts), signer);
      assert.deepEqual(again, { ok: false, reason: 'duplicate signature (a replayed message)' });
    });

    it('refuses a wrong, a missing and a forged signature', () => {
      const signer = new MessageSigner('secret');
      assert.deepEqual(decodeFrames(frames('other key', parts), signer), {
        ok: false,
        reason: 'invalid signature',
      });
      assert.deepEqual(decodeFrames(frames('secret', parts, ''), signer), {
        ok: false,
        reason: 'missing signature',
      });
      const tampered = frames('secret', parts);
      tampered[6] = json({ code: 'import os' });
      assert.deepEqual(decodeFrames(tampered, signer), { ok: false, reason: 'invalid signature' });
    });

    it('does not sign or check when the key is empty, as the protocol says', () => {
      const signer = new MessageSigner('');
      assert.equal(signer.sign(parts), '');
      assert.ok(decodeFrames(frames('', parts, ''), signer).ok);
    });

    it('refuses a signature scheme it cannot compute', () => {
      assert.throws(() => new MessageSigner('k', 'rot13'), /unsupported signature_scheme 'rot13'/);
    });
  });

  describe('frames', () => {
    const signer = () => new MessageSigner('k');

    it('round-trips a message through encode and decode', () => {
      const factory = new MessageFactory('kernel', 'session-1');
      const message = factory.create('stream', { name: 'stdout', text: 'é\n' }, undefined, [
        Buffer.from('id'),
      ]);
      const decoded = decodeFrames(encodeFrames(message, signer()), signer());
      assert.ok(decoded.ok);
      assert.deepEqual(decoded.message, message);
      assert.equal(message.header.version, '5.3');
      assert.match(message.header.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    });

    it('says why a malformed message is dropped, never throwing', () => {
      const check = (input: Buffer[], reason: string) =>
        assert.deepEqual(decodeFrames(input, signer()), { ok: false, reason });
      check([Buffer.from('garbage')], 'no <IDS|MSG> delimiter');
      check([delimiter, Buffer.from('sig'), json(header)], 'fewer than 5 frames after <IDS|MSG>');
      const sign = (p: Buffer[]) => frames('k', p);
      check(
        sign([Buffer.from('{not json'), json({}), json({}), json({})]),
        'header lacks msg_id, msg_type or session',
      );
      check(
        sign([json({ msg_id: 'x' }), json({}), json({}), json({})]),
        'header lacks msg_id, msg_type or session',
      );
      check(
        sign([json(header), json({}), json({}), json([1])]),
        'parent_header, metadata and content must be JSON objects',
      );
    });

    it('keeps extra frames as binary buffers', () => {
      const decoded = decodeFrames([...frames('k', parts), Buffer.from([1, 2])], signer());
      assert.ok(decoded.ok);
      assert.deepEqual(decoded.message.buffers, [Buffer.from([1, 2])]);
    });
  });

  describe('connection files', () => {
    const info = {
      transport: 'tcp',
      ip: '127.0.0.1',
      shell_port: 1,
      iopub_port: 2,
      stdin_port: 3,
      control_port: 4,
      hb_port: 5,
      key: 'k',
      signature_scheme: 'hmac-sha256',
    };

    it('reads the ports, key and scheme, and makes socket addresses', () => {
      const parsed = parseConnectionInfo(info);
      assert.equal(socketAddress(parsed, 'hb'), 'tcp://127.0.0.1:5');
      assert.equal(socketAddress({ ...parsed, ip: '::1' }, 'shell'), 'tcp://[::1]:1');
    });

    it('says what is wrong with a bad one', () => {
      assert.throws(
        () => parseConnectionInfo({ ...info, transport: 'ipc' }),
        /transport 'ipc' is not supported yet/,
      );
      assert.throws(
        () => parseConnectionInfo({ ...info, hb_port: 'x' }),
        /'hb_port' must be a port number/,
      );
      assert.throws(() => parseConnectionInfo([]), /expected a JSON object/);
    });
  });

  describe('history', () => {
    it('matches globs as sqlite does: the whole input, * ? and classes', () => {
      assert.ok(globToRegExp('a*').test('a = 1\nb'));
      assert.ok(!globToRegExp('a*').test('ba'));
      assert.ok(globToRegExp('x?y').test('x.y'));
      assert.ok(globToRegExp('[ab]c').test('bc'));
      assert.ok(globToRegExp('[^ab]c').test('zc'));
      assert.ok(globToRegExp('1+(2)').test('1+(2)'));
    });

    it('searches for unique and for the last n matches', () => {
      const history = new SessionHistory();
      ['x = 1', 'y', 'x = 1', 'x = 2'].forEach((input, i) =>
        history.record({ line: i + 1, input, output: null }),
      );
      assert.deepEqual(
        history.search('x*', null, true).map((e) => e.line),
        [3, 4],
      );
      assert.deepEqual(
        history.search('x*', 2, false).map((e) => e.line),
        [3, 4],
      );
      assert.deepEqual(
        history.range(0, 2, null).map((e) => e.line),
        [2, 3, 4],
      );
      assert.deepEqual(history.range(7, 0, null), []);
    });
  });

  describe('stream coalescer', () => {
    it('joins writes to one stream and keeps the order between streams', async () => {
      const emitted: string[] = [];
      const coalescer = new StreamCoalescer((name, text) => emitted.push(`${name}:${text}`));
      coalescer.write('stdout', 'a');
      coalescer.write('stdout', 'b');
      coalescer.write('stderr', 'c');
      coalescer.write('stdout', 'd');
      assert.deepEqual(emitted, ['stdout:ab', 'stderr:c']);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(emitted, ['stdout:ab', 'stderr:c', 'stdout:d']);
    });
  });

  describe('banner', () => {
    it('names the tensor backend the worker chose', () => {
      const base = { found: [], missing: [], nativePackage: null, wasm: null } as const;
      assert.equal(
        describeTensorBackends({
          ...base,
          active: 'wasm',
          found: ['wasm', 'cpu'],
          wasm: { simd: true, threads: 1 },
        }),
        'TensorFlow.js WebAssembly (SIMD, 1 thread), with cpu',
      );
      assert.equal(
        describeTensorBackends({
          ...base,
          active: 'tensorflow',
          found: ['tensorflow'],
          nativePackage: '@tensorflow/tfjs-node',
        }),
        'TensorFlow.js native (@tensorflow/tfjs-node)',
      );
      assert.equal(
        describeTensorBackends(null),
        'JavaScript reference kernels (TensorFlow.js not started)',
      );
    });
  });
});

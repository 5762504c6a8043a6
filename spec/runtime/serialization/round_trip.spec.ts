// Save then load, without PyTorch: modules built by hand (handmade.ts) and scripted functions come
// back with their values, aliasing, parameters, objects' __setstate__, constants and extra files,
// and run with the same results; a second save writes the same bytes as the first.

import assert from 'node:assert/strict';
import { ModuleHost } from '../../../compiler/host/module_host.js';
import '../../../runtime/ops/index.js';
import { ScriptObject } from '../../../runtime/interpreter/objects.js';
import { functionModule, loadArchive, saveArchive } from '../../../runtime/serialization/index.js';
import { ZipReader } from '../../../runtime/serialization/zip/zip_reader.js';
import { fromArray } from '../../../runtime/tensor/factory.js';
import type { Tensor } from '../../../runtime/tensor/tensor.js';
import { encodeValue } from './encode.js';
import { buildModule, handmadeCalls, handmadeModule } from './handmade.js';
import { callMethod, method, methodCode, submoduleAt } from './support.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

function compiledFunction(source: string, name: string) {
  return new ModuleHost(
    `import torch\nfrom torch import Tensor\n\n${source}`,
    'fn.py',
    'fn',
  ).compileFunction(name);
}

describe('saving and loading', () => {
  it('gives back a hand-made module that runs with the same results', () => {
    const original = handmadeModule();
    const { module } = loadArchive(saveArchive(handmadeModule()));
    for (const c of handmadeCalls) {
      const type = method(original.object, c.method).signature.returns[0].type;
      const want = encodeValue(callMethod(original.object, c.method, c.args), type);
      assert.equal(encodeValue(callMethod(module.object, c.method, c.args), type), want, c.method);
    }
  });

  it('keeps values, parameters, buffers and storages shared between tensors', () => {
    const { module } = loadArchive(saveArchive(handmadeModule()));
    const o = module.object;
    const base = o.getAttr('base') as Tensor;
    const view = o.getAttr('view') as Tensor;
    assert.equal(view.storage, base.storage);
    assert.equal(view.offset, 3);
    assert.deepEqual((o.getAttr('counts') as Tensor).toArray(), [3, -4, 2 ** 40]);
    assert.equal((o.getAttr('mask') as Tensor).dtype, 'bool');
    assert.deepEqual(o.getAttr('pair'), [40, 'forty']);
    assert.ok(Object.isFrozen(o.getAttr('pair')));
    assert.equal(o.getAttr('limit'), 7);
    assert.deepEqual([...(o.getAttr('table') as Map<string, Tensor>).keys()], ['w']);
    const leaf = submoduleAt(o, 'leaves.0');
    assert.equal((leaf.getAttr('weight') as Tensor).requiresGrad, true);
    const type = module.info.type;
    assert.equal(type.findAttribute('base')?.isBuffer, true);
    assert.equal(leaf.type.findAttribute('weight')?.isParameter, true);
    assert.equal(module.info.submodules.get('leaves')?.kind, 'ModuleList');
    assert.deepEqual(
      [...module.info.constants],
      [
        ['label', 'héllo '],
        ['greeting', 'world'],
      ],
    );
  });

  it("saves a TorchScript object's __getstate__() and loads it through __setstate__", () => {
    const bytes = saveArchive(handmadeModule());
    const window = loadArchive(bytes).module.object.getAttr('window') as ScriptObject;
    // __getstate__ doubles the scale and __setstate__ halves it: both ran.
    assert.equal(window.getAttr('scale'), 1.5);
    assert.equal(window.getAttr('size'), 3);
  });

  it('keeps non-ASCII constants out of line, in constants.pkl', () => {
    const zip = ZipReader.open(saveArchive(handmadeModule(), { name: 'm' }));
    const code = text(zip.read('m/code/__torch__/handmade.py'));
    assert.match(code, /label : Final\[str\] = CONSTANTS\.c0/);
    assert.match(code, /greeting : Final\[str\] = "world"/);
    assert.match(code, /__torch__\.handmade\.Result\(total, CONSTANTS\.c1, /);
  });

  it('saves and gives back extra files', () => {
    const extraFiles = new Map<string, Uint8Array | string>([
      ['meta.txt', 'hello'],
      ['nested/raw.bin', new Uint8Array([0, 255, 7])],
    ]);
    const { extraFiles: back } = loadArchive(saveArchive(handmadeModule(), { extraFiles }));
    assert.equal(text(back.get('meta.txt')!), 'hello');
    assert.deepEqual([...back.get('nested/raw.bin')!], [0, 255, 7]);
    assert.throws(
      () => saveArchive(handmadeModule(), { extraFiles: new Map([['../escape', 'x']]) }),
      /"archive\/extra\/\.\.\/escape" is not a relative path/,
    );
  });

  it('writes the same bytes when it saves what it loaded', () => {
    const first = saveArchive(handmadeModule(), { name: 'm' });
    const second = saveArchive(loadArchive(first).module, { name: 'm' });
    assert.deepEqual(second, first);
  });

  it('saves a scripted function as PyTorch does: the forward of a PlaceholderModule', () => {
    const fn = compiledFunction(
      `def poly(x: Tensor, n: int = 2) -> Tensor:
    y = x
    for i in range(n):
        y = y * x + i
    return y / 2
`,
      'poly',
    );
    const bytes = saveArchive(functionModule(fn), { name: 'poly' });
    const zip = ZipReader.open(bytes);
    assert.match(text(zip.read('poly/code/__torch__.py')), /^class PlaceholderModule\(Module\):/);
    // aten::div.Tensor/Scalar changed meaning in version 4.
    assert.equal(text(zip.read('poly/version')), '4\n');
    const { module } = loadArchive(bytes);
    // The default is dropped, as PyTorch drops it.
    assert.ok(
      methodCode(module.object, 'forward').startsWith(
        'def forward(self,\n    x: Tensor,\n    n: int) -> Tensor:\n',
      ),
    );
    const y = callMethod(module.object, 'forward', [
      fromArray([1, 2], [2], 'float32'),
      2,
    ]) as Tensor;
    assert.deepEqual(y.toArray(), [1, 4.5]);
  });

  it('records format versions from 6 on as .data/version', () => {
    const fn = compiledFunction('def g(x: Tensor) -> Tensor:\n    return torch.gelu(x)\n', 'g');
    const bytes = saveArchive(functionModule(fn), { name: 'g' });
    const zip = ZipReader.open(bytes);
    assert.equal(zip.has('g/version'), false);
    assert.equal(text(zip.read('g/.data/version')), '10\n');
    assert.equal(loadArchive(bytes).version, 10);
  });

  it("refuses to save calls into Python, in PyTorch's words", () => {
    const source = `import torch
import torch.nn as nn
from torch import Tensor

class M(nn.Module):
    @torch.jit.ignore
    def python_only(self, x: Tensor) -> Tensor:
        return x

    def forward(self, x: Tensor) -> Tensor:
        return self.python_only(x)
`;
    const m = buildModule(source, 'ignored', {
      cls: 'M',
      ignored: new Map([['python_only', 'ignore']]),
    });
    assert.throws(
      () => saveArchive(m),
      /Could not export Python function call 'python_only'\. Remove calls to Python functions before export/,
    );
  });
});

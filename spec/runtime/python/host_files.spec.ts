// Cells read and write the machine's files and start in the process's working directory.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PythonHost } from '../../../runtime/python/host.js';

describe('the Python host and the machine’s files', function () {
  this.timeout(60000);
  let host: PythonHost;
  let directory: string;

  before(async () => {
    host = await PythonHost.create({ backends: false });
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tsk-files-'));
  });
  after(() => {
    host.dispose();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('starts cells in the working directory of the process', () => {
    const result = host.run('import os\nos.getcwd()');
    assert.deepEqual(result, { ok: true, value: JSON.stringify(process.cwd()).replace(/"/g, "'") });
  });

  it('writes files the machine sees and reads files the machine wrote', () => {
    fs.writeFileSync(path.join(directory, 'in.txt'), 'from node');
    const code = [
      `base = ${JSON.stringify(directory)}`,
      "with open(base + '/out.txt', 'w') as f:",
      "    f.write(open(base + '/in.txt').read().upper())",
    ].join('\n');
    assert.ok(host.run(code).ok);
    assert.equal(fs.readFileSync(path.join(directory, 'out.txt'), 'utf8'), 'FROM NODE');
  });

  it('saves and loads a scripted module through a real file', () => {
    const code = [
      'import torch',
      `target = ${JSON.stringify(path.join(directory, 'double.pt'))}`,
      '@torch.jit.script',
      'def double(x: torch.Tensor) -> torch.Tensor:',
      '    return x * 2',
      'class Wrap(torch.nn.Module):',
      '    def forward(self, x: torch.Tensor) -> torch.Tensor:',
      '        return double(x) + 1',
      'torch.jit.save(torch.jit.script(Wrap()), target)',
      'torch.jit.load(target)(torch.ones(2))',
    ].join('\n');
    assert.deepEqual(host.run(code), { ok: true, value: 'tensor([3., 3.])' });
    assert.ok(fs.statSync(path.join(directory, 'double.pt')).size > 0);
  });
});

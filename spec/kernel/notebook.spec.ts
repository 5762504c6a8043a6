// Notebooks: nbformat reading and writing, outputs from iopub messages, the HTML page, the
// kernelspec and its logos.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { installKernelspec } from '../../kernel/cli/kernelspec.js';
import { logoPng } from '../../kernel/cli/logo.js';
import { notebookToHtml } from '../../kernel/notebook/html.js';
import { markdownToHtml } from '../../kernel/notebook/markdown.js';
import { parseNotebook, serializeNotebook, splitLines } from '../../kernel/notebook/nbformat.js';
import { CellOutputs } from '../../kernel/notebook/outputs.js';
import type { JsonObject } from '../../kernel/protocol/json.js';
import { MessageFactory } from '../../kernel/protocol/session.js';

const factory = new MessageFactory('spec');
const message = (type: string, content: JsonObject) => factory.create(type, content);

describe('notebooks', () => {
  it('reads nbformat 4 and writes it back as Jupyter does', () => {
    const notebook = parseNotebook(
      {
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [
          { cell_type: 'markdown', id: 'a', source: ['# Title\n', 'text'], metadata: {} },
          {
            cell_type: 'code',
            id: 'b',
            source: 'x = 1\nx',
            metadata: {},
            outputs: [],
            execution_count: null,
          },
        ],
      },
      'nb',
    );
    assert.equal(notebook.cells[0].source, '# Title\ntext');
    const written = JSON.parse(serializeNotebook(notebook));
    assert.deepEqual(written.cells[1].source, ['x = 1\n', 'x']);
    assert.deepEqual(Object.keys(written), ['cells', 'metadata', 'nbformat', 'nbformat_minor']);
    assert.throws(
      () => parseNotebook({ nbformat: 3, cells: [] }, 'old.ipynb'),
      /old.ipynb is not an nbformat 4 notebook/,
    );
    assert.deepEqual(splitLines('a\n\nb'), ['a\n', '\n', 'b']);
  });

  it('collects outputs: streams merged, results, errors, clear_output, display updates', () => {
    const outputs = new CellOutputs();
    outputs.add(message('stream', { name: 'stdout', text: 'a\n' }));
    outputs.add(message('stream', { name: 'stdout', text: 'b' }));
    outputs.add(
      message('display_data', {
        data: { 'text/plain': 'old' },
        metadata: {},
        transient: { display_id: 'd' },
      }),
    );
    outputs.add(
      message('update_display_data', {
        data: { 'text/plain': 'new' },
        metadata: {},
        transient: { display_id: 'd' },
      }),
    );
    outputs.add(
      message('execute_result', {
        execution_count: 3,
        data: { 'text/plain': '1\n2', 'image/png': 'iVBO' },
        metadata: {},
      }),
    );
    assert.deepEqual(outputs.list(), [
      { output_type: 'stream', name: 'stdout', text: ['a\n', 'b'] },
      { output_type: 'display_data', data: { 'text/plain': ['new'] }, metadata: {} },
      {
        output_type: 'execute_result',
        execution_count: 3,
        data: { 'text/plain': ['1\n', '2'], 'image/png': 'iVBO' },
        metadata: {},
      },
    ]);
    outputs.add(message('clear_output', { wait: true }));
    assert.equal(outputs.list().length, 3);
    outputs.add(message('error', { ename: 'E', evalue: 'v', traceback: ['t'] }));
    assert.deepEqual(outputs.list(), [
      { output_type: 'error', ename: 'E', evalue: 'v', traceback: ['t'] },
    ]);
  });

  it('renders a page: markdown, code with its count, the richest output, escaped text', () => {
    const notebook = parseNotebook(
      {
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: [
          { cell_type: 'markdown', source: '## Hi <there>\n\n- one\n- `two`', metadata: {} },
          {
            cell_type: 'code',
            source: 'a < b',
            metadata: {},
            execution_count: 2,
            outputs: [
              {
                output_type: 'execute_result',
                data: { 'text/plain': 'x', 'image/svg+xml': '<svg></svg>' },
                metadata: {},
                execution_count: 2,
              },
              {
                output_type: 'error',
                ename: 'E',
                evalue: '',
                traceback: ['\u001b[31mE\u001b[0m: <bad>'],
              },
            ],
          },
        ],
      },
      'nb',
    );
    const html = notebookToHtml(notebook, 'Demo');
    assert.match(html, /<title>Demo<\/title>/);
    assert.match(html, /<h2>Hi &lt;there&gt;<\/h2>/);
    assert.match(html, /<ul><li>one<\/li><li><code>two<\/code><\/li><\/ul>/);
    assert.match(html, /In \[2\]:/);
    assert.match(html, /a &lt; b/);
    assert.match(html, /<div><svg><\/svg><\/div>/);
    assert.match(html, /<pre class="error">E: &lt;bad&gt;<\/pre>/);
    assert.equal(markdownToHtml('```\n<x>\n```'), '<pre><code>&lt;x&gt;</code></pre>');
  });

  it('draws the logos as valid PNGs of the named sizes', () => {
    for (const size of [32, 64]) {
      const png = logoPng(size);
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      assert.equal(png.toString('latin1', 12, 16), 'IHDR');
      assert.equal(png.readUInt32BE(16), size);
      assert.equal(png.readUInt32BE(20), size);
      const dataLength = png.readUInt32BE(33);
      const pixels = inflateSync(png.subarray(41, 41 + dataLength));
      assert.equal(pixels.length, size * (size * 4 + 1));
      // The centre of the top node is white and opaque; a corner is transparent.
      const pixel = (x: number, y: number) => [
        ...pixels.subarray(y * (size * 4 + 1) + 1 + x * 4, y * (size * 4 + 1) + 5 + x * 4),
      ];
      assert.deepEqual(pixel(size / 2, Math.round(size * 0.27)), [255, 255, 255, 255]);
      assert.equal(pixel(0, 0)[3], 0);
    }
  });

  it('installs the kernelspec under a prefix with kernel.json and both logos', async () => {
    const prefix = await mkdtemp(path.join(os.tmpdir(), 'tsk-prefix-'));
    try {
      const directory = await installKernelspec({ kind: 'prefix', prefix });
      assert.equal(directory, path.join(prefix, 'share', 'jupyter', 'kernels', 'torchscript'));
      const spec = JSON.parse(await readFile(path.join(directory, 'kernel.json'), 'utf8'));
      assert.deepEqual(spec.argv.slice(2), ['kernel', '-f', '{connection_file}']);
      assert.equal(spec.argv[0], process.execPath);
      assert.match(spec.argv[1], /bin[/\\]torchscript-kernel\.js$/);
      assert.equal(spec.language, 'python');
      assert.equal(spec.interrupt_mode, 'message');
      assert.equal(spec.display_name, 'TorchScript (Python)');
      for (const logo of ['logo-32x32.png', 'logo-64x64.png']) {
        assert.deepEqual(
          [...(await readFile(path.join(directory, logo))).subarray(1, 4)],
          [0x50, 0x4e, 0x47],
        );
      }
    } finally {
      await rm(prefix, { recursive: true, force: true });
    }
  });
});

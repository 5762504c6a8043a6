// Rich output from the Python host: cell results as MIME bundles from _repr_*_ methods,
// display() and its updates, clear_output, the IPython.display stand-in, compiled functions as
// graph data and code; and the same events carried through the worker thread, in order with the
// streams.

import assert from 'node:assert/strict';
import { PythonWorker } from '../../../runtime/python/client.js';
import type { DisplayEvent } from '../../../runtime/python/display.js';
import { PythonHost, type RunResult } from '../../../runtime/python/host.js';

function rich(result: RunResult) {
  assert.ok(result.ok, JSON.stringify(result));
  return result.rich;
}

describe('Python host display', function () {
  this.timeout(60000);

  describe('in this thread', () => {
    let host: PythonHost;
    let events: DisplayEvent[];
    let output: string[];
    const run = (source: string) => {
      events = [];
      output = [];
      return host.run(
        source,
        undefined,
        (_stream, text) => output.push(text),
        (e) => events.push(e),
      );
    };
    before(async () => {
      host = await PythonHost.create({ cacheDir: null, backends: false });
    });
    after(() => host.dispose());

    it('gives plain values as their repr alone', () => {
      assert.deepEqual(run('6 * 7'), { ok: true, value: '42' });
      assert.deepEqual(run('import torch\ntorch.tensor([1.5, 2])'), {
        ok: true,
        value: 'tensor([1.5000, 2.0000])',
      });
    });

    it('gives a value with _repr_*_ methods as a MIME bundle', () => {
      const result = run(`
class Rich:
    def __repr__(self): return 'Rich()'
    def _repr_html_(self): return '<b>rich</b>'
    def _repr_png_(self): return b'\\x89PNG', {'width': 3}
    def _repr_json_(self): return [1, {'a': None}]
Rich()`);
      assert.deepEqual(rich(result), {
        data: {
          'text/plain': 'Rich()',
          'text/html': '<b>rich</b>',
          'image/png': 'iVBORw==',
          'application/json': [1, { a: null }],
        },
        metadata: { 'image/png': { width: 3 } },
      });
      assert.ok(result.ok && result.value === 'Rich()');
    });

    it('merges _repr_mimebundle_ and reports a failing formatter on stderr', () => {
      const result = run(`
class Bundle:
    def _repr_mimebundle_(self, include=None, exclude=None):
        return {'text/markdown': '*m*', 'text/plain': 'B'}, {'text/markdown': {'k': 1}}
    def _repr_html_(self): raise ValueError('broken')
Bundle()`);
      assert.deepEqual(rich(result), {
        data: { 'text/markdown': '*m*', 'text/plain': 'B' },
        metadata: { 'text/markdown': { k: 1 } },
      });
      assert.match(output.join(''), /Bundle\._repr_html_ failed:\n.*ValueError: broken/s);
    });

    it('publishes display(), its updates and clear_output as events while the cell runs', () => {
      const result = run(`
from IPython.display import display, update_display, clear_output, HTML, Markdown, SVG, JSON
print('before')
h = display(HTML('<i>1</i>'), display_id='d1')
h.update(Markdown('**2**'))
update_display(SVG('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'), display_id='d1')
display(3, JSON({'a': 1}))
clear_output(wait=True)
repr(h)`);
      assert.ok(result.ok);
      assert.equal(result.value, "'<DisplayHandle display_id=d1>'");
      assert.deepEqual(output, ['before', '\n']);
      const plain = (name: string) => `<IPython.display.${name} object>`;
      assert.deepEqual(events, [
        {
          kind: 'display',
          data: { 'text/html': '<i>1</i>', 'text/plain': plain('HTML') },
          metadata: {},
          displayId: 'd1',
          update: false,
        },
        {
          kind: 'display',
          data: { 'text/markdown': '**2**', 'text/plain': plain('Markdown') },
          metadata: {},
          displayId: 'd1',
          update: true,
        },
        {
          kind: 'display',
          data: {
            'image/svg+xml': '<svg xmlns="http://www.w3.org/2000/svg"/>',
            'text/plain': plain('SVG'),
          },
          metadata: {},
          displayId: 'd1',
          update: true,
        },
        {
          kind: 'display',
          data: { 'text/plain': '3' },
          metadata: {},
          displayId: null,
          update: false,
        },
        {
          kind: 'display',
          data: { 'application/json': { a: 1 }, 'text/plain': plain('JSON') },
          metadata: { 'application/json': { expanded: false } },
          displayId: null,
          update: false,
        },
        { kind: 'clear', wait: true },
      ]);
    });

    it('makes new display ids and refuses an update without one', () => {
      const result = run(
        'from IPython.display import display\nh = display(1, display_id=True)\nh.display_id',
      );
      assert.ok(result.ok);
      assert.match(result.value ?? '', /^'[0-9a-f]{32}'$/);
      assert.equal(events.length, 1);
      const failed = run('display(1, update=True)');
      assert.ok(!failed.ok);
      assert.equal(failed.error.message, 'display_id required for update');
    });

    it('shows images with their size, and refuses URLs it would have to fetch', () => {
      run(
        `from IPython.display import display, Image, HTML\ndisplay(Image(data=b'\\xff\\xd8jpeg', width=20))`,
      );
      assert.deepEqual(events[0], {
        kind: 'display',
        data: { 'image/jpeg': '/9hqcGVn', 'text/plain': '<IPython.display.Image object>' },
        metadata: { 'image/jpeg': { width: 20 } },
        displayId: null,
        update: false,
      });
      const failed = run("HTML(url='http://example.org')");
      assert.ok(!failed.ok);
      assert.match(failed.error.message, /HTML\(url=\.\.\.\) is not supported yet/);
      assert.deepEqual(run('import IPython\nIPython.get_ipython()'), { ok: true, value: null });
    });

    it('shows a ScriptFunction by its graph as data and its code', () => {
      const result = run(`
import torch
@torch.jit.script
def double(x, n: int):
    if n > 0:
        x = x * 2
    return x
double`);
      const value = rich(result);
      assert.ok(value !== undefined);
      assert.match(
        String(value.data['text/plain']),
        /^<torch\.jit\.ScriptFunction object at 0x[0-9a-f]+>$/,
      );
      const view = value.data['application/vnd.torchscript.compiled+json'] as {
        title: string;
        code: string;
        constants: string;
        graph: {
          name: string;
          body: { nodes: { kind: string; source: { location: string } | null }[] };
        };
      };
      assert.equal(view.title, 'double');
      assert.equal(view.constants, 'small');
      assert.match(view.code, /^def double\(x: Tensor,\n {4}n: int\) -> Tensor:\n/);
      assert.equal(view.graph.name, '__torch__.double');
      const ifNode = view.graph.body.nodes.find((n) => n.kind === 'prim::If');
      assert.match(ifNode?.source?.location ?? '', /^<cell-\d+>:5:4$/);
    });

    it('shows a scripted module by its forward, and its methods too', () => {
      const result = run(`
class Scale(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.k = 3
    def forward(self, x):
        return x * self.k
m = torch.jit.script(Scale())
display(m.forward)
m`);
      const value = rich(result);
      const view = value?.data['application/vnd.torchscript.compiled+json'] as {
        title: string;
        code: string;
      };
      assert.equal(view.title, 'Scale.forward');
      assert.match(view.code, /^def forward\(self,\n {4}x: Tensor\) -> Tensor:/);
      assert.equal(value?.data['text/plain'], 'RecursiveScriptModule(original_name=Scale)');
      assert.equal(events.length, 1);
      assert.ok(events[0].kind === 'display');
      assert.match(String(events[0].data['text/plain']), /^<torch\.ScriptMethod object at/);
    });

    it('prints displays as text when the host has no display sink', () => {
      const seen: string[] = [];
      host.run('display(HTML("<p>x</p>"), 5)', undefined, (_s, text) => seen.push(text));
      assert.deepEqual(seen, ['<IPython.display.HTML object>\n', '5\n']);
    });
  });

  describe('through the worker thread', () => {
    let worker: PythonWorker;
    before(async () => {
      worker = await PythonWorker.start({ cacheDir: null, backends: false });
    });
    after(() => worker.terminate());

    it('carries display events in order with the streams, and rich results', async () => {
      const seen: string[] = [];
      const result = await worker.run(
        `from IPython.display import display, HTML, clear_output
print('a')
display(HTML('<b>b</b>'), display_id='x')
print('c')
display(HTML('<b>d</b>'), display_id='x', update=True)
clear_output()
HTML('<i>e</i>')`,
        {
          onOutput: (stream, text) => seen.push(`${stream}:${text.trim()}`),
          onDisplay: (event) =>
            seen.push(
              event.kind === 'clear'
                ? `clear:${event.wait}`
                : `display:${String(event.data['text/html'])}:${event.displayId}:${event.update}`,
            ),
        },
      );
      assert.deepEqual(
        seen.filter((s) => s !== 'stdout:'),
        [
          'stdout:a',
          'display:<b>b</b>:x:false',
          'stdout:c',
          'display:<b>d</b>:x:true',
          'clear:false',
        ],
      );
      assert.deepEqual(result, {
        ok: true,
        value: '<IPython.display.HTML object>',
        rich: {
          data: { 'text/html': '<i>e</i>', 'text/plain': '<IPython.display.HTML object>' },
          metadata: {},
        },
      });
    });
  });
});

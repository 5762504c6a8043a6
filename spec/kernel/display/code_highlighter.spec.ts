// The highlighter for TorchScript's .code: tokens, colours, HTML escaping.

import assert from 'node:assert/strict';
import {
  highlightCode,
  tokenize,
  type TokenKind,
} from '../../../kernel/display/code_highlighter.js';

function kinds(code: string): [TokenKind, string][] {
  return tokenize(code)
    .filter((t) => t.kind !== 'space')
    .map((t) => [t.kind, t.text]);
}

describe('code highlighter', () => {
  it('reads the tokens of printed TorchScript code', () => {
    assert.deepEqual(
      kinds('def fn(x: Tensor, n: int=2) -> Tensor:\n  return torch.add(x, 1.5e-3)'),
      [
        ['keyword', 'def'],
        ['definition', 'fn'],
        ['operator', '('],
        ['name', 'x'],
        ['operator', ':'],
        ['builtin', 'Tensor'],
        ['operator', ','],
        ['name', 'n'],
        ['operator', ':'],
        ['builtin', 'int'],
        ['operator', '='],
        ['number', '2'],
        ['operator', ')'],
        ['operator', '->'],
        ['builtin', 'Tensor'],
        ['operator', ':'],
        ['keyword', 'return'],
        ['builtin', 'torch'],
        ['operator', '.'],
        ['name', 'add'],
        ['operator', '('],
        ['name', 'x'],
        ['operator', ','],
        ['number', '1.5e-3'],
        ['operator', ')'],
      ],
    );
  });

  it('reads strings, comments, constants, decorators and operator words', () => {
    assert.deepEqual(
      kinds(
        `@torch.jit.script\nclass P:\n  s = "a\\"b" if x is not None else r'c'  # note\n  y **= 0x1F`,
      ),
      [
        ['decorator', '@torch.jit.script'],
        ['keyword', 'class'],
        ['className', 'P'],
        ['operator', ':'],
        ['name', 's'],
        ['operator', '='],
        ['string', '"a\\"b"'],
        ['keyword', 'if'],
        ['name', 'x'],
        ['operatorWord', 'is'],
        ['operatorWord', 'not'],
        ['constant', 'None'],
        ['keyword', 'else'],
        ['string', "r'c'"],
        ['comment', '# note'],
        ['name', 'y'],
        ['operator', '**='],
        ['number', '0x1F'],
      ],
    );
  });

  it('keeps triple-quoted strings whole, across lines', () => {
    assert.deepEqual(kinds('x = """a\nb"""\n'), [
      ['name', 'x'],
      ['operator', '='],
      ['string', '"""a\nb"""'],
    ]);
  });

  it('writes HTML with inline styles, escaping the code', () => {
    const html = highlightCode('if a < b and c > "<&>":\n  pass');
    assert.match(html, /^<pre style="[^"]+"><code>/);
    assert.match(
      html,
      /<span style="color:#008000;font-weight:bold">if<\/span> a <span style="color:#666666">&lt;<\/span> b/,
    );
    assert.match(html, /<span style="color:#BA2121">&quot;&lt;&amp;&gt;&quot;<\/span>/);
    assert.ok(!html.includes('class='), 'no stylesheet needed');
    const text = html
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    assert.equal(text, 'if a < b and c > "<&>":\n  pass');
  });
});

// TorchScript's `.code` (Python syntax) as highlighted HTML, with Pygments' default colours as
// Jupyter shows Python. Styles are inline: the output needs no stylesheet, and nothing is
// loaded from the network.

export type TokenKind =
  | 'keyword'
  | 'constant' // None, True, False
  | 'operatorWord' // and, or, not, in, is
  | 'builtin' // int, Tensor, List, torch, ops, annotate...
  | 'definition' // the name after def
  | 'className' // the name after class
  | 'decorator'
  | 'string'
  | 'number'
  | 'comment'
  | 'operator'
  | 'name'
  | 'space';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

const keywords = new Set([
  'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'lambda', 'nonlocal', 'pass',
  'raise', 'return', 'try', 'while', 'with', 'yield',
]); // prettier-ignore
const constants = new Set(['None', 'True', 'False']);
const operatorWords = new Set(['and', 'or', 'not', 'in', 'is']);
/** Python's builtins and the names TorchScript's printed code uses as types and helpers. */
const builtins = new Set([
  'int', 'float', 'bool', 'str', 'complex', 'len', 'range', 'print', 'isinstance', 'getattr',
  'list', 'dict', 'tuple', 'min', 'max', 'abs', 'enumerate', 'zip', 'super', 'Tensor', 'List',
  'Dict', 'Tuple', 'Optional', 'Union', 'Any', 'Future', 'NoneType', 'Device', 'torch', 'ops',
  'annotate', 'unchecked_cast', 'uninitialized', 'fork', 'wait', 'inf', 'nan', '__torch__',
  'CONSTANTS', 'self',
]); // prettier-ignore

/** Longest first, so that `**=` is one token. */
const operators =
  /^(\*\*=|\/\/=|>>=|<<=|->|\*\*|\/\/|==|!=|<=|>=|<<|>>|[-+*/%@&|^]=|:=|[-+*/%@&|^~<>=.,:;()[\]{}])/;
const stringStart = /^[rRbBuUfF]{0,2}('''|"""|'|")/;
const number =
  /^(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d+)?[jJ]?)/;
const identifier = /^[A-Za-z_][A-Za-z0-9_]*/;

export function tokenize(code: string): Token[] {
  const tokens: Token[] = [];
  let rest = code;
  let previousWord = '';
  while (rest.length > 0) {
    const token = nextToken(rest, previousWord);
    tokens.push(token);
    rest = rest.slice(token.text.length);
    if (token.kind !== 'space') previousWord = token.text;
  }
  return tokens;
}

function nextToken(rest: string, previousWord: string): Token {
  const space = /^\s+/.exec(rest);
  if (space !== null) return { kind: 'space', text: space[0] };
  if (rest[0] === '#') return { kind: 'comment', text: /^[^\n]*/.exec(rest)![0] };
  const quote = stringStart.exec(rest);
  if (quote !== null)
    return { kind: 'string', text: stringLiteral(rest, quote[0].length, quote[1]) };
  const digits = number.exec(rest);
  if (digits !== null && digits[0] !== '.') return { kind: 'number', text: digits[0] };
  if (rest[0] === '@' && identifier.test(rest.slice(1))) {
    return { kind: 'decorator', text: `@${/^[A-Za-z0-9_.]+/.exec(rest.slice(1))![0]}` };
  }
  const word = identifier.exec(rest);
  if (word !== null) return { kind: wordKind(word[0], previousWord), text: word[0] };
  const symbol = operators.exec(rest);
  return { kind: 'operator', text: symbol === null ? rest[0] : symbol[0] };
}

/** The whole literal from its prefix to its closing quote (or the end, when unterminated). */
function stringLiteral(rest: string, bodyStart: number, quote: string): string {
  let i = bodyStart;
  while (i < rest.length) {
    if (rest[i] === '\\') i += 2;
    else if (rest.startsWith(quote, i)) return rest.slice(0, i + quote.length);
    else if (rest[i] === '\n' && quote.length === 1) return rest.slice(0, i);
    else i++;
  }
  return rest;
}

function wordKind(word: string, previousWord: string): TokenKind {
  if (previousWord === 'def') return 'definition';
  if (previousWord === 'class') return 'className';
  // An attribute (torch.add, x.size) is a plain name whatever it is called.
  if (previousWord === '.') return 'name';
  if (keywords.has(word)) return 'keyword';
  if (constants.has(word)) return 'constant';
  if (operatorWords.has(word)) return 'operatorWord';
  if (builtins.has(word)) return 'builtin';
  return 'name';
}

const styles: Record<TokenKind, string | null> = {
  keyword: 'color:#008000;font-weight:bold',
  constant: 'color:#008000;font-weight:bold',
  operatorWord: 'color:#AA22FF;font-weight:bold',
  builtin: 'color:#008000',
  definition: 'color:#0000FF',
  className: 'color:#0000FF;font-weight:bold',
  decorator: 'color:#AA22FF',
  string: 'color:#BA2121',
  number: 'color:#666666',
  comment: 'color:#3D7B7B;font-style:italic',
  operator: 'color:#666666',
  name: null,
  space: null,
};

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The code as a <pre> of styled spans. */
export function highlightCode(code: string): string {
  const spans = tokenize(code).map((token) => {
    const style = styles[token.kind];
    const text = escapeHtml(token.text);
    return style === null ? text : `<span style="${style}">${text}</span>`;
  });
  const box = 'margin:0;padding:0.5em;background:#f7f7f7;border-radius:4px;line-height:1.35';
  return `<pre style="${box}"><code>${spans.join('')}</code></pre>`;
}

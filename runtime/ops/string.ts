// The str methods and operators TorchScript has: case and class tests, strip/split/join,
// find/count/replace, padding, slicing and indexing, comparisons, str(), '{}'.format and
// '%d' % (...).
//
// TorchScript strings are C++ std::strings of UTF-8 bytes and its str methods work byte by byte
// with the C locale: len('é') is 2, only ASCII letters change case, and every index, width and
// count is in bytes. We keep JS strings (the value model) and run each method on the string's
// bytes (one char per byte, see `bytesOf`), converting back afterwards, so non-ASCII text gets
// the same results as PyTorch's. A result that cuts a UTF-8 sequence (which Python cannot read
// back from PyTorch either) decodes with U+FFFD in its place.
//
// Where PyTorch loops forever (counting or replacing an empty substring) we answer as Python does.

import { indexError, runtimeError } from '../errors.js';
import { formatFloat } from '../tensor/pyfloat.js';
import { Tensor } from '../tensor/tensor.js';
import { parseAnnotation, type Annotation } from './annotation.js';
import { ivalueStr, printInt } from './printing.js';
import { def, defTyped, type ArgTypes } from './registry.js';

// ---- bytes ----

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const nonAscii = /[\u0080-\uffff]/;

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/** `s` as its UTF-8 bytes, one char (0-255) per byte. */
export function bytesOf(s: string): string {
  if (!nonAscii.test(s)) return s;
  const bytes = utf8(s);
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    out += String.fromCharCode(...bytes.subarray(i, i + 4096));
  }
  return out;
}

/** The string whose UTF-8 bytes `b` holds (one char per byte). */
export function fromBytes(b: string): string {
  if (!nonAscii.test(b)) return b;
  return decoder.decode(Uint8Array.from(b, (c) => c.charCodeAt(0)));
}

/** Declares a str method that works on bytes: string arguments arrive as bytes, results leave. */
function defBytes(schema: string, impl: (...args: never[]) => unknown): void {
  def(schema, (...args: unknown[]) =>
    convertOut(impl(...(args.map((a) => (typeof a === 'string' ? bytesOf(a) : a)) as never[]))),
  );
}

function convertOut(v: unknown): unknown {
  if (typeof v === 'string') return fromBytes(v);
  if (Array.isArray(v)) {
    const items = v.map(convertOut);
    return Object.isFrozen(v) ? Object.freeze(items) : items;
  }
  return v;
}

// ---- the C locale's character classes, on byte codes ----

const code = (c: string) => c.charCodeAt(0);
const isDigit = (c: string) => code(c) >= 48 && code(c) <= 57;
const isUpper = (c: string) => code(c) >= 65 && code(c) <= 90;
const isLower = (c: string) => code(c) >= 97 && code(c) <= 122;
const isAlpha = (c: string) => isUpper(c) || isLower(c);
const isAlnum = (c: string) => isAlpha(c) || isDigit(c);
const isSpace = (c: string) => ' \t\n\v\f\r'.includes(c);
const isPunct = (c: string) => code(c) > 32 && code(c) < 127 && !isAlnum(c);
const toUpper = (c: string) => (isLower(c) ? String.fromCharCode(code(c) - 32) : c);
const toLower = (c: string) => (isUpper(c) ? String.fromCharCode(code(c) + 32) : c);

const mapChars = (s: string, f: (c: string, i: number) => string) => Array.from(s, f).join('');

// ---- case ----

defBytes('aten::lower(str self) -> str', (s: string) => mapChars(s, toLower));
defBytes('aten::upper(str self) -> str', (s: string) => mapChars(s, toUpper));
defBytes('aten::swapcase(str self) -> str', (s: string) =>
  mapChars(s, (c) => (isUpper(c) ? toLower(c) : toUpper(c))),
);
defBytes('aten::capitalize(str self) -> str', (s: string) =>
  mapChars(s, (c, i) => (i === 0 ? toUpper(c) : toLower(c))),
);
defBytes('aten::title(str self) -> str', (s: string) =>
  mapChars(s, (c, i) => (i === 0 || !isAlpha(s[i - 1]) ? toUpper(c) : toLower(c))),
);

// ---- character class tests: all characters, and false for '' ----

function defIs(name: string, test: (c: string) => boolean): void {
  defBytes(`aten::${name}(str self) -> bool`, (s: string) => s.length > 0 && [...s].every(test));
}

defIs('isdigit', isDigit);
defIs('isspace', isSpace);
defIs('isalnum', isAlnum);
defIs('isalpha', isAlpha);
defIs('isdecimal', isDigit);
defIs('isnumeric', isDigit);

/** isupper/islower: some letter, and every letter in the case. */
function defCaseTest(name: string, inCase: (c: string) => boolean): void {
  defBytes(`aten::${name}(str self) -> bool`, (s: string) => {
    const letters = [...s].filter(isAlpha);
    return letters.length > 0 && letters.every(inCase);
  });
}

defCaseTest('isupper', isUpper);
defCaseTest('islower', isLower);

defBytes('aten::istitle(str self) -> bool', (s: string) => {
  let result = false;
  let prevAlpha = false;
  for (const c of s) {
    if (prevAlpha ? c !== toLower(c) : c !== toUpper(c)) return false;
    if (!prevAlpha && isAlpha(c)) result = true;
    prevAlpha = isAlpha(c);
  }
  return result;
});
// PyTorch's isidentifier is Python 2's: letters and digits only, not starting with a digit.
defBytes(
  'aten::isidentifier(str self) -> bool',
  (s: string) => s.length > 0 && !isDigit(s[0]) && [...s].every(isAlnum),
);
defBytes('aten::isprintable(str self) -> bool', (s: string) =>
  [...s].every((c) => isAlnum(c) || isPunct(c) || c === ' '),
);

// ---- strip ----

function firstNotOf(s: string, chars: string): number {
  for (let i = 0; i < s.length; i++) if (!chars.includes(s[i])) return i;
  return -1;
}

function lastNotOf(s: string, chars: string): number {
  for (let i = s.length - 1; i >= 0; i--) if (!chars.includes(s[i])) return i;
  return -1;
}

const lstrip = (s: string, chars: string) => {
  const i = firstNotOf(s, chars);
  return i < 0 ? '' : s.slice(i);
};
const rstrip = (s: string, chars: string) => s.slice(0, lastNotOf(s, chars) + 1);

defBytes('aten::strip(str self, str chars=" \\n\\t\\f\\v") -> str', (s: string, chars: string) =>
  lstrip(rstrip(s, chars), chars),
);
defBytes('aten::lstrip(str self, str chars=" \\n\\t\\f\\v") -> str', lstrip);
defBytes('aten::rstrip(str self, str chars=" \\n\\t\\f\\v") -> str', rstrip);

// ---- split, join, partition ----

// PyTorch's whitespace and line break sets are C strings, so the multi-byte characters among
// them (\u2028, \u2029) stand for their separate bytes.
const whitespaceBytes = bytesOf(' \t\n\r\v\f\x1c\x1d\x1e\u2028\u2029') + '\x85';
const lineBreakBytes = bytesOf('\n\r\v\f\x1c\x1d\x1e\u2028\u2029') + '\x85';

function splitWhitespace(s: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i === s.length || whitespaceBytes.includes(s[i])) {
      if (i > start) parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  return parts;
}

function split(s: string, separator: string | null, max: number): string[] {
  if (separator === null) return splitWhitespace(s);
  if (separator === '') throw runtimeError('ValueError: empty separator');
  const parts: string[] = [];
  let prev = 0;
  for (let pos = s.indexOf(separator); pos >= 0; pos = s.indexOf(separator, prev)) {
    if (max >= 0 && parts.length >= max) break;
    parts.push(s.slice(prev, pos));
    prev = pos + separator.length;
  }
  parts.push(s.slice(prev));
  return parts;
}

const reverse = (s: string) => [...s].reverse().join('');

/** rsplit: PyTorch splits the reversed string by the reversed separator. */
function rsplit(s: string, separator: string, max: number): string[] {
  return split(reverse(s), reverse(separator), max).map(reverse).reverse();
}

function splitlines(s: string, keepends: boolean): string[] {
  const parts: string[] = [];
  let prev = 0;
  for (let i = 0; i < s.length; i++) {
    if (!lineBreakBytes.includes(s[i])) continue;
    parts.push(s.slice(prev, i));
    // PyTorch keeps each line break as an item of its own.
    if (keepends) parts.push(s[i]);
    prev = i + 1;
  }
  if (prev !== s.length) parts.push(s.slice(prev));
  return parts;
}

defBytes('aten::split.str(str self, str? separator=None, int max=-1) -> str[]', split);
defBytes('aten::rsplit(str self, str separator=" ", int max=-1) -> str[]', rsplit);
defBytes('aten::splitlines(str self, bool keepends=False) -> str[]', splitlines);
def('aten::join(str self, str[] values) -> str', (self: string, values: string[]) =>
  values.join(self),
);

defBytes(
  'aten::partition(str self, str separator) -> (str, str, str)',
  (s: string, sep: string) => {
    const pos = s.indexOf(sep);
    if (pos < 0) return Object.freeze([s, '', '']);
    return Object.freeze([s.slice(0, pos), sep, s.slice(pos + sep.length)]);
  },
);
defBytes(
  'aten::rpartition(str self, str separator) -> (str, str, str)',
  (s: string, sep: string) => {
    const pos = lastFind(s, sep);
    if (pos < 0) return Object.freeze(['', '', s]);
    return Object.freeze([s.slice(0, pos), sep, s.slice(pos + sep.length)]);
  },
);

/** The last match of `sub` as PyTorch finds it: repeated find from one past the last match. */
function lastFind(s: string, sub: string): number {
  let pos = s.indexOf(sub);
  if (pos < 0) return -1;
  // An empty `sub` matches at every position up to the end, and no further.
  while (pos < s.length) {
    const next = s.indexOf(sub, pos + 1);
    if (next < 0) break;
    pos = next;
  }
  return pos;
}

// ---- find, count, replace, startswith ----

/** Python-style start/end of str methods, as PyTorch clamps them. */
function clampRange(size: number, start: number, end: number): [number, number] {
  if (start < 0) start = Math.max(0, size + start);
  if (end < 0) end = Math.max(0, size + end + 1);
  return [start, end];
}

function find(s: string, sub: string, start: number, end: number, last: boolean): number {
  [start, end] = clampRange(s.length, start, end);
  const window = end > start ? s.slice(start, end) : '';
  if (window.length < sub.length) return -1;
  const pos = last ? lastFind(window, sub) : window.indexOf(sub);
  return pos < 0 ? -1 : pos + start;
}

function mustFind(s: string, sub: string, start: number, end: number, last: boolean): number {
  const pos = find(s, sub, start, end, last);
  if (pos < 0) throw runtimeError('ValueError: substring not found');
  return pos;
}

const findArgs = '(str self, str substr, int start=0, int end=-1)';
defBytes(`aten::find${findArgs} -> int`, (s: string, sub: string, a: number, b: number) =>
  find(s, sub, a, b, false),
);
defBytes(`aten::rfind${findArgs} -> int`, (s: string, sub: string, a: number, b: number) =>
  find(s, sub, a, b, true),
);
defBytes(`aten::index.str${findArgs} -> int`, (s: string, sub: string, a: number, b: number) =>
  mustFind(s, sub, a, b, false),
);
defBytes(`aten::rindex${findArgs} -> int`, (s: string, sub: string, a: number, b: number) =>
  mustFind(s, sub, a, b, true),
);

defBytes(`aten::count${findArgs} -> int`, (s: string, sub: string, a: number, b: number) => {
  if (a > s.length) return 0;
  const [start, end] = clampRange(s.length, a, b);
  if (sub === '') return Math.max(0, Math.min(end, s.length) - start + 1);
  let n = 0;
  for (let pos = s.indexOf(sub, start); pos >= 0 && pos < end; pos = s.indexOf(sub, pos)) {
    n++;
    pos += sub.length;
  }
  return n;
});

function replace(s: string, old: string, repl: string, max: number): string {
  if (old === '') return replaceEmpty(s, repl, max);
  let out = '';
  let prev = 0;
  let n = 0;
  for (let pos = s.indexOf(old); pos >= 0; pos = s.indexOf(old, prev)) {
    if (max >= 0 && ++n > max) break;
    out += s.slice(prev, pos) + repl;
    prev = pos + old.length;
  }
  return out + s.slice(prev);
}

/** Python's replace of '': the new text before every character and at the end. */
function replaceEmpty(s: string, repl: string, max: number): string {
  const count = max < 0 ? s.length + 1 : Math.min(max, s.length + 1);
  let out = '';
  for (let i = 0; i < count; i++) out += repl + (s[i] ?? '');
  return out + s.slice(count);
}

defBytes('aten::replace(str self, str old, str new, int max=-1) -> str', replace);

/** The part of `s` startswith/endswith look at; PyTorch's substr fails past the end. */
function window(s: string, start: number, end: number): string {
  [start, end] = clampRange(s.length, start, end);
  if (start > s.length) {
    throw indexError(
      `basic_string::substr: __pos (which is ${start}) > this->size() (which is ${s.length})`,
    );
  }
  return end - start < 0 ? s.slice(start) : s.slice(start, end);
}

defBytes(`aten::startswith${findArgs} -> bool`, (s: string, sub: string, a: number, b: number) =>
  window(s, a, b).startsWith(sub),
);
defBytes(`aten::endswith${findArgs} -> bool`, (s: string, sub: string, a: number, b: number) =>
  window(s, a, b).endsWith(sub),
);

// ---- padding ----

function fillchar(c: string): string {
  if (c.length !== 1) {
    throw runtimeError('TypeError: The fill character must be exactly one character long');
  }
  return c;
}

defBytes(
  'aten::center(str self, int width, str fillchar=" ") -> str',
  (s: string, width: number, fill: string) => {
    fillchar(fill);
    if (s.length >= width) return s;
    const padding = width - s.length;
    let left = Math.floor(padding / 2);
    let right = Math.floor((padding + 1) / 2);
    // PyTorch puts the odd character on the side Python does by swapping on odd widths.
    if (width % 2 !== 0) [left, right] = [right, left];
    return fill.repeat(left) + s + fill.repeat(right);
  },
);
defBytes(
  'aten::ljust(str self, int width, str fillchar=" ") -> str',
  (s: string, width: number, fill: string) =>
    s + fillchar(fill).repeat(Math.max(0, width - s.length)),
);
defBytes(
  'aten::rjust(str self, int width, str fillchar=" ") -> str',
  (s: string, width: number, fill: string) =>
    fillchar(fill).repeat(Math.max(0, width - s.length)) + s,
);
// zfill pads in front of a sign too: '-42'.zfill(6) is '000-42'.
defBytes(
  'aten::zfill(str self, int width) -> str',
  (s: string, width: number) => '0'.repeat(Math.max(0, width - s.length)) + s,
);
defBytes('aten::expandtabs(str self, int tabsize=8) -> str', (s: string, tabsize: number) => {
  let out = '';
  for (const c of s) {
    if (c !== '\t') out += c;
    else if (tabsize > 0) out += ' '.repeat(tabsize - (out.length % tabsize));
  }
  return out;
});

// ---- indexing, slicing, length ----

/** s[index] on bytes, with std::string::at's error for an index out of range. */
function charAt(s: string, index: number): string {
  const i = index < 0 ? s.length + index : index;
  if (i < 0 || i >= s.length) {
    const shown = i < 0 ? (2n ** 64n + BigInt(i)).toString() : printInt(i);
    throw indexError(
      `basic_string::at: __n (which is ${shown}) >= this->size() (which is ${s.length})`,
    );
  }
  return s[i];
}

defBytes('aten::__getitem__.str(str s, int index) -> str', charAt);
defBytes('prim::StringIndex(str string, int index) -> str', charAt);
defBytes(
  'aten::slice.str(str string, int? start=None, int? end=None, int step=1) -> str',
  (s: string, start: number | null, end: number | null, step: number) =>
    sliceIndices(s.length, start, end, step)
      .map((i) => s[i])
      .join(''),
);
defBytes('aten::len.str(str s) -> int', (s: string) => s.length);
defBytes('aten::list(str t) -> str[]', (s: string) => [...s]);

/**
 * The indices s[start:end:step] takes, by Python's slice rules (PyTorch's
 * slice_indices_adjust): a None bound runs to the end the step points at.
 */
export function sliceIndices(
  length: number,
  start: number | null,
  end: number | null,
  step: number,
): number[] {
  if (step === 0) throw runtimeError('List slice should have non-zero step');
  const back = step < 0;
  const clamp = (v: number): number => {
    if (v < 0) return Math.max(v + length, back ? -1 : 0);
    return v >= length ? (back ? length - 1 : length) : v;
  };
  const from = start === null ? (back ? length - 1 : 0) : clamp(start);
  const to = end === null ? (back ? -1 : length) : clamp(end);
  const out: number[] = [];
  for (let i = from; back ? i > to : i < to; i += step) out.push(i);
  return out;
}

// ---- operators ----

/** std::string's order: by bytes, which for UTF-8 is the order of code points. */
export function compareStrings(a: string, b: string): number {
  if (!/[\ud800-\udfff]/.test(a + b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = bytesOf(a);
  const y = bytesOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

def('aten::add.str(str a, str b) -> str', (a: string, b: string) => a + b);
def('aten::eq.str(str a, str b) -> bool', (a: string, b: string) => a === b);
def('aten::ne.str(str a, str b) -> bool', (a: string, b: string) => a !== b);
def('aten::lt.str(str a, str b) -> bool', (a: string, b: string) => compareStrings(a, b) < 0);
def('aten::le.str(str a, str b) -> bool', (a: string, b: string) => compareStrings(a, b) <= 0);
def('aten::gt.str(str a, str b) -> bool', (a: string, b: string) => compareStrings(a, b) > 0);
def('aten::ge.str(str a, str b) -> bool', (a: string, b: string) => compareStrings(a, b) >= 0);

// ---- str(), format and % ----

defTyped('aten::str(t elem) -> str', (types: ArgTypes, value: unknown) =>
  ivalueStr(value, types.inputs[0]),
);

/** '...{}...'.format(*args): each `{}` takes the next argument; no format specs. */
defTyped(
  'aten::format(str self, ...) -> str',
  (types: ArgTypes, self: string, ...args: unknown[]) => {
    let out = '';
    let begin = 0;
    for (let used = 0; ; used++) {
      const loc = self.indexOf('{}', begin);
      if (loc < 0) return out + self.slice(begin);
      out += self.slice(begin, loc);
      if (used >= args.length) throw runtimeError(`Too few arguments for format string: ${self}`);
      out += ivalueStr(args[used], types.inputs[used + 1]);
      begin = loc + 2;
    }
  },
);

/** 'fmt' % args, with one value or a tuple of them. */
defTyped(
  'aten::percentFormat(str self, ...) -> str',
  (types: ArgTypes, self: string, args: unknown) => {
    const ann = parseAnnotation(types.inputs[1]);
    // A NamedTuple (a class-named type holding a frozen array) spreads like a tuple.
    const isTuple = ann.name === 'Tuple' || (Array.isArray(args) && Object.isFrozen(args));
    const values = isTuple ? (args as unknown[]) : [args];
    const typesOf = isTuple ? ann.args : [ann];
    let out = '';
    let used = 0;
    let begin = 0;
    for (;;) {
      const percent = self.indexOf('%', begin);
      if (percent < 0) break;
      if (percent >= self.length - 1) throw runtimeError('Incomplete format specifier');
      out += self.slice(begin, percent);
      begin = percent + 2;
      const key = self[percent + 1];
      if (key === '%') {
        out += '%';
        continue;
      }
      if (used >= values.length) throw runtimeError('Too few arguments for format string');
      out += formatArg(key, values[used], typesOf[used] ?? untyped);
      used++;
    }
    if (used !== values.length) throw runtimeError('Too many arguments for format string');
    return out + self.slice(begin);
  },
);

const untyped: Annotation = { name: 'Any', args: [] };

/** The name PyTorch's messages give the kind of value an IValue holds (its tag). */
function tagKind(value: unknown, ann: Annotation): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return 'Bool';
  if (typeof value === 'string') return 'String';
  if (value instanceof Tensor) return 'Tensor';
  if (value instanceof Map) return 'GenericDict';
  if (Array.isArray(value)) return Object.isFrozen(value) ? 'Tuple' : 'GenericList';
  if (typeof value === 'bigint') return 'Int';
  if (typeof value === 'number') return numberIsInt(ann) ? 'Int' : 'Double';
  return 'Object';
}

const numberIsInt = (ann: Annotation) =>
  ann.name === 'int' || (ann.name === 'Optional' && ann.args[0].name === 'int');

/** One `%<key>` of percentFormat (PyTorch's addFormattedArg). */
function formatArg(key: string, value: unknown, ann: Annotation): string {
  const tag = tagKind(value, ann);
  const isNumber = tag === 'Int' || tag === 'Double' || tag === 'Bool';
  const requireNumber = () => {
    if (!isNumber) throw runtimeError(`%${key} requires a number for formatting, but got ${tag}`);
    // PyTorch reads a bool here as a double and trips its own assertion.
    if (tag === 'Bool') {
      throw runtimeError(
        'isDouble() INTERNAL ASSERT FAILED at "./aten/src/ATen/core/ivalue.h":523, please report a bug to PyTorch. ',
      );
    }
    return Number(value);
  };
  switch (key) {
    case 'd':
    case 'i': {
      const n = requireNumber();
      return tag === 'Int' ? printInt(n) : String(doubleToInt32(n));
    }
    case 'e':
    case 'E': {
      const text = formatFloat(Math.fround(requireNumber()), '.6e');
      return key === 'E' ? text.toUpperCase() : text;
    }
    case 'f':
    case 'F':
      return formatFloat(Math.fround(requireNumber()), '.6f');
    case 'c':
      return formatChar(value, tag, key);
    case 's':
      return typeof value === 'string' ? value : ivalueStr(value, ann);
    default:
      throw runtimeError(`The specifier %${key} is not supported in TorchScript format strings`);
  }
}

/** static_cast<int>(double) on x86: truncation, and INT_MIN when out of range or NaN. */
function doubleToInt32(d: number): number {
  return d > -(2 ** 31) - 1 && d < 2 ** 31 ? Math.trunc(d) + 0 : -(2 ** 31);
}

function formatChar(value: unknown, tag: string, key: string): string {
  if (tag === 'Int') {
    const byte = Number(value) & 0xff;
    return byte < 0x80 ? String.fromCharCode(byte) : '\ufffd';
  }
  if (typeof value === 'string' && utf8(value).length === 1) return value;
  throw runtimeError(`%${key} requires an int or char for formatting, but got ${tag}`);
}

// Python's float formatting, character for character: repr(x) and format(x, spec) with the whole
// format mini-language ([[fill]align][sign][z][#][0][width][grouping][.precision][type]).
//
// JavaScript's toFixed/toExponential round the exact binary value correctly, except at exact
// decimal ties, which they round away from zero where Python rounds half to even:
// (0.125).toFixed(2) is '0.13', Python's '{:.2f}'.format(0.125) is '0.12'. A tie needs a value
// whose exact decimal expansion ends one digit past the cut with a 5, which is rare and cheap to
// detect, so the JavaScript paths do the common work and ties are redone exactly with BigInt.

import { valueError } from '../errors.js';

/** A positive decimal d.ddd… × 10^exp: `digits` has no sign, no point and a non-zero lead. */
interface Decimal {
  digits: string;
  exp: number;
}

// ---------------------------------------------------------------------------------------------
// Digit generation (for a finite a >= 0)

const bits = new DataView(new ArrayBuffer(8));

/** The exact value of a finite a >= 0 as an integer digit string × 10^exp10. */
function exactDecimal(a: number): { digits: string; exp10: number } {
  bits.setFloat64(0, a);
  const high = bits.getUint32(0);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(bits.getUint32(4));
  let exp2 = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exp2 = biased - 1075;
  }
  if (exp2 >= 0) return { digits: (mantissa << BigInt(exp2)).toString(), exp10: 0 };
  // m × 2^-k = m × 5^k × 10^-k
  return { digits: (mantissa * 5n ** BigInt(-exp2)).toString(), exp10: exp2 };
}

/** The first `keep` digits of `digits`, rounded half to even by the rest; one longer on carry. */
function roundDigits(digits: string, keep: number): string {
  if (keep >= digits.length) return digits.padEnd(keep, '0');
  if (keep < 0) return '';
  const head = digits.slice(0, keep);
  const next = digits.charCodeAt(keep) - 48;
  const restIsZero = /^0*$/.test(digits.slice(keep + 1));
  const lastIsOdd = keep > 0 && (digits.charCodeAt(keep - 1) - 48) % 2 === 1;
  const up = next > 5 || (next === 5 && (!restIsZero || lastIsOdd));
  return up ? increment(head) : head;
}

/** A decimal digit string plus one ('' counts as 0). */
function increment(digits: string): string {
  let i = digits.length - 1;
  while (i >= 0 && digits[i] === '9') i--;
  if (i < 0) return '1' + '0'.repeat(digits.length);
  return (
    digits.slice(0, i) +
    String.fromCharCode(digits.charCodeAt(i) + 1) +
    '0'.repeat(digits.length - i - 1)
  );
}

function parseExponential(text: string): Decimal {
  const e = text.indexOf('e');
  return { digits: text.slice(0, e).replace('.', ''), exp: Number(text.slice(e + 1)) };
}

/** Whether a JS rounding to `text` may have met an exact tie (text exact and ending in 5). */
function mayBeTie(text: string, a: number): boolean {
  const e = text.indexOf('e');
  const mantissaEnd = e < 0 ? text.length : e;
  return text.charCodeAt(mantissaEnd - 1) === 53 /* '5' */ && Number(text) === a;
}

/** The shortest digits that read back as a (Python's repr and JavaScript agree on these). */
function shortestDigits(a: number): Decimal {
  if (a === 0) return { digits: '0', exp: 0 };
  return parseExponential(a.toExponential());
}

/** a rounded half to even to exactly `count` significant digits (count >= 1). */
function significantDigits(a: number, count: number): Decimal {
  if (a === 0) return { digits: '0'.repeat(count), exp: 0 };
  // toExponential takes at most 100 fraction digits; the tie probe needs count of them.
  if (count <= 100 && !mayBeTie(a.toExponential(count), a)) {
    return parseExponential(a.toExponential(count - 1));
  }
  const exact = exactDecimal(a);
  let exp = exact.digits.length - 1 + exact.exp10;
  let digits = roundDigits(exact.digits, count);
  if (digits.length > count) {
    digits = digits.slice(0, count);
    exp++;
  }
  return { digits, exp };
}

/** a rounded half to even to `fraction` digits after the point, as 'ddd.ddd' (no point for 0). */
function fixedText(a: number, fraction: number): string {
  // toFixed switches to exponent notation from 1e21 and takes at most 100 fraction digits.
  if (a < 1e21 && fraction < 100 && !mayBeTie(a.toFixed(fraction + 1), a)) {
    return a.toFixed(fraction);
  }
  const exact = exactDecimal(a);
  const shift = exact.exp10 + fraction;
  const scaled =
    shift >= 0
      ? exact.digits + '0'.repeat(shift)
      : roundDigits(exact.digits, exact.digits.length + shift) || '0';
  const padded = scaled.padStart(fraction + 1, '0');
  const point = padded.length - fraction;
  return fraction === 0 ? padded : `${padded.slice(0, point)}.${padded.slice(point)}`;
}

// ---------------------------------------------------------------------------------------------
// Bodies: the text of |x| in one presentation type, before sign, grouping and padding

function exponentText(exp: number): string {
  return `e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** d.ddd…e±XX, or d[.]e±XX when only one digit. */
function scientific(d: Decimal, forcePoint: boolean): string {
  const rest = d.digits.slice(1);
  const point = rest.length > 0 || forcePoint ? '.' : '';
  return d.digits[0] + point + rest + exponentText(d.exp);
}

/** The digits placed around the decimal point, no exponent. */
function positional(d: Decimal, forcePoint: boolean, addDotZero: boolean): string {
  let whole: string;
  let fraction: string;
  if (d.exp >= 0) {
    const padded = d.digits.padEnd(d.exp + 1, '0');
    whole = padded.slice(0, d.exp + 1);
    fraction = padded.slice(d.exp + 1);
  } else {
    whole = '0';
    fraction = '0'.repeat(-d.exp - 1) + d.digits;
  }
  if (fraction.length > 0) return `${whole}.${fraction}`;
  if (addDotZero) return `${whole}.0`;
  return forcePoint ? `${whole}.` : whole;
}

/** Python's repr: shortest round-trip digits, exponent outside 1e-4 <= |x| < 1e16. */
function reprBody(a: number, alternate = false): string {
  const d = shortestDigits(a);
  return d.exp < -4 || d.exp >= 16 ? scientific(d, alternate) : positional(d, alternate, true);
}

/**
 * '%g': `precision` significant digits, exponent when it is below -4 or reaches the precision
 * (precision - 1 for the no-type form, which also keeps a '.0'); '#' keeps trailing zeros.
 */
function generalBody(a: number, precision: number, alternate: boolean, noType: boolean): string {
  const p = precision === 0 ? 1 : precision;
  const rounded = significantDigits(a, p);
  const digits = alternate ? rounded.digits : rounded.digits.replace(/0+$/, '') || '0';
  const d = { digits, exp: rounded.exp };
  if (d.exp < -4 || d.exp >= (noType ? p - 1 : p)) return scientific(d, alternate);
  return positional(d, alternate, noType && !alternate);
}

function body(a: number, spec: FormatSpec): string {
  if (Number.isNaN(a)) return 'nan';
  if (a === Infinity) return 'inf';
  const { precision, alternate } = spec;
  switch (spec.type) {
    case 'e':
      return scientific(significantDigits(a, (precision ?? 6) + 1), alternate);
    case 'f':
    case '%': {
      const text = fixedText(a, precision ?? 6);
      return alternate && precision === 0 ? `${text}.` : text;
    }
    case 'g':
      return generalBody(a, precision ?? 6, alternate, false);
    default:
      return precision === null
        ? reprBody(a, alternate)
        : generalBody(a, precision, alternate, true);
  }
}

// ---------------------------------------------------------------------------------------------
// Format specs

type Align = '<' | '>' | '=' | '^';

interface FormatSpec {
  fill: string;
  align: Align;
  sign: '+' | '-' | ' ';
  /** 'z': a negative value that rounds to zero prints as zero. */
  zeroNegative: boolean;
  alternate: boolean;
  width: number;
  grouping: '' | ',' | '_';
  precision: number | null;
  /** The presentation type folded to lower case ('n' is 'g' in the C locale); '' for none. */
  type: '' | 'e' | 'f' | 'g' | '%';
  upper: boolean;
}

const specCache = new Map<string, FormatSpec>();

function parseSpec(text: string): FormatSpec {
  let spec = specCache.get(text);
  if (spec === undefined) {
    spec = parseSpecText(text);
    if (specCache.size < 256) specCache.set(text, spec);
  }
  return spec;
}

const isAlign = (c: string | undefined): c is Align =>
  c === '<' || c === '>' || c === '=' || c === '^';

// Follows CPython's parse_internal_render_format_spec, messages included.
function parseSpecText(text: string): FormatSpec {
  let pos = 0;
  let fill: string | null = null;
  let align: Align | null = null;
  if (text.length >= 2 && isAlign(text[1])) {
    fill = text[0];
    align = text[1] as Align;
    pos = 2;
  } else if (isAlign(text[0])) {
    align = text[0];
    pos = 1;
  }
  let sign: FormatSpec['sign'] = '-';
  const signChar = text[pos];
  if (signChar === '+' || signChar === '-' || signChar === ' ') {
    sign = signChar;
    pos++;
  }
  const zeroNegative = text[pos] === 'z' && (pos++, true);
  const alternate = text[pos] === '#' && (pos++, true);
  if (fill === null && text[pos] === '0') {
    fill = '0';
    align ??= '=';
    pos++;
  }
  const width = readNumber();
  let grouping: FormatSpec['grouping'] = '';
  if (text[pos] === ',') grouping = (pos++, ',');
  if (text[pos] === '_') {
    if (grouping !== '') throw valueError("Cannot specify both ',' and '_'.");
    grouping = (pos++, '_');
  }
  if (text[pos] === ',' && grouping === '_') throw valueError("Cannot specify both ',' and '_'.");
  let precision: number | null = null;
  if (text[pos] === '.') {
    pos++;
    precision = readNumber();
    if (precision === null) throw valueError('Format specifier missing precision');
  }
  if (text.length - pos > 1) {
    throw valueError(`Invalid format specifier '${text}' for object of type 'float'`);
  }
  const code = text.slice(pos);
  if (grouping !== '' && !groupingAllowed(code, grouping)) {
    throw valueError(`Cannot specify '${grouping}' with '${code}'.`);
  }
  if (!'efgEFGn%'.includes(code)) {
    throw valueError(`Unknown format code '${code}' for object of type 'float'`);
  }
  const lower = code.toLowerCase();
  return {
    fill: fill ?? ' ',
    align: align ?? '>',
    sign,
    zeroNegative,
    alternate,
    width: width ?? 0,
    grouping,
    precision,
    type: lower === 'n' ? 'g' : (lower as FormatSpec['type']),
    upper: code !== lower,
  };

  function readNumber(): number | null {
    const start = pos;
    while (pos < text.length && text[pos] >= '0' && text[pos] <= '9') pos++;
    return pos === start ? null : Number(text.slice(start, pos));
  }
}

/** CPython checks separators against the type before it knows the value is a float. */
function groupingAllowed(code: string, grouping: string): boolean {
  return 'defgEFG%'.includes(code) || (grouping === '_' && 'boxX'.includes(code));
}

/**
 * Inserts separators every three digits from the right; with a minimum width (sign-aware zero
 * padding) the digits are first padded with zeros, and a separator is never the first character,
 * as CPython's _PyUnicode_InsertThousandsGrouping does ('{:010,.1f}' of 1234.5 is '0,001,234.5').
 */
function groupDigits(digits: string, separator: string, minWidth: number): string {
  const groups: string[] = [];
  let remaining = digits.length;
  let width = minWidth;
  for (;;) {
    const take = Math.min(3, Math.max(remaining, width, 1));
    const chars = Math.max(0, Math.min(remaining, take));
    groups.push('0'.repeat(take - chars) + digits.slice(remaining - chars, remaining));
    remaining -= chars;
    width -= take;
    if (remaining <= 0 && width <= 0) break;
    width -= separator.length;
  }
  return groups.reverse().join(separator);
}

function pad(text: string, spec: FormatSpec, signText: string): string {
  const padding = spec.width - signText.length - text.length;
  if (padding <= 0) return signText + text;
  const fill = spec.fill.repeat(padding);
  switch (spec.align) {
    case '<':
      return signText + text + fill;
    case '=':
      return signText + fill + text;
    case '^': {
      const left = Math.floor(padding / 2);
      return spec.fill.repeat(left) + signText + text + spec.fill.repeat(padding - left);
    }
    default:
      return fill + signText + text;
  }
}

function applySpec(x: number, spec: FormatSpec): string {
  const value = spec.type === '%' ? x * 100 : x;
  let text = body(Math.abs(value), spec);
  if (spec.upper) text = text.toUpperCase();
  if (spec.type === '%') text += '%';
  let negative = value < 0 || Object.is(value, -0);
  if (negative && spec.zeroNegative && Number.isFinite(value)) {
    negative = /[1-9]/.test(text.replace(/e.*$/i, ''));
  }
  const signText = negative ? '-' : spec.sign === '-' ? '' : spec.sign;
  const digitCount = /^\d*/.exec(text)![0].length;
  if (spec.grouping !== '' && digitCount > 0) {
    // Sign-aware zero padding goes inside the grouping: '0,001,234.5'.
    const rest = text.slice(digitCount);
    const zeroPadded = spec.fill === '0' && spec.align === '=';
    const minWidth = zeroPadded ? spec.width - signText.length - rest.length : 0;
    text = groupDigits(text.slice(0, digitCount), spec.grouping, minWidth) + rest;
  }
  return pad(text, spec, signText);
}

// ---------------------------------------------------------------------------------------------
// Exports

/** repr(x) / str(x) for a Python float: '1.0', '0.1', '1e-05', '1e+16', 'inf', '-0.0', 'nan'. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  const text = Number.isFinite(x) ? reprBody(Math.abs(x)) : 'inf';
  return x < 0 || Object.is(x, -0) ? `-${text}` : text;
}

/** format(x, spec) for a Python float, e.g. '.4f', '.4e', '10.4e', 'g', '+,.2f', ''. */
export function formatFloat(x: number, spec: string): string {
  if (spec === '') return pythonFloatRepr(x);
  return applySpec(x, parseSpec(spec));
}

/** '{:.Nf}'.format(x): N digits after the point, ties to even. */
export function formatFixed(x: number, fraction: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const text = fixedText(Math.abs(x), fraction);
  return x < 0 || Object.is(x, -0) ? `-${text}` : text;
}

/** '{:.Ne}'.format(x): N digits after the point of d.ddd, exponent of two or more digits. */
export function formatExponential(x: number, fraction: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const text = scientific(significantDigits(Math.abs(x), fraction + 1), false);
  return x < 0 || Object.is(x, -0) ? `-${text}` : text;
}

function nonFinite(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  return x > 0 ? 'inf' : '-inf';
}

// JSON parsing that keeps Python's int/float distinction: integer literals become bigints (Python
// ints), literals with a '.' or exponent become numbers (Python floats).

const stringToken = /"(?:[^"\\]|\\.)*"/y;
const numberToken = /-?\d+(\.\d+)?([eE][-+]?\d+)?/y;

export function parseJson(text: string): unknown {
  let pos = 0;
  const fail = (): never => {
    throw new SyntaxError(`bad JSON at ${pos}: ${text.slice(pos, pos + 20)}`);
  };
  const space = () => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos])) pos++;
  };
  const match = (re: RegExp): string => {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m === null) fail();
    pos = re.lastIndex;
    return m![0];
  };
  const value = (): unknown => {
    space();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const obj: Record<string, unknown> = {};
      space();
      if (text[pos] === '}') return (pos++, obj);
      for (;;) {
        space();
        const key = value() as string;
        space();
        if (text[pos++] !== ':') fail();
        obj[key] = value();
        space();
        if (text[pos] === ',') pos++;
        else if (text[pos++] === '}') return obj;
        else fail();
      }
    }
    if (c === '[') {
      pos++;
      const arr: unknown[] = [];
      space();
      if (text[pos] === ']') return (pos++, arr);
      for (;;) {
        arr.push(value());
        space();
        if (text[pos] === ',') pos++;
        else if (text[pos++] === ']') return arr;
        else fail();
      }
    }
    if (c === '"') return JSON.parse(match(stringToken));
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, pos)) return ((pos += word.length), v);
    }
    const literal = match(numberToken);
    return /[.eE]/.test(literal) ? Number(literal) : BigInt(literal);
  };
  const v = value();
  space();
  if (pos !== text.length) fail();
  return v;
}

/** JSON text that keeps the distinction parseJson reads: bigints as integers, numbers as floats. */
export function stringifyJson(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'null';
    const text = JSON.stringify(value);
    return /[.eE]/.test(text) ? text : `${text}.0`;
  }
  if (Array.isArray(value)) return `[${value.map(stringifyJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${stringifyJson(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

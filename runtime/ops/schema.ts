// PyTorch function schemas, parsed from the text PyTorch prints:
//   aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor
// Grammar:
//   schema   := qualname ['.' overload] '(' [arg {',' arg}] ')' '->' returns
//   arg      := '*' | '...' | type name ['=' default]
//   returns  := type | '(' [type [name] {',' type [name]}] ')'
//   type     := (base | '(' type {',' type} ')' | 'Dict' '(' type ',' type ')' | 'Future' '(' type ')')
//               [alias] {'[' [N] ']' [alias]} ['?']
//   alias    := '(' set ['!'] ['->' set] ')'

export type BaseType =
  | 'Tensor'
  | 'int'
  | 'SymInt'
  | 'float'
  | 'bool'
  | 'str'
  | 'complex'
  | 'Scalar'
  | 'number'
  | 'ScalarType'
  | 'Layout'
  | 'Device'
  | 'MemoryFormat'
  | 'Generator'
  | 'Dimname'
  | 'Storage'
  | 'Stream'
  | 'Any'
  | 'AnyEnumType'
  | 'AnyClassType'
  | 'Capsule'
  | 'QScheme'
  | 'NoneType'
  | 'ConstQuantizerPtr'
  | 'Await';

export type SchemaType =
  | { readonly kind: 'base'; readonly name: BaseType }
  | { readonly kind: 'var'; readonly name: string }
  | { readonly kind: 'list'; readonly elem: SchemaType; readonly size: number | null }
  | { readonly kind: 'optional'; readonly elem: SchemaType }
  | { readonly kind: 'tuple'; readonly elems: readonly SchemaType[] }
  | { readonly kind: 'dict'; readonly key: SchemaType; readonly value: SchemaType }
  | { readonly kind: 'future' | 'rref'; readonly elem: SchemaType }
  | { readonly kind: 'class'; readonly name: string };

export interface AliasInfo {
  readonly sets: readonly string[];
  readonly isWrite: boolean;
}

export interface Argument {
  readonly name: string;
  readonly type: SchemaType;
  /** The default as written in the schema (`None`, `1`, `[0, 0]`, `"mean"`), or null when required. */
  readonly defaultText: string | null;
  readonly kwargOnly: boolean;
  readonly alias: AliasInfo | null;
}

export interface FunctionSchema {
  /** `aten::add` */
  readonly name: string;
  /** `Tensor`, or '' for the default overload. */
  readonly overload: string;
  readonly args: readonly Argument[];
  readonly returns: readonly Argument[];
  readonly varargs: boolean;
  readonly varret: boolean;
  /** The schema exactly as PyTorch prints it. */
  readonly text: string;
}

export function qualifiedName(s: FunctionSchema): string {
  return s.overload === '' ? s.name : `${s.name}.${s.overload}`;
}

/** Whether the schema writes to one of its arguments (in-place and out= variants). */
export function isMutable(s: FunctionSchema): boolean {
  return s.args.some((a) => a.alias?.isWrite === true);
}

const baseTypes = new Set<string>([
  'Tensor',
  'int',
  'SymInt',
  'float',
  'bool',
  'str',
  'complex',
  'Scalar',
  'number',
  'ScalarType',
  'Layout',
  'Device',
  'MemoryFormat',
  'Generator',
  'Dimname',
  'Storage',
  'Stream',
  'Any',
  'AnyEnumType',
  'AnyClassType',
  'Capsule',
  'QScheme',
  'NoneType',
  'ConstQuantizerPtr',
  'Await',
]);

export function parseSchema(text: string): FunctionSchema {
  return new SchemaParser(text).schema();
}

class SchemaParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  schema(): FunctionSchema {
    const full = this.identifier(true);
    const dot = full.indexOf('.', full.indexOf('::'));
    const name = dot < 0 ? full : full.slice(0, dot);
    const overload = dot < 0 ? '' : full.slice(dot + 1);
    this.expect('(');
    const args: Argument[] = [];
    let kwargOnly = false;
    let varargs = false;
    while (!this.accept(')')) {
      if (args.length > 0 || kwargOnly || varargs) this.expect(',');
      if (this.accept('*')) {
        kwargOnly = true;
      } else if (this.accept('...')) {
        varargs = true;
      } else {
        args.push(this.argument(kwargOnly, true));
      }
    }
    this.expect('->');
    const returns: Argument[] = [];
    let varret = false;
    this.skipSpace();
    if (this.peekTuple()) {
      this.expect('(');
      while (!this.accept(')')) {
        if (returns.length > 0 || varret) this.expect(',');
        if (this.accept('...')) varret = true;
        else returns.push(this.argument(false, false));
      }
    } else if (this.accept('...')) {
      varret = true;
    } else {
      returns.push(this.argument(false, false));
    }
    this.skipSpace();
    if (this.pos !== this.text.length) this.fail('end of schema');
    return { name, overload, args, returns, varargs, varret, text: this.text };
  }

  /** A '(' starting the returns is a tuple of returns unless it is a parenthesised tuple type. */
  private peekTuple(): boolean {
    return this.text[this.pos] === '(';
  }

  private argument(kwargOnly: boolean, named: boolean): Argument {
    const { type, alias } = this.type();
    let name = '';
    this.skipSpace();
    if (named || /[A-Za-z_]/.test(this.text[this.pos] ?? '')) {
      name = this.identifier(false);
    }
    let defaultText: string | null = null;
    if (this.accept('=')) defaultText = this.defaultValue();
    return { name, type, defaultText, kwargOnly, alias };
  }

  private type(): { type: SchemaType; alias: AliasInfo | null } {
    this.skipSpace();
    let type: SchemaType;
    if (this.accept('(')) {
      const elems: SchemaType[] = [];
      while (!this.accept(')')) {
        if (elems.length > 0) this.expect(',');
        elems.push(this.type().type);
      }
      type = { kind: 'tuple', elems };
    } else {
      const name = this.identifier(false);
      if (name === '__torch__') {
        const m = /^(\.[A-Za-z_][A-Za-z0-9_]*)+/.exec(this.text.slice(this.pos))!;
        this.pos += m[0].length;
        type = { kind: 'class', name: name + m[0] };
      } else if (name === 'Dict') {
        this.expect('(');
        const key = this.type().type;
        this.expect(',');
        const value = this.type().type;
        this.expect(')');
        type = { kind: 'dict', key, value };
      } else if (name === 'Future' || name === 'RRef') {
        this.expect('(');
        const elem = this.type().type;
        this.expect(')');
        type = { kind: name === 'Future' ? 'future' : 'rref', elem };
      } else if (baseTypes.has(name)) {
        type = { kind: 'base', name: name as BaseType };
      } else if (/^[a-z][0-9]?$|^tVal$/.test(name)) {
        type = { kind: 'var', name };
      } else {
        this.fail(`a type, got ${name}`);
      }
    }
    let alias = this.alias();
    for (;;) {
      if (this.accept('[')) {
        const m = /^\d+/.exec(this.text.slice(this.pos));
        const size = m === null ? null : Number(m[0]);
        if (m !== null) this.pos += m[0].length;
        this.expect(']');
        type = { kind: 'list', elem: type, size };
        alias = this.alias() ?? alias;
      } else if (this.accept('?')) {
        type = { kind: 'optional', elem: type };
      } else {
        return { type, alias };
      }
    }
  }

  private alias(): AliasInfo | null {
    if (this.text[this.pos] !== '(') return null;
    const end = this.text.indexOf(')', this.pos);
    const body = this.text.slice(this.pos + 1, end);
    if (!/^[a-z*][a-z0-9*|]*!?( -> [a-z*|]+)?$/.test(body)) return null;
    this.pos = end + 1;
    const [before] = body.split(' -> ');
    const isWrite = before.endsWith('!');
    return { sets: before.replace('!', '').split('|'), isWrite };
  }

  private defaultValue(): string {
    const start = this.pos;
    if (this.text[this.pos] === '"') {
      this.pos++;
      while (this.text[this.pos] !== '"') this.pos += this.text[this.pos] === '\\' ? 2 : 1;
      this.pos++;
    } else if (this.text[this.pos] === '[') {
      this.pos = this.text.indexOf(']', this.pos) + 1;
    } else {
      while (this.pos < this.text.length && !',)'.includes(this.text[this.pos])) this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  private identifier(qualified: boolean): string {
    this.skipSpace();
    const re = qualified ? /^[A-Za-z_][A-Za-z0-9_]*::[A-Za-z0-9_.]+/ : /^[A-Za-z_][A-Za-z0-9_]*/;
    const m = re.exec(this.text.slice(this.pos));
    if (m === null) this.fail('an identifier');
    this.pos += m[0].length;
    return m[0];
  }

  private accept(token: string): boolean {
    this.skipSpace();
    if (this.text.startsWith(token, this.pos)) {
      this.pos += token.length;
      return true;
    }
    return false;
  }

  private expect(token: string): void {
    if (!this.accept(token)) this.fail(`'${token}'`);
  }

  private skipSpace(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }

  private fail(what: string): never {
    throw new Error(`schema parse error: expected ${what} at ${this.pos} in ${this.text}`);
  }
}

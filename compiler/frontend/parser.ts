// The parser: tokens to a syntax tree with ranges, by recursive descent over Python's grammar.
// It accepts the Python a module may hold, supported by TorchScript or not; see tree.ts.

import { SyntaxError, TokenKind, tokenize, type Token } from './lexer.js';
import { Source, SourceRange } from './source.js';
import * as T from './tree.js';

export function parseModule(source: Source): T.Module {
  return new Parser(source).module();
}

/** Parses one expression (annotations in strings). */
export function parseExpression(source: Source): T.Expr {
  return new Parser(source).expressionOnly();
}

/** The types of a `(int, str) -> Tensor` signature starting at offset `from` of `source`. */
export function parseTypeSignature(
  source: Source,
  from: number,
): { params: T.Expr[]; returns: T.Expr | null } {
  return new Parser(source, from).typeSignature();
}

const layoutTokens = new Set([
  TokenKind.Newline,
  TokenKind.Indent,
  TokenKind.Dedent,
  TokenKind.EOF,
  TokenKind.TypeComment,
]);
const augmented = new Set([
  '+=',
  '-=',
  '*=',
  '/=',
  '//=',
  '%=',
  '**=',
  '@=',
  '<<=',
  '>>=',
  '&=',
  '|=',
  '^=',
]);
const compareOps = new Set(['==', '!=', '<', '<=', '>', '>=']);

class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(
    private readonly source: Source,
    from = 0,
    to = source.text.length,
  ) {
    this.tokens = tokenize(source, from, to);
  }

  // ---- token helpers ----

  private get tok(): Token {
    return this.tokens[this.index];
  }

  private peek(offset = 1): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
  }

  private isOp(value: string, t: Token = this.tok): boolean {
    return t.kind === TokenKind.Op && t.value === value;
  }

  private isKeyword(value: string, t: Token = this.tok): boolean {
    return t.kind === TokenKind.Name && t.value === value;
  }

  private next(): Token {
    const t = this.tok;
    if (t.kind !== TokenKind.EOF) this.index++;
    return t;
  }

  private acceptOp(value: string): Token | null {
    return this.isOp(value) ? this.next() : null;
  }

  private acceptKeyword(value: string): Token | null {
    return this.isKeyword(value) ? this.next() : null;
  }

  private expectOp(value: string): Token {
    if (!this.isOp(value)) this.fail(`expected '${value}'`);
    return this.next();
  }

  private expectKeyword(value: string): Token {
    if (!this.isKeyword(value)) this.fail(`expected '${value}'`);
    return this.next();
  }

  private expectName(): Token {
    if (this.tok.kind !== TokenKind.Name || keywords.has(this.tok.value))
      this.fail('invalid syntax');
    return this.next();
  }

  private fail(message: string, at: Token = this.tok): never {
    throw new SyntaxError(
      message === 'invalid syntax' ? message : `invalid syntax (${message})`,
      at.range,
    );
  }

  private span(start: SourceRange, end: SourceRange): SourceRange {
    return new SourceRange(this.source, start.start, end.end);
  }

  /** The last real token consumed: layout tokens (newlines, dedents) do not extend a range. */
  private lastEnd(): SourceRange {
    let i = this.index - 1;
    while (i > 0 && layoutTokens.has(this.tokens[i].kind)) i--;
    return this.tokens[i].range;
  }

  // ---- module and statements ----

  module(): T.Module {
    const body: T.Stmt[] = [];
    while (this.tok.kind !== TokenKind.EOF) {
      if (this.tok.kind === TokenKind.Newline) {
        this.next();
        continue;
      }
      body.push(...this.statement());
    }
    return { body };
  }

  typeSignature(): { params: T.Expr[]; returns: T.Expr | null } {
    this.expectOp('(');
    const params: T.Expr[] = [];
    while (!this.isOp(')')) {
      params.push(this.test());
      if (!this.acceptOp(',')) break;
    }
    this.expectOp(')');
    const returns = this.acceptOp('->') === null ? null : this.test();
    while (this.tok.kind === TokenKind.Newline) this.next();
    if (this.tok.kind !== TokenKind.EOF) this.fail('invalid syntax');
    return { params, returns };
  }

  expressionOnly(): T.Expr {
    const e = this.testList();
    while (this.tok.kind === TokenKind.Newline) this.next();
    if (this.tok.kind !== TokenKind.EOF) this.fail('invalid syntax');
    return e;
  }

  private statement(): T.Stmt[] {
    const t = this.tok;
    if (this.isOp('@')) return [this.decorated()];
    if (t.kind === TokenKind.Name) {
      switch (t.value) {
        case 'def':
          return [this.functionDef([], null)];
        case 'class':
          return [this.classDef([])];
        case 'if':
          return [this.ifStmt()];
        case 'while':
          return [this.whileStmt()];
        case 'for':
          return [this.forStmt(null)];
        case 'try':
          return [this.tryStmt()];
        case 'with':
          return [this.withStmt(null)];
        case 'async': {
          const start = this.next();
          if (this.isKeyword('def')) return [this.functionDef([], start)];
          if (this.isKeyword('for')) return [this.forStmt(start)];
          if (this.isKeyword('with')) return [this.withStmt(start)];
          this.fail('invalid syntax');
        }
      }
    }
    return this.simpleStatements();
  }

  private simpleStatements(): T.Stmt[] {
    const out = [this.smallStatement()];
    while (this.acceptOp(';')) {
      if (this.tok.kind === TokenKind.Newline) break;
      out.push(this.smallStatement());
    }
    if (this.tok.kind === TokenKind.TypeComment) {
      const comment = this.next().value;
      const last = out[out.length - 1];
      if (last.kind === 'Assign') out[out.length - 1] = { ...last, typeComment: comment };
    }
    if (this.tok.kind !== TokenKind.EOF && this.tok.kind !== TokenKind.Dedent) {
      if (this.tok.kind !== TokenKind.Newline) this.fail('invalid syntax');
      this.next();
    }
    return out;
  }

  private smallStatement(): T.Stmt {
    const t = this.tok;
    const simple = (kind: 'Pass' | 'Break' | 'Continue'): T.Stmt => ({
      kind,
      range: this.next().range,
    });
    if (t.kind === TokenKind.Name) {
      switch (t.value) {
        case 'pass':
          return simple('Pass');
        case 'break':
          return simple('Break');
        case 'continue':
          return simple('Continue');
        case 'return': {
          this.next();
          const value = this.atStatementEnd() ? null : this.testListStarred();
          return { kind: 'Return', value, range: this.span(t.range, this.lastEnd()) };
        }
        case 'raise': {
          this.next();
          const exc = this.atStatementEnd() ? null : this.test();
          const cause = exc !== null && this.acceptKeyword('from') ? this.test() : null;
          return { kind: 'Raise', exc, cause, range: this.span(t.range, this.lastEnd()) };
        }
        case 'assert': {
          this.next();
          const test = this.test();
          const msg = this.acceptOp(',') ? this.test() : null;
          return { kind: 'Assert', test, msg, range: this.span(t.range, this.lastEnd()) };
        }
        case 'del': {
          this.next();
          const targets = [this.expr()];
          while (this.acceptOp(',') && !this.atStatementEnd()) targets.push(this.expr());
          return { kind: 'Delete', targets, range: this.span(t.range, this.lastEnd()) };
        }
        case 'global':
        case 'nonlocal': {
          this.next();
          const names = [this.expectName().value];
          while (this.acceptOp(',')) names.push(this.expectName().value);
          const kind = t.value === 'global' ? 'Global' : 'Nonlocal';
          return { kind, names, range: this.span(t.range, this.lastEnd()) };
        }
        case 'import':
          return this.importStmt();
        case 'from':
          return this.importFrom();
      }
    }
    return this.expressionStatement();
  }

  private atStatementEnd(): boolean {
    const t = this.tok;
    return (
      t.kind === TokenKind.Newline ||
      t.kind === TokenKind.EOF ||
      t.kind === TokenKind.Dedent ||
      t.kind === TokenKind.TypeComment ||
      this.isOp(';')
    );
  }

  private expressionStatement(): T.Stmt {
    const first = this.yieldOrTestList();
    if (this.isOp(':')) {
      this.next();
      const annotation = this.test();
      const value = this.acceptOp('=') ? this.yieldOrTestList() : null;
      return {
        kind: 'AnnAssign',
        target: first,
        annotation,
        value,
        range: this.span(first.range, this.lastEnd()),
      };
    }
    if (this.tok.kind === TokenKind.Op && augmented.has(this.tok.value)) {
      const op = this.next().value.slice(0, -1) as T.BinaryOperator;
      const value = this.yieldOrTestList();
      return {
        kind: 'AugAssign',
        target: first,
        op,
        value,
        range: this.span(first.range, value.range),
      };
    }
    if (this.isOp('=')) {
      const targets = [first];
      let value: T.Expr = first;
      while (this.acceptOp('=')) {
        value = this.yieldOrTestList();
        targets.push(value);
      }
      targets.pop();
      return {
        kind: 'Assign',
        targets,
        value,
        typeComment: null,
        range: this.span(first.range, value.range),
      };
    }
    return { kind: 'Expr', value: first, range: first.range };
  }

  private yieldOrTestList(): T.Expr {
    return this.isKeyword('yield') ? this.yieldExpr() : this.testListStarred();
  }

  private importStmt(): T.Stmt {
    const start = this.next();
    const names = [this.alias(true)];
    while (this.acceptOp(',')) names.push(this.alias(true));
    return { kind: 'Import', names, range: this.span(start.range, this.lastEnd()) };
  }

  private importFrom(): T.Stmt {
    const start = this.next();
    let level = 0;
    for (;;) {
      if (this.acceptOp('.')) level++;
      else if (this.acceptOp('...')) level += 3;
      else break;
    }
    const module = this.isKeyword('import') ? '' : this.dottedName();
    this.expectKeyword('import');
    const names: T.Alias[] = [];
    if (this.acceptOp('*')) {
      names.push({ name: '*', asname: null });
    } else {
      const paren = this.acceptOp('(');
      names.push(this.alias(false));
      while (this.acceptOp(',')) {
        if (paren && this.isOp(')')) break;
        names.push(this.alias(false));
      }
      if (paren) this.expectOp(')');
    }
    return {
      kind: 'ImportFrom',
      module,
      names,
      level,
      range: this.span(start.range, this.lastEnd()),
    };
  }

  private alias(dotted: boolean): T.Alias {
    const name = dotted ? this.dottedName() : this.expectName().value;
    const asname = this.acceptKeyword('as') ? this.expectName().value : null;
    return { name, asname };
  }

  private dottedName(): string {
    let name = this.expectName().value;
    while (this.acceptOp('.')) name += '.' + this.expectName().value;
    return name;
  }

  /** `: suite`. A `# type:` comment on the header line or first body line goes to `onTypeComment`. */
  private block(onTypeComment: (comment: string) => void = () => {}): T.Stmt[] {
    this.expectOp(':');
    if (this.tok.kind === TokenKind.TypeComment) onTypeComment(this.next().value);
    if (this.tok.kind !== TokenKind.Newline) return this.simpleStatements();
    while (this.tok.kind === TokenKind.Newline || this.tok.kind === TokenKind.TypeComment) {
      const t = this.next();
      if (t.kind === TokenKind.TypeComment) onTypeComment(t.value);
    }
    if (this.tok.kind !== TokenKind.Indent) this.fail('expected an indented block');
    this.next();
    const body: T.Stmt[] = [];
    while (this.tok.kind !== TokenKind.Dedent && this.tok.kind !== TokenKind.EOF) {
      if (this.tok.kind === TokenKind.Newline || this.tok.kind === TokenKind.TypeComment) {
        this.next();
        continue;
      }
      body.push(...this.statement());
    }
    if (this.tok.kind === TokenKind.Dedent) this.next();
    return body;
  }

  private decorated(): T.Stmt {
    const decorators: T.Expr[] = [];
    while (this.acceptOp('@')) {
      decorators.push(this.namedExprTest());
      if (this.tok.kind !== TokenKind.Newline) this.fail('invalid syntax');
      this.next();
    }
    if (this.isKeyword('def')) return this.functionDef(decorators, null);
    if (this.isKeyword('class')) return this.classDef(decorators);
    if (this.isKeyword('async')) return this.functionDef(decorators, this.next());
    this.fail('invalid syntax');
  }

  private functionDef(decorators: T.Expr[], asyncToken: Token | null): T.FunctionDef {
    const start = this.expectKeyword('def');
    const name = this.expectName();
    this.expectOp('(');
    const args = this.parameters(')', true);
    this.expectOp(')');
    const returns = this.acceptOp('->') ? this.test() : null;
    let typeComment: string | null = null;
    const body = this.block((c) => (typeComment ??= c));
    const rangeStart = asyncToken?.range ?? start.range;
    return {
      kind: 'FunctionDef',
      name: name.value,
      nameRange: name.range,
      args,
      body,
      decorators,
      returns,
      typeComment,
      isAsync: asyncToken !== null,
      range: this.span(rangeStart, this.lastEnd()),
    };
  }

  /** Parameters of a def (annotations allowed) or a lambda (none), up to `close`. */
  private parameters(close: string, annotated: boolean): T.Arguments {
    const posonly: T.Arg[] = [];
    const args: T.Arg[] = [];
    const kwonly: T.Arg[] = [];
    const defaults: T.Expr[] = [];
    const kwDefaults: (T.Expr | null)[] = [];
    let vararg: T.Arg | null = null;
    let kwarg: T.Arg | null = null;
    let keywordOnly = false;
    while (!this.isOp(close)) {
      if (this.acceptOp('/')) {
        posonly.push(...args.splice(0));
      } else if (this.acceptOp('**')) {
        kwarg = this.parameter(annotated);
      } else if (this.acceptOp('*')) {
        keywordOnly = true;
        if (!this.isOp(',') && !this.isOp(close)) vararg = this.parameter(annotated);
      } else {
        const arg = this.parameter(annotated);
        const def = this.acceptOp('=') ? this.test() : null;
        if (keywordOnly) {
          kwonly.push(arg);
          kwDefaults.push(def);
        } else {
          args.push(arg);
          if (def !== null) defaults.push(def);
          else if (defaults.length > 0) this.fail('non-default argument follows default argument');
        }
      }
      if (!this.acceptOp(',')) break;
    }
    return { posonly, args, vararg, kwonly, defaults, kwDefaults, kwarg };
  }

  private parameter(annotated: boolean): T.Arg {
    const name = this.expectName();
    const annotation = annotated && this.acceptOp(':') ? this.test() : null;
    return { name: name.value, annotation, range: this.span(name.range, this.lastEnd()) };
  }

  private classDef(decorators: T.Expr[]): T.ClassDef {
    const start = this.expectKeyword('class');
    const name = this.expectName();
    let bases: T.Expr[] = [];
    let keywords: T.Keyword[] = [];
    if (this.acceptOp('(')) {
      ({ args: bases, keywords } = this.callArguments());
      this.expectOp(')');
    }
    const body = this.block();
    return {
      kind: 'ClassDef',
      name: name.value,
      bases,
      keywords,
      body,
      decorators,
      range: this.span(start.range, this.lastEnd()),
    };
  }

  private ifStmt(): T.If {
    const start = this.next(); // 'if' or 'elif'
    const test = this.namedExprTest();
    const body = this.block();
    let orelse: T.Stmt[] = [];
    if (this.isKeyword('elif')) orelse = [this.ifStmt()];
    else if (this.acceptKeyword('else')) orelse = this.block();
    return { kind: 'If', test, body, orelse, range: this.span(start.range, this.lastEnd()) };
  }

  private whileStmt(): T.While {
    const start = this.next();
    const test = this.namedExprTest();
    const body = this.block();
    const orelse = this.acceptKeyword('else') ? this.block() : [];
    return { kind: 'While', test, body, orelse, range: this.span(start.range, this.lastEnd()) };
  }

  private forStmt(asyncToken: Token | null): T.For {
    const start = this.expectKeyword('for');
    const target = this.targetList();
    this.expectKeyword('in');
    const iter = this.testListStarred();
    const body = this.block();
    const orelse = this.acceptKeyword('else') ? this.block() : [];
    return {
      kind: 'For',
      target,
      iter,
      body,
      orelse,
      isAsync: asyncToken !== null,
      range: this.span((asyncToken ?? start).range, this.lastEnd()),
    };
  }

  private tryStmt(): T.Try {
    const start = this.next();
    const body = this.block();
    const handlers: T.ExceptHandler[] = [];
    while (this.isKeyword('except')) {
      const h = this.next();
      this.acceptOp('*');
      const type = this.isOp(':') ? null : this.test();
      const name = type !== null && this.acceptKeyword('as') ? this.expectName().value : null;
      const hbody = this.block();
      handlers.push({ type, name, body: hbody, range: this.span(h.range, this.lastEnd()) });
    }
    const orelse = this.acceptKeyword('else') ? this.block() : [];
    const finalbody = this.acceptKeyword('finally') ? this.block() : [];
    return {
      kind: 'Try',
      body,
      handlers,
      orelse,
      finalbody,
      range: this.span(start.range, this.lastEnd()),
    };
  }

  private withStmt(asyncToken: Token | null): T.With {
    const start = this.expectKeyword('with');
    const items: T.WithItem[] = [];
    const paren = this.isOp('(') && this.parenthesisedWithItems();
    if (paren) this.next();
    do {
      if (paren && this.isOp(')')) break;
      const context = this.test();
      const target = this.acceptKeyword('as') ? this.expr() : null;
      items.push({ context, target });
    } while (this.acceptOp(','));
    if (paren) this.expectOp(')');
    const body = this.block();
    return {
      kind: 'With',
      items,
      body,
      isAsync: asyncToken !== null,
      range: this.span((asyncToken ?? start).range, this.lastEnd()),
    };
  }

  /** `with (a as b, c):` versus `with (a, b) as c:`: look for `as` inside the parentheses. */
  private parenthesisedWithItems(): boolean {
    let depth = 0;
    for (let i = this.index; i < this.tokens.length; i++) {
      const t = this.tokens[i];
      if (t.kind === TokenKind.Op && '([{'.includes(t.value)) depth++;
      else if (t.kind === TokenKind.Op && ')]}'.includes(t.value)) {
        depth--;
        if (depth === 0) return this.isOp(':', this.tokens[i + 1]);
      } else if (depth === 1 && this.isKeyword('as', t)) return true;
    }
    return false;
  }

  // ---- expressions ----

  private targetList(): T.Expr {
    const first = this.starOrExpr();
    if (!this.isOp(',')) return first;
    const elts = [first];
    while (this.acceptOp(',')) {
      if (this.isKeyword('in') || this.isOp('=')) break;
      elts.push(this.starOrExpr());
    }
    return { kind: 'Tuple', elts, range: this.span(first.range, this.lastEnd()) };
  }

  private starOrExpr(): T.Expr {
    const star = this.acceptOp('*');
    const value = this.expr();
    return star ? { kind: 'Starred', value, range: this.span(star.range, value.range) } : value;
  }

  /** `a, *b, c` as a tuple, or one expression. */
  private testListStarred(): T.Expr {
    const first = this.testOrStarred();
    if (!this.isOp(',')) return first;
    const elts = [first];
    while (this.acceptOp(',')) {
      if (
        this.atStatementEnd() ||
        this.isOp('=') ||
        this.isOp(')') ||
        augmented.has(this.tok.value) ||
        this.isOp(':')
      )
        break;
      elts.push(this.testOrStarred());
    }
    return { kind: 'Tuple', elts, range: this.span(first.range, this.lastEnd()) };
  }

  private testList(): T.Expr {
    return this.testListStarred();
  }

  private testOrStarred(): T.Expr {
    if (this.isOp('*')) {
      const star = this.next();
      const value = this.expr();
      return { kind: 'Starred', value, range: this.span(star.range, value.range) };
    }
    return this.namedExprTest();
  }

  private namedExprTest(): T.Expr {
    if (this.tok.kind === TokenKind.Name && this.isOp(':=', this.peek())) {
      const name = this.next();
      this.next();
      const value = this.test();
      const target: T.Name = { kind: 'Name', id: name.value, range: name.range };
      return { kind: 'NamedExpr', target, value, range: this.span(name.range, value.range) };
    }
    return this.test();
  }

  private test(): T.Expr {
    if (this.isKeyword('lambda')) return this.lambda();
    const body = this.orTest();
    if (this.isKeyword('if')) {
      this.next();
      const test = this.orTest();
      this.expectKeyword('else');
      const orelse = this.test();
      return { kind: 'IfExp', test, body, orelse, range: this.span(body.range, orelse.range) };
    }
    return body;
  }

  private testNoCond(): T.Expr {
    return this.isKeyword('lambda') ? this.lambda() : this.orTest();
  }

  private lambda(): T.Expr {
    const start = this.next();
    const args = this.parameters(':', false);
    this.expectOp(':');
    const body = this.test();
    return { kind: 'Lambda', args, body, range: this.span(start.range, body.range) };
  }

  private orTest(): T.Expr {
    return this.boolOp('or', () => this.andTest());
  }

  private andTest(): T.Expr {
    return this.boolOp('and', () => this.notTest());
  }

  private boolOp(op: 'and' | 'or', operand: () => T.Expr): T.Expr {
    const first = operand();
    if (!this.isKeyword(op)) return first;
    const values = [first];
    while (this.acceptKeyword(op)) values.push(operand());
    return {
      kind: 'BoolOp',
      op,
      values,
      range: this.span(first.range, values[values.length - 1].range),
    };
  }

  private notTest(): T.Expr {
    if (this.isKeyword('not')) {
      const start = this.next();
      const operand = this.notTest();
      return { kind: 'UnaryOp', op: 'not', operand, range: this.span(start.range, operand.range) };
    }
    return this.comparison();
  }

  private comparison(): T.Expr {
    const left = this.expr();
    const ops: T.CompareOperator[] = [];
    const comparators: T.Expr[] = [];
    for (;;) {
      let op: T.CompareOperator | null = null;
      if (this.tok.kind === TokenKind.Op && compareOps.has(this.tok.value))
        op = this.next().value as T.CompareOperator;
      else if (this.isKeyword('in')) {
        this.next();
        op = 'in';
      } else if (this.isKeyword('not') && this.isKeyword('in', this.peek())) {
        this.next();
        this.next();
        op = 'not in';
      } else if (this.isKeyword('is')) {
        this.next();
        op = this.acceptKeyword('not') ? 'is not' : 'is';
      }
      if (op === null) break;
      ops.push(op);
      comparators.push(this.expr());
    }
    if (ops.length === 0) return left;
    return {
      kind: 'Compare',
      left,
      ops,
      comparators,
      range: this.span(left.range, comparators[comparators.length - 1].range),
    };
  }

  private binary(ops: readonly string[], operand: () => T.Expr): T.Expr {
    let left = operand();
    while (this.tok.kind === TokenKind.Op && ops.includes(this.tok.value)) {
      const op = this.next().value as T.BinaryOperator;
      const right = operand();
      left = { kind: 'BinOp', op, left, right, range: this.span(left.range, right.range) };
    }
    return left;
  }

  private expr(): T.Expr {
    return this.binary(['|'], () =>
      this.binary(['^'], () =>
        this.binary(['&'], () =>
          this.binary(['<<', '>>'], () =>
            this.binary(['+', '-'], () =>
              this.binary(['*', '@', '/', '//', '%'], () => this.factor()),
            ),
          ),
        ),
      ),
    );
  }

  private factor(): T.Expr {
    if (this.isOp('-') || this.isOp('+') || this.isOp('~')) {
      const start = this.next();
      const operand = this.factor();
      return {
        kind: 'UnaryOp',
        op: start.value as T.UnaryOperator,
        operand,
        range: this.span(start.range, operand.range),
      };
    }
    return this.power();
  }

  private power(): T.Expr {
    let base: T.Expr;
    if (this.isKeyword('await')) {
      const start = this.next();
      const value = this.primary();
      base = { kind: 'Await', value, range: this.span(start.range, value.range) };
    } else {
      base = this.primary();
    }
    if (this.acceptOp('**')) {
      const exponent = this.factor();
      return {
        kind: 'BinOp',
        op: '**',
        left: base,
        right: exponent,
        range: this.span(base.range, exponent.range),
      };
    }
    return base;
  }

  private primary(): T.Expr {
    let e = this.atom();
    for (;;) {
      if (this.acceptOp('.')) {
        const name = this.expectName();
        e = {
          kind: 'Attribute',
          value: e,
          attr: name.value,
          attrRange: name.range,
          range: this.span(e.range, name.range),
        };
      } else if (this.isOp('(')) {
        this.next();
        const { args, keywords } = this.callArguments();
        const close = this.expectOp(')');
        e = { kind: 'Call', func: e, args, keywords, range: this.span(e.range, close.range) };
      } else if (this.isOp('[')) {
        this.next();
        const slice = this.subscriptList();
        const close = this.expectOp(']');
        e = { kind: 'Subscript', value: e, slice, range: this.span(e.range, close.range) };
      } else {
        return e;
      }
    }
  }

  private callArguments(): { args: T.Expr[]; keywords: T.Keyword[] } {
    const args: T.Expr[] = [];
    const keywords: T.Keyword[] = [];
    while (!this.isOp(')')) {
      if (this.isOp('**')) {
        const start = this.next();
        const value = this.test();
        keywords.push({ arg: null, value, range: this.span(start.range, value.range) });
      } else if (this.isOp('*')) {
        const start = this.next();
        const value = this.test();
        args.push({ kind: 'Starred', value, range: this.span(start.range, value.range) });
      } else if (this.tok.kind === TokenKind.Name && this.isOp('=', this.peek())) {
        const name = this.next();
        this.next();
        const value = this.test();
        keywords.push({ arg: name.value, value, range: this.span(name.range, value.range) });
      } else {
        const value = this.namedExprTest();
        if (this.isKeyword('for') || this.isKeyword('async')) {
          const generators = this.comprehensions();
          args.push({
            kind: 'GeneratorExp',
            elt: value,
            generators,
            range: this.span(value.range, this.lastEnd()),
          });
        } else {
          args.push(value);
        }
      }
      if (!this.acceptOp(',')) break;
    }
    return { args, keywords };
  }

  private subscriptList(): T.Expr {
    const first = this.subscript();
    if (!this.isOp(',')) return first;
    const elts = [first];
    while (this.acceptOp(',')) {
      if (this.isOp(']')) break;
      elts.push(this.subscript());
    }
    return { kind: 'Tuple', elts, range: this.span(first.range, this.lastEnd()) };
  }

  private subscript(): T.Expr {
    const start = this.tok.range;
    const lower = this.isOp(':')
      ? null
      : this.isOp('*')
        ? this.testOrStarred()
        : this.namedExprTest();
    if (!this.isOp(':')) return lower!;
    this.next();
    const upper = this.isOp(':') || this.isOp(']') || this.isOp(',') ? null : this.test();
    let step: T.Expr | null = null;
    if (this.acceptOp(':')) step = this.isOp(']') || this.isOp(',') ? null : this.test();
    return { kind: 'Slice', lower, upper, step, range: this.span(start, this.lastEnd()) };
  }

  private atom(): T.Expr {
    const t = this.tok;
    switch (t.kind) {
      case TokenKind.Int:
        this.next();
        return { kind: 'Constant', value: BigInt(t.value), range: t.range };
      case TokenKind.Float:
        this.next();
        return { kind: 'Constant', value: Number(t.value), range: t.range };
      case TokenKind.String:
        return this.strings();
      case TokenKind.Name:
        return this.nameAtom();
      case TokenKind.Op:
        if (t.value === '(') return this.parenthesised();
        if (t.value === '[') return this.listDisplay();
        if (t.value === '{') return this.dictOrSetDisplay();
        if (t.value === '...') {
          this.next();
          return { kind: 'Constant', value: T.Ellipsis, range: t.range };
        }
    }
    this.fail('invalid syntax');
  }

  private nameAtom(): T.Expr {
    const t = this.tok;
    const constants: Record<string, T.Constant['value']> = { None: null, True: true, False: false };
    if (t.value in constants) {
      this.next();
      return { kind: 'Constant', value: constants[t.value], range: t.range };
    }
    if (t.value === 'yield') this.fail('invalid syntax');
    if (keywords.has(t.value)) this.fail('invalid syntax');
    this.next();
    return { kind: 'Name', id: t.value, range: t.range };
  }

  private yieldExpr(): T.Expr {
    const start = this.next();
    if (this.acceptKeyword('from')) {
      const value = this.test();
      return { kind: 'YieldFrom', value, range: this.span(start.range, value.range) };
    }
    const value = this.atStatementEnd() || this.isOp(')') ? null : this.testListStarred();
    return { kind: 'Yield', value, range: this.span(start.range, value?.range ?? start.range) };
  }

  /** Adjacent string literals concatenate; f-strings become JoinedStr. */
  private strings(): T.Expr {
    const first = this.tok;
    const parts: (string | T.FormattedValue)[] = [];
    let isBytes = false;
    let formatted = false;
    while (this.tok.kind === TokenKind.String) {
      const t = this.next();
      const prefix = t.prefix ?? '';
      isBytes ||= prefix.includes('b');
      if (prefix.includes('f')) {
        formatted = true;
        parts.push(...this.fstringParts(t));
      } else {
        parts.push(t.value);
      }
    }
    const range = this.span(first.range, this.lastEnd());
    if (!formatted) return { kind: 'Constant', value: parts.join(''), isBytes, range };
    return { kind: 'JoinedStr', parts, range };
  }

  private fstringParts(t: Token): (string | T.FormattedValue)[] {
    const text = t.value;
    const parts: (string | T.FormattedValue)[] = [];
    let literal = '';
    let i = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '{' && text[i + 1] === '{') {
        literal += '{';
        i += 2;
      } else if (c === '}' && text[i + 1] === '}') {
        literal += '}';
        i += 2;
      } else if (c === '{') {
        if (literal) parts.push(literal);
        literal = '';
        let depth = 1;
        let j = i + 1;
        while (j < text.length && depth > 0) {
          if ('([{'.includes(text[j])) depth++;
          else if (')]}'.includes(text[j])) depth--;
          if (depth > 0) j++;
        }
        const inner = text.slice(i + 1, j);
        const m = /^(.*?)(?:!([rsa]))?(?::([^}]*))?$/s.exec(inner)!;
        const from = t.offsets![i + 1];
        const value = new Parser(this.source, from, from + m[1].length).expressionOnly();
        parts.push({
          kind: 'FormattedValue',
          value,
          conversion: m[2] ?? null,
          formatSpec: m[3] ?? null,
          range: t.range,
        });
        i = j + 1;
      } else {
        literal += c;
        i++;
      }
    }
    if (literal) parts.push(literal);
    return parts;
  }

  private parenthesised(): T.Expr {
    const open = this.next();
    if (this.isOp(')')) {
      const close = this.next();
      return { kind: 'Tuple', elts: [], range: this.span(open.range, close.range) };
    }
    if (this.isKeyword('yield')) {
      const y = this.yieldExpr();
      this.expectOp(')');
      return y;
    }
    const first = this.testOrStarred();
    if (this.isKeyword('for') || this.isKeyword('async')) {
      const generators = this.comprehensions();
      const close = this.expectOp(')');
      return {
        kind: 'GeneratorExp',
        elt: first,
        generators,
        range: this.span(open.range, close.range),
      };
    }
    if (this.acceptOp(')')) {
      // A parenthesised expression keeps its own range, as Python's ast does.
      return first;
    }
    const elts = [first];
    while (this.acceptOp(',')) {
      if (this.isOp(')')) break;
      elts.push(this.testOrStarred());
    }
    const close = this.expectOp(')');
    return { kind: 'Tuple', elts, range: this.span(open.range, close.range) };
  }

  private listDisplay(): T.Expr {
    const open = this.next();
    const elts: T.Expr[] = [];
    if (!this.isOp(']')) {
      const first = this.testOrStarred();
      if (this.isKeyword('for') || this.isKeyword('async')) {
        const generators = this.comprehensions();
        const close = this.expectOp(']');
        return {
          kind: 'ListComp',
          elt: first,
          generators,
          range: this.span(open.range, close.range),
        };
      }
      elts.push(first);
      while (this.acceptOp(',')) {
        if (this.isOp(']')) break;
        elts.push(this.testOrStarred());
      }
    }
    const close = this.expectOp(']');
    return { kind: 'List', elts, range: this.span(open.range, close.range) };
  }

  private dictOrSetDisplay(): T.Expr {
    const open = this.next();
    if (this.isOp('}')) {
      const close = this.next();
      return { kind: 'Dict', keys: [], values: [], range: this.span(open.range, close.range) };
    }
    if (this.acceptOp('**')) return this.dictRest(open, null, this.expr());
    const first = this.testOrStarred();
    if (this.acceptOp(':')) {
      const value = this.test();
      if (this.isKeyword('for') || this.isKeyword('async')) {
        const generators = this.comprehensions();
        const close = this.expectOp('}');
        return {
          kind: 'DictComp',
          key: first,
          value,
          generators,
          range: this.span(open.range, close.range),
        };
      }
      return this.dictRest(open, first, value);
    }
    if (this.isKeyword('for') || this.isKeyword('async')) {
      const generators = this.comprehensions();
      const close = this.expectOp('}');
      return { kind: 'SetComp', elt: first, generators, range: this.span(open.range, close.range) };
    }
    const elts = [first];
    while (this.acceptOp(',')) {
      if (this.isOp('}')) break;
      elts.push(this.testOrStarred());
    }
    const close = this.expectOp('}');
    return { kind: 'Set', elts, range: this.span(open.range, close.range) };
  }

  private dictRest(open: Token, firstKey: T.Expr | null, firstValue: T.Expr): T.Expr {
    const keys: (T.Expr | null)[] = [firstKey];
    const values: T.Expr[] = [firstValue];
    while (this.acceptOp(',')) {
      if (this.isOp('}')) break;
      if (this.acceptOp('**')) {
        keys.push(null);
        values.push(this.expr());
      } else {
        keys.push(this.test());
        this.expectOp(':');
        values.push(this.test());
      }
    }
    const close = this.expectOp('}');
    return { kind: 'Dict', keys, values, range: this.span(open.range, close.range) };
  }

  private comprehensions(): T.Comprehension[] {
    const out: T.Comprehension[] = [];
    while (this.isKeyword('for') || this.isKeyword('async')) {
      const isAsync = this.acceptKeyword('async') !== null;
      this.expectKeyword('for');
      const target = this.targetList();
      this.expectKeyword('in');
      const iter = this.orTest();
      const ifs: T.Expr[] = [];
      while (this.acceptKeyword('if')) ifs.push(this.testNoCond());
      out.push({ target, iter, ifs, isAsync });
    }
    return out;
  }
}

const keywords = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

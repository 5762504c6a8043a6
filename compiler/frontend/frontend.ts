// Python syntax to the TorchScript tree (tree_views.ts), refusing what TorchScript does not
// support with the messages PyTorch's frontend gives ("Lambda aren't supported").

import { CompileError } from './errors.js';
import { SourceRange, type Source } from './source.js';
import * as P from './tree.js';
import { pythonFloatRepr } from '../../runtime/tensor/pyfloat.js';
import type * as T from './tree_views.js';
import { parseTypeComment, typeLine, type TypeComment } from './type_comment.js';

const prettyNames: Record<string, string> = {
  FunctionDef: 'function definitions',
  For: 'for loops',
  Delete: 'del statements',
  ClassDef: 'class definitions',
  With: 'with statements',
  Raise: 'raise statements',
  Assert: 'assertions',
  Import: 'import statements',
  ImportFrom: 'import statements',
  Global: 'global variables',
  Break: 'break statements',
  Continue: 'continue statements',
  AsyncFunctionDef: 'async function definitions',
  AsyncFor: 'async for loops',
  AsyncWith: 'async with statements',
  Try: 'try blocks',
  Nonlocal: 'nonlocal variables',
  AnnAssign: 'annotated assignments',
};

const startTokens: Record<string, string> = {
  FunctionDef: 'def',
  For: 'for',
  Delete: 'del',
  ClassDef: 'class',
  With: 'with',
  Raise: 'raise',
  Assert: 'assert',
  Import: 'import',
  ImportFrom: 'from',
  Global: 'global',
  Break: 'break',
  Continue: 'continue',
  AsyncFunctionDef: 'async def',
  AsyncFor: 'async for',
  AsyncWith: 'async with',
  Try: 'try',
  Nonlocal: 'nonlocal',
};

const varargMessage =
  "Compiled functions can't take variable number of arguments or use keyword-only arguments with defaults";

/** The smallest range covering `r` and every child range, as TorchScript's tree nodes do. */
function merge(
  r: SourceRange,
  ...children: readonly (SourceRange | null | undefined)[]
): SourceRange {
  let start = r.start;
  let end = r.end;
  for (const c of children) {
    if (c === null || c === undefined) continue;
    start = Math.min(start, c.start);
    end = Math.max(end, c.end);
  }
  return start === r.start && end === r.end ? r : new SourceRange(r.source, start, end);
}

const ranges = (xs: readonly { range: SourceRange }[]) => xs.map((x) => x.range);

export interface FrontendOptions {
  /**
   * The text is a TorchScript source string (builtin functions, torch.jit.CompilationUnit), which
   * PyTorch reads with its own parser rather than Python's ast: `-1` is then one literal placed
   * at the `1`.
   */
  readonly scriptParser?: boolean;
}

export class Frontend {
  constructor(
    private readonly source: Source,
    private readonly options: FrontendOptions = {},
  ) {}

  private at(node: { range: SourceRange }, length: number): SourceRange {
    return new SourceRange(this.source, node.range.start, node.range.start + length);
  }

  private unsupported(kind: string, node: { range: SourceRange }, reason = ''): CompileError {
    const name = prettyNames[kind] ?? kind;
    const length = (startTokens[kind] ?? ' ').length;
    return CompileError.at(
      this.at(node, length),
      `${name} ${reason ? reason + ' ' : ''}aren't supported`,
      'UnsupportedNodeError',
    );
  }

  private notSupported(range: SourceRange | null, message: string): CompileError {
    return range === null
      ? new CompileError(message, [], 'NotSupportedError')
      : CompileError.at(range, message, 'NotSupportedError');
  }

  // ---- definitions ----

  /** A def as TorchScript sees it: `self` typed as `selfName` when the def is a method. */
  def(fn: P.FunctionDef, name: string = fn.name, selfName: string | null = null): T.Def {
    const r = this.at({ range: fn.range }, 3);
    if (fn.isAsync) throw this.unsupported('AsyncFunctionDef', fn);
    const params = this.params(fn.args, selfName);
    const returnType = fn.returns === null ? null : this.expr(fn.returns);
    let decl: T.Decl = {
      range: merge(r, ...ranges(params), returnType?.range),
      params,
      returnType,
    };
    const line = typeLine(this.source.text.slice(fn.range.start, this.lineEnd(fn.range.end)));
    if (line !== null) decl = mergeTypeComment(decl, parseTypeComment(line), selfName !== null);
    const body = this.stmts(fn.body);
    const ident = { name, range: r };
    return { kind: 'Def', name: ident, decl, body, range: merge(r, decl.range, ...ranges(body)) };
  }

  private lineEnd(offset: number): number {
    const end = this.source.text.indexOf('\n', offset);
    return end < 0 ? this.source.text.length : end;
  }

  private params(a: P.Arguments, selfName: string | null): T.Param[] {
    const argRange = (p: P.Arg) =>
      new SourceRange(this.source, p.range.start - 1, p.range.start + p.name.length);
    if (a.kwarg !== null) throw this.notSupported(argRange(a.kwarg), varargMessage);
    if (a.vararg !== null) throw this.notSupported(argRange(a.vararg), varargMessage);
    for (const d of a.kwDefaults)
      if (d !== null) throw this.notSupported(this.expr(d).range, varargMessage);
    const param = (p: P.Arg, kwargOnly: boolean): T.Param => {
      const r = new SourceRange(this.source, p.range.start, p.range.start + p.name.length);
      let type: T.Expr | null = null;
      if (p.annotation !== null) type = this.expr(p.annotation);
      else if (selfName !== null && p.name === 'self')
        type = { kind: 'Var', name: selfName, range: r };
      return { ident: { name: p.name, range: r }, type, kwargOnly, range: merge(r, type?.range) };
    };
    return [...a.posonly, ...a.args]
      .map((p) => param(p, false))
      .concat(a.kwonly.map((p) => param(p, true)));
  }

  // ---- statements ----

  stmts(body: readonly P.Stmt[]): T.Stmt[] {
    const out: T.Stmt[] = [];
    for (const s of body) {
      const t = this.stmt(s);
      if (t !== null) out.push(t);
    }
    return out;
  }

  private stmt(s: P.Stmt): T.Stmt | null {
    const kw = (len: number) => this.at(s, len);
    switch (s.kind) {
      case 'Expr':
        // A string expression statement is a docstring.
        if (s.value.kind === 'Constant' && typeof s.value.value === 'string') return null;
        return { kind: 'ExprStmt', expr: this.expr(s.value), range: this.expr(s.value).range };
      case 'Assign': {
        const rhs = this.expr(s.value);
        const lhs = s.targets.map((t) => this.expr(t));
        return {
          kind: 'Assign',
          lhs,
          rhs,
          type: null,
          range: merge(lhs[0].range, ...ranges(lhs), rhs.range),
        };
      }
      case 'AnnAssign': {
        if (s.value === null) throw this.unsupported('AnnAssign', s, 'without assigned value');
        const rhs = this.expr(s.value);
        const lhs = this.expr(s.target);
        const type = this.expr(s.annotation);
        return {
          kind: 'Assign',
          lhs: [lhs],
          rhs,
          type,
          range: merge(lhs.range, rhs.range, type.range),
        };
      }
      case 'AugAssign': {
        const lhs = this.expr(s.target);
        const rhs = this.expr(s.value);
        if (s.op === '//' || s.op === '@') {
          const eq = this.source.text.lastIndexOf('=', rhs.range.start);
          const opName = s.op === '//' ? 'FloorDiv' : 'MatMult';
          throw this.notSupported(
            new SourceRange(this.source, eq - 1, eq + 1),
            `unsupported kind of augumented assignment: ${opName}`,
          );
        }
        return { kind: 'AugAssign', lhs, op: s.op, rhs, range: merge(lhs.range, rhs.range) };
      }
      case 'Delete': {
        const targets = s.targets.map((t) => this.expr(t));
        return { kind: 'Delete', targets, range: merge(kw(3), ...ranges(targets)) };
      }
      case 'Return': {
        const value = s.value === null ? null : this.expr(s.value);
        return { kind: 'Return', value, range: merge(kw(6), value?.range) };
      }
      case 'Raise': {
        if (s.exc === null)
          throw this.notSupported(kw(5), 'raise statements without an exception are not supported');
        const value = this.expr(s.exc);
        return { kind: 'Raise', value, range: merge(kw(5), value.range) };
      }
      case 'Assert': {
        const test = this.expr(s.test);
        const msg = s.msg === null ? null : this.expr(s.msg);
        return { kind: 'Assert', test, msg, range: merge(kw(6), test.range, msg?.range) };
      }
      case 'While': {
        if (s.orelse.length > 0)
          throw this.notSupported(null, "else branches of while loops aren't supported");
        const cond = this.expr(s.test);
        const body = this.stmts(s.body);
        return { kind: 'While', cond, body, range: merge(kw(5), cond.range, ...ranges(body)) };
      }
      case 'For': {
        if (s.isAsync) throw this.unsupported('AsyncFor', s);
        if (s.orelse.length > 0)
          throw this.notSupported(kw(3), "else branches of for loops aren't supported");
        const target = this.expr(s.target);
        const iter = this.expr(s.iter);
        const body = this.stmts(s.body);
        return {
          kind: 'For',
          targets: [target],
          itrs: [iter],
          body,
          range: merge(kw(3), target.range, iter.range, ...ranges(body)),
        };
      }
      case 'If': {
        const cond = this.expr(s.test);
        const trueBranch = this.stmts(s.body);
        const falseBranch = this.stmts(s.orelse);
        return {
          kind: 'If',
          cond,
          trueBranch,
          falseBranch,
          range: merge(kw(2), cond.range, ...ranges(trueBranch), ...ranges(falseBranch)),
        };
      }
      case 'Pass':
        return { kind: 'Pass', range: kw(4) };
      case 'Break':
        return { kind: 'Break', range: kw(5) };
      case 'Continue':
        return { kind: 'Continue', range: kw(8) };
      case 'With': {
        if (s.isAsync) throw this.unsupported('AsyncWith', s);
        const items = s.items.map((i) => this.withItem(i));
        const body = this.stmts(s.body);
        return {
          kind: 'With',
          items,
          body,
          range: merge(kw(4), ...ranges(items), ...ranges(body)),
        };
      }
      case 'FunctionDef':
        throw this.unsupported(s.isAsync ? 'AsyncFunctionDef' : 'FunctionDef', s);
      default:
        throw this.unsupported(s.kind, s);
    }
  }

  private withItem(item: P.WithItem): T.WithItem {
    const r = this.at(item.context, 'with statements'.length);
    const target = this.expr(item.context);
    const v = item.target === null ? null : this.expr(item.target);
    if (v !== null && v.kind !== 'Var')
      throw CompileError.at(v.range, 'with item targets must be variables');
    return { range: merge(r, target.range, v?.range), target, var: v };
  }

  // ---- expressions ----

  expr(e: P.Expr): T.Expr {
    switch (e.kind) {
      case 'Name':
        return this.name(e);
      case 'Constant':
        return this.constant(e);
      case 'Attribute': {
        const value = this.expr(e.value);
        return {
          kind: 'Select',
          value,
          selector: { name: e.attr, range: e.attrRange },
          range: merge(value.range, e.attrRange),
        };
      }
      case 'Call':
        return this.call(e);
      case 'BinOp': {
        const lhs = this.expr(e.left);
        const rhs = this.expr(e.right);
        return { kind: 'BinOp', op: e.op, lhs, rhs, range: merge(lhs.range, rhs.range) };
      }
      case 'UnaryOp': {
        const operand = this.expr(e.operand);
        if (this.options.scriptParser && e.op === '-' && operand.kind === 'Const') {
          return { ...operand, text: `-${operand.text}` };
        }
        if (e.op === '+') {
          throw this.notSupported(this.at(e, 1), 'unsupported unary operator: UAdd');
        }
        return {
          kind: 'UnaryOp',
          op: e.op,
          operand,
          range: merge(this.at(e, e.op.length), operand.range),
        };
      }
      case 'BoolOp': {
        const values = e.values.map((v) => this.expr(v));
        let lhs = values[0];
        for (const rhs of values.slice(1))
          lhs = { kind: 'BinOp', op: e.op, lhs, rhs, range: merge(lhs.range, rhs.range) };
        return lhs;
      }
      case 'Compare':
        return this.compare(e);
      case 'IfExp': {
        const cond = this.expr(e.test);
        const trueExpr = this.expr(e.body);
        const falseExpr = this.expr(e.orelse);
        return {
          kind: 'TernaryIf',
          cond,
          trueExpr,
          falseExpr,
          range: merge(cond.range, trueExpr.range, falseExpr.range),
        };
      }
      case 'Subscript':
        return this.subscript(e);
      case 'List': {
        const inputs = e.elts.map((x) => this.expr(x));
        return { kind: 'ListLiteral', inputs, range: merge(this.at(e, 1), ...ranges(inputs)) };
      }
      case 'Tuple': {
        const inputs = e.elts.map((x) => this.expr(x));
        return { kind: 'TupleLiteral', inputs, range: merge(this.at(e, 1), ...ranges(inputs)) };
      }
      case 'Dict': {
        const r = this.at(e, 1);
        if (e.keys.length > 0 && e.keys[0] === null) {
          throw this.notSupported(r, 'Dict expansion (e.g. `{**dict}`) is not supported');
        }
        const keys = e.keys.map((k) => this.expr(k!));
        const values = e.values.map((v) => this.expr(v));
        return {
          kind: 'DictLiteral',
          keys,
          values,
          range: merge(r, ...ranges(keys), ...ranges(values)),
        };
      }
      case 'ListComp':
      case 'DictComp':
        return this.comprehension(e);
      case 'Starred': {
        const expr = this.expr(e.value);
        return { kind: 'Starred', expr, range: merge(this.at(e, 1), expr.range) };
      }
      case 'JoinedStr':
        return this.joinedStr(e);
      case 'Slice':
        throw this.notSupported(this.at(e, 1), 'slices are only supported inside subscripts');
      default:
        throw this.unsupported(e.kind, e);
    }
  }

  private name(e: P.Name): T.Expr {
    const r = this.at(e, e.id.length);
    if (e.id.startsWith('__jit')) {
      throw this.notSupported(
        r,
        "names of variables used in JIT-ed functions can't start with __jit",
      );
    }
    return { kind: 'Var', name: e.id, range: r };
  }

  private constant(e: P.Constant): T.Expr {
    const v = e.value;
    if (v === null) return { kind: 'None', range: this.at(e, 4) };
    if (v === true) return { kind: 'True', range: this.at(e, 4) };
    if (v === false) return { kind: 'False', range: this.at(e, 5) };
    if (v === P.Ellipsis) return { kind: 'Dots', range: this.at(e, 3) };
    // PyTorch's range for a string: its opening quote and as many characters as the value has.
    if (typeof v === 'string') {
      return { kind: 'StringLiteral', value: v, range: this.at(e, [...v].length + 1) };
    }
    const text = typeof v === 'bigint' ? v.toString() : pythonFloatRepr(v);
    return { kind: 'Const', text, isFloat: typeof v === 'number', range: this.at(e, text.length) };
  }

  private call(e: P.Call): T.Expr {
    const callee = this.expr(e.func);
    const inputs = e.args.map((a) => this.expr(a));
    const attributes: T.Attribute[] = e.keywords.map((k) => {
      const value = this.expr(k.value);
      if (k.arg === null)
        throw this.notSupported(value.range, 'keyword-arg expansion is not supported');
      return { name: { name: k.arg, range: value.range }, value };
    });
    const range = merge(callee.range, ...ranges(inputs), ...attributes.map((a) => a.value.range));
    return { kind: 'Apply', callee, inputs, attributes, range };
  }

  private compare(e: P.Compare): T.Expr {
    const operands = [e.left, ...e.comparators].map((x) => this.expr(x));
    let result: T.Expr | null = null;
    e.ops.forEach((op, i) => {
      const lhs = operands[i];
      const rhs = operands[i + 1];
      const between = new SourceRange(this.source, lhs.range.end, rhs.range.start);
      let cmp: T.Expr;
      if (op === 'not in') {
        const inExpr: T.Expr = {
          kind: 'BinOp',
          op: 'in',
          lhs,
          rhs,
          range: merge(lhs.range, rhs.range),
        };
        cmp = { kind: 'UnaryOp', op: 'not', operand: inExpr, range: merge(between, inExpr.range) };
      } else {
        cmp = { kind: 'BinOp', op, lhs, rhs, range: merge(lhs.range, rhs.range) };
      }
      result =
        result === null
          ? cmp
          : {
              kind: 'BinOp',
              op: 'and',
              lhs: result,
              rhs: cmp,
              range: merge(result.range, cmp.range),
            };
    });
    return result!;
  }

  private subscript(e: P.Subscript): T.Expr {
    const base = this.expr(e.value);
    const index = (x: P.Expr): T.Expr => {
      if (x.kind === 'Slice') {
        const start = x.lower === null ? null : this.expr(x.lower);
        const end = x.upper === null ? null : this.expr(x.upper);
        const step = x.step === null ? null : this.expr(x.step);
        return {
          kind: 'SliceExpr',
          start,
          end,
          step,
          range: merge(base.range, start?.range, end?.range, step?.range),
        };
      }
      return this.expr(x);
    };
    const indices = e.slice.kind === 'Tuple' ? e.slice.elts.map(index) : [index(e.slice)];
    // As torch.jit.frontend builds it: up to one past the last index (its closing bracket).
    const last = indices.length > 0 ? indices[indices.length - 1].range.end + 1 : base.range.end;
    return {
      kind: 'Subscript',
      value: base,
      indices,
      range: new SourceRange(this.source, base.range.start, last),
    };
  }

  private comprehension(e: P.ListComp | P.DictComp): T.Expr {
    const r = this.at(e, 0);
    if (e.generators.length !== 1)
      throw this.notSupported(r, 'Only a single generator is currently supported');
    const g = e.generators[0];
    if (g.ifs.length !== 0) throw this.notSupported(r, 'Comprehension ifs are not supported yet');
    if (e.kind === 'ListComp') {
      const elt = this.expr(e.elt);
      const target = this.expr(g.target);
      const iter = this.expr(g.iter);
      return {
        kind: 'ListComp',
        elt,
        target,
        iter,
        range: merge(r, elt.range, target.range, iter.range),
      };
    }
    const key = this.expr(e.key);
    const value = this.expr(e.value);
    const target = this.expr(g.target);
    const iter = this.expr(g.iter);
    return {
      kind: 'DictComp',
      key,
      value,
      target,
      iter,
      range: merge(r, key.range, value.range, target.range, iter.range),
    };
  }

  /** f"a{x}b" is "a{}b".format(x). */
  private joinedStr(e: P.JoinedStr): T.Expr {
    const r = this.at(e, 1);
    let text = '';
    const args: T.Expr[] = [];
    for (const part of e.parts) {
      if (typeof part === 'string') {
        text += part;
        continue;
      }
      if (part.conversion !== null)
        throw this.notSupported(r, "Don't support conversion in JoinedStr");
      if (part.formatSpec !== null)
        throw this.notSupported(r, "Don't support formatting in JoinedStr");
      text += '{}';
      args.push(this.expr(part.value));
    }
    const literal: T.Expr = { kind: 'StringLiteral', value: text, range: r };
    const callee: T.Expr = {
      kind: 'Select',
      value: literal,
      selector: { name: 'format', range: r },
      range: r,
    };
    return {
      kind: 'Apply',
      callee,
      inputs: args,
      attributes: [],
      range: merge(r, ...ranges(args)),
    };
  }
}

/** The def's parameters typed by its `# type:` comment (torch's merge_type_from_type_comment). */
function mergeTypeComment(decl: T.Decl, comment: TypeComment, isMethod: boolean): T.Decl {
  const expected = decl.params.length - (isMethod ? 1 : 0);
  if (expected !== comment.params.length) {
    throw CompileError.at(
      decl.range,
      `Number of type annotations (${comment.params.length}) did not match the number of ${isMethod ? 'method' : 'function'} parameters (${expected})`,
    );
  }
  const types = new Frontend(comment.source);
  const params = decl.params.map((p, i) =>
    isMethod && i === 0 ? p : { ...p, type: types.expr(comment.params[i - (isMethod ? 1 : 0)]) },
  );
  const returnType = comment.returns === null ? null : types.expr(comment.returns);
  return { range: decl.range, params, returnType };
}

// Our syntax tree in the dump format of spec/fixtures/make_ast_fixtures.py, which writes
// Python's own tree the same way.

import * as T from '../../../compiler/frontend/tree.js';
import { pythonFloatRepr } from '../../../runtime/tensor/pyfloat.js';

function constant(v: T.Constant['value'], isBytes = false): string {
  if (v === null) return 'None';
  if (v === T.Ellipsis) return '...';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'bigint') return `${v}i`;
  if (typeof v === 'number') return `${pythonFloatRepr(v)}f`;
  void isBytes;
  return JSON.stringify(v);
}

const list = (xs: readonly (T.Expr | T.Stmt | null)[]) => `[${xs.map(any).join(' ')}]`;
const opt = (x: T.Expr | null) => (x === null ? '_' : expr(x));

function any(x: T.Expr | T.Stmt | null): string {
  if (x === null) return '_';
  return isStmt(x) ? stmt(x) : expr(x as T.Expr);
}

const stmtKinds = new Set([
  'FunctionDef',
  'ClassDef',
  'Return',
  'Delete',
  'Assign',
  'AugAssign',
  'AnnAssign',
  'For',
  'While',
  'If',
  'With',
  'Raise',
  'Try',
  'Assert',
  'Import',
  'ImportFrom',
  'Global',
  'Nonlocal',
  'Expr',
  'Pass',
  'Break',
  'Continue',
]);
function isStmt(x: T.Expr | T.Stmt): x is T.Stmt {
  return stmtKinds.has(x.kind);
}

function args(a: T.Arguments): string {
  const arg = (p: T.Arg | null) => (p === null ? '_' : `(arg ${p.name} ${opt(p.annotation)})`);
  return `(args [${a.posonly.map(arg).join(' ')}] [${a.args.map(arg).join(' ')}] ${arg(a.vararg)} [${a.kwonly
    .map(arg)
    .join(' ')}] ${list(a.defaults)} ${list(a.kwDefaults)} ${arg(a.kwarg)})`;
}

function comps(gs: readonly T.Comprehension[]): string {
  return `[${gs.map((g) => `(for ${expr(g.target)} ${expr(g.iter)} ${list(g.ifs)})`).join(' ')}]`;
}

export function expr(e: T.Expr): string {
  switch (e.kind) {
    case 'Name':
      return e.id;
    case 'Constant':
      return constant(e.value, e.isBytes);
    case 'JoinedStr':
      return `(JoinedStr ${e.parts.map((p) => (typeof p === 'string' ? JSON.stringify(p) : `{${expr(p.value)}}`)).join(' ')})`;
    case 'Attribute':
      return `(. ${expr(e.value)} ${e.attr})`;
    case 'BinOp':
      return `(${e.op} ${expr(e.left)} ${expr(e.right)})`;
    case 'UnaryOp':
      return `(u${e.op} ${expr(e.operand)})`;
    case 'BoolOp':
      return `(${e.op} ${list(e.values)})`;
    case 'Compare':
      return `(Compare ${expr(e.left)} ${e.ops.join(' ')} ${list(e.comparators)})`;
    case 'Call':
      return `(Call ${expr(e.func)} ${list(e.args)} {${e.keywords.map((k) => `${k.arg}=${expr(k.value)}`).join(' ')}})`;
    case 'Subscript':
      return `(Subscript ${expr(e.value)} ${expr(e.slice)})`;
    case 'Slice':
      return `(Slice ${opt(e.lower)} ${opt(e.upper)} ${opt(e.step)})`;
    case 'List':
    case 'Tuple':
    case 'Set':
      return `(${e.kind} ${list(e.elts)})`;
    case 'Dict':
      return `(Dict ${list(e.keys)} ${list(e.values)})`;
    case 'ListComp':
    case 'SetComp':
    case 'GeneratorExp':
      return `(${e.kind} ${expr(e.elt)} ${comps(e.generators)})`;
    case 'DictComp':
      return `(DictComp ${expr(e.key)} ${expr(e.value)} ${comps(e.generators)})`;
    case 'IfExp':
      return `(IfExp ${expr(e.test)} ${expr(e.body)} ${expr(e.orelse)})`;
    case 'Starred':
    case 'Await':
    case 'YieldFrom':
      return `(${e.kind} ${expr(e.value)})`;
    case 'Yield':
      return `(Yield ${opt(e.value)})`;
    case 'NamedExpr':
      return `(NamedExpr ${expr(e.target)} ${expr(e.value)})`;
    case 'Lambda':
      return `(Lambda ${args(e.args)} ${expr(e.body)})`;
  }
}

export function stmt(s: T.Stmt): string {
  switch (s.kind) {
    case 'FunctionDef':
      return `(def ${s.name} ${args(s.args)} ${list(s.body)} ${list(s.decorators)} ${opt(s.returns)} ${JSON.stringify(s.typeComment)})`;
    case 'ClassDef':
      return `(class ${s.name} ${list(s.bases)} ${list(s.body)} ${list(s.decorators)})`;
    case 'Return':
      return `(return ${opt(s.value)})`;
    case 'Delete':
      return `(del ${list(s.targets)})`;
    case 'Assign':
      return `(= ${list(s.targets)} ${expr(s.value)} ${JSON.stringify(s.typeComment)})`;
    case 'AugAssign':
      return `(${s.op}= ${expr(s.target)} ${expr(s.value)})`;
    case 'AnnAssign':
      return `(: ${expr(s.target)} ${expr(s.annotation)} ${opt(s.value)})`;
    case 'For':
      return `(For ${expr(s.target)} ${expr(s.iter)} ${list(s.body)} ${list(s.orelse)})`;
    case 'While':
    case 'If':
      return `(${s.kind} ${expr(s.test)} ${list(s.body)} ${list(s.orelse)})`;
    case 'With':
      return `(With [${s.items.map((i) => `(${expr(i.context)} ${opt(i.target)})`).join(' ')}] ${list(s.body)})`;
    case 'Raise':
      return `(raise ${opt(s.exc)} ${opt(s.cause)})`;
    case 'Try':
      return `(Try ${list(s.body)} [${s.handlers.map((h) => `(except ${opt(h.type)} ${h.name ?? '_'} ${list(h.body)})`).join(' ')}] ${list(s.orelse)} ${list(s.finalbody)})`;
    case 'Assert':
      return `(assert ${expr(s.test)} ${opt(s.msg)})`;
    case 'Import':
      return `(import ${s.names.map((a) => `${a.name}:${a.asname ?? '_'}`).join(' ')})`;
    case 'ImportFrom':
      return `(from ${s.level}${s.module} ${s.names.map((a) => `${a.name}:${a.asname ?? '_'}`).join(' ')})`;
    case 'Global':
    case 'Nonlocal':
      return `(${s.kind} ${s.names.join(' ')})`;
    case 'Expr':
      return `(expr ${expr(s.value)})`;
    case 'Pass':
    case 'Break':
    case 'Continue':
      return s.kind.toLowerCase();
  }
}

export function dumpModule(body: readonly T.Stmt[]): string {
  return list(body);
}

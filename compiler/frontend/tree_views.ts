// The TorchScript syntax tree the IR emitter reads, as frontend.ts builds it from Python's.
// Its shape and its source ranges follow TorchScript's own tree: a node's range is the range it
// was made with, widened to cover all its children (so an `if` statement's range runs to the end
// of its body, and `x + "a"` ends one character into the string literal).
//
//   Stmt = If(cond, then, else) | While(cond, body) | For(targets, iters, body)
//        | Assign(lhs, rhs, type?) | AugAssign(lhs, op, rhs) | Return(value?) | Raise(value)
//        | Assert(test, msg?) | Pass | Break | Continue | Delete(targets) | With(items, body)
//        | ExprStmt(value) | Def
//   Expr = Var | Const | StringLiteral | True | False | None | Dots | Apply(callee, args, kwargs)
//        | Select(value, name) | Subscript(value, indices) | SliceExpr(start?, end?, step?)
//        | BinOp(op, lhs, rhs) | UnaryOp(op, operand) | TernaryIf(cond, then, else)
//        | ListLiteral | TupleLiteral | DictLiteral | ListComp | DictComp | Starred

import type { SourceRange } from './source.js';

interface Node<K extends string> {
  readonly kind: K;
  readonly range: SourceRange;
}

export interface Ident {
  readonly name: string;
  readonly range: SourceRange;
}

export type BinaryOp =
  | '+'
  | '-'
  | '*'
  | '/'
  | '**'
  | '%'
  | '//'
  | '@'
  | '&'
  | '|'
  | '^'
  | '<<'
  | '>>'
  | '=='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | 'and'
  | 'or'
  | 'is'
  | 'is not'
  | 'in';

export interface Var extends Node<'Var'> {
  readonly name: string;
}
export interface Const extends Node<'Const'> {
  /** The literal as Python's str() writes the number: `1`, `0.5`, `1e-05`. */
  readonly text: string;
  readonly isFloat: boolean;
}
export interface StringLiteral extends Node<'StringLiteral'> {
  readonly value: string;
}
export type TrueLiteral = Node<'True'>;
export type FalseLiteral = Node<'False'>;
export type NoneLiteral = Node<'None'>;
export type Dots = Node<'Dots'>;
export interface Attribute {
  readonly name: Ident;
  readonly value: Expr;
}
export interface Apply extends Node<'Apply'> {
  readonly callee: Expr;
  readonly inputs: readonly Expr[];
  readonly attributes: readonly Attribute[];
}
export interface Select extends Node<'Select'> {
  readonly value: Expr;
  readonly selector: Ident;
}
export interface Subscript extends Node<'Subscript'> {
  readonly value: Expr;
  readonly indices: readonly Expr[];
}
export interface SliceExpr extends Node<'SliceExpr'> {
  readonly start: Expr | null;
  readonly end: Expr | null;
  readonly step: Expr | null;
}
export interface BinOp extends Node<'BinOp'> {
  readonly op: BinaryOp;
  readonly lhs: Expr;
  readonly rhs: Expr;
}
export interface UnaryOp extends Node<'UnaryOp'> {
  readonly op: 'not' | '-' | '~';
  readonly operand: Expr;
}
export interface TernaryIf extends Node<'TernaryIf'> {
  readonly cond: Expr;
  readonly trueExpr: Expr;
  readonly falseExpr: Expr;
}
export interface ListLiteral extends Node<'ListLiteral'> {
  readonly inputs: readonly Expr[];
}
export interface TupleLiteral extends Node<'TupleLiteral'> {
  readonly inputs: readonly Expr[];
}
export interface DictLiteral extends Node<'DictLiteral'> {
  readonly keys: readonly Expr[];
  readonly values: readonly Expr[];
}
export interface ListComp extends Node<'ListComp'> {
  readonly elt: Expr;
  readonly target: Expr;
  readonly iter: Expr;
}
export interface DictComp extends Node<'DictComp'> {
  readonly key: Expr;
  readonly value: Expr;
  readonly target: Expr;
  readonly iter: Expr;
}
export interface Starred extends Node<'Starred'> {
  readonly expr: Expr;
}

export type Expr =
  | Var
  | Const
  | StringLiteral
  | TrueLiteral
  | FalseLiteral
  | NoneLiteral
  | Dots
  | Apply
  | Select
  | Subscript
  | SliceExpr
  | BinOp
  | UnaryOp
  | TernaryIf
  | ListLiteral
  | TupleLiteral
  | DictLiteral
  | ListComp
  | DictComp
  | Starred;

export interface If extends Node<'If'> {
  readonly cond: Expr;
  readonly trueBranch: readonly Stmt[];
  readonly falseBranch: readonly Stmt[];
}
export interface While extends Node<'While'> {
  readonly cond: Expr;
  readonly body: readonly Stmt[];
}
export interface For extends Node<'For'> {
  readonly targets: readonly Expr[];
  readonly itrs: readonly Expr[];
  readonly body: readonly Stmt[];
}
export interface Assign extends Node<'Assign'> {
  readonly lhs: readonly Expr[];
  readonly rhs: Expr | null;
  readonly type: Expr | null;
}
export interface AugAssign extends Node<'AugAssign'> {
  readonly lhs: Expr;
  readonly op: BinaryOp;
  readonly rhs: Expr;
}
export interface Return extends Node<'Return'> {
  readonly value: Expr | null;
}
export interface Raise extends Node<'Raise'> {
  readonly value: Expr;
}
export interface Assert extends Node<'Assert'> {
  readonly test: Expr;
  readonly msg: Expr | null;
}
export type Pass = Node<'Pass'>;
export type Break = Node<'Break'>;
export type Continue = Node<'Continue'>;
export interface Delete extends Node<'Delete'> {
  readonly targets: readonly Expr[];
}
export interface WithItem {
  readonly range: SourceRange;
  readonly target: Expr;
  readonly var: Var | null;
}
export interface With extends Node<'With'> {
  readonly items: readonly WithItem[];
  readonly body: readonly Stmt[];
}
export interface ExprStmt extends Node<'ExprStmt'> {
  readonly expr: Expr;
}

export interface Param {
  readonly ident: Ident;
  /** null where the parameter has no annotation (it then defaults to Tensor). */
  readonly type: Expr | null;
  readonly kwargOnly: boolean;
  readonly range: SourceRange;
}
export interface Decl {
  readonly range: SourceRange;
  readonly params: readonly Param[];
  readonly returnType: Expr | null;
}
export interface Def extends Node<'Def'> {
  readonly name: Ident;
  readonly decl: Decl;
  readonly body: readonly Stmt[];
}

export type Stmt =
  | If
  | While
  | For
  | Assign
  | AugAssign
  | Return
  | Raise
  | Assert
  | Pass
  | Break
  | Continue
  | Delete
  | With
  | ExprStmt
  | Def;

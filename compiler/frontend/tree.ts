// The syntax tree. Node kinds are named as Python's `ast` module names them, because TorchScript's
// messages for unsupported syntax use those names ("Lambda aren't supported"). The parser accepts
// the Python a module file may contain; the IR emitter decides what TorchScript supports.

import type { SourceRange } from './source.js';

interface Node<K extends string> {
  readonly kind: K;
  readonly range: SourceRange;
}

// ---- expressions ----

export type BinaryOperator =
  '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '<<' | '>>' | '&' | '|' | '^';
export type UnaryOperator = '-' | '+' | '~' | 'not';
export type CompareOperator =
  '==' | '!=' | '<' | '<=' | '>' | '>=' | 'is' | 'is not' | 'in' | 'not in';

export interface Name extends Node<'Name'> {
  readonly id: string;
}
/** The value of the `...` literal. */
export const Ellipsis: unique symbol = Symbol('Ellipsis');

export interface Constant extends Node<'Constant'> {
  readonly value: number | bigint | boolean | string | null | typeof Ellipsis;
  /** A string literal's bytes prefix (b'...') is kept apart from str. */
  readonly isBytes?: boolean;
}
export interface JoinedStr extends Node<'JoinedStr'> {
  readonly parts: readonly (string | FormattedValue)[];
}
export interface FormattedValue extends Node<'FormattedValue'> {
  readonly value: Expr;
  readonly conversion: string | null;
  readonly formatSpec: string | null;
}
export interface Attribute extends Node<'Attribute'> {
  readonly value: Expr;
  readonly attr: string;
  /** The range of the attribute name after the dot. */
  readonly attrRange: SourceRange;
}
export interface Subscript extends Node<'Subscript'> {
  readonly value: Expr;
  readonly slice: Expr;
}
export interface Slice extends Node<'Slice'> {
  readonly lower: Expr | null;
  readonly upper: Expr | null;
  readonly step: Expr | null;
}
export interface Call extends Node<'Call'> {
  readonly func: Expr;
  readonly args: readonly Expr[];
  readonly keywords: readonly Keyword[];
}
export interface Keyword {
  /** null for `**kwargs`. */
  readonly arg: string | null;
  readonly value: Expr;
  readonly range: SourceRange;
}
export interface BinOp extends Node<'BinOp'> {
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
}
export interface UnaryOp extends Node<'UnaryOp'> {
  readonly op: UnaryOperator;
  readonly operand: Expr;
}
export interface BoolOp extends Node<'BoolOp'> {
  readonly op: 'and' | 'or';
  readonly values: readonly Expr[];
}
export interface Compare extends Node<'Compare'> {
  readonly left: Expr;
  readonly ops: readonly CompareOperator[];
  readonly comparators: readonly Expr[];
}
export interface IfExp extends Node<'IfExp'> {
  readonly test: Expr;
  readonly body: Expr;
  readonly orelse: Expr;
}
export interface List extends Node<'List'> {
  readonly elts: readonly Expr[];
}
export interface Tuple extends Node<'Tuple'> {
  readonly elts: readonly Expr[];
}
export interface Set extends Node<'Set'> {
  readonly elts: readonly Expr[];
}
export interface Dict extends Node<'Dict'> {
  /** null key: a `**mapping` entry. */
  readonly keys: readonly (Expr | null)[];
  readonly values: readonly Expr[];
}
export interface Comprehension {
  readonly target: Expr;
  readonly iter: Expr;
  readonly ifs: readonly Expr[];
  readonly isAsync: boolean;
}
export interface ListComp extends Node<'ListComp'> {
  readonly elt: Expr;
  readonly generators: readonly Comprehension[];
}
export interface SetComp extends Node<'SetComp'> {
  readonly elt: Expr;
  readonly generators: readonly Comprehension[];
}
export interface GeneratorExp extends Node<'GeneratorExp'> {
  readonly elt: Expr;
  readonly generators: readonly Comprehension[];
}
export interface DictComp extends Node<'DictComp'> {
  readonly key: Expr;
  readonly value: Expr;
  readonly generators: readonly Comprehension[];
}
export interface Starred extends Node<'Starred'> {
  readonly value: Expr;
}
export interface Lambda extends Node<'Lambda'> {
  readonly args: Arguments;
  readonly body: Expr;
}
export interface NamedExpr extends Node<'NamedExpr'> {
  readonly target: Name;
  readonly value: Expr;
}
export interface Yield extends Node<'Yield'> {
  readonly value: Expr | null;
}
export interface YieldFrom extends Node<'YieldFrom'> {
  readonly value: Expr;
}
export interface Await extends Node<'Await'> {
  readonly value: Expr;
}

export type Expr =
  | Name
  | Constant
  | JoinedStr
  | Attribute
  | Subscript
  | Slice
  | Call
  | BinOp
  | UnaryOp
  | BoolOp
  | Compare
  | IfExp
  | List
  | Tuple
  | Set
  | Dict
  | ListComp
  | SetComp
  | GeneratorExp
  | DictComp
  | Starred
  | Lambda
  | NamedExpr
  | Yield
  | YieldFrom
  | Await;

// ---- statements ----

export interface Arg {
  readonly name: string;
  readonly annotation: Expr | null;
  readonly range: SourceRange;
}
export interface Arguments {
  readonly posonly: readonly Arg[];
  readonly args: readonly Arg[];
  readonly vararg: Arg | null;
  readonly kwonly: readonly Arg[];
  /** Defaults of the last positional parameters (posonly + args), in order. */
  readonly defaults: readonly Expr[];
  /** One per kwonly parameter; null where it has none. */
  readonly kwDefaults: readonly (Expr | null)[];
  readonly kwarg: Arg | null;
}

export interface FunctionDef extends Node<'FunctionDef'> {
  readonly name: string;
  readonly nameRange: SourceRange;
  readonly args: Arguments;
  readonly body: readonly Stmt[];
  readonly decorators: readonly Expr[];
  readonly returns: Expr | null;
  /** `# type: (int, Tensor) -> Tensor` under the def line. */
  readonly typeComment: string | null;
  readonly isAsync: boolean;
}
export interface ClassDef extends Node<'ClassDef'> {
  readonly name: string;
  readonly bases: readonly Expr[];
  readonly keywords: readonly Keyword[];
  readonly body: readonly Stmt[];
  readonly decorators: readonly Expr[];
}
export interface Return extends Node<'Return'> {
  readonly value: Expr | null;
}
export interface Delete extends Node<'Delete'> {
  readonly targets: readonly Expr[];
}
export interface Assign extends Node<'Assign'> {
  /** `a = b = c` has two targets. */
  readonly targets: readonly Expr[];
  readonly value: Expr;
  readonly typeComment: string | null;
}
export interface AugAssign extends Node<'AugAssign'> {
  readonly target: Expr;
  readonly op: BinaryOperator;
  readonly value: Expr;
}
export interface AnnAssign extends Node<'AnnAssign'> {
  readonly target: Expr;
  readonly annotation: Expr;
  readonly value: Expr | null;
}
export interface For extends Node<'For'> {
  readonly target: Expr;
  readonly iter: Expr;
  readonly body: readonly Stmt[];
  readonly orelse: readonly Stmt[];
  readonly isAsync: boolean;
}
export interface While extends Node<'While'> {
  readonly test: Expr;
  readonly body: readonly Stmt[];
  readonly orelse: readonly Stmt[];
}
export interface If extends Node<'If'> {
  readonly test: Expr;
  readonly body: readonly Stmt[];
  readonly orelse: readonly Stmt[];
}
export interface WithItem {
  readonly context: Expr;
  readonly target: Expr | null;
}
export interface With extends Node<'With'> {
  readonly items: readonly WithItem[];
  readonly body: readonly Stmt[];
  readonly isAsync: boolean;
}
export interface Raise extends Node<'Raise'> {
  readonly exc: Expr | null;
  readonly cause: Expr | null;
}
export interface ExceptHandler {
  readonly type: Expr | null;
  readonly name: string | null;
  readonly body: readonly Stmt[];
  readonly range: SourceRange;
}
export interface Try extends Node<'Try'> {
  readonly body: readonly Stmt[];
  readonly handlers: readonly ExceptHandler[];
  readonly orelse: readonly Stmt[];
  readonly finalbody: readonly Stmt[];
}
export interface Assert extends Node<'Assert'> {
  readonly test: Expr;
  readonly msg: Expr | null;
}
export interface Alias {
  readonly name: string;
  readonly asname: string | null;
}
export interface Import extends Node<'Import'> {
  readonly names: readonly Alias[];
}
export interface ImportFrom extends Node<'ImportFrom'> {
  readonly module: string;
  readonly names: readonly Alias[];
  readonly level: number;
}
export interface Global extends Node<'Global'> {
  readonly names: readonly string[];
}
export interface Nonlocal extends Node<'Nonlocal'> {
  readonly names: readonly string[];
}
export interface ExprStmt extends Node<'Expr'> {
  readonly value: Expr;
}
export type Pass = Node<'Pass'>;
export type Break = Node<'Break'>;
export type Continue = Node<'Continue'>;

export type Stmt =
  | FunctionDef
  | ClassDef
  | Return
  | Delete
  | Assign
  | AugAssign
  | AnnAssign
  | For
  | While
  | If
  | With
  | Raise
  | Try
  | Assert
  | Import
  | ImportFrom
  | Global
  | Nonlocal
  | ExprStmt
  | Pass
  | Break
  | Continue;

export interface Module {
  readonly body: readonly Stmt[];
}

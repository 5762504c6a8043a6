// The IR emitter: a TorchScript function's tree to a graph, statement by statement. Variables are
// emitted as prim::Store / prim::Load and exits (return, break, continue) as marker nodes; the
// passes of convert_to_ssa.ts then make the graph SSA, as in PyTorch's to_ir.

import { insertConstant, toIValue, type ConstantValue } from '../ir/constants.js';
import {
  createNone,
  createStore,
  createTuple,
  createUninitialized,
  insertIsInstance,
  insertUncheckedCast,
} from '../ir/create.js';
import type { Block, Graph, Value } from '../ir/ir.js';
import type { Signature, SignatureArg } from '../types/signature.js';
import { isSubtype, unifyTypes } from '../types/subtype.js';
import {
  ClassType,
  ListType,
  OptionalType,
  TupleType,
  Type,
  Types,
  UnionType,
} from '../types/types.js';
import { emitApply } from './emit_calls.js';
import {
  emitDictComprehension,
  emitDictLiteral,
  emitListComprehension,
  emitListLiteral,
} from './emit_containers.js';
import { emitSubscript, emitSubscriptAssign, emitAugAssignToSubscript } from './emit_subscripts.js';
import { Environment } from './environment.js';
import { CompileError } from './errors.js';
import type { ScriptFunction } from './function.js';
import { CondValue, RefinementSet } from './refinement.js';
import {
  emitBuiltinCall,
  inferredTensorArgs,
  NamedValue,
  tryConvertToType,
} from './schema_matching.js';
import type { SourceRange } from './source.js';
import {
  BuiltinFunction,
  ClassValue,
  ExceptionMessageValue,
  ExceptionValue,
  MagicMethod,
  MethodValue,
  SimpleValue,
  type Method,
  type SugaredValue,
} from './sugared_value.js';
import { TypeParser } from './type_parser.js';
import { foldConstant } from '../passes/constant_folding.js';
import type * as T from './tree_views.js';
import { globalValue } from './builtins.js';

/** Answers names the function uses that are not its own variables. */
export interface Resolver {
  resolveValue(name: string, m: Method, range: SourceRange): SugaredValue | null;
  resolveType(name: string, range: SourceRange): Type | null;
}

/** How `self` of a method appears: its type and the sugared value for it (modules are sugared). */
export interface Self {
  readonly type: Type;
  makeSugared(v: Value): SugaredValue;
}

interface DefContext {
  declaredReturn: Type | null;
  mergedReturn: Type | null;
}

/** `x op= y`: the operator in place (tensors, lists) and otherwise. */
const augmentedOperators: Readonly<Record<string, readonly [string, string]>> = {
  '+': ['aten::add_', 'aten::add'],
  '-': ['aten::sub_', 'aten::sub'],
  '/': ['aten::div_', 'aten::div'],
  '*': ['aten::mul_', 'aten::mul'],
  '%': ['aten::fmod_', 'aten::fmod'],
  '|': ['aten::bitwise_or', 'aten::__or__'],
  '&': ['aten::bitwise_and', 'aten::__and__'],
  '^': ['aten::bitwise_xor', 'aten::__xor__'],
  '<<': ['aten::__lshift__', 'aten::__lshift__'],
  '>>': ['aten::__irshift__', 'aten::__rshift__'],
  '**': ['aten::pow', 'aten::pow'],
};

export type LoopStatus = 'none' | 'loop' | 'unrolled';

const binaryNodeKinds: Record<string, string> = {
  '+': 'aten::add',
  '-': 'aten::sub',
  '*': 'aten::mul',
  '**': 'aten::pow',
  '@': 'aten::matmul',
  '/': 'aten::div',
  '%': 'aten::remainder',
  '!=': 'aten::ne',
  '==': 'aten::eq',
  '<': 'aten::lt',
  '>': 'aten::gt',
  '<=': 'aten::le',
  '>=': 'aten::ge',
  and: 'aten::__and__',
  or: 'aten::__or__',
  is: 'aten::__is__',
  'is not': 'aten::__isnot__',
  '//': 'aten::floordiv',
  '<<': 'aten::__lshift__',
  '>>': 'aten::__rshift__',
  '&': 'aten::__and__',
  '|': 'aten::__or__',
  '^': 'aten::__xor__',
  in: 'aten::__contains__',
};

const magicNames: Record<string, string> = {
  '+': '__add__',
  '-': '__sub__',
  '*': '__mul__',
  '**': '__pow__',
  '/': '__truediv__',
  '%': '__mod__',
  '!=': '__ne__',
  '==': '__eq__',
  '<': '__lt__',
  '>': '__gt__',
  '<=': '__le__',
  '>=': '__ge__',
  '&': '__and__',
  '|': '__or__',
  '^': '__xor__',
  in: '__contains__',
  '<<': '__lshift__',
  '>>': '__rshift__',
};

export class IREmitter implements Method {
  readonly graph: Graph;
  env!: Environment;
  private readonly defStack: DefContext[] = [];
  private readonly exitBlocks = new Set<Block>();
  readonly typeParser: TypeParser;
  loopStatus: LoopStatus = 'none';
  private tempCount = 0;
  private readonly integralConstants = new Map<bigint, Value>();
  private readonly floatConstants = new Map<number, Value>();

  constructor(
    readonly fn: ScriptFunction,
    readonly resolver: Resolver,
  ) {
    this.graph = fn.graph;
    this.typeParser = new TypeParser((name, range) => this.resolver.resolveType(name, range));
  }

  // ---- frames ----

  pushFrame(b: Block, startsDef = false): void {
    if (startsDef) this.defStack.push({ declaredReturn: null, mergedReturn: null });
    this.env = new Environment(this, b, this.env ?? null, (name, range) =>
      this.lookupGlobal(name, range),
    );
  }

  popFrame(endsDef = false): Environment {
    const old = this.env;
    this.env = old.next!;
    if (endsDef) this.defStack.pop();
    return old;
  }

  private lookupGlobal(name: string, range: SourceRange): SugaredValue | null {
    const builtin = globalValue(name);
    if (builtin !== null) return builtin;
    const type = this.resolver.resolveType(name, range);
    if (type instanceof TupleType && type.named !== null) {
      const named = this.namedTupleConstructor(type);
      if (named !== null) return named;
    }
    const v = this.resolver.resolveValue(name, this, range);
    if (v !== null) return v;
    if (type !== null && type.kind === 'Class') return classValueFor(type);
    return null;
  }

  /** Set by the compilation unit: how NamedTuple types become constructors. */
  namedTupleConstructor: (t: TupleType) => SugaredValue | null = () => null;

  createTempName(prefix: string): string {
    return `${prefix}${this.tempCount++}`;
  }

  // ---- definitions ----

  /** Emits `def`: parameters, body, the return. Returns the function's signature. */
  emitDef(
    def: T.Def,
    self: Self | null,
    block: Block,
    defaults: ReadonlyMap<string, ConstantValue>,
  ): Signature {
    this.pushFrame(block, true);
    const sig = this.parseSignature(def, self, defaults);
    if (sig.returns.length === 1 && this.declaredReturnAnnotated)
      this.defStack[this.defStack.length - 1].declaredReturn = sig.returns[0].type;
    this.fn.setSignature(sig);
    this.emitFormalArguments(def, self, sig, block);
    this.emitStatements(def.body);
    this.handleMaybeNoReturn(def, block);
    const returnType = this.defStack[this.defStack.length - 1].mergedReturn!;
    const placeholder = this.graph.insertNode(createUninitialized(this.graph, returnType)).output();
    block.addOutput(placeholder);
    this.popFrame(true);
    return { ...sig, returns: [{ name: '', type: returnType }] };
  }

  private declaredReturnAnnotated = false;

  private parseSignature(
    def: T.Def,
    self: Self | null,
    defaults: ReadonlyMap<string, ConstantValue>,
  ): Signature {
    const params = self !== null ? def.decl.params.slice(1) : def.decl.params;
    if (self !== null && def.decl.params.length === 0) {
      throw CompileError.at(def.decl.range, 'methods must have a self argument');
    }
    const args: SignatureArg[] = [];
    if (self !== null)
      args.push({
        name: def.decl.params[0].ident.name,
        type: self.type,
        n: null,
        kwargOnly: false,
        isWrite: false,
      });
    for (const p of params) {
      const { type, n } =
        p.type === null ? { type: Types.Tensor, n: null } : this.typeParser.parseParameter(p.type);
      const base: SignatureArg = {
        name: p.ident.name,
        type,
        n,
        kwargOnly: p.kwargOnly,
        isWrite: false,
      };
      args.push(
        defaults.has(p.ident.name) ? { ...base, default: defaults.get(p.ident.name)! } : base,
      );
    }
    this.declaredReturnAnnotated = def.decl.returnType !== null;
    const returnType =
      def.decl.returnType === null ? null : this.typeParser.parse(def.decl.returnType);
    const text = `${def.name.name}(${args.map((a) => `${a.type.annotation()} ${a.name}`).join(', ')}) -> ${returnType?.annotation() ?? 'Any'}`;
    return {
      name: this.fn.qualifiedName,
      overload: '',
      args,
      returns: [{ name: '', type: returnType ?? Types.Any }],
      varargs: false,
      text,
      op: null,
    };
  }

  private emitFormalArguments(def: T.Def, self: Self | null, sig: Signature, block: Block): void {
    const params = def.decl.params;
    let i = 0;
    if (self !== null) {
      const p = params[0];
      const input = block.addInput(self.type, p.ident.name);
      this.env.setSugaredVar(p.ident.range, p.ident.name, self.makeSugared(input), null);
      i = 1;
    }
    for (; i < params.length; i++) {
      const p = params[i];
      const input = block.addInput(sig.args[i].type, p.ident.name);
      if (p.type === null) inferredTensorArgs.add(input);
      this.env.setVar(p.ident.range, p.ident.name, input);
    }
  }

  private handleMaybeNoReturn(def: T.Def, block: Block): void {
    const ctx = this.defStack[this.defStack.length - 1];
    if (!this.exitBlocks.has(block)) {
      if (ctx.declaredReturn !== null && ctx.declaredReturn !== Types.None) {
        throw CompileError.at(
          def.range,
          'Function was not annotated as having type None, but does not return along all paths',
        );
      }
      this.graph.withInsertPoint(block, () =>
        this.emitReturn({
          kind: 'Return',
          value: { kind: 'None', range: def.range },
          range: def.range,
        }),
      );
    } else if (ctx.mergedReturn === null) {
      ctx.mergedReturn = ctx.declaredReturn ?? Types.None;
    }
  }

  /** A prim::Closure whose block is emitted by `emitBody` as a function of its own (for fork). */
  emitClosure(emitBody: (block: Block) => void): Value {
    const g = this.graph;
    const closure = g.insertNode(g.create('prim::Closure', [], [Types.None]));
    const block = closure.addBlock();
    const savedLoop = this.loopStatus;
    this.loopStatus = 'none';
    g.withInsertPoint(block, () => {
      this.pushFrame(block, true);
      emitBody(block);
      this.popFrame(true);
    });
    this.loopStatus = savedLoop;
    return closure.output();
  }

  // ---- statements ----

  emitStatements(stmts: readonly T.Stmt[]): void {
    for (const s of stmts) {
      this.emitStatement(s);
      // Code after an exit in the same block is unreachable and not emitted.
      if (this.exitBlocks.has(this.env.block)) return;
    }
  }

  private emitStatement(s: T.Stmt): void {
    switch (s.kind) {
      case 'If':
        return this.emitIf(s);
      case 'While':
        return this.emitLoopCommon(s.range, () => this.emitStatements(s.body), null, null, s.cond);
      case 'For':
        return this.emitFor(s.targets, s.itrs, s.range, () => this.emitStatements(s.body));
      case 'Assign':
        return this.emitAssignment(s);
      case 'AugAssign':
        return this.emitAugAssignment(s);
      case 'ExprStmt':
        this.emitSugaredExpr(s.expr, 0);
        return;
      case 'Raise':
        return this.emitRaise(s);
      case 'Assert':
        return this.emitAssert(s);
      case 'Return':
        return this.emitReturn(s);
      case 'Continue':
      case 'Break':
        return this.emitBreakContinue(s);
      case 'Pass':
        return;
      case 'Delete':
        return this.emitDelete(s);
      case 'With':
        return this.emitWith(s);
      case 'Def':
        throw CompileError.at(
          s.range,
          "function definitions aren't supported",
          'UnsupportedNodeError',
        );
    }
  }

  private emitBreakContinue(s: T.Break | T.Continue): void {
    const word = s.kind === 'Break' ? 'break' : 'continue';
    if (this.loopStatus === 'none')
      throw CompileError.at(s.range, `SyntaxError: '${word}' outside loop`);
    if (this.loopStatus === 'unrolled') {
      throw CompileError.at(
        s.range,
        'Because we emit iteration over modulelists or tuples as unrolled loops, we do not support break or continue inside the body of these loops',
      );
    }
    const n = this.graph.insertNode(
      this.graph.create(s.kind === 'Break' ? 'prim::BreakStmt' : 'prim::ContinueStmt'),
    );
    n.sourceRange = s.range;
  }

  private emitDelete(s: T.Delete): void {
    for (const target of s.targets) {
      if (target.kind === 'Subscript') {
        if (target.indices[0].kind === 'SliceExpr') {
          throw CompileError.at(
            target.range,
            'del statements only support deletion at a single index, slicing is not supported (see https://github.com/pytorch/pytorch/issues/31430)',
          );
        }
        const sv = this.emitSugaredExpr(target.value, 1);
        const idx = this.emitExpr(target.indices[0]);
        const val = sv.asValue(target.value.range, this);
        if (val.type.kind === 'Class') {
          new MethodValue(val, '__delitem__').call(s.range, this, [NamedValue.of(idx)], []);
        } else {
          const n = this.graph.insertNode(this.graph.create('aten::Delete', [val, idx]));
          n.sourceRange = target.range;
        }
      } else if (target.kind === 'Var') {
        this.env.removeVar(target.name, target.range, true);
      } else {
        throw CompileError.at(
          target.range,
          'del statements are only supported for deleting list and dict items and variables',
        );
      }
    }
  }

  private emitReturn(s: T.Return): void {
    const ctx = this.defStack[this.defStack.length - 1];
    let resultType = ctx.declaredReturn;
    const valueExpr: T.Expr = s.value ?? { kind: 'None', range: s.range };
    let result = this.emitExpr(valueExpr, resultType);
    if (resultType !== null) {
      if (!(isSubtype(resultType, Types.Tensor) && result.type === Types.None)) {
        result = tryConvertToType(s.range, this.graph, resultType, result, true);
      }
      if (!isSubtype(result.type, resultType)) {
        throw CompileError.at(
          s.range,
          `Return value was annotated as having type ${resultType.annotation()} but is actually of type ${result.type.annotation()}`,
        );
      }
    } else {
      resultType = ctx.mergedReturn ?? result.type;
      const merged = unifyTypes(resultType, result.type);
      if (merged === null) {
        throw CompileError.at(
          s.range,
          `Previous return statement returned a value of type ${resultType.annotation()} but this return statement returns a value of type ${result.type.annotation()}`,
        );
      }
      resultType = merged;
    }
    ctx.mergedReturn = resultType;
    if (resultType === Types.Any && result.type !== Types.Any)
      result = insertUncheckedCast(this.graph, result, resultType);
    this.graph.insertNode(this.graph.create('prim::ReturnStmt', [result]));
    this.exitBlocks.add(this.env.block);
  }

  private emitRaise(s: T.Raise): void {
    const g = this.graph;
    const sv = this.emitSugaredExpr(s.value, 1);
    let message: Value;
    let qualified: Value | null;
    if (sv instanceof ExceptionMessageValue) {
      message = sv.message;
      qualified = sv.qualifiedClassName;
    } else if (sv instanceof ExceptionValue) {
      message = insertConstant(g, '', s.range);
      qualified = sv.qualifiedName === null ? null : insertConstant(g, sv.qualifiedName, s.range);
    } else {
      throw CompileError.at(s.range, 'exceptions must derive from BaseException');
    }
    if (message.type !== Types.str)
      message = emitBuiltinCall(null, g, 'aten::str', [NamedValue.of(message)], []);
    qualified ??= g.insertNode(createNone(g)).output();
    const n = g.insertNode(g.create('prim::RaiseException', [message, qualified]));
    n.sourceRange = s.range;
    this.exitBlocks.add(this.env.block);
  }

  private emitAssert(s: T.Assert): void {
    const cond = this.emitCondExpr(s.test);
    const message: T.Expr = s.msg ?? { kind: 'StringLiteral', value: '', range: s.range };
    const callee: T.Expr = { kind: 'Var', name: 'AssertionError', range: s.range };
    const apply: T.Expr = {
      kind: 'Apply',
      callee,
      inputs: [message],
      attributes: [],
      range: s.range,
    };
    this.emitIfElseBlocks(s.range, cond, [], [{ kind: 'Raise', value: apply, range: s.range }]);
  }

  private emitWith(s: T.With): void {
    const entered: Value[] = [];
    for (const item of s.items) {
      const rhs = this.emitExpr(item.target);
      const n = this.graph.insertNode(this.graph.create('prim::Enter', [rhs], [Types.Any]));
      entered.push(rhs);
      const t = rhs.type;
      if (t.kind !== 'Class')
        throw CompileError.at(item.target.range, 'With item expression must return an object');
      const cls = t as unknown as { methods: Map<string, ScriptFunction> };
      const enter = cls.methods.get('__enter__');
      const exit = cls.methods.get('__exit__');
      if (enter === undefined || exit === undefined) {
        throw CompileError.at(
          item.target.range,
          'Object returned by with item expression does not define __enter__ and __exit__ methods',
        );
      }
      n.output().setType(enter.signature.returns[0].type);
      if (item.var !== null) this.env.setVar(item.var.range, item.var.name, n.output());
    }
    this.emitStatements(s.body);
    while (entered.length > 0)
      this.graph.insertNode(this.graph.create('prim::Exit', [entered.pop()!]));
  }

  // ---- conditions ----

  emitCondExpr(e: T.Expr): CondValue {
    if (e.kind === 'BinOp' && (e.op === 'and' || e.op === 'or'))
      return this.emitShortCircuit(e.range, e.lhs, e.rhs, e.op === 'or');
    if (e.kind === 'UnaryOp' && e.op === 'not') {
      const v = this.emitCondExpr(e.operand);
      const result = emitBuiltinCall(
        e.range,
        this.graph,
        'aten::__not__',
        [NamedValue.of(v.value)],
        [],
      );
      return new CondValue(result, v.refinements.not(), v.staticIf === null ? null : !v.staticIf);
    }
    if (e.kind === 'BinOp' && (e.op === 'is' || e.op === 'is not')) return this.emitIsCondition(e);
    if (e.kind === 'Apply' && e.callee.kind === 'Var') {
      if (e.callee.name === 'isinstance') {
        this.checkApplyNumInputs(e, 2);
        return this.emitIsInstance(e.inputs[0], e.inputs[1]);
      }
      if (e.callee.name === 'hasattr') {
        this.checkApplyNumInputs(e, 2);
        return this.emitHasAttr(e.inputs[0], e.inputs[1]);
      }
    }
    const v = this.emitToBool(e.range, this.emitExpr(e));
    let staticIf: boolean | null = null;
    const kind = v.node?.kind;
    if (kind === 'aten::is_scripting') staticIf = true;
    else if (kind === 'aten::has_torch_function') staticIf = false;
    const c = toIValue(v);
    if (typeof c === 'boolean') staticIf = c;
    return new CondValue(v, new RefinementSet(), staticIf);
  }

  checkApplyNumInputs(apply: T.Apply, expected: number): void {
    const name = apply.callee.kind === 'Var' ? apply.callee.name : '';
    if (apply.inputs.length !== expected) {
      throw CompileError.at(
        apply.range,
        `${name} expected exactly ${expected} arguments but found ${apply.inputs.length}`,
      );
    }
    if (apply.attributes.length > 0)
      throw CompileError.at(apply.range, `${name} takes no keyword arguments`);
  }

  private emitIsCondition(e: T.BinOp): CondValue {
    const lhs = this.emitExpr(e.lhs);
    const rhs = this.emitExpr(e.rhs);
    // As PyTorch's canBeNone: a NoneType value (a constant, an attribute) is always None.
    const none = (v: Value) =>
      v.type === Types.None ||
      (v.node?.kind === 'prim::Constant' &&
        v.node.attributes.size === 0 &&
        v.type instanceof OptionalType)
        ? 'always'
        : v.type instanceof OptionalType ||
            (v.type instanceof UnionType && v.type.members.includes(Types.None))
          ? 'maybe'
          : 'never';
    const [l, r] = [none(lhs), none(rhs)];
    const isIs = e.op === 'is';
    if (l === 'always' && r === 'always')
      return new CondValue(insertConstant(this.graph, isIs, e.range), new RefinementSet(), isIs);
    if ((l === 'always' && r === 'never') || (l === 'never' && r === 'always')) {
      return new CondValue(insertConstant(this.graph, !isIs, e.range), new RefinementSet(), !isIs);
    }
    const v = emitBuiltinCall(
      e.range,
      this.graph,
      binaryNodeKinds[e.op],
      [NamedValue.of(lhs), NamedValue.of(rhs)],
      [],
    );
    return new CondValue(v, this.isNoneRefinements(e.lhs, lhs, e.rhs, rhs, isIs), null);
  }

  private isNoneRefinements(
    lhsExpr: T.Expr,
    lhs: Value,
    rhsExpr: T.Expr,
    rhs: Value,
    isIs: boolean,
  ): RefinementSet {
    if (rhsExpr.kind !== 'None' && lhsExpr.kind === 'None')
      return this.isNoneRefinements(rhsExpr, rhs, lhsExpr, lhs, isIs);
    if (rhsExpr.kind !== 'None' || lhsExpr.kind !== 'Var') return new RefinementSet();
    if (!(lhs.type instanceof OptionalType)) return new RefinementSet();
    const present = { name: lhsExpr.name, type: lhs.type.elem };
    return isIs ? new RefinementSet([], [present]) : new RefinementSet([present], []);
  }

  private emitShortCircuit(
    range: SourceRange,
    first: T.Expr,
    second: T.Expr,
    isOr: boolean,
  ): CondValue {
    const lhs = this.emitCondExpr(first);
    let rhs: CondValue | null = null;
    const constExpr = () => insertConstant(this.graph, isOr, range);
    const continueExpr = () => {
      rhs = this.emitCondExpr(second);
      return rhs.value;
    };
    const value = isOr
      ? this.emitIfExpr(range, lhs, constExpr, continueExpr)
      : this.emitIfExpr(range, lhs, continueExpr, constExpr);
    const r = rhs as unknown as CondValue;
    let staticIf: boolean | null = null;
    if (isOr) {
      if (lhs.staticIf === true || r.staticIf === true) staticIf = true;
      else if (lhs.staticIf !== null && r.staticIf !== null) staticIf = lhs.staticIf || r.staticIf;
    } else if (lhs.staticIf === false || r.staticIf === false) staticIf = false;
    else if (lhs.staticIf !== null && r.staticIf !== null) staticIf = lhs.staticIf && r.staticIf;
    const refinements = isOr
      ? lhs.refinements.or(r.refinements)
      : lhs.refinements.and(r.refinements);
    return new CondValue(value, refinements, staticIf);
  }

  emitIfExpr(
    range: SourceRange,
    cond: CondValue,
    trueExpr: () => Value,
    falseExpr: () => Value,
  ): Value {
    const g = this.graph;
    const n = g.insertNode(g.create('prim::If', [cond.value]));
    n.sourceRange = range;
    const [tb, fb] = [n.addBlock(), n.addBlock()];
    const emitBranch = (b: Block, refinements: RefinementSet, expr: () => Value) => {
      this.pushFrame(b);
      g.withInsertPoint(b, () => {
        this.insertRefinements(range, refinements);
        b.addOutput(expr());
      });
      this.popFrame();
    };
    emitBranch(tb, cond.refinements, trueExpr);
    emitBranch(fb, cond.refinements.not(), falseExpr);
    const [tt, ft] = [tb.outputs[0].type, fb.outputs[0].type];
    const unified = unifyTypes(tt, ft);
    if (unified === null) {
      throw CompileError.at(
        range,
        `if-expression's true branch has type ${tt.annotation()} but false branch has type ${ft.annotation()}`,
      );
    }
    return n.addOutput(unified);
  }

  emitToBool(range: SourceRange, v: Value): Value {
    let out: Value;
    try {
      const cast = this.env.getSugaredVar('bool', range)!;
      out = cast.call(range, this, [NamedValue.of(v)], [], 0).asValue(range, this);
    } catch {
      throw CompileError.at(range, `Could not cast value of type ${v.type.annotation()} to bool`);
    }
    if (!isSubtype(out.type, Types.bool)) {
      throw CompileError.at(
        range,
        `expected a bool expression for condition but found ${out.type.annotation()}`,
      );
    }
    return out;
  }

  insertRefinements(range: SourceRange, refinements: RefinementSet): void {
    for (const r of refinements.whenTrue) {
      const v = this.env.getVar(r.name, range);
      this.env.setVar(range, r.name, insertUncheckedCast(this.graph, v, r.type));
    }
  }

  private emitHasAttr(objExpr: T.Expr, attrExpr: T.Expr): CondValue {
    const obj = this.emitSugaredExpr(objExpr, 1);
    if (attrExpr.kind !== 'StringLiteral')
      throw CompileError.at(attrExpr.range, "hasattr's second argument must be a string literal");
    const has = obj.hasAttr(objExpr.range, this, attrExpr.value);
    return new CondValue(insertConstant(this.graph, has, objExpr.range), new RefinementSet(), has);
  }

  emitIsInstance(obj: T.Expr, classinfo: T.Expr): CondValue {
    const types: Type[] = [];
    const gather = (e: T.Expr) => {
      if (e.kind === 'TupleLiteral') e.inputs.forEach(gather);
      else types.push(this.typeParser.parse(e));
    };
    gather(classinfo);
    const val = this.emitExpr(obj);
    let refinement = new RefinementSet();
    if (types.length === 1 && isSubtype(types[0], val.type) && obj.kind === 'Var') {
      refinement = new RefinementSet([{ name: obj.name, type: types[0] }], []);
    }
    if (types.some((t) => isSubtype(val.type, t))) {
      return new CondValue(insertConstant(this.graph, true, obj.range), refinement, true);
    }
    const maybeOfKind = (kind: string) =>
      val.type === Types.Any || (val.type instanceof OptionalType && val.type.elem.kind === kind);
    const staticallyFalse = types.every(
      (t) =>
        !isSubtype(t, val.type) &&
        !((t === Types.AnyList || t instanceof ListType) && maybeOfKind('List')) &&
        !((t === Types.AnyTuple || t instanceof TupleType) && maybeOfKind('Tuple')),
    );
    if (staticallyFalse)
      return new CondValue(insertConstant(this.graph, false, obj.range), refinement, false);
    return new CondValue(insertIsInstance(this.graph, val, types), refinement, null);
  }

  private emitIf(s: T.If): void {
    this.emitIfElseBlocks(s.range, this.emitCondExpr(s.cond), s.trueBranch, s.falseBranch);
  }

  private emitSingleIfBranch(
    b: Block,
    branch: readonly T.Stmt[],
    refinements: RefinementSet,
    range: SourceRange,
  ): Environment {
    this.pushFrame(b);
    this.graph.withInsertPoint(b, () => {
      this.insertRefinements(range, refinements);
      this.emitStatements(branch);
    });
    return this.popFrame();
  }

  emitIfElseBlocks(
    range: SourceRange,
    cond: CondValue,
    trueBranch: readonly T.Stmt[],
    falseBranch: readonly T.Stmt[],
  ): void {
    const g = this.graph;
    if (cond.staticIf !== null) {
      if (cond.staticIf) {
        this.insertRefinements(range, cond.refinements);
        this.emitStatements(trueBranch);
      } else {
        this.insertRefinements(range, cond.refinements.not());
        this.emitStatements(falseBranch);
      }
      return;
    }
    const n = g.insertNode(g.create('prim::If', [cond.value]));
    n.sourceRange = range;
    const [tb, fb] = [n.addBlock(), n.addBlock()];
    const saveTrue = this.emitSingleIfBranch(tb, trueBranch, cond.refinements, range);
    const saveFalse = this.emitSingleIfBranch(fb, falseBranch, cond.refinements.not(), range);
    const trueExits = this.exitBlocks.has(tb);
    const falseExits = this.exitBlocks.has(fb);
    if (trueExits && falseExits) this.exitBlocks.add(n.owningBlock!);

    const mutated = new Set<string>();
    for (const v of saveTrue.definedVariables()) {
      g.withInsertPoint(fb, () => {
        if (saveFalse.findInAnyFrame(v) !== null || falseExits) mutated.add(v);
        else
          this.env.setVariableTypeError(v, () =>
            CompileError.at(range, `${v} is not defined in the false branch`),
          );
      });
    }
    for (const v of saveFalse.definedVariables()) {
      g.withInsertPoint(tb, () => {
        if (saveTrue.findInAnyFrame(v) !== null || trueExits) mutated.add(v);
        else
          this.env.setVariableTypeError(v, () =>
            CompileError.at(range, `${v} is not defined in the true branch`),
          );
      });
    }
    for (const x of [...mutated].sort()) {
      let tv: Value | null = null;
      let fv: Value | null = null;
      if (!trueExits) tv = g.withInsertPoint(tb, () => saveTrue.getVar(x, range));
      if (!falseExits) fv = g.withInsertPoint(fb, () => saveFalse.getVar(x, range));
      if (trueExits && falseExits) continue;
      if (trueExits) {
        tv = g.withInsertPoint(tb, () => g.insertNode(createUninitialized(g, fv!.type)).output());
        g.withInsertPoint(tb, () => g.insertNode(createStore(g, x, tv!)));
      } else if (falseExits) {
        fv = g.withInsertPoint(fb, () => g.insertNode(createUninitialized(g, tv!.type)).output());
        g.withInsertPoint(fb, () => g.insertNode(createStore(g, x, fv!)));
      }
      const unified = unifyTypes(tv!.type, fv!.type);
      if (unified === null) {
        const message = `Type mismatch: ${x} is set to type ${tv!.type.annotation()} in the true branch and type ${fv!.type.annotation()} in the false branch`;
        if (saveTrue.findInParentFrame(x) !== null || saveFalse.findInParentFrame(x) !== null)
          throw CompileError.at(range, message);
        this.env.setVariableTypeError(x, () => CompileError.at(range, message));
        continue;
      }
      this.env.setType(x, unified);
    }
  }

  // ---- loops ----

  private materializeConstant(v: bigint | number, range: SourceRange): Value {
    const map = typeof v === 'bigint' ? this.integralConstants : this.floatConstants;
    const existing = (map as Map<bigint | number, Value>).get(v);
    if (existing !== undefined) return existing;
    const c = this.graph.atGraphStart(() => insertConstant(this.graph, v, range));
    (map as Map<bigint | number, Value>).set(v, c);
    return c;
  }

  emitLoopCommon(
    range: SourceRange,
    emitBody: () => void,
    iter: SugaredValue | null,
    targets: readonly T.Expr[] | null,
    cond: T.Expr | null,
  ): void {
    const g = this.graph;
    const maxTripCount =
      iter !== null ? iter.len(range, this) : this.materializeConstant(2n ** 63n - 1n, range);
    const n = g.insertNode(g.create('prim::Loop'));
    n.sourceRange = range;
    const body = n.addBlock();
    const condBlock = n.addBlock();
    this.pushFrame(condBlock);
    let out: Value;
    if (cond !== null)
      out = g.withInsertPoint(condBlock, () => this.emitToBool(cond.range, this.emitExpr(cond)));
    else out = g.withInsertPoint(n, () => insertConstant(g, true, range));
    condBlock.addOutput(out);
    this.popFrame();
    n.addInput(maxTripCount);
    const savedLoop = this.loopStatus;
    this.loopStatus = 'loop';
    const tripCount = body.addInput(Types.int);
    this.pushFrame(body);
    g.withInsertPoint(body, () => {
      if (iter !== null && targets !== null) {
        const current = iter.getitem(range, this, tripCount).asValue(range, this);
        this.validateAssignLhs(targets, range);
        const lhs: readonly T.Expr[] =
          targets.length > 1 ? [{ kind: 'TupleLiteral', inputs: targets, range }] : targets;
        this.emitExprsAssign(lhs, [new SimpleValue(current)], range, 1);
      }
      emitBody();
    });
    this.popFrame();
    this.loopStatus = savedLoop;
  }

  private emitUnrolledLoop(
    range: SourceRange,
    emitBody: () => void,
    iterable: SugaredValue,
    targets: readonly T.Expr[],
  ): void {
    const len = iterable.staticLen()!;
    const savedLoop = this.loopStatus;
    this.loopStatus = 'unrolled';
    for (let i = 0; i < len; i++) {
      const index = this.materializeConstant(BigInt(i), range);
      const item = iterable.getitem(range, this, index);
      this.emitExprsAssign(targets, [item], range, 1);
      emitBody();
    }
    this.loopStatus = savedLoop;
  }

  emitFor(
    targets: readonly T.Expr[],
    itrs: readonly T.Expr[],
    range: SourceRange,
    emitBody: () => void,
  ): void {
    if (itrs.length !== 1)
      throw CompileError.at(range, 'List of iterables is not supported currently');
    const sv = this.emitSugaredExpr(itrs[0], 1);
    const iterable = sv.iter(range, this);
    if (!iterable.shouldEmitUnrolled())
      this.emitLoopCommon(range, emitBody, iterable, targets, null);
    else this.emitUnrolledLoop(range, emitBody, iterable, targets);
  }

  // ---- assignment ----

  validateAssignLhs(lhs: readonly T.Expr[], range: SourceRange): boolean {
    let normal = 0;
    let starred = 0;
    for (const e of lhs) {
      if (e.kind === 'Var' || e.kind === 'Subscript' || e.kind === 'TupleLiteral') normal++;
      else if (e.kind === 'Starred') starred++;
      else
        throw CompileError.at(
          e.range,
          'lhs of assignment must be a variable, subscript, or starred expression',
        );
    }
    if (starred > 1)
      throw CompileError.at(range, 'Only one starred expression is allowed on the lhs');
    if (starred > 0 && normal === 0) {
      throw CompileError.at(
        range,
        'A Starred expression may only appear on the lhs within the presence of another non-starred expression',
      );
    }
    return starred > 0;
  }

  private emitAssignment(s: T.Assign): void {
    if (s.lhs.length === 1) return this.emitSingleAssignment(s, s.lhs[0], s.rhs!);
    const tmp = this.createTempName('$tmp_assign_');
    this.env.setSugaredVar(s.rhs!.range, tmp, this.emitSugaredExpr(s.rhs!, 1), null);
    const ident: T.Expr = { kind: 'Var', name: tmp, range: s.rhs!.range };
    for (const target of s.lhs)
      this.emitSingleAssignment({ ...s, lhs: [target], rhs: ident, type: null }, target, ident);
  }

  private emitSingleAssignment(s: T.Assign, lhs: T.Expr, rhs: T.Expr): void {
    switch (lhs.kind) {
      case 'Var': {
        const type = s.type === null ? null : this.typeParser.parse(s.type);
        const value = this.emitSugaredExpr(rhs, 1, type);
        this.env.setSugaredVar(lhs.range, lhs.name, value, type);
        return;
      }
      case 'TupleLiteral':
        return this.emitTupleAssign(lhs, rhs);
      case 'Select': {
        const typeHint = s.type === null ? null : this.typeParser.parse(s.type);
        const obj = this.emitSugaredExpr(lhs.value, 1);
        const value = this.emitSugaredExpr(rhs, 1, typeHint).asValue(rhs.range, this);
        obj.setAttr(s.range, this, lhs.selector.name, value);
        return;
      }
      case 'Subscript':
        return emitSubscriptAssign(
          this,
          s.range,
          lhs,
          NamedValue.of(this.emitExpr(rhs), null, rhs.range),
        );
      default:
        throw CompileError.at(lhs.range, 'unexpected expression on left-hand side of assignment');
    }
  }

  private emitTupleAssign(tl: T.TupleLiteral, rhs: T.Expr): void {
    const starred = this.validateAssignLhs(tl.inputs, tl.range);
    const binders = tl.inputs.length - (starred ? 1 : 0);
    const output = this.emitSugaredExpr(rhs, binders);
    this.emitTupleAssignValues(tl, output, rhs.range, binders, starred);
  }

  private emitTupleAssignValues(
    tl: T.TupleLiteral,
    rhs: SugaredValue,
    rhsRange: SourceRange,
    binders: number,
    starred: boolean,
  ): void {
    const outputs = rhs.asTuple(rhsRange, this, starred ? null : binders);
    if (outputs.length < binders) {
      throw CompileError.at(
        tl.range,
        `need ${starred ? 'at least ' : ''}${binders} values to unpack but found only ${outputs.length}`,
      );
    }
    if (outputs.length > binders && !starred) {
      throw CompileError.at(
        tl.range,
        `too many values to unpack: need ${binders} but found ${outputs.length}`,
      );
    }
    this.emitExprsAssign(tl.inputs, outputs, rhsRange, binders);
  }

  emitExprsAssign(
    lhs: readonly T.Expr[],
    outputs: readonly SugaredValue[],
    rhsRange: SourceRange,
    binders: number,
  ): void {
    let i = 0;
    for (const target of lhs) {
      switch (target.kind) {
        case 'Subscript':
          emitSubscriptAssign(
            this,
            rhsRange,
            target,
            NamedValue.of(outputs[i].asValue(rhsRange, this), null, rhsRange),
          );
          i++;
          break;
        case 'Var':
          this.env.setSugaredVar(target.range, target.name, outputs[i], null);
          i++;
          break;
        case 'Starred': {
          if (target.expr.kind !== 'Var')
            throw CompileError.at(target.expr.range, 'Cannot pack a tuple into a non-variable');
          const count = outputs.length - binders;
          const values = outputs.slice(i, i + count).map((o) => o.asValue(target.range, this));
          const tup = this.graph.insertNode(createTuple(this.graph, values)).output();
          this.env.setVar(target.expr.range, target.expr.name, tup);
          i += count;
          break;
        }
        case 'TupleLiteral': {
          const starred = this.validateAssignLhs(target.inputs, target.range);
          const sub = target.inputs.length - (starred ? 1 : 0);
          this.emitTupleAssignValues(target, outputs[i], rhsRange, sub, starred);
          i++;
          break;
        }
        default:
          throw CompileError.at(target.range, 'unexpected expression on the left-hand side');
      }
    }
  }

  /** The operator `x op= y` calls: in place on tensors and lists, as PyTorch chooses. */
  augOpFor(s: T.AugAssign, type: Type): string {
    const ops = augmentedOperators[s.op];
    if (ops === undefined) throw CompileError.at(s.range, `Unknown augmented assignment: ${s.op}`);
    const inplace = isSubtype(type, Types.Tensor) || type instanceof ListType;
    return inplace ? ops[0] : ops[1];
  }

  private emitAugAssignment(s: T.AugAssign): void {
    switch (s.lhs.kind) {
      case 'Var': {
        const lhs = this.emitExpr(s.lhs);
        this.env.setVar(s.lhs.range, s.lhs.name, this.emitAugAssignmentHelper(s, lhs));
        return;
      }
      case 'Select': {
        const obj = this.emitSugaredExpr(s.lhs.value, 1);
        const lhs = obj.attr(s.lhs.range, this, s.lhs.selector.name).asValue(s.lhs.range, this);
        obj.setAttr(s.range, this, s.lhs.selector.name, this.emitAugAssignmentHelper(s, lhs));
        return;
      }
      case 'Subscript':
        return emitAugAssignToSubscript(this, s, s.lhs);
      default:
        throw CompileError.at(
          s.lhs.range,
          'unexpected expression on left-hand side of augmented assignment',
        );
    }
  }

  private emitAugAssignmentHelper(s: T.AugAssign, lhs: Value): Value {
    if (lhs.type.kind === 'Class') {
      const names: Record<string, [string, string]> = {
        '+': ['__iadd__', '__add__'],
        '-': ['__isub__', '__sub__'],
        '/': ['__itruediv__', '__truediv__'],
        '*': ['__imul__', '__mul__'],
        '%': ['__imod__', '__mod__'],
      };
      const pair = names[s.op];
      if (pair === undefined)
        throw CompileError.at(s.range, `Unknown augmented assignment: ${s.op}`);
      const rhs = this.emitExpr(s.rhs);
      const methods = (lhs.type as unknown as { methods: Map<string, unknown> }).methods;
      const name = methods.has(pair[0]) ? pair[0] : methods.has(pair[1]) ? pair[1] : null;
      if (name === null) {
        throw CompileError.at(
          s.range,
          `Cannot emit inplace op on ${lhs.type.annotation()} since it does not define an ${pair[0]} or ${pair[1]} method`,
        );
      }
      return new MethodValue(lhs, name)
        .call(s.range, this, [NamedValue.of(rhs)], [])
        .asValue(s.range, this);
    }
    const rhs = NamedValue.of(this.emitExpr(s.rhs), null, s.rhs.range);
    return emitBuiltinCall(
      s.range,
      this.graph,
      this.augOpFor(s, lhs.type),
      [NamedValue.of(lhs), rhs],
      [],
    );
  }

  // ---- expressions ----

  emitExpr(e: T.Expr, typeHint: Type | null = null): Value {
    let v = this.emitSugaredExpr(e, 1, typeHint).asValue(e.range, this);
    if (typeHint === Types.Any && v.type !== Types.Any)
      v = insertUncheckedCast(this.graph, v, typeHint);
    return v;
  }

  emitSugaredExpr(e: T.Expr, nBinders: number, typeHint: Type | null = null): SugaredValue {
    switch (e.kind) {
      case 'Var':
        return this.env.getSugaredVar(e.name, e.range)!;
      case 'Select':
        return this.emitSugaredExpr(e.value, 1).attr(e.range, this, e.selector.name);
      case 'Apply':
        return emitApply(this, e, nBinders, typeHint);
      case 'Subscript':
        return emitSubscript(this, e, typeHint);
      default:
        return new SimpleValue(this.emitSimpleExpr(e, typeHint));
    }
  }

  getNamedValues(exprs: readonly T.Expr[], maybeUnpack: boolean): NamedValue[] {
    const out: NamedValue[] = [];
    for (const e of exprs) {
      if (maybeUnpack && e.kind === 'Starred') {
        for (const item of this.emitSugaredExpr(e.expr, 1).asTuple(e.range, this)) {
          out.push(NamedValue.of(item.asValue(e.range, this), null, e.range));
        }
      } else {
        out.push(NamedValue.of(this.emitExpr(e), null, e.range));
      }
    }
    return out;
  }

  private emitBinaryOp(e: T.BinOp): Value {
    const kind = binaryNodeKinds[e.op];
    const values = this.getNamedValues([e.lhs, e.rhs], false);
    if (e.op === 'in') values.reverse();
    const magic = new MagicMethod(magicNames[e.op], builtinOf(kind));
    return magic.call(e.range, this, values, [], 0).asValue(e.range, this);
  }

  private emitUnaryOp(e: T.UnaryOp, magicName: string, op: string): Value {
    const values = this.getNamedValues([e.operand], false);
    const v = new MagicMethod(magicName, builtinOf(op))
      .call(e.range, this, values, [], 0)
      .asValue(e.range, this);
    if (v.node?.kind !== op) return v;
    // Fold `-1` and friends right away, as PyTorch does.
    const folded = foldConstant(v.node);
    if (folded === undefined) return v;
    v.node.destroy();
    return insertConstant(this.graph, folded, e.range);
  }

  emitSimpleExpr(e: T.Expr, typeHint: Type | null = null): Value {
    const g = this.graph;
    switch (e.kind) {
      case 'BinOp':
        if (e.op === '//' || e.op === '@') {
          return emitBuiltinCall(
            e.range,
            g,
            binaryNodeKinds[e.op],
            this.getNamedValues([e.lhs, e.rhs], false),
            [],
          );
        }
        if (e.op === '%') {
          const lhs = this.emitSugaredExpr(e.lhs, 0).asValue(e.lhs.range, this);
          if (lhs.type === Types.str) {
            const rhs = this.emitExpr(e.rhs);
            const n = g.insertNode(g.create('aten::percentFormat', [lhs, rhs], [Types.str]));
            n.sourceRange = e.range;
            return n.output();
          }
          const rhs = NamedValue.of(this.emitExpr(e.rhs), null, e.rhs.range);
          return new MagicMethod('__mod__', builtinOf('aten::remainder'))
            .call(e.range, this, [NamedValue.of(lhs, null, e.lhs.range), rhs], [], 0)
            .asValue(e.range, this);
        }
        if (e.op === 'is' || e.op === 'is not' || e.op === 'and' || e.op === 'or')
          return this.emitCondExpr(e).value;
        return this.emitBinaryOp(e);
      case 'UnaryOp':
        if (e.op === 'not') return this.emitCondExpr(e).value;
        if (e.op === '-') return this.emitUnaryOp(e, '__neg__', 'aten::neg');
        return this.emitUnaryOp(e, '__invert__', 'aten::bitwise_not');
      case 'Const':
        return e.isFloat
          ? this.materializeConstant(Number(e.text), e.range)
          : this.materializeConstant(BigInt(e.text), e.range);
      case 'True':
        return insertConstant(g, true, e.range);
      case 'False':
        return insertConstant(g, false, e.range);
      case 'None':
        return insertConstant(g, null, e.range);
      case 'StringLiteral':
        return insertConstant(g, e.value, e.range);
      case 'TernaryIf':
        return this.emitTernaryIf(e, typeHint);
      case 'ListLiteral':
        return emitListLiteral(this, e, typeHint);
      case 'TupleLiteral': {
        const values = this.getNamedValues(e.inputs, true).map((nv) => nv.get(g));
        return g.insertNode(createTuple(g, values)).output();
      }
      case 'DictLiteral':
        return emitDictLiteral(this, e, typeHint);
      case 'ListComp':
        return emitListComprehension(this, e, typeHint);
      case 'DictComp':
        return emitDictComprehension(this, e, typeHint);
      case 'Starred':
        throw CompileError.at(e.range, 'Unexpected starred expansion. File a bug report');
      case 'Dots':
        throw CompileError.at(e.range, 'Ellipsis is only supported in subscripts');
      default:
        throw CompileError.at(e.range, `Cannot emit expr for: ${e.kind}`);
    }
  }

  private emitTernaryIf(e: T.TernaryIf, typeHint: Type | null): Value {
    const cond = this.emitCondExpr(e.cond);
    if (cond.staticIf !== null)
      return this.emitExpr(cond.staticIf ? e.trueExpr : e.falseExpr, typeHint);
    return this.emitIfExpr(
      e.range,
      cond,
      () => this.emitExpr(e.trueExpr, typeHint),
      () => this.emitExpr(e.falseExpr, typeHint),
    );
  }

  /** `None` typed as Optional[T] (torch.jit.annotate(Optional[int], None)). */
  createTypedNone(type: Type): Value {
    const n = this.graph.insertNode(createNone(this.graph));
    return n.output().setType(type);
  }

  exitBlocksHas(b: Block): boolean {
    return this.exitBlocks.has(b);
  }
}

function builtinOf(symbol: string): BuiltinFunction {
  return new BuiltinFunction(symbol, null);
}

function classValueFor(t: Type): SugaredValue {
  return new ClassValue(t as ClassType);
}

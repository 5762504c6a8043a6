// The IR emitter: a TorchScript function's tree to a graph, statement by statement. Variables are
// emitted as prim::Store / prim::Load and exits (return, break, continue) as marker nodes; the
// passes of convert_to_ssa.ts then make the graph SSA, as in PyTorch's to_ir.

import { insertConstant, type ConstantValue } from '../ir/constants.js';
import {
  createNone,
  createStore,
  createTuple,
  createUninitialized,
  insertUncheckedCast,
} from '../ir/create.js';
import type { Block, Graph, Value } from '../ir/ir.js';
import type { Signature, SignatureArg } from '../types/signature.js';
import { isSubtype, unifyTypes } from '../types/subtype.js';
import { ClassType, TupleType, Type, Types } from '../types/types.js';
import { emitApply } from './emit_calls.js';
import { emitCondExpr, emitIfExpr, emitToBool, insertRefinements } from './emit_conditions.js';
import {
  emitAssignment,
  emitAugAssignment,
  emitExprsAssign,
  validateAssignLhs,
} from './emit_assignments.js';
import {
  emitDictComprehension,
  emitDictLiteral,
  emitListComprehension,
  emitListLiteral,
} from './emit_containers.js';
import { emitSubscript } from './emit_subscripts.js';
import { Environment } from './environment.js';
import { CompileError } from './errors.js';
import type { ScriptFunction } from './function.js';
import { CondValue, RefinementSet } from './refinement.js';
import { emitBuiltinCall, NamedValue, tryConvertToType } from './schema_matching.js';
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

export type LoopStatus = 'none' | 'loop' | 'unrolled';

export const binaryNodeKinds: Record<string, string> = {
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
      const type = p.type === null ? Types.InferredTensor : sig.args[i].type;
      const input = block.addInput(type, p.ident.name);
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
        return emitAssignment(this, s);
      case 'AugAssign':
        return emitAugAssignment(this, s);
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
    const cond = emitCondExpr(this, s.test);
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
    // PyTorch's prim::Exit has one output, which nothing uses, typed as its default (Tensor).
    while (entered.length > 0)
      this.graph.insertNode(this.graph.create('prim::Exit', [entered.pop()!], [Types.Tensor]));
  }

  // ---- conditions ----

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

  private emitIf(s: T.If): void {
    this.emitIfElseBlocks(s.range, emitCondExpr(this, s.cond), s.trueBranch, s.falseBranch);
  }

  private emitSingleIfBranch(
    b: Block,
    branch: readonly T.Stmt[],
    refinements: RefinementSet,
    range: SourceRange,
  ): Environment {
    this.pushFrame(b);
    this.graph.withInsertPoint(b, () => {
      insertRefinements(this, range, refinements);
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
        insertRefinements(this, range, cond.refinements);
        this.emitStatements(trueBranch);
      } else {
        insertRefinements(this, range, cond.refinements.not());
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
      out = g.withInsertPoint(condBlock, () => emitToBool(this, cond.range, this.emitExpr(cond)));
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
        validateAssignLhs(targets, range);
        const lhs: readonly T.Expr[] =
          targets.length > 1 ? [{ kind: 'TupleLiteral', inputs: targets, range }] : targets;
        emitExprsAssign(this, lhs, [new SimpleValue(current)], range, 1);
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
      emitExprsAssign(this, targets, [item], range, 1);
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
          return emitCondExpr(this, e).value;
        return this.emitBinaryOp(e);
      case 'UnaryOp':
        if (e.op === 'not') return emitCondExpr(this, e).value;
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
    const cond = emitCondExpr(this, e.cond);
    if (cond.staticIf !== null)
      return this.emitExpr(cond.staticIf ? e.trueExpr : e.falseExpr, typeHint);
    return emitIfExpr(
      this,
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

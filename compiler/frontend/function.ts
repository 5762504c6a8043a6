// Compiled TorchScript functions and methods, defined lazily: a function's graph is emitted the
// first time something needs it (a call to it, or .graph), as PyTorch's GraphFunction does.

import { Graph } from '../ir/ir.js';
import type { Signature } from '../types/signature.js';
import { CompileError, setPendingCallRange, withFrame } from './errors.js';
import type { SourceRange } from './source.js';

const byGraph = new WeakMap<Graph, ScriptFunction>();

export class ScriptFunction {
  /** The function a graph belongs to, for tracebacks. */
  static ofGraph(graph: Graph): ScriptFunction | undefined {
    return byGraph.get(graph);
  }
  private signatureValue: Signature | null = null;
  private state: 'new' | 'defining' | 'done' = 'new';

  constructor(
    /** `__torch__.case.fn`, or `__torch__.case.M.forward` for a method. */
    readonly qualifiedName: string,
    /** Emits the graph and returns the signature. */
    private readonly creator: (fn: ScriptFunction) => Signature,
    /** How error call chains name it: `fn`, or `M.forward` for a method. */
    readonly displayName: string = qualifiedName.slice(qualifiedName.lastIndexOf('.') + 1),
    /** Empty for the creator to fill, or made already (a trace's, numbered as it was made). */
    readonly graph: Graph = new Graph(),
  ) {
    byGraph.set(this.graph, this);
  }

  get name(): string {
    return this.qualifiedName.slice(this.qualifiedName.lastIndexOf('.') + 1);
  }

  /** Compiles the function if it is not yet; `callRange` is where a caller needs it. */
  ensureDefined(callRange: SourceRange | null = null): void {
    if (this.state === 'done') return;
    if (this.state === 'defining') {
      const where = callRange ?? null;
      const message = `Recursive calls are not supported: ${this.displayName} is called while it is being compiled`;
      throw where === null ? new CompileError(message, []) : CompileError.at(where, message);
    }
    this.state = 'defining';
    try {
      if (callRange !== null) setPendingCallRange(callRange);
      this.signatureValue = withFrame(this.displayName, () => this.creator(this));
      this.state = 'done';
    } catch (e) {
      this.state = 'new';
      throw e;
    }
  }

  get signature(): Signature {
    this.ensureDefined();
    return this.signatureValue!;
  }

  /** Sets the signature early, while the body is still being emitted (recursion checks, closures). */
  setSignature(sig: Signature): void {
    this.signatureValue = sig;
  }
}

// The questions PyTorch's passes ask its AliasDb, answered from ours (alias_analysis.ts): is a
// value written anywhere in the graph, may two sets of values share memory, does a value escape
// the graph, may two values be made one.

import type { Graph, Node, Value } from '../ir/ir.js';
import { AliasDb, isMutableType } from './alias_analysis.js';

export class AliasQueries {
  readonly db: AliasDb;
  /** Every value some node writes to. */
  private readonly written: Value[] = [];
  private readonly writesToWildcard: boolean;

  /**
   * `frozen`: the graph's module attributes are about to become constants, so reading one makes
   * a value of its own rather than one that may alias anything (AliasDb's isFrozen): a write to
   * one attribute then does not count as a write to every other.
   */
  constructor(
    private readonly graph: Graph,
    frozen = false,
  ) {
    this.db = new AliasDb(graph);
    for (const n of graph.allNodes()) this.written.push(...this.db.writes(n));
    this.writesToWildcard = !frozen && this.written.some((w) => this.db.isWildcard(w));
  }

  /** Whether some node writes to memory `v` may share. */
  hasWriters(v: Value): boolean {
    if (!isMutableType(v.type)) return false;
    if (this.db.isWildcard(v) && this.writesToWildcard) return true;
    return this.written.some((w) => this.db.mayAlias(w, v));
  }

  /** Whether anything writes to what `n` reads or makes (AliasDb::hasWriters(Node*)). */
  nodeHasWriters(n: Node): boolean {
    return n.inputs.some((v) => this.hasWriters(v)) || n.outputs.some((v) => this.hasWriters(v));
  }

  /** Whether some value of `a` may share memory with some value of `b`. */
  mayContainAlias(a: readonly Value[], b: readonly Value[]): boolean {
    return a.some((x) => b.some((y) => x === y || this.db.mayAlias(x, y)));
  }

  /** Whether `v` may be seen outside the graph: a wildcard, or aliasing its inputs or outputs. */
  escapesScope(v: Value): boolean {
    return (
      this.db.isWildcard(v) ||
      this.mayContainAlias([v], this.graph.inputs) ||
      this.mayContainAlias([v], this.graph.outputs)
    );
  }

  /**
   * Whether `a` and `b` may become one value (or stop being one) without anyone telling: neither
   * is written, and they do not both escape.
   */
  safeToChangeAliasingRelationship(a: readonly Value[], b: readonly Value[]): boolean {
    if (a.some((v) => this.hasWriters(v)) || b.some((v) => this.hasWriters(v))) return false;
    const escapes = (vs: readonly Value[]) =>
      vs.some((v) => isMutableType(v.type) && this.escapesScope(v));
    return !(escapes(a) && escapes(b));
  }
}

// The dataflow graph of cells: for each name, the cell that last defined it; an edge A -> B when
// B, when it last ran, read a name whose value A had defined, or read a name no cell had defined
// yet (B failed on it) that A defines now. A cell that redefines a name others read does not
// make them its readers: they read another cell's value, and running a notebook top to bottom
// re-runs nothing. Cells are known by the cellId their client sends; only
// cells this session has run are in the graph. Pure data: what a cell defines and reads comes
// from the Python side (backend/python/_torchscript_reactive.py), running cells is someone
// else's business (cascade.ts).

export type CellId = string;

/** What one run of a cell did to the namespace. */
export interface CellRun {
  /** The cell's source as the client sent it (magics and all): what a re-run runs again. */
  readonly code: string;
  /** The execution count of the cell's last own run: its In [n]. */
  readonly label: number;
  /** Names bound to a new object, or updated in place by an augmented assignment. */
  readonly defines: readonly string[];
  /** Names the cell uses that it did not bind before using them. */
  readonly reads: readonly string[];
  readonly deleted: readonly string[];
}

export interface CellNode {
  readonly id: CellId;
  readonly code: string;
  readonly label: number;
  readonly reads: ReadonlySet<string>;
  /** For each name it read, the cell whose value it read; null where no cell had defined it. */
  readonly readFrom: ReadonlyMap<string, CellId | null>;
  /** What its latest run changed: the names its dependents must see again. */
  readonly changed: ReadonlySet<string>;
  readonly deleted: ReadonlySet<string>;
  /** When it last ran, own run or re-run, counting runs of all cells: ties in order follow it. */
  readonly sequence: number;
}

export interface Edge {
  readonly from: CellId;
  readonly to: CellId;
  /** The names `to` reads from `from`, sorted. */
  readonly names: readonly string[];
}

export class DataflowGraph {
  private readonly nodes = new Map<CellId, CellNode>();
  private readonly definers = new Map<string, CellId>();
  /** Names whose last change was their deletion, and by which cell. */
  private readonly deleters = new Map<string, CellId>();
  private runs = 0;

  /** Records a run of `id` (its first, or a later one with the same or new code). */
  record(id: CellId, run: CellRun): CellNode {
    const readFrom = new Map(run.reads.map((name) => [name, this.definers.get(name) ?? null]));
    const node: CellNode = {
      id,
      code: run.code,
      label: run.label,
      reads: new Set(run.reads),
      readFrom,
      changed: new Set(run.defines),
      deleted: new Set(run.deleted),
      sequence: ++this.runs,
    };
    this.nodes.set(id, node);
    for (const name of run.defines) {
      this.definers.set(name, id);
      this.deleters.delete(name);
    }
    for (const name of run.deleted) {
      this.definers.delete(name);
      this.deleters.set(name, id);
    }
    return node;
  }

  /** Drops a cell the client deleted; the values it defined stay, with no definer. */
  forget(id: CellId): void {
    this.nodes.delete(id);
    for (const map of [this.definers, this.deleters]) {
      for (const [name, cell] of map) if (cell === id) map.delete(name);
    }
  }

  has(id: CellId): boolean {
    return this.nodes.has(id);
  }

  cell(id: CellId): CellNode {
    const node = this.nodes.get(id);
    if (node === undefined) throw new Error(`no cell ${id} in the dataflow graph`);
    return node;
  }

  /** Every cell, in the order they last ran. */
  cells(): CellNode[] {
    return [...this.nodes.values()].sort((a, b) => a.sequence - b.sequence);
  }

  definerOf(name: string): CellId | undefined {
    return this.definers.get(name);
  }

  deleterOf(name: string): CellId | undefined {
    return this.deleters.get(name);
  }

  /** The cells that read `id`'s names, with the names: its edges out. */
  readersOf(id: CellId): Map<CellId, string[]> {
    const readers = new Map<CellId, string[]>();
    for (const node of this.nodes.values()) {
      if (node.id === id) continue;
      const names = [...node.readFrom]
        .filter(([name, from]) => (from ?? this.definers.get(name)) === id)
        .map(([name]) => name);
      if (names.length > 0) readers.set(node.id, names.sort());
    }
    return readers;
  }

  /** The cells whose names `id` reads, with the names: its edges in. */
  sourcesOf(id: CellId): Map<CellId, string[]> {
    const sources = new Map<CellId, string[]>();
    for (const [name, from] of [...this.cell(id).readFrom].sort()) {
      const definer = from ?? this.definers.get(name);
      if (definer === undefined || definer === id) continue;
      sources.set(definer, [...(sources.get(definer) ?? []), name]);
    }
    return sources;
  }

  edges(): Edge[] {
    return this.cells().flatMap((node) =>
      [...this.readersOf(node.id)].map(([to, names]) => ({ from: node.id, to, names })),
    );
  }
}

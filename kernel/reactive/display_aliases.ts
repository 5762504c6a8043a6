// display(obj, display_id=X) in a cell with a cell id shows under the kernel's own display id
// for that output (output_slots.ts), so that re-runs can update it; X becomes an alias, and an
// update of X (handle.update(...), from this cell or any later one) goes to every output shown
// under it.

export class DisplayAliases {
  private readonly targets = new Map<string, Set<string>>();

  add(userId: string, shownAs: string): void {
    const shown = this.targets.get(userId) ?? new Set<string>();
    shown.add(shownAs);
    this.targets.set(userId, shown);
  }

  /** The display ids an update of `userId` goes to: its own (a plain cell may show it) and its aliases. */
  resolve(userId: string): string[] {
    return [userId, ...(this.targets.get(userId) ?? [])];
  }
}

// Requests on the shell channel are handled one at a time, in order, as Jupyter clients expect.
// The queue stays visible so that a failed cell can abort the executions queued behind it
// (stop_on_error).

import { describeError, type KernelLogger } from './log.js';

export class SerialQueue<T> {
  private pending: T[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly handle: (item: T) => Promise<void>,
    private readonly log: KernelLogger,
  ) {}

  push(item: T): void {
    this.pending.push(item);
    this.running ??= this.drain();
  }

  /** Removes and returns the waiting items that `matches` selects. */
  takeWaiting(matches: (item: T) => boolean): T[] {
    const taken = this.pending.filter(matches);
    this.pending = this.pending.filter((item) => !matches(item));
    return taken;
  }

  /** Resolves when nothing is waiting or running. */
  async settled(): Promise<void> {
    while (this.running !== null) await this.running;
  }

  private async drain(): Promise<void> {
    for (let item = this.pending.shift(); item !== undefined; item = this.pending.shift()) {
      try {
        await this.handle(item);
      } catch (error) {
        // One failing request must not stop the ones behind it.
        this.log.error(`request failed: ${describeError(error)}`);
      }
    }
    this.running = null;
  }
}

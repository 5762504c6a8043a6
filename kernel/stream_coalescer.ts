// A cell that prints in a tight loop would send one iopub message per print; the coalescer joins
// what arrives within a short interval into one stream message, and keeps the order of streams
// and other outputs by flushing before anything else is published.

export type StreamName = 'stdout' | 'stderr';

/** How long text may wait before it is sent: short enough to look live. */
const flushDelayMs = 20;
/** Text beyond this is sent at once instead of growing one huge message. */
const maxBufferedChars = 1 << 20;

export class StreamCoalescer {
  private name: StreamName | null = null;
  private text = '';
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly emit: (name: StreamName, text: string) => void) {}

  write(name: StreamName, text: string): void {
    if (this.name !== null && this.name !== name) this.flush();
    this.name = name;
    this.text += text;
    if (this.text.length >= maxBufferedChars) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), flushDelayMs);
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const { name, text } = this;
    this.name = null;
    this.text = '';
    if (name !== null && text.length > 0) this.emit(name, text);
  }
}

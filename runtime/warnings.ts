// Warnings PyTorch gives with TORCH_WARN: Python sees them as `UserWarning`s. The host installs a
// handler that hands them to Python's `warnings` module; without one they go to stderr.

export type WarningHandler = (message: string) => void;

let handler: WarningHandler = (message) => process.stderr.write(`UserWarning: ${message}\n`);

export function warn(message: string): void {
  handler(message);
}

/** Installs `next` and returns the handler it replaces. */
export function setWarningHandler(next: WarningHandler): WarningHandler {
  const previous = handler;
  handler = next;
  return previous;
}

const warnedOnce = new Set<string>();

/** TORCH_WARN_ONCE: the first time in the process only. */
export function warnOnce(message: string): void {
  if (warnedOnce.has(message)) return;
  warnedOnce.add(message);
  warn(message);
}

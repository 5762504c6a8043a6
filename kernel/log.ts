// Where the kernel says what it dropped or what went wrong: stderr, which Jupyter servers keep in
// their logs. Specs pass their own logger to see what was reported.

export interface KernelLogger {
  warn(message: string): void;
  error(message: string): void;
}

export const stderrLogger: KernelLogger = {
  warn: (message) => process.stderr.write(`[torchscript-kernel] warning: ${message}\n`),
  error: (message) => process.stderr.write(`[torchscript-kernel] error: ${message}\n`),
};

/** The message of anything thrown, for a log line. */
export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

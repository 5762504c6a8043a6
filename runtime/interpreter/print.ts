// Where TorchScript's print() writes: stdout, unless the host (the Python bridge, the kernel)
// routes it to the cell's output.

export type PrintHandler = (line: string) => void;

let handler: PrintHandler = (line) => process.stdout.write(`${line}\n`);

export function printLine(line: string): void {
  handler(line);
}

/** Installs `next` and returns the handler it replaces. */
export function setPrintHandler(next: PrintHandler): PrintHandler {
  const previous = handler;
  handler = next;
  return previous;
}

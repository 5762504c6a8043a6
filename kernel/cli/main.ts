// torchscript-kernel: install the kernelspec, run the kernel for Jupyter, or run a notebook.

import { describeError } from '../log.js';
import { implementationVersion } from '../version.js';
import { installCommand } from './install_command.js';
import { kernelCommand } from './kernel_command.js';
import { runCommand } from './run_command.js';
import { isUsageError } from './usage_error.js';

const usage = `usage: torchscript-kernel <command> [options]

commands:
  install [--user | --sys-prefix | --prefix P]
        write the Jupyter kernelspec "torchscript" (default: system-wide)
  kernel -f CONNECTION_FILE
        run the kernel (what Jupyter starts)
  run NOTEBOOK.ipynb [-o OUT.ipynb] [--html OUT.html] [--allow-errors]
        execute a notebook through the kernel; without -o or --html, print its outputs
  --version, --help
`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  install: installCommand,
  kernel: kernelCommand,
  run: runCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    process.stdout.write(`torchscript-kernel ${implementationVersion}\n`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(usage);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (command === undefined) {
    process.stderr.write(`torchscript-kernel: unknown command '${name}'\n\n${usage}`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (error) {
    if (isUsageError(error)) {
      process.stderr.write(`torchscript-kernel ${name}: ${error.message}\n\n${usage}`);
      return 2;
    }
    process.stderr.write(`torchscript-kernel ${name}: ${describeError(error)}\n`);
    return 1;
  }
}

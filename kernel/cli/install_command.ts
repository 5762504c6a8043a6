// torchscript-kernel install [--user | --sys-prefix | --prefix P]

import { parseArgs } from 'node:util';
import { UsageError } from './usage_error.js';
import { installKernelspec, kernelName, type InstallTarget } from './kernelspec.js';

export async function installCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      user: { type: 'boolean' },
      'sys-prefix': { type: 'boolean' },
      prefix: { type: 'string' },
    },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const chosen = [values.user, values['sys-prefix'], values.prefix !== undefined].filter(Boolean);
  if (chosen.length > 1) throw new UsageError('give at most one of --user, --sys-prefix, --prefix');
  const target: InstallTarget = values.user
    ? { kind: 'user' }
    : values['sys-prefix']
      ? { kind: 'sys-prefix' }
      : values.prefix !== undefined
        ? { kind: 'prefix', prefix: values.prefix }
        : { kind: 'system' };
  const directory = await installKernelspec(target);
  process.stdout.write(`Installed kernelspec ${kernelName} in ${directory}\n`);
  return 0;
}

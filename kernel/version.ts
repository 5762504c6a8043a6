// This package's name and version, read from package.json at the repository root (compiled code
// runs from build/kernel/, sources from kernel/: both two levels below it).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function readPackageVersion(): string {
  const manifest: unknown = JSON.parse(
    readFileSync(path.join(packageRoot, 'package.json'), 'utf8'),
  );
  const version = (manifest as { version?: unknown }).version;
  if (typeof version !== 'string') throw new Error('package.json has no version');
  return version;
}

export const implementationName = 'torchscript-kernel';
export const implementationVersion = readPackageVersion();

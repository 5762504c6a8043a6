// Where the specs find their fixtures: beside the compiled specs' sources.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const repoRoot = root;
export const fixturesDir = path.join(root, 'spec', 'fixtures');
export const conformanceDir = path.join(root, '..', 'shared', 'conformance');

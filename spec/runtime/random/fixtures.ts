// Reading spec/fixtures/random.jsonl (made by spec/fixtures/make_random_fixtures.py).

import fs from 'node:fs';
import path from 'node:path';
import { parseJson } from '../../support/json.js';
import { fixturesDir } from '../../support/paths.js';

export type RandomRecord = { kind: string } & Record<string, unknown>;

let cache: RandomRecord[] | null = null;

export function randomRecords(kind: string): RandomRecord[] {
  cache ??= fs
    .readFileSync(path.join(fixturesDir, 'random.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => parseJson(line) as RandomRecord);
  return cache.filter((r) => r.kind === kind);
}

/** The bytes of a base64 field, copied so typed arrays over them are aligned. */
export function bytesOf(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

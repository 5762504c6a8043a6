// The start-up snapshot: Pyodide's memory after it loaded and imported the standard modules we
// preload, kept in the user's cache so that later starts restore it (about 0.15 s) instead of
// booting CPython (about 1.4 s).
//
// Pyodide's snapshot API is private (loadPyodide's _makeSnapshot / _loadSnapshot options and
// makeMemorySnapshot()), so it is used only with the Pyodide version it was checked with, and
// every failure falls back to a plain load. A bad snapshot can do worse than throw: a truncated
// one aborted the whole process inside Pyodide. So a snapshot file carries a header that names
// the Pyodide version and what was preloaded, and a SHA-256 of the memory image; any mismatch
// makes it stale and it is never handed to Pyodide.
//
//   "TSKSNAP1" | uint32 LE header length | header JSON, padded with spaces | memory image

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** The Pyodide version whose private snapshot API this file was written and tested against. */
export const snapshotPyodideVersion = '0.29.5';

const magic = 'TSKSNAP1';
const imageAlignment = 16;

interface Header {
  readonly pyodide: string;
  /** A hash of the preload code: what state the image holds. */
  readonly recipe: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** The installed Pyodide's npm version. */
export function installedPyodideVersion(): string {
  const require = createRequire(import.meta.url);
  const manifest = require('pyodide/package.json') as { version: string };
  return manifest.version;
}

/** $XDG_CACHE_HOME/torchscript-kernel, else ~/.cache/torchscript-kernel. */
export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'torchscript-kernel');
}

export function snapshotPath(cacheDir: string, pyodideVersion: string): string {
  return path.join(cacheDir, `pyodide-${pyodideVersion}.snapshot`);
}

export function recipeHash(preloadCode: string): string {
  return createHash('sha256').update(preloadCode).digest('hex').slice(0, 16);
}

/** The memory image in `file` if it is whole and was made for this version and recipe. */
export function readSnapshot(file: string, pyodide: string, recipe: string): Uint8Array | null {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return null;
  }
  if (data.length < magic.length + 4 || data.toString('latin1', 0, magic.length) !== magic) {
    return null;
  }
  const headerLength = data.readUInt32LE(magic.length);
  const start = magic.length + 4 + headerLength;
  if (start > data.length) return null;
  let header: Header;
  try {
    header = JSON.parse(data.toString('utf8', magic.length + 4, start)) as Header;
  } catch {
    return null;
  }
  const image = data.subarray(start);
  if (header.pyodide !== pyodide || header.recipe !== recipe || header.bytes !== image.length) {
    return null;
  }
  if (createHash('sha256').update(image).digest('hex') !== header.sha256) return null;
  // Pyodide views the image as 32-bit words, which must be aligned: the header is padded so
  // that they are within the file, but the file's buffer may itself start anywhere.
  if (image.byteOffset % imageAlignment === 0) {
    return new Uint8Array(image.buffer, image.byteOffset, image.byteLength);
  }
  return Uint8Array.from(image);
}

/**
 * Writes the snapshot through a temporary file and a rename, so a reader never sees half a
 * file. Returns why it could not (an unwritable cache is not an error), or null.
 */
export function writeSnapshot(
  file: string,
  pyodide: string,
  recipe: string,
  image: Uint8Array,
): string | null {
  const header: Header = {
    pyodide,
    recipe,
    bytes: image.length,
    sha256: createHash('sha256').update(image).digest('hex'),
  };
  const text = JSON.stringify(header);
  const unpadded = magic.length + 4 + Buffer.byteLength(text);
  const padding = (imageAlignment - (unpadded % imageAlignment)) % imageAlignment;
  const headerBytes = Buffer.from(text + ' '.repeat(padding), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(headerBytes.length);
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, Buffer.concat([Buffer.from(magic, 'latin1'), length, headerBytes]));
    fs.appendFileSync(temporary, image);
    fs.renameSync(temporary, file);
    return null;
  } catch (e) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing was written where nothing can be.
    }
    return e instanceof Error ? e.message : String(e);
  }
}
